import {
  addDays,
  isoWeekOfInstant,
  isoWeekRange,
  isoWeeksBetween,
  shiftIsoWeek,
  startOfLocalDay,
  type FamilyIndicators,
  type ImportedIndicators,
  type MonitoringSettings,
  type OrganizationRow,
  type StaffDrillDown,
  type StaffIndicators,
  type Trend,
  type TrendPoint,
  type TypeRow,
  type UpdateMonitoringSettings,
  WeeklyReport as WeeklyReportSchema,
  type WeeklyReport,
  type Zone,
  isoWeekLabel,
} from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { toBool } from '../../db/values';
import { AppError, notFound } from '../../platform/errors';
import { audit } from '../audit';
import { displayName, invalid } from '../people';
import type { ReportScope } from './monitoring.policy';
import * as repo from './monitoring.repository';

/**
 * Weekly indicators (DESIGN §6): computed from `activity_weekly` for a week
 * in the municipality's time zone, frozen into `monitoring_weeks` once the
 * week has closed, read from there afterwards.
 *
 * Counting rules (docs/monitoring.md):
 * - pedagogical workers: pedagogical positions in general, additional and
 *   preschool organisations; authority staff: every position in the
 *   authority. A person counts once in the municipality's and each type's
 *   totals, and once in each organisation where they hold such a position;
 * - "active" = wrote at least `threshold` messages in the week;
 * - shares divide by the baseline headcount valid on the week's Sunday.
 *
 * `computeWeek` reads tables of other modules that may not exist yet
 * (communities); call it with the database, never inside a transaction.
 */

export interface MunicipalityRef {
  id: number;
  name: string;
  timeZone: string;
}

/** The settings as stored; what clients get adds `lastActiveWeek` (`describeSettings`). */
export type Settings = Omit<MonitoringSettings, 'lastActiveWeek'>;

export const DEFAULT_SETTINGS: Settings = {
  threshold: 10,
  targetShare: 1,
  redBelow: 0.5,
  yellowBelow: 0.9,
  weakestCount: 10,
  weeklyPost: true,
  weeklyPostWeekday: 1,
  weeklyPostHour: 9,
};

/** Longest range a trend or a rebuild takes at once. */
export const MAX_WEEKS = 260;

export async function requireMunicipality(db: DbOrTrx, id: number): Promise<MunicipalityRef> {
  const m = await repo.municipality(db, id);
  if (!m) throw notFound('No such municipality.');
  return { id: m.id, name: m.name, timeZone: m.time_zone };
}

export async function listMunicipalities(db: DbOrTrx): Promise<MunicipalityRef[]> {
  const rows = await repo.municipalities(db);
  return rows.map((m) => ({ id: m.id, name: m.name, timeZone: m.time_zone }));
}

export async function getSettings(db: DbOrTrx, municipalityId: number): Promise<Settings> {
  const r = await repo.settingsOf(db, municipalityId);
  if (!r) return { ...DEFAULT_SETTINGS };
  return {
    threshold: r.threshold,
    targetShare: Number(r.target_share),
    redBelow: Number(r.red_below),
    yellowBelow: Number(r.yellow_below),
    weakestCount: r.weakest_count,
    weeklyPost: toBool(r.weekly_post),
    weeklyPostWeekday: r.weekly_post_weekday,
    weeklyPostHour: r.weekly_post_hour,
  };
}

/** The settings with the latest week anyone wrote in: a screen opens where there is data. */
export async function describeSettings(
  db: DbOrTrx,
  municipalityId: number,
  settings?: Settings,
): Promise<MonitoringSettings> {
  const [s, start] = await Promise.all([
    settings ?? getSettings(db, municipalityId),
    repo.lastActiveWeekStart(db, municipalityId),
  ]);
  return { ...s, lastActiveWeek: start === null ? null : isoWeekLabel(start) };
}

export async function updateSettings(
  db: Db,
  municipalityId: number,
  patch: UpdateMonitoringSettings,
  by: { personId: number | null; ip?: string | null },
  now: Date,
): Promise<Settings> {
  const next = { ...(await getSettings(db, municipalityId)), ...patch };
  if (next.redBelow > next.yellowBelow) {
    throw invalid('body.redBelow', 'the red zone must end at or below the yellow one');
  }
  await db.transaction().execute(async (trx) => {
    await repo.upsertSettings(trx, {
      municipality_id: municipalityId,
      threshold: next.threshold,
      target_share: next.targetShare,
      red_below: next.redBelow,
      yellow_below: next.yellowBelow,
      weakest_count: next.weakestCount,
      weekly_post: next.weeklyPost,
      weekly_post_weekday: next.weeklyPostWeekday,
      weekly_post_hour: next.weeklyPostHour,
      updated_at: now,
      updated_by: by.personId,
    });
    await audit(
      trx,
      {
        actorPersonId: by.personId,
        action: 'monitoring.settings_changed',
        targetType: 'municipality',
        targetId: municipalityId,
        municipalityId,
        ip: by.ip ?? null,
        details: { ...patch },
      },
      now,
    );
  });
  return next;
}

