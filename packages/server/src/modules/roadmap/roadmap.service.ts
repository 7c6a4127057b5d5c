import {
  isoWeekLabel,
  isoWeekRange,
  isoWeeksBetween,
  localDay,
  type CreateRoadmap,
  type ItemStatus,
  type OrgKind,
  type Roadmap,
  type RoadmapItem,
  type RoadmapItemInput,
  type RoadmapSummary,
  type TargetIndicator,
  type TargetInput,
  type TargetStatus,
} from '@parta/shared';
import type { Db, DbOrTrx, Row } from '../../db/database';
import { toIso } from '../../db/values';
import { AppError, notFound } from '../../platform/errors';
import { audit } from '../audit';
import {
  INDICATORS,
  indicatorContext,
  isClosed,
  prefetchWeeks,
  type IndicatorContext,
  type MunicipalityRef,
  type RoadmapReportRow,
} from '../monitoring';
import { invalid } from '../people';
import * as repo from './roadmap.repository';
import { TEMPLATES } from './roadmap.template';

/**
 * Roadmaps: items with periods and responsible parties, measurable targets
 * bound to monitoring's indicators, statuses computed on read.
 *
 * Status of a target, as of a local date: `achieved` from the first week its
 * indicator met the comparison (weekly activity is judged on closed weeks;
 * counts of communities and members as they stand at the end of a week,
 * the running week included), else `not_started` before its period,
 * `overdue` after its due date, `in_progress` between. An item with a target
 * has the target's status; one without is `achieved` once a responsible
 * person closes it with evidence, else by its dates.
 */

export interface Changer {
  personId: number | null;
  ip?: string | null;
}

type TargetRow = Row<'roadmap_targets'>;
type ItemRow = Row<'roadmap_items'>;
type RoadmapRow = Row<'roadmaps'>;

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b - 1e-9,
  '>': (a, b) => a > b + 1e-9,
  '=': (a, b) => Math.abs(a - b) < 1e-9,
  '<=': (a, b) => a <= b + 1e-9,
  '<': (a, b) => a < b - 1e-9,
};

interface ParsedParams {
  kind?: string;
  threshold?: number;
}

function params(json: string): ParsedParams {
  const p = JSON.parse(json) as { kind?: unknown; threshold?: unknown };
  return {
    ...(typeof p.kind === 'string' ? { kind: p.kind } : {}),
    ...(typeof p.threshold === 'number' ? { threshold: p.threshold } : {}),
  };
}

function statusByDates(asOf: string, from: string, due: string): ItemStatus {
  if (asOf < from) return 'not_started';
  if (asOf > due) return 'overdue';
  return 'in_progress';
}

/** Evaluates a target week by week from the start of its period to `asOf`. */
async function evaluateTarget(
  ctx: IndicatorContext,
  t: TargetRow,
  period: { from: string; due: string },
  asOf: string,
): Promise<TargetStatus> {
  const indicator = t.indicator as TargetIndicator;
  const evaluator = INDICATORS[indicator];
  const p = params(t.params);
  const base = {
    id: t.id,
    indicator,
    params: p,
    comparator: t.comparator as TargetStatus['comparator'],
    value: Number(t.value),
    dueDate: period.due,
    title:
      t.title ??
      `${evaluator.label(p, ctx.settings)} ${t.comparator} ${Number(t.value)}${evaluator.unit === 'percent' ? ' %' : ''}`,
  };
  const startWeek = isoWeekLabel(period.from);
  const endWeek = isoWeekLabel(asOf);
  const weeks = (startWeek <= endWeek ? isoWeeksBetween(startWeek, endWeek) : [endWeek]).filter(
    (w) => evaluator.measures === 'state' || isClosed(ctx.municipality, w, ctx.now),
  );
  const met = (v: number | null) =>
    v !== null && (COMPARE[t.comparator] ?? COMPARE['>='])?.(v, Number(t.value)) === true;
  if (evaluator.measures === 'week') await prefetchWeeks(ctx, weeks, p);
  const last = weeks.at(-1);
  const current = last === undefined ? null : await evaluator.evaluate(ctx, last, p);
  let firstMetWeek: string | null = null;
  if (asOf >= period.from) {
    for (const w of weeks) {
      const v = w === last ? current : await evaluator.evaluate(ctx, w, p);
      if (met(v)) {
        firstMetWeek = w;
        break;
      }
    }
  }
  let firstMetOn: string | null = null;
  if (firstMetWeek !== null) {
    const to = (isoWeekRange(firstMetWeek) as { to: string }).to;
    firstMetOn = to > asOf ? asOf : to;
  }
  return {
    ...base,
    current,
    met: firstMetWeek !== null,
    firstMetWeek,
    firstMetOn,
    status: firstMetWeek !== null ? 'achieved' : statusByDates(asOf, period.from, period.due),
  };
}

