import type { CliContext, ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { provideRoadmapReport } from '../monitoring';
import { roadmapRoutes } from './roadmap.routes';
import { roadmapReportRows } from './roadmap.service';

/**
 * Roadmaps (DOMAIN.md «Дорожная карта»): items, measurable targets bound to
 * monitoring's indicators, statuses computed from live data, closure with
 * evidence, the 2023 template. Depends on monitoring, never the reverse:
 * it hands monitoring its status rows for the weekly report.
 */
export {
  createRoadmap,
  getRoadmap,
  listRoadmaps,
  roadmapReportRows,
  setItemClosure,
} from './roadmap.service';
export { loadDemoMonitoring, type DemoMonitoringSummary } from './roadmap.demo';
export { TEMPLATES, templateList } from './roadmap.template';

/** Registers the roadmap routes. */
export function registerRoadmapRoutes(app: AppInstance, ctx: ModuleContext): void {
  provideRoadmapReport(roadmapReportRows);
  roadmapRoutes(app, ctx);
}

/** Lets `parta report weekly` include the roadmap's status sheet. */
export function registerRoadmapCli(_cli: CliContext): void {
  provideRoadmapReport(roadmapReportRows);
}