/* ------------------------------------------------------------------ */
/* Weeks                                                               */

export function weekScope(m: MunicipalityRef, week: string): repo.WeekScope {
  const range = isoWeekRange(week);
  if (!range) throw invalid('query.week', 'no such ISO week');
  return {
    municipalityId: m.id,
    from: range.from,
    to: range.to,
    startsAt: startOfLocalDay(range.from, m.timeZone),
    endsAt: startOfLocalDay(addDays(range.to, 1), m.timeZone),
  };
}

/** The week holding `now`, local. */
export function currentWeek(m: MunicipalityRef, now: Date): string {
  return isoWeekOfInstant(now, m.timeZone);
}

/** The last week that has ended. */
export function lastClosedWeek(m: MunicipalityRef, now: Date): string {
  return shiftIsoWeek(currentWeek(m, now), -1);
}

export function isClosed(m: MunicipalityRef, week: string, now: Date): boolean {
  return weekScope(m, week).endsAt.getTime() <= now.getTime();
}

/* ------------------------------------------------------------------ */
/* Computing a week                                                    */

type Counters = repo.StaffCounters;

const emptyCounters = (): Counters => ({
  rows: 0,
  registered: 0,
  active: 0,
  zero: 0,
  from1to4: 0,
  from5to9: 0,
  from10to19: 0,
  from20: 0,
  messages: 0,
  substantive: 0,
  replies: 0,
  parentConversation: 0,
  importedPeople: 0,
  importedActive: 0,
  importedMessages: 0,
});

/** `target += add × times`, field by field (monomorphic: thousands of calls a week). */
function addInto(target: Counters, add: Counters, times = 1): void {
  target.rows += add.rows * times;
  target.registered += add.registered * times;
  target.active += add.active * times;
  target.zero += add.zero * times;
  target.from1to4 += add.from1to4 * times;
  target.from5to9 += add.from5to9 * times;
  target.from10to19 += add.from10to19 * times;
  target.from20 += add.from20 * times;
  target.messages += add.messages * times;
  target.substantive += add.substantive * times;
  target.replies += add.replies * times;
  target.parentConversation += add.parentConversation * times;
  target.importedPeople += add.importedPeople * times;
  target.importedActive += add.importedActive * times;
  target.importedMessages += add.importedMessages * times;
}