function scopeOf(json: string): RoadmapItem['scope'] {
  const s = JSON.parse(json) as { authority?: boolean; orgKinds?: OrgKind[]; orgIds?: number[] };
  return { authority: s.authority === true, orgKinds: s.orgKinds ?? [], orgIds: s.orgIds ?? [] };
}

async function presentItem(
  ctx: IndicatorContext,
  item: ItemRow,
  target: TargetRow | undefined,
  asOf: string,
): Promise<RoadmapItem> {
  const due = target?.due_date ?? item.period_to;
  const t = target
    ? await evaluateTarget(ctx, target, { from: item.period_from, due }, asOf)
    : null;
  const closedOn =
    item.closed_at !== null ? localDay(new Date(item.closed_at), ctx.municipality.timeZone) : null;
  let status: ItemStatus;
  let achievedOn: string | null = null;
  if (t) {
    status = t.status;
    achievedOn = t.firstMetOn;
  } else if (closedOn !== null && closedOn <= asOf) {
    status = 'achieved';
    achievedOn = closedOn;
  } else status = statusByDates(asOf, item.period_from, item.period_to);
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    responsible: item.responsible,
    scope: scopeOf(item.responsible_scope),
    periodFrom: item.period_from,
    periodTo: item.period_to,
    expectedResult: item.expected_result,
    target: t,
    status,
    achievedOn,
    late: achievedOn !== null && achievedOn > due,
    closure:
      item.closed_at !== null
        ? {
            closedAt: toIso(item.closed_at),
            closedBy: item.closed_by,
            note: item.closure_note ?? '',
          }
        : null,
  };
}

function counts(items: RoadmapItem[]): RoadmapSummary['counts'] {
  const c = { not_started: 0, in_progress: 0, achieved: 0, overdue: 0 };
  for (const i of items) c[i.status] += 1;
  return c;
}

async function present(
  ctx: IndicatorContext,
  r: RoadmapRow,
  items: ItemRow[],
  targets: TargetRow[],
  asOf: string,
): Promise<Roadmap> {
  const mine = items.filter((i) => i.roadmap_id === r.id);
  const presented: RoadmapItem[] = [];
  for (const i of mine) {
    presented.push(
      await presentItem(
        ctx,
        i,
        targets.find((t) => t.item_id === i.id),
        asOf,
      ),
    );
  }
  const start =
    mine.map((i) => i.period_from).sort()[0] ??
    localDay(new Date(r.created_at), ctx.municipality.timeZone);
  const goals: TargetStatus[] = [];
  for (const g of targets.filter((t) => t.roadmap_id === r.id && t.item_id === null)) {
    const due = g.due_date ?? r.due_date ?? asOf;
    goals.push(await evaluateTarget(ctx, g, { from: start, due }, asOf));
  }
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    template: r.template,
    dueDate: r.due_date,
    createdAt: toIso(r.created_at),
    counts: counts(presented),
    asOf,
    goals,
    items: presented,
  };
}

export function today(m: MunicipalityRef, now: Date): string {
  return localDay(now, m.timeZone);
}

export async function listRoadmaps(
  db: Db,
  m: MunicipalityRef,
  asOf: string,
  now: Date,
): Promise<RoadmapSummary[]> {
  const ctx = await indicatorContext(db, m, now);
  const rows = await repo.roadmapsOf(db, m.id);
  const ids = rows.map((r) => r.id);
  const [items, targets] = await Promise.all([repo.itemsOf(db, ids), repo.targetsOf(db, ids)]);
  const out: RoadmapSummary[] = [];
  for (const r of rows) {
    const {
      goals: _g,
      items: _i,
      asOf: _a,
      ...summary
    } = await present(ctx, r, items, targets, asOf);
    out.push(summary);
  }
  return out;
}

