import { isIsoWeekLabel, MESSAGE_THRESHOLD_MAX, type Zone } from '@parta/shared';

/**
 * The dashboard's state lives in the URL (`/monitoring?week=2023-W50&type=preschool&sort=share`),
 * so a view can be bookmarked, sent to a colleague and walked with Back.
 * Anything unreadable in a hand-edited URL is dropped, and `invalid` names it
 * so the page can say so instead of failing.
 */

export const ORG_TYPES = ['general', 'additional', 'preschool'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** Zone filter: a zone, or `none` for organisations without a baseline. */
export const ZONE_FILTERS = ['red', 'yellow', 'green', 'none'] as const;
export type ZoneFilter = (typeof ZONE_FILTERS)[number];

export const SORT_KEYS = [
  'name',
  'type',
  'baseline',
  'registered',
  'active',
  'share',
  'change',
  'substantive',
  'zone',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** Weeks the trend chart spans, ending with the selected week. */
export const TREND_SPANS = [13, 26, 52, 104] as const;
export type TrendSpan = (typeof TREND_SPANS)[number];
export const DEFAULT_SPAN: TrendSpan = 26;

export interface MonitoringState {
  /** null: the last closed week (the default; not written into the URL). */
  week: string | null;
  /** null: the municipality's setting. */
  threshold: number | null;
  type: OrgType | null;
  zone: ZoneFilter | null;
  q: string;
  sort: SortKey;
  dir: SortDir;
  /** The organisation whose staff below the threshold is open. */
  org: number | null;
  span: TrendSpan;
  /** Parameters present but unreadable, by name. */
  invalid: string[];
}

/** The weakest first: what a specialist looks at first. */
export const DEFAULT_SORT: { sort: SortKey; dir: SortDir } = { sort: 'share', dir: 'asc' };

const oneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function parseState(params: URLSearchParams): MonitoringState {
  const invalid: string[] = [];
  const read = <T>(name: string, parse: (raw: string) => T | null): T | null => {
    const raw = params.get(name);
    if (raw === null || raw === '') return null;
    const value = parse(raw);
    if (value === null) invalid.push(name);
    return value;
  };

  const week = read('week', (raw) =>
    isIsoWeekLabel(raw.toUpperCase()) ? raw.toUpperCase() : null,
  );
  const threshold = read('threshold', (raw) => {
    const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
    return Number.isInteger(n) && n >= 1 && n <= MESSAGE_THRESHOLD_MAX ? n : null;
  });
  const type = read('type', (raw) => (oneOf(ORG_TYPES, raw) ? raw : null));
  const zone = read('zone', (raw) => (oneOf(ZONE_FILTERS, raw) ? raw : null));
  const sort = read('sort', (raw) => (oneOf(SORT_KEYS, raw) ? raw : null));
  const dir = read('dir', (raw): SortDir | null => (raw === 'asc' || raw === 'desc' ? raw : null));
  const org = read('org', (raw) =>
    /^\d{1,15}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null,
  );
  const span = read('weeks', (raw) => {
    const n = Number(raw);
    return (TREND_SPANS as readonly number[]).includes(n) ? (n as TrendSpan) : null;
  });
  return {
    week,
    threshold,
    type,
    zone,
    q: (params.get('q') ?? '').slice(0, 200),
    sort: sort ?? DEFAULT_SORT.sort,
    dir: dir ?? (sort ? defaultDir(sort) : DEFAULT_SORT.dir),
    org,
    span: span ?? DEFAULT_SPAN,
    invalid,
  };
}

/** Names A→Z and zones red first; numbers largest first. A second click reverses. */
export function defaultDir(sort: SortKey): SortDir {
  return sort === 'name' || sort === 'type' || sort === 'zone' ? 'asc' : 'desc';
}

/** The URL query of a state: defaults are left out so links stay short. */
export function stateQuery(state: Omit<MonitoringState, 'invalid'>): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.week) query.week = state.week;
  if (state.threshold !== null) query.threshold = String(state.threshold);
  if (state.type) query.type = state.type;
  if (state.zone) query.zone = state.zone;
  if (state.q.trim()) query.q = state.q;
  if (state.sort !== DEFAULT_SORT.sort || state.dir !== DEFAULT_SORT.dir) {
    query.sort = state.sort;
    query.dir = state.dir;
  }
  if (state.org !== null) query.org = String(state.org);
  if (state.span !== DEFAULT_SPAN) query.weeks = String(state.span);
  return query;
}

export const zoneOrder: Record<Zone | 'none', number> = { red: 0, yellow: 1, green: 2, none: 3 };
