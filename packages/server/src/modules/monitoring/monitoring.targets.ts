import type { TargetIndicator, WeeklyReport } from '@parta/shared';
import type { Settings as MonitoringSettings } from './monitoring.service';
import type { DbOrTrx } from '../../db/database';
import * as repo from './monitoring.repository';
import { atLeastMessages } from './monitoring.text';
import {
  computeStaffTotals,
  getSettings,
  readWeekTotals,
  weekScope,
  type MunicipalityRef,
} from './monitoring.service';

/**
 * Measurable targets of the roadmap read indicators through this small
 * interface: one evaluator per indicator, each answering "what was the value
 * in week W" (at the end of the week for counts of communities and members).
 * Shares come back in percent (87.5 = 87.5 %), counts as they are; null when
 * the share has no denominator.
 *
 * The community evaluators read the communities module's tables with plain
 * SQL and answer 0 while those tables do not exist.
 */
export interface IndicatorParams {
  kind?: string | undefined;
  threshold?: number | undefined;
}

export interface IndicatorContext {
  db: DbOrTrx;
  municipality: MunicipalityRef;
  settings: MonitoringSettings;
  now: Date;
  /** Staff totals already read, by `week|threshold`: a status scan reads each week once. */
  totals: Map<string, StaffTotals>;
  /** Weeks read for their totals (frozen ones without their organisation rows), by `week|threshold`. */
  reports: Map<string, WeeklyReport>;
}

export interface IndicatorEvaluator {
  /** Russian name for reports, e.g. «Доля педагогов, написавших не менее 10 сообщений за неделю». */
  label(params: IndicatorParams, settings: MonitoringSettings): string;
  unit: 'percent' | 'count';
  /**
   * `week`: a week's activity, known once the week has closed; `state`: a
   * count as it stands at the end of the week, known while it runs too.
   */
  measures: 'week' | 'state';
  evaluate(ctx: IndicatorContext, week: string, params: IndicatorParams): Promise<number | null>;
}

type StaffTotals = Pick<WeeklyReport['totals'], 'pedagogical' | 'authority'>;

export async function indicatorContext(
  db: DbOrTrx,
  municipality: MunicipalityRef,
  now: Date,
): Promise<IndicatorContext> {
  return {
    db,
    municipality,
    settings: await getSettings(db, municipality.id),
    now,
    totals: new Map(),
    reports: new Map(),
  };
}

const thresholdOf = (ctx: IndicatorContext, params: IndicatorParams) =>
  params.threshold ?? ctx.settings.threshold;

/** Reads the frozen totals of many weeks in one query (a status scan calls it first). */
export async function prefetchWeeks(
  ctx: IndicatorContext,
  weeks: string[],
  params: IndicatorParams,
): Promise<void> {
  const threshold = thresholdOf(ctx, params);
  const todo = weeks.filter((w) => !ctx.totals.has(`${w}|${threshold}`));
  for (const r of await repo.frozenSummaries(ctx.db, ctx.municipality.id, threshold, todo)) {
    const report = JSON.parse(r.body) as WeeklyReport;
    ctx.totals.set(`${r.week}|${threshold}`, report.totals);
  }
}

/** Staff totals of a week: frozen when it is, else computed (totals only). */
async function staffTotals(ctx: IndicatorContext, week: string, params: IndicatorParams) {
  const threshold = thresholdOf(ctx, params);
  const key = `${week}|${threshold}`;
  let t = ctx.totals.get(key);
  if (!t) {
    const [frozen] = await repo.frozenSummaries(ctx.db, ctx.municipality.id, threshold, [week]);
    t = frozen
      ? (JSON.parse(frozen.body) as WeeklyReport).totals
      : await computeStaffTotals(ctx.db, ctx.municipality, week, threshold);
    ctx.totals.set(key, t);
  }
  return t;
}

async function report(ctx: IndicatorContext, week: string, params: IndicatorParams) {
  const threshold = thresholdOf(ctx, params);
  const key = `${week}|${threshold}`;
  let r = ctx.reports.get(key);
  if (!r) {
    r = await readWeekTotals(ctx.db, ctx.municipality, week, threshold, ctx.settings, ctx.now);
    ctx.reports.set(key, r);
  }
  return r;
}

const percent = (share: number | null) =>
  share === null ? null : Math.round(share * 10_000) / 100;
const n = (params: IndicatorParams, s: MonitoringSettings) => params.threshold ?? s.threshold;

const KIND_LABELS: Record<string, string> = {
  heads: 'руководителей',
  deputies: 'заместителей руководителей',
  parents: 'родителей',
  teachers: 'педагогов',
  custom: 'прочих',
};

export const INDICATORS: Record<TargetIndicator, IndicatorEvaluator> = {
  pedagogical_active_share: {
    unit: 'percent',
    measures: 'week',
    label: (p, s) =>
      `Доля педагогических работников, написавших ${atLeastMessages(n(p, s))} за неделю`,
    evaluate: async (ctx, week, p) => percent((await staffTotals(ctx, week, p)).pedagogical.share),
  },
  pedagogical_active: {
    unit: 'count',
    measures: 'week',
    label: (p, s) => `Педагогических работников, написавших ${atLeastMessages(n(p, s))} за неделю`,
    evaluate: async (ctx, week, p) => (await staffTotals(ctx, week, p)).pedagogical.active,
  },
  authority_active_share: {
    unit: 'percent',
    measures: 'week',
    label: (p, s) => `Доля сотрудников УО, написавших ${atLeastMessages(n(p, s))} за неделю`,
    evaluate: async (ctx, week, p) => percent((await staffTotals(ctx, week, p)).authority.share),
  },
  authority_active: {
    unit: 'count',
    measures: 'week',
    label: (p, s) => `Сотрудников УО, написавших ${atLeastMessages(n(p, s))} за неделю`,
    evaluate: async (ctx, week, p) => (await staffTotals(ctx, week, p)).authority.active,
  },
  parent_share: {
    unit: 'percent',
    measures: 'week',
    label: () => 'Доля обучающихся, у которых подключён хотя бы один родитель',
    evaluate: async (ctx, week, p) =>
      percent((await report(ctx, week, p)).totals.families.parentShare),
  },
  communities: {
    unit: 'count',
    measures: 'state',
    label: (p) =>
      p.kind ? `Сетевых сообществ ${KIND_LABELS[p.kind] ?? p.kind}` : 'Сетевых сообществ',
    evaluate: async (ctx, week, p) => {
      const byKind = await repo.communitiesByKind(ctx.db, weekScope(ctx.municipality, week));
      if (!byKind) return 0;
      if (p.kind) return byKind.get(p.kind) ?? 0;
      return [...byKind.values()].reduce((a, b) => a + b, 0);
    },
  },
  heads_connected: {
    unit: 'count',
    measures: 'state',
    label: () => 'Пользователей, подключённых к сообществам руководителей УО',
    evaluate: (ctx, week) =>
      repo.connectedToAuthority(ctx.db, weekScope(ctx.municipality, week), 'heads'),
  },
  deputies_connected: {
    unit: 'count',
    measures: 'state',
    label: () => 'Пользователей, подключённых к сообществам заместителей руководителей УО',
    evaluate: (ctx, week) =>
      repo.connectedToAuthority(ctx.db, weekScope(ctx.municipality, week), 'deputies'),
  },
};
