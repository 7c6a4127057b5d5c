/**
 * The roadmap screen's state in the URL: `/roadmap?view=timeline&asOf=2023-12-20&id=2`.
 * Unreadable values are dropped and named in `invalid`.
 */

export const VIEWS = ['board', 'timeline'] as const;
export type View = (typeof VIEWS)[number];

export interface RoadmapState {
  view: View;
  /** A local date to evaluate statuses at; null: today. */
  asOf: string | null;
  /** The roadmap shown; null: the first (usually the only) one. */
  id: number | null;
  invalid: string[];
}

/** A real calendar date `YYYY-MM-DD` (not 2023-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function parseRoadmapState(params: URLSearchParams): RoadmapState {
  const invalid: string[] = [];
  const view = params.get('view');
  const asOf = params.get('asOf');
  const id = params.get('id');
  const validView = view !== null && (VIEWS as readonly string[]).includes(view);
  if (view !== null && view !== '' && !validView) invalid.push('view');
  const validAsOf = asOf !== null && isCalendarDate(asOf);
  if (asOf !== null && asOf !== '' && !validAsOf) invalid.push('asOf');
  const validId = id !== null && /^\d{1,15}$/.test(id) && Number(id) > 0;
  if (id !== null && id !== '' && !validId) invalid.push('id');
  return {
    view: validView ? (view as View) : 'board',
    asOf: validAsOf ? asOf : null,
    id: validId ? Number(id) : null,
    invalid,
  };
}

export function roadmapQuery(state: Omit<RoadmapState, 'invalid'>): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.id !== null) query.id = String(state.id);
  if (state.view !== 'board') query.view = state.view;
  if (state.asOf) query.asOf = state.asOf;
  return query;
}