/** What one person adds to any row they are counted in. */
function contribution(f: repo.PositionFacts, threshold: number): Counters {
  const m = f.messages;
  return {
    rows: 1,
    registered: f.registered ? 1 : 0,
    active: m >= threshold ? 1 : 0,
    zero: m === 0 ? 1 : 0,
    from1to4: m >= 1 && m <= 4 ? 1 : 0,
    from5to9: m >= 5 && m <= 9 ? 1 : 0,
    from10to19: m >= 10 && m <= 19 ? 1 : 0,
    from20: m >= 20 ? 1 : 0,
    messages: m,
    substantive: f.substantive,
    replies: f.replies,
    parentConversation: f.parentConversation,
    importedPeople: f.imported === null ? 0 : 1,
    importedActive: f.imported !== null && f.imported >= threshold ? 1 : 0,
    importedMessages: f.imported ?? 0,
  };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const ratio = (a: number, b: number): number | null => (b > 0 ? round4(a / b) : null);

function indicators(c: Counters, baseline: number): StaffIndicators {
  return {
    baseline,
    staff: c.rows,
    registered: c.registered,
    active: c.active,
    share: ratio(c.active, baseline),
    shareOfRegistered: ratio(c.active, c.registered),
    zero: c.zero,
    distribution: {
      none: c.zero,
      from1to4: c.from1to4,
      from5to9: c.from5to9,
      from10to19: c.from10to19,
      from20: c.from20,
    },
    messages: c.messages,
    substantive: c.substantive,
    substantiveShare: ratio(c.substantive, c.messages),
    repliesReceived: c.replies,
    parentConversation: c.parentConversation,
  };
}

interface FamilyCounters {
  pupils: number;
  pupilsConnected: number;
  pupilsActive: number;
  pupilsWithConnectedParent: number;
  parentsConnected: number;
  parentsActive: number;
}

/** Distinct pupils and parents per group (a parent of two schools' pupils counts once in the municipality). */
function familyCounters(
  facts: { pupils: repo.PupilFacts[]; parents: repo.ParentFacts[] },
  key: (x: { organizationId: number; kind: string }) => string,
): Map<string, FamilyCounters> {
  const sets = new Map<
    string,
    {
      pupils: Set<number>;
      connected: Set<number>;
      active: Set<number>;
      withParent: Set<number>;
      parents: Set<number>;
      parentsActive: Set<number>;
    }
  >();
  const get = (k: string) => {
    let s = sets.get(k);
    if (!s) {
      s = {
        pupils: new Set(),
        connected: new Set(),
        active: new Set(),
        withParent: new Set(),
        parents: new Set(),
        parentsActive: new Set(),
      };
      sets.set(k, s);
    }
    return s;
  };
  for (const p of facts.pupils) {
    const s = get(key(p));
    s.pupils.add(p.pupilId);
    if (p.connected) s.connected.add(p.pupilId);
    if (p.active) s.active.add(p.pupilId);
  }
  for (const p of facts.parents) {
    const s = get(key(p));
    s.withParent.add(p.pupilId);
    s.parents.add(p.parentId);
    if (p.active) s.parentsActive.add(p.parentId);
  }
  return new Map(
    [...sets].map(([k, s]) => [
      k,
      {
        pupils: s.pupils.size,
        pupilsConnected: s.connected.size,
        pupilsActive: s.active.size,
        pupilsWithConnectedParent: s.withParent.size,
        parentsConnected: s.parents.size,
        parentsActive: s.parentsActive.size,
      },
    ]),
  );
}

function families(f: FamilyCounters | undefined, pupilsBaseline: number): FamilyIndicators {
  const x = f ?? {
    pupils: 0,
    pupilsConnected: 0,
    pupilsActive: 0,
    pupilsWithConnectedParent: 0,
    parentsConnected: 0,
    parentsActive: 0,
  };
  return {
    pupils: x.pupils,
    pupilsBaseline,
    pupilsConnected: x.pupilsConnected,
    pupilsActive: x.pupilsActive,
    pupilsWithConnectedParent: x.pupilsWithConnectedParent,
    parentShare: ratio(x.pupilsWithConnectedParent, pupilsBaseline > 0 ? pupilsBaseline : x.pupils),
    parentsConnected: x.parentsConnected,
    parentsActive: x.parentsActive,
  };
}

export function zoneOf(
  share: number | null,
  z: Pick<MonitoringSettings, 'targetShare' | 'redBelow' | 'yellowBelow'>,
): Zone | null {
  if (share === null) return null;
  const ofTarget = share / z.targetShare;
  if (ofTarget < z.redBelow) return 'red';
  if (ofTarget < z.yellowBelow) return 'yellow';
  return 'green';
}

/** Russian collation, built once (`localeCompare(…, 'ru')` looks the locale up on every call). */
const RU = new Intl.Collator('ru');

type SchoolKind = TypeRow['type'];
const SCHOOL_KINDS: SchoolKind[] = ['general', 'additional', 'preschool'];
const isSchoolKind = (k: string): k is SchoolKind => (SCHOOL_KINDS as string[]).includes(k);

/**
 * Counters per organisation, type and group from the per-position sums:
 * each person made to count once per row (organisation, type, group).
 */
function aggregateStaff(
  orgs: repo.OrgInfo[],
  byOrg: Map<number, Counters>,
  multi: repo.PositionFacts[],
  threshold: number,
) {
  // Raw sums over positions, then each person made to count once per row.
  const orgCounters = new Map<number, Counters>();
  for (const o of orgs) {
    const c = emptyCounters();
    const raw = byOrg.get(o.id);
    if (raw) addInto(c, raw);
    orgCounters.set(o.id, c);
  }
  const pedagogical = emptyCounters();
  const authority = emptyCounters();
  const byType = new Map<SchoolKind, Counters>(SCHOOL_KINDS.map((k) => [k, emptyCounters()]));
  for (const o of orgs) {
    const c = orgCounters.get(o.id) as Counters;
    if (o.kind === 'authority') addInto(authority, c);
    else if (isSchoolKind(o.kind)) {
      addInto(pedagogical, c);
      addInto(byType.get(o.kind) as Counters, c);
    }
  }
  // A person counted n > 1 times in a row is taken back n − 1 times.
  const positionsOf = new Map<number, repo.PositionFacts[]>();
  for (const f of multi) {
    const list = positionsOf.get(f.personId);
    if (list) list.push(f);
    else positionsOf.set(f.personId, [f]);
  }
  for (const rows of positionsOf.values()) {
    if (rows.length < 2) continue;
    const c = contribution(rows[0] as repo.PositionFacts, threshold);
    const times = new Map<string, number>();
    const bump = (key: string) => times.set(key, (times.get(key) ?? 0) + 1);
    for (const r of rows) {
      bump(`org:${r.organizationId}`);
      if (r.kind === 'authority') bump('authority');
      else if (isSchoolKind(r.kind)) {
        bump('pedagogical');
        bump(`type:${r.kind}`);
      }
    }
    for (const [key, n] of times) {
      if (n < 2) continue;
      const target = key.startsWith('org:')
        ? orgCounters.get(Number(key.slice(4)))
        : key === 'authority'
          ? authority
          : key === 'pedagogical'
            ? pedagogical
            : byType.get(key.slice(5) as SchoolKind);
      if (target) addInto(target, c, 1 - n);
    }
  }
  return { orgCounters, pedagogical, authority, byType };
}

/**
 * Only the staff totals of a week (pedagogical workers, authority staff):
 * what roadmap targets read for weeks not frozen, at a fraction of
 * `computeWeek`'s cost.
 */
export async function computeStaffTotals(
  db: DbOrTrx,
  m: MunicipalityRef,
  week: string,
  threshold: number,
): Promise<{ pedagogical: StaffIndicators; authority: StaffIndicators }> {
  const w = weekScope(m, week);
  const [orgs, baselines, byOrg, multi] = await Promise.all([
    repo.organizationsOf(db, w),
    repo.baselinesOf(db, w),
    repo.staffCountersByOrg(db, w, threshold, false),
    repo.multiPositionPeople(db, w, false),
  ]);
  const { pedagogical, authority } = aggregateStaff(orgs, byOrg, multi, threshold);
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind]));
  const total = (kinds: (k: string) => boolean, category: string) =>
    baselines
      .filter((b) => b.category === category && kinds(kindOf.get(b.organizationId) ?? ''))
      .reduce((acc, b) => acc + b.headcount, 0);
  return {
    pedagogical: indicators(pedagogical, total(isSchoolKind, 'pedagogical')),
    authority: indicators(
      authority,
      total((k) => k === 'authority', 'authority_staff'),
    ),
  };
}

