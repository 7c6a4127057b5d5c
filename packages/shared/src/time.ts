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