async function requireRoadmap(db: DbOrTrx, m: MunicipalityRef, id: number): Promise<RoadmapRow> {
  const r = await repo.roadmap(db, id);
  if (!r || r.municipality_id !== m.id || r.archived_at !== null)
    throw notFound('No such roadmap.');
  return r;
}

export async function getRoadmap(
  db: Db,
  m: MunicipalityRef,
  id: number,
  asOf: string,
  now: Date,
): Promise<Roadmap> {
  const r = await requireRoadmap(db, m, id);
  const [items, targets] = await Promise.all([repo.itemsOf(db, [id]), repo.targetsOf(db, [id])]);
  return present(await indicatorContext(db, m, now), r, items, targets, asOf);
}

function checkItem(i: RoadmapItemInput, path: string): void {
  if (i.periodFrom > i.periodTo)
    throw invalid(`${path}.periodTo`, 'the period ends before it begins');
  if (i.target) checkTarget(i.target, `${path}.target`);
}

function checkTarget(t: TargetInput, path: string): void {
  if (t.indicator === 'communities' && t.params.threshold !== undefined) {
    throw invalid(`${path}.params.threshold`, 'communities take no threshold');
  }
  if (t.indicator !== 'communities' && t.params.kind !== undefined) {
    throw invalid(`${path}.params.kind`, 'only `communities` takes a kind');
  }
  if (INDICATORS[t.indicator].unit === 'percent' && t.value > 100) {
    throw invalid(`${path}.value`, 'a share is at most 100 (%)');
  }
}

async function insertItem(
  trx: DbOrTrx,
  roadmapId: number,
  i: RoadmapItemInput,
  now: Date,
): Promise<void> {
  const id = await repo.insertItem(trx, {
    roadmap_id: roadmapId,
    number: i.number,
    title: i.title,
    responsible: i.responsible,
    responsible_scope: JSON.stringify(i.scope),
    period_from: i.periodFrom,
    period_to: i.periodTo,
    expected_result: i.expectedResult,
    created_at: now,
  });
  if (i.target) await insertTarget(trx, roadmapId, id, i.target);
}

async function insertTarget(
  trx: DbOrTrx,
  roadmapId: number,
  itemId: number | null,
  t: TargetInput,
): Promise<void> {
  await repo.insertTarget(trx, {
    roadmap_id: roadmapId,
    item_id: itemId,
    indicator: t.indicator,
    params: JSON.stringify(t.params),
    comparator: t.comparator,
    value: t.value,
    due_date: t.dueDate ?? null,
    title: t.title ?? null,
  });
}

/**
 * Creates a roadmap from a template (its goals and items, then the given
 * ones) or from scratch; one transaction, audited.
 */
export async function createRoadmap(
  db: Db,
  m: MunicipalityRef,
  input: CreateRoadmap,
  by: Changer,
  now: Date,
): Promise<Roadmap> {
  const template = input.template ? TEMPLATES[input.template] : null;
  const title = input.title ?? template?.title;
  if (!title) throw invalid('body.title', 'a roadmap needs a title (or a template)');
  const goals = [...(template?.goals ?? []), ...input.goals];
  const items = [...(template?.items ?? []), ...input.items];
  const numbers = new Set<number>();
  items.forEach((i, k) => {
    if (numbers.has(i.number))
      throw invalid(`body.items.${k}.number`, `item ${i.number} is there twice`);
    numbers.add(i.number);
    checkItem(i, `body.items.${k}`);
  });
  goals.forEach((g, k) => checkTarget(g, `body.goals.${k}`));
  const id = await db.transaction().execute(async (trx) => {
    const rid = await repo.insertRoadmap(trx, {
      municipality_id: m.id,
      title,
      description: input.description ?? template?.description ?? null,
      template: input.template ?? null,
      due_date: input.dueDate ?? template?.dueDate ?? null,
      created_by: by.personId,
      created_at: now,
    });
    for (const g of goals) await insertTarget(trx, rid, null, g);
    for (const i of items) await insertItem(trx, rid, i, now);
    await audit(
      trx,
      {
        actorPersonId: by.personId,
        action: 'roadmap.created',
        targetType: 'roadmap',
        targetId: rid,
        municipalityId: m.id,
        ip: by.ip ?? null,
        details: { template: input.template ?? null, items: items.length },
      },
      now,
    );
    return rid;
  });
  return getRoadmap(db, m, id, today(m, now), now);
}