/**
 * Computes one week's report from the rollups, as of now. Read-time parts
 * (`change`, `activeChange`, `frozen`) are left empty: `readWeek` fills them.
 */
export async function computeWeek(
  db: DbOrTrx,
  m: MunicipalityRef,
  week: string,
  threshold: number,
  settings: Settings,
  now: Date,
): Promise<WeeklyReport> {
  const w = weekScope(m, week);
  const withImported = await repo.hasImported(db, w);
  const [orgs, baselines, byOrg, multi, fam, kinds, heads, deputies] = await Promise.all([
    repo.organizationsOf(db, w),
    repo.baselinesOf(db, w),
    repo.staffCountersByOrg(db, w, threshold, withImported),
    repo.multiPositionPeople(db, w, withImported),
    repo.familyFacts(db, w),
    repo.communitiesByKind(db, w),
    repo.connectedToAuthority(db, w, 'heads'),
    repo.connectedToAuthority(db, w, 'deputies'),
  ]);

  const headcounts = new Map(
    baselines.map((b) => [`${b.organizationId}|${b.category}`, b.headcount]),
  );
  const baseline = (orgId: number, category: string) => headcounts.get(`${orgId}|${category}`) ?? 0;

  const { orgCounters, pedagogical, authority, byType } = aggregateStaff(
    orgs,
    byOrg,
    multi,
    threshold,
  );

  const famOrg = familyCounters(fam, (x) => String(x.organizationId));
  const famType = familyCounters(fam, (x) => x.kind);
  const famAll = familyCounters(fam, () => 'all');
  const schools = orgs.filter((o) => isSchoolKind(o.kind));
  const authorities = orgs.filter((o) => o.kind === 'authority');
  const sum = (list: { id: number }[], category: string) =>
    list.reduce((acc, o) => acc + baseline(o.id, category), 0);
  const pedagogicalBaseline = sum(schools, 'pedagogical');
  const authorityBaseline = sum(authorities, 'authority_staff');

  const organizations: OrganizationRow[] = schools.map((o) => {
    const ind = indicators(orgCounters.get(o.id) as Counters, baseline(o.id, 'pedagogical'));
    return {
      id: o.id,
      name: o.name,
      shortName: o.shortName,
      type: o.kind as SchoolKind,
      ...ind,
      zone: zoneOf(ind.share, settings),
      activeChange: null,
      families: families(famOrg.get(String(o.id)), baseline(o.id, 'pupils')),
    };
  });
  const typeRows: TypeRow[] = SCHOOL_KINDS.map((type) => {
    const ofType = schools.filter((o) => o.kind === type);
    return {
      type,
      organizations: ofType.length,
      ...indicators(byType.get(type) as Counters, sum(ofType, 'pedagogical')),
      families: families(famType.get(type), sum(ofType, 'pupils')),
    };
  });
  const weakest = organizations
    .filter((o) => o.share !== null)
    .sort((a, b) => (a.share ?? 0) - (b.share ?? 0) || RU.compare(a.name, b.name))
    .slice(0, settings.weakestCount)
    .map((o) => ({
      id: o.id,
      name: o.shortName ?? o.name,
      type: o.type,
      share: o.share,
      zone: o.zone,
    }));

  const imported: ImportedIndicators = {
    people: pedagogical.importedPeople + authority.importedPeople,
    pedagogical: {
      active: pedagogical.importedActive,
      share: ratio(pedagogical.importedActive, pedagogicalBaseline),
      messages: pedagogical.importedMessages,
    },
    authority: {
      active: authority.importedActive,
      share: ratio(authority.importedActive, authorityBaseline),
      messages: authority.importedMessages,
    },
    byType: SCHOOL_KINDS.map((type) => {
      const c = byType.get(type) as Counters;
      return {
        type,
        active: c.importedActive,
        share: ratio(
          c.importedActive,
          sum(
            schools.filter((o) => o.kind === type),
            'pedagogical',
          ),
        ),
      };
    }),
    organizations: schools
      .filter((o) => (orgCounters.get(o.id) as Counters).importedPeople > 0)
      .map((o) => {
        const c = orgCounters.get(o.id) as Counters;
        return {
          id: o.id,
          active: c.importedActive,
          share: ratio(c.importedActive, baseline(o.id, 'pedagogical')),
        };
      }),
  };

  const byKind = {
    heads: kinds?.get('heads') ?? 0,
    deputies: kinds?.get('deputies') ?? 0,
    parents: kinds?.get('parents') ?? 0,
    teachers: kinds?.get('teachers') ?? 0,
    custom: kinds?.get('custom') ?? 0,
  };
  return {
    week,
    from: w.from,
    to: w.to,
    threshold,
    timeZone: m.timeZone,
    municipality: { id: m.id, name: m.name },
    closed: w.endsAt.getTime() <= now.getTime(),
    frozen: false,
    frozenAt: null,
    computedAt: now.toISOString(),
    zones: {
      targetShare: settings.targetShare,
      redBelow: settings.redBelow,
      yellowBelow: settings.yellowBelow,
    },
    totals: {
      pedagogical: indicators(pedagogical, pedagogicalBaseline),
      authority: indicators(authority, authorityBaseline),
      families: families(famAll.get('all'), sum(schools, 'pupils')),
      communities: {
        available: kinds !== null,
        byKind,
        total: Object.values(byKind).reduce((a, b) => a + b, 0),
        headsConnected: heads,
        deputiesConnected: deputies,
      },
    },
    byType: typeRows,
    organizations,
    weakest,
    imported,
    change: null,
    scope: 'municipality',
  };
}

