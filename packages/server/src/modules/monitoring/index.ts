import type { CliContext, ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { createStorage, readFilesSettings, type FileStorage } from '../files';
import { monitoringCli } from './monitoring.cli';
import { monitoringRoutes } from './monitoring.routes';
import { startScheduler } from './monitoring.scheduler';

/**
 * Adoption monitoring (DESIGN §6, docs/monitoring.md): weekly indicators from
 * the activity rollups, frozen weeks, the rebuild from messages, imported
 * activity, reports (JSON, XLSX, CSV, PDF), the weekly post, the demo's
 * history, and the indicators roadmap targets are measured by.
 */
export {
  computeWeek,
  currentWeek,
  freezeClosedWeeks,
  freezeWeek,
  getSettings,
  isClosed,
  lastClosedWeek,
  readWeek,
  requireMunicipality,
  weeklyReport,
  type MunicipalityRef,
} from './monitoring.service';
export { rebuildActivity } from './monitoring.rebuild';
export { generateDemoActivity, DEMO_HISTORY } from './monitoring.demo';
export {
  INDICATORS,
  indicatorContext,
  prefetchWeeks,
  type IndicatorContext,
  type IndicatorEvaluator,
  type IndicatorParams,
} from './monitoring.targets';
export {
  provideRoadmapReport,
  type RoadmapReportRow,
  type RoadmapReportSource,
} from './monitoring.tables';
export { seesMunicipality, reportScopeOf } from './monitoring.policy';
export { runMonitoringJobs, postWeeklyReport } from './monitoring.scheduler';

/**
 * Registers the monitoring routes, and the scheduled jobs once the server
 * listens (tests inject requests without listening, so no timers run there).
 * The weekly post stores its XLSX in the files module's storage.
 */
export function registerMonitoringRoutes(app: AppInstance, ctx: ModuleContext): void {
  monitoringRoutes(app, ctx);
  let scheduler: { stop(): void } | null = null;
  let storage: FileStorage | null = null;
  app.addHook('onListen', async () => {
    storage = await createStorage(readFilesSettings());
    scheduler = startScheduler({
      db: ctx.db,
      events: ctx.events,
      now: ctx.now,
      storage,
      log: app.log,
    });
  });
  app.addHook('onClose', async () => {
    scheduler?.stop();
    await storage?.close();
  });
}

/** Adds `parta monitoring rebuild|freeze|import` and `parta report weekly`. */
export function registerMonitoringCli(cli: CliContext): void {
  monitoringCli(cli);
}