export async function addItem(
  db: Db,
  m: MunicipalityRef,
  roadmapId: number,
  input: RoadmapItemInput,
  by: Changer,
  now: Date,
): Promise<RoadmapItem> {
  await requireRoadmap(db, m, roadmapId);
  checkItem(input, 'body');
  if (await repo.numberTaken(db, roadmapId, input.number)) {
    throw new AppError('ALREADY_EXISTS', `The roadmap already has item ${input.number}.`);
  }
  await db.transaction().execute(async (trx) => {
    await insertItem(trx, roadmapId, input, now);
    await audit(
      trx,
      {
        actorPersonId: by.personId,
        action: 'roadmap.item_added',
        targetType: 'roadmap',
        targetId: roadmapId,
        municipalityId: m.id,
        ip: by.ip ?? null,
        details: { number: input.number },
      },
      now,
    );
  });
  const r = await getRoadmap(db, m, roadmapId, today(m, now), now);
  return r.items.find((i) => i.number === input.number) as RoadmapItem;
}

/**
 * Closes an item without a measurable target, with evidence (a note), or
 * reopens it (`note` null). Items with a target follow their indicator:
 * ROADMAP_ITEM_MEASURED.
 */
export async function setItemClosure(
  db: Db,
  m: MunicipalityRef,
  roadmapId: number,
  itemId: number,
  note: string | null,
  by: Changer,
  now: Date,
): Promise<RoadmapItem> {
  await requireRoadmap(db, m, roadmapId);
  const item = await repo.item(db, roadmapId, itemId);
  if (!item) throw notFound('No such roadmap item.');
  if (await repo.hasTarget(db, itemId)) throw new AppError('ROADMAP_ITEM_MEASURED');
  await db.transaction().execute(async (trx) => {
    await repo.setClosure(trx, itemId, note === null ? null : { at: now, by: by.personId, note });
    await audit(
      trx,
      {
        actorPersonId: by.personId,
        action: note === null ? 'roadmap.item_reopened' : 'roadmap.item_closed',
        targetType: 'roadmap_item',
        targetId: itemId,
        municipalityId: m.id,
        ip: by.ip ?? null,
        details: note === null ? { roadmapId } : { roadmapId, note },
      },
      now,
    );
  });
  const r = await getRoadmap(db, m, roadmapId, today(m, now), now);
  return r.items.find((i) => i.id === itemId) as RoadmapItem;
}

const RU_MONTHS = [
  'янв',
  'фев',
  'мар',
  'апр',
  'май',
  'июн',
  'июл',
  'авг',
  'сен',
  'окт',
  'ноя',
  'дек',
];
function ruPeriod(from: string, to: string): string {
  const f = (d: string) => `${RU_MONTHS[Number(d.slice(5, 7)) - 1] ?? ''} ${d.slice(0, 4)}`;
  return f(from) === f(to) ? f(from) : `${f(from)} – ${f(to)}`;
}

/** Rows of every roadmap of the municipality for the weekly report's roadmap sheet. */
export async function roadmapReportRows(
  db: DbOrTrx,
  m: MunicipalityRef,
  asOf: string,
  now: Date,
): Promise<RoadmapReportRow[]> {
  const rows = await repo.roadmapsOf(db, m.id);
  if (rows.length === 0) return [];
  const ctx = await indicatorContext(db, m, now);
  const ids = rows.map((r) => r.id);
  const [items, targets] = await Promise.all([repo.itemsOf(db, ids), repo.targetsOf(db, ids)]);
  const out: RoadmapReportRow[] = [];
  for (const r of rows) {
    const p = await present(ctx, r, items, targets, asOf);
    const short = r.title.length > 60 ? `${r.title.slice(0, 57)}…` : r.title;
    for (const i of p.items) {
      const unit = i.target ? (INDICATORS[i.target.indicator].unit === 'percent' ? ' %' : '') : '';
      out.push({
        roadmap: short,
        number: i.number,
        title: i.title,
        responsible: i.responsible,
        period: ruPeriod(i.periodFrom, i.periodTo),
        expectedResult: i.expectedResult,
        indicator: i.target ? i.target.title : null,
        current:
          i.target?.current === null || i.target === null ? null : `${i.target.current}${unit}`,
        status: i.status,
        achievedOn: i.achievedOn,
      });
    }
  }
  return out;
}