/* ------------------------------------------------------------------ */
/* Reading weeks: frozen or live                                       */

/**
 * A week as stored (frozen) or computed now. Weeks frozen as served carry
 * their change against the week before; computed ones and weeks frozen
 * before that (format 1) do not.
 */
export async function readWeek(
  db: DbOrTrx,
  m: MunicipalityRef,
  week: string,
  threshold: number,
  settings: Settings,
  now: Date,
): Promise<WeeklyReport> {
  const frozen = await repo.frozenWeek(db, m.id, week, threshold);
  if (frozen) return fromFrozen(frozen.payload, frozen.frozen_at, frozen.format);
  return computeWeek(db, m, week, threshold, settings, now);
}

/**
 * A week without its per-organisation rows when it is frozen (the stored
 * summary, or the whole payload of a week frozen before summaries), else
 * computed: what readers of the totals need.
 */
export async function readWeekTotals(
  db: DbOrTrx,
  m: MunicipalityRef,
  week: string,
  threshold: number,
  settings: Settings,
  now: Date,
): Promise<WeeklyReport> {
  const [frozen] = await repo.frozenSummaries(db, m.id, threshold, [week]);
  if (frozen) return fromFrozen(frozen.body, frozen.frozen_at, frozen.format);
  return computeWeek(db, m, week, threshold, settings, now);
}

