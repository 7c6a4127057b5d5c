import { isoWeekOfInstant, isoWeekRange, localDay, shiftIsoWeek } from '@parta/shared';
import type { Language } from '../i18n/i18n';

/**
 * Numbers, shares and dates of the monitoring screens, formatted by `Intl`
 * for the person's language (Russian: decimal comma, «65,3 %», «10 161»).
 * Shares arrive as fractions (0.653) or null when there is no denominator.
 */

const LOCALES: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB' };
export const localeOf = (language: Language): string => LOCALES[language];

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${language}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[language], options);
    cache.set(key, f);
  }
  return f;
}
function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${language}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[language], options);
    cache.set(key, f);
  }
  return f;
}

/** Shown where a share has no denominator (no baseline, no messages). */
export const NO_VALUE = '—';

/** `10 161` / `10,161`. */
export function formatCount(n: number, language: Language): string {
  return numberFormat(language, { maximumFractionDigits: 0 }).format(n);
}

/**
 * A fraction as a percentage with at most one decimal: `0.6529` → `65,3 %`.
 * A share too small to show is «< 0,1 %», never a misleading «0 %».
 */
export function formatShare(share: number | null | undefined, language: Language): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NO_VALUE;
  const f = numberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  if (share > 0 && share < 0.0005) return `< ${f.format(0.001)}`;
  return f.format(share);
}

/** A number that already is a percentage (`43.13` → `43,1 %`), as roadmap targets carry. */
export function formatPercentValue(value: number, language: Language): string {
  return formatShare(value / 100, language);
}

/** A change of a share in percentage points, signed: `0.0309` → `+3,1`; zero → `0`. */
export function formatPointsChange(delta: number, language: Language): string {
  return numberFormat(language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(
    // Rounded half away from zero, as for a positive change; -0.04 p.p. reads «0», not «-0».
    (Math.sign(delta) * Math.round(Math.abs(delta) * 1000)) / 10 || 0,
  );
}

/** A signed count change: `+18`, `−4`, `0`. */
export function formatCountChange(delta: number, language: Language): string {
  return numberFormat(language, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(
    delta,
  );
}

export type Trend = 'up' | 'down' | 'flat';
/** Direction of a change; a change smaller than 0.05 p.p. (or 0 people) is flat. */
export function trendOf(delta: number | null | undefined, epsilon = 0): Trend {
  if (delta === null || delta === undefined || Math.abs(delta) <= epsilon) return 'flat';
  return delta > 0 ? 'up' : 'down';
}

const day = (d: string) => new Date(`${d}T00:00:00Z`);

/**
 * A week's local dates as people write them: «4–10 декабря 2023»,
 * «27 ноября – 3 декабря 2023», «25 декабря 2023 – 1 января 2024»
 * (4–10 December 2023). The dates are calendar days, formatted in UTC so no
 * time zone can move them; the Russian «г.» after the year is left out.
 */
export function formatDateRange(from: string, to: string, language: Language): string {
  const f = dateFormat(language, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const text = f.formatRange(day(from), day(to));
  // Days of one month read «4–10 December 2023»; whole dates keep the spaced dash.
  return language === 'ru' ? stripYearMark(text) : text.replace(/^(\d+)\s–\s(\d+)\s/, '$1–$2 ');
}

/** «22 октября 2023» / «22 October 2023». */
export function formatDay(d: string, language: Language): string {
  const text = dateFormat(language, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(day(d));
  return language === 'ru' ? stripYearMark(text) : text;
}

/** «11 дек.» / «11 Dec»: a short label of a week on a chart's axis. */
export function formatShortDay(d: string, language: Language): string {
  return dateFormat(language, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(day(d));
}

/** «октябрь 2023» / «October 2023». */
export function formatMonth(d: string, language: Language): string {
  const text = dateFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    day(d),
  );
  return language === 'ru' ? stripYearMark(text) : text;
}

/**
 * A period as people name it: whole months as months («октябрь – ноябрь
 * 2023», «сентябрь 2023 – май 2024», «апрель 2023»), other spans as dates.
 */
export function formatPeriod(from: string, to: string, language: Language): string {
  const wholeMonths = from.endsWith('-01') && addDaysUtc(to, 1).endsWith('-01');
  if (!wholeMonths)
    return from === to ? formatDay(from, language) : formatDateRange(from, to, language);
  if (from.slice(0, 7) === to.slice(0, 7)) return formatMonth(from, language);
  if (from.slice(0, 4) === to.slice(0, 4)) {
    const month = dateFormat(language, { month: 'long', timeZone: 'UTC' }).format(day(from));
    return `${month} – ${formatMonth(to, language)}`;
  }
  return `${formatMonth(from, language)} – ${formatMonth(to, language)}`;
}

function addDaysUtc(d: string, n: number): string {
  return new Date(day(d).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}

/** «окт.» / «Oct»: a month's column on the timeline. */
export function formatShortMonth(d: string, language: Language): string {
  return dateFormat(language, { month: 'short', timeZone: 'UTC' }).format(day(d));
}

/** An instant in the municipality's time zone: «28 ноября 2026, 19:41». */
export function formatInstant(at: string, timeZone: string, language: Language): string {
  const text = dateFormat(language, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(at));
  return language === 'ru' ? stripYearMark(text) : text;
}

function stripYearMark(text: string): string {
  return text.replace(/(\d{4})\s?г\./g, '$1');
}

// ---------------------------------------------------------------------------
// Weeks

/** The running ISO week in the municipality's time zone. */
export function currentWeek(now: Date, timeZone: string): string {
  return isoWeekOfInstant(now, timeZone);
}

/** The last week that has ended: what the report shows by default. */
export function lastClosedWeek(now: Date, timeZone: string): string {
  return shiftIsoWeek(currentWeek(now, timeZone), -1);
}

/** The ISO week holding a calendar day typed by a person; null for nonsense. */
export function weekOfDay(d: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return null;
  const parsed = day(d);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d) return null;
  return isoWeekOfInstant(parsed, 'UTC');
}

/** Monday and Sunday of a valid week label. */
export function weekDays(week: string): { from: string; to: string } {
  const range = isoWeekRange(week);
  if (!range) throw new RangeError(`not an ISO week: ${week}`);
  return range;
}

/** Today in the municipality's time zone (`YYYY-MM-DD`). */
export function today(now: Date, timeZone: string): string {
  return localDay(now, timeZone);
}
