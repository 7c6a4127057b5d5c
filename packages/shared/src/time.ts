/**
 * Calendar math in a municipality's time zone. The week is the ISO week,
 * Monday to Sunday (DESIGN §6).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local calendar day `YYYY-MM-DD` of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** ISO week of a calendar day: `{ year, week }`; week 1 holds the year's first Thursday. */
export function isoWeekOf(day: string): { year: number; week: number } {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(d.getTime() + (3 - dow) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return { year, week };
}

/** `2023-W50` for a calendar day. */
export function isoWeekLabel(day: string): string {
  const { year, week } = isoWeekOf(day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday (`YYYY-MM-DD`) of an ISO week like `2023-W50`; null when malformed or out of range. */
export function isoWeekRange(label: string): { from: string; to: string } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53) return null;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayW1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000;
  const monday = new Date(mondayW1 + (week - 1) * 7 * 86_400_000);
  const from = monday.toISOString().slice(0, 10);
  if (isoWeekOf(from).year !== year) return null; // week 53 of a 52-week year
  const to = new Date(monday.getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

const DAY_MS = 86_400_000;

/** The calendar day `n` days after (or before, n < 0) `day`. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Monday (`YYYY-MM-DD`) of the ISO week holding `day`: the key of weekly rollups. */
export function isoWeekStart(day: string): string {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -dow);
}

/** True for a well-formed, existing ISO week label like `2020-W53`. */
export function isIsoWeekLabel(label: string): boolean {
  return isoWeekRange(label) !== null;
}

/** The ISO week `n` weeks after (before, n < 0) a valid label. */
export function shiftIsoWeek(label: string, n: number): string {
  const range = isoWeekRange(label);
  if (!range) throw new RangeError(`not an ISO week: ${label}`);
  return isoWeekLabel(addDays(range.from, n * 7));
}

/** Every ISO week from `from` to `to`, both included, in order; empty when `to` precedes `from`. */
export function isoWeeksBetween(from: string, to: string): string[] {
  const a = isoWeekRange(from);
  const b = isoWeekRange(to);
  if (!a || !b) throw new RangeError(`not an ISO week: ${a ? to : from}`);
  const out: string[] = [];
  for (let day = a.from; day <= b.from; day = addDays(day, 7)) out.push(isoWeekLabel(day));
  return out;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** Minutes the zone's wall clock is ahead of UTC at an instant. */
function zoneOffsetMinutes(at: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
}

/**
 * The instant a local calendar day begins in a time zone (its first moment,
 * normally 00:00 local). Weeks of a municipality span
 * `[startOfLocalDay(from), startOfLocalDay(to + 1))`.
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let guess = midnightUtc - zoneOffsetMinutes(midnightUtc, timeZone) * 60_000;
  // A second pass settles days whose offset differs from the first guess's (DST changes).
  guess = midnightUtc - zoneOffsetMinutes(guess, timeZone) * 60_000;
  return new Date(guess);
}

/** The ISO week label of an instant, in a time zone. */
export function isoWeekOfInstant(at: Date, timeZone: string): string {
  return isoWeekLabel(localDay(at, timeZone));
}