/** A frozen week is closed by construction: `freezeWeek` refuses open ones. */
function fromFrozen(payload: string, frozenAt: Date | string | null, format: number): WeeklyReport {
  const report = JSON.parse(payload) as WeeklyReport;
  // Frozen as served: the flags are in it. Older rows get them here.
  if (format >= 2) return report;
  return {
    ...report,
    closed: true,
    frozen: true,
    frozenAt: frozenAt === null ? report.frozenAt : new Date(frozenAt).toISOString(),
  };
}

/** `current` with its change against `previous` filled in, as the API serves it. */
function withChange(current: WeeklyReport, previous: WeeklyReport): WeeklyReport {
  const before = new Map(previous.organizations.map((o) => [o.id, o.active]));
  return {
    ...current,
    organizations: current.organizations.map((o) => {
      const was = before.get(o.id);
      return { ...o, activeChange: was === undefined ? null : o.active - was };
    }),
    change: {
      previousWeek: previous.week,
      pedagogicalActive: current.totals.pedagogical.active - previous.totals.pedagogical.active,
      pedagogicalShare: delta(current.totals.pedagogical.share, previous.totals.pedagogical.share),
      authorityActive: current.totals.authority.active - previous.totals.authority.active,
      authorityShare: delta(current.totals.authority.share, previous.totals.authority.share),
    },
  };
}

/** The report without its per-organisation rows: what trends and targets read. */
function summaryOf(r: WeeklyReport): WeeklyReport {
  return { ...r, organizations: [], imported: { ...r.imported, organizations: [] } };
}

/**
 * The weekly report as the viewer may see it: frozen when the week is,
 * computed otherwise, with the change against the previous week, and only
 * the viewer's own organisations' rows for a head or org admin.
 */
export async function weeklyReport(
  db: DbOrTrx,
  m: MunicipalityRef,
  scope: ReportScope,
  q: { week?: string | undefined; threshold?: number | undefined },
  now: Date,
): Promise<WeeklyReport> {
  const settings = await getSettings(db, m.id);
  const week = q.week ?? lastClosedWeek(m, now);
  const threshold = q.threshold ?? settings.threshold;
  const frozen = await repo.frozenWeek(db, m.id, week, threshold);
  if (frozen && frozen.format >= 2) return restrict(JSON.parse(frozen.payload), scope);
  const current = frozen
    ? fromFrozen(frozen.payload, frozen.frozen_at, frozen.format)
    : await computeWeek(db, m, week, threshold, settings, now);
  const previous = await readWeek(db, m, shiftIsoWeek(week, -1), threshold, settings, now);
  return restrict(withChange(current, previous), scope);
}

/**
 * The JSON the municipality's view of a frozen week is: stored exactly as
 * served when the week was frozen, so it is sent without being parsed.
 * Null when the week is not frozen at that threshold (or was frozen before
 * weeks were stored as served): `weeklyReport` then builds it.
 */
export async function frozenReportJson(
  db: DbOrTrx,
  m: MunicipalityRef,
  q: { week?: string | undefined; threshold?: number | undefined },
  now: Date,
): Promise<string | null> {
  const week = q.week ?? lastClosedWeek(m, now);
  const threshold = q.threshold ?? (await getSettings(db, m.id)).threshold;
  return (await repo.servedPayload(db, m.id, week, threshold)) ?? null;
}

const delta = (a: number | null, b: number | null) =>
  a === null || b === null ? null : round4(a - b);

/** Heads and org admins: totals and their own organisations only. */
export function restrict(report: WeeklyReport, scope: ReportScope): WeeklyReport {
  if (scope.kind === 'municipality') return { ...report, scope: 'municipality' };
  const mine = (id: number) => scope.organizationIds.has(id);
  return {
    ...report,
    scope: 'organizations',
    organizations: report.organizations.filter((o) => mine(o.id)),
    weakest: report.weakest.filter((o) => mine(o.id)),
    imported: {
      ...report.imported,
      organizations: report.imported.organizations.filter((o) => mine(o.id)),
    },
  };
}

/** Totals week by week over a range: frozen weeks as stored, the rest computed. */
export async function trend(
  db: DbOrTrx,
  m: MunicipalityRef,
  q: { from: string; to: string; threshold?: number | undefined },
  now: Date,
): Promise<Trend> {
  const settings = await getSettings(db, m.id);
  const threshold = q.threshold ?? settings.threshold;
  const weeks = weekList(q.from, q.to, 'query');
  const frozen = new Map(
    (await repo.frozenSummaries(db, m.id, threshold, weeks)).map((r) => [r.week, r]),
  );
  const points: TrendPoint[] = [];
  for (const week of weeks) {
    const f = frozen.get(week);
    const r = f
      ? fromFrozen(f.body, f.frozen_at, f.format)
      : await computeWeek(db, m, week, threshold, settings, now);
    points.push(trendPoint(r));
  }
  return { from: q.from, to: q.to, threshold, points };
}

export function trendPoint(r: WeeklyReport): TrendPoint {
  const pick = (s: StaffIndicators) => ({
    baseline: s.baseline,
    registered: s.registered,
    active: s.active,
    share: s.share,
  });
  return {
    week: r.week,
    from: r.from,
    to: r.to,
    pedagogical: pick(r.totals.pedagogical),
    authority: pick(r.totals.authority),
    substantiveShare: r.totals.pedagogical.substantiveShare,
    parentShare: r.totals.families.parentShare,
    importedActive: r.imported.pedagogical.active + r.imported.authority.active,
    byType: r.byType.map((t) => ({ type: t.type, active: t.active, share: t.share })),
  };
}

/** Weeks `from`…`to`, validated: ordered, at most MAX_WEEKS. */
export function weekList(from: string, to: string, where: 'query' | 'option'): string[] {
  const path = (f: string) => (where === 'query' ? `query.${f}` : f);
  if (!isoWeekRange(from)) throw invalid(path('from'), 'no such ISO week');
  if (!isoWeekRange(to)) throw invalid(path('to'), 'no such ISO week');
  const weeks = isoWeeksBetween(from, to);
  if (weeks.length === 0) throw invalid(path('to'), 'the range ends before it begins');
  if (weeks.length > MAX_WEEKS) throw invalid(path('to'), `at most ${MAX_WEEKS} weeks at once`);
  return weeks;
}

/* ------------------------------------------------------------------ */
/* Drill-down                                                          */

/**
 * Staff of one organisation below the threshold in a week: names, titles,
 * counts — never content. Authorize with `canDrillDown` first; the view is
 * written to the audit log.
 */
export async function staffBelow(
  db: Db,
  m: MunicipalityRef,
  org: { id: number; name: string; kind: string },
  q: { week?: string | undefined; threshold?: number | undefined },
  viewer: { personId: number; ip: string | null },
  now: Date,
): Promise<StaffDrillDown> {
  const settings = await getSettings(db, m.id);
  const week = q.week ?? lastClosedWeek(m, now);
  const threshold = q.threshold ?? settings.threshold;
  const w = weekScope(m, week);
  const rows = await repo.staffOfOrganization(db, w, org.id);
  const people = new Map<number, StaffDrillDown['below'][number]>();
  for (const r of rows) {
    const p = people.get(r.personId) ?? {
      personId: r.personId,
      displayName: displayName({
        last_name: r.lastName,
        first_name: r.firstName,
        middle_name: r.middleName,
      }),
      titles: [],
      messages: r.messages,
      registered: r.registered,
    };
    if (r.title && !p.titles.includes(r.title)) p.titles.push(r.title);
    people.set(r.personId, p);
  }
  const below = [...people.values()]
    .filter((p) => p.messages < threshold)
    .sort((a, b) => a.messages - b.messages || RU.compare(a.displayName, b.displayName));
  await audit(
    db,
    {
      actorPersonId: viewer.personId,
      action: 'monitoring.staff_viewed',
      targetType: 'organization',
      targetId: org.id,
      municipalityId: m.id,
      ip: viewer.ip,
      details: { week, threshold, shown: below.length },
    },
    now,
  );
  return {
    week,
    from: w.from,
    to: w.to,
    threshold,
    organization: {
      id: org.id,
      name: org.name,
      type: org.kind as StaffDrillDown['organization']['type'],
    },
    staff: people.size,
    below,
  };
}

export async function requireOrganization(db: DbOrTrx, m: MunicipalityRef, orgId: number) {
  const org = await repo.organization(db, orgId);
  if (!org || org.municipality_id !== m.id) throw notFound('No such organisation.');
  return { id: org.id, name: org.name, kind: org.kind, municipalityId: org.municipality_id };
}

/* ------------------------------------------------------------------ */
/* Freezing                                                            */

/**
 * Computes a closed week and stores it as the API serves it to the
 * municipality — with its change against the week before (frozen or
 * computed now) — and its summary; refuses a week that has not ended. The
 * following week, when frozen as served, gets its change against this one
 * again, so a refrozen week never leaves a stale comparison behind.
 */
export async function freezeWeek(
  db: Db,
  m: MunicipalityRef,
  week: string,
  threshold: number,
  now: Date,
): Promise<WeeklyReport> {
  if (!isClosed(m, week, now)) {
    throw new AppError(
      'CONFLICT',
      `The week ${week} has not ended yet; only closed weeks are frozen.`,
    );
  }
  const settings = await getSettings(db, m.id);
  const computed = await computeWeek(db, m, week, threshold, settings, now);
  const previous = await readWeek(db, m, shiftIsoWeek(week, -1), threshold, settings, now);
  // Encoded by the API's own schema, as the serializer would: the stored
  // JSON is sent as it is.
  const report = WeeklyReportSchema.encode({
    ...withChange(computed, previous),
    closed: true,
    frozen: true,
    frozenAt: now.toISOString(),
    scope: 'municipality',
  });
  const next = shiftIsoWeek(week, 1);
  await db.transaction().execute(async (trx) => {
    await repo.saveFrozenWeek(trx, {
      municipalityId: m.id,
      week,
      threshold,
      payload: JSON.stringify(report),
      summary: JSON.stringify(summaryOf(report)),
      at: now,
    });
    const following = await repo.frozenWeek(trx, m.id, next, threshold);
    if (following && following.format >= 2) {
      const updated = withChange(JSON.parse(following.payload) as WeeklyReport, report);
      await repo.updateFrozenPayload(trx, {
        municipalityId: m.id,
        week: next,
        threshold,
        payload: JSON.stringify(updated),
        summary: JSON.stringify(summaryOf(updated)),
      });
    }
  });
  return report;
}

/**
 * Freezes closed weeks not frozen yet at the default threshold, oldest
 * first, from the first week with activity up to the last closed one; at
 * most `limit` weeks a call (the scheduler catches up over a few runs).
 * Returns the weeks frozen now.
 */
export async function freezeClosedWeeks(
  db: Db,
  m: MunicipalityRef,
  now: Date,
  limit = 26,
): Promise<string[]> {
  const settings = await getSettings(db, m.id);
  const last = lastClosedWeek(m, now);
  const first = await repo.firstActivityWeek(db, m.id);
  if (first === null) return [];
  const from = isoWeekOfInstant(new Date(`${first}T12:00:00Z`), 'UTC');
  if (from > last) return [];
  const done = new Set(await repo.frozenWeekLabels(db, m.id, settings.threshold));
  const todo = isoWeeksBetween(from, last)
    .filter((w) => !done.has(w))
    .slice(0, limit);
  for (const week of todo) await freezeWeek(db, m, week, settings.threshold, now);
  return todo;
}

/** Freezes again every closed week among `weeks` that was frozen before (each of its thresholds). */
export async function refreeze(
  db: Db,
  m: MunicipalityRef,
  weeks: string[],
  now: Date,
  opts: { includeDefault?: boolean } = {},
): Promise<string[]> {
  const settings = await getSettings(db, m.id);
  const closed = weeks.filter((w) => isClosed(m, w, now));
  const keys = await repo.frozenKeys(db, m.id, closed);
  const todo = new Map<string, Set<number>>();
  for (const k of keys) todo.set(k.week, (todo.get(k.week) ?? new Set()).add(k.threshold));
  if (opts.includeDefault) {
    for (const w of closed) todo.set(w, (todo.get(w) ?? new Set()).add(settings.threshold));
  }
  const done: string[] = [];
  for (const week of closed) {
    const thresholds = todo.get(week);
    if (!thresholds) continue;
    for (const t of [...thresholds].sort((a, b) => a - b)) await freezeWeek(db, m, week, t, now);
    done.push(week);
  }
  return done;
}
