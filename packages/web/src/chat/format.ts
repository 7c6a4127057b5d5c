import type { Messages } from '../i18n/ru';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formats.set(key, f);
  }
  return f;
}

/** Local calendar day of an instant, `YYYY-MM-DD`: the key of day separators. */
export function dayKey(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** «Сегодня», «Вчера», «1 октября», «1 октября 2023 г.» — in the person's language. */
export function formatDay(date: Date, now: Date, t: Messages): string {
  const today = startOfDay(now).getTime();
  const day = startOfDay(date).getTime();
  if (day === today) return t.chat.today;
  if (day === startOfDay(new Date(today - 12 * 3_600_000)).getTime()) return t.chat.yesterday;
  const sameYear = date.getFullYear() === now.getFullYear();
  return format(t.meta.locale, {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(date);
}

export function formatTime(iso: string, locale: string): string {
  return format(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatDateTime(iso: string, locale: string): string {
  return format(locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
}

/** The chat list: time today, weekday within a week, a short date before. */
export function formatListTime(iso: string, now: Date, locale: string): string {
  const date = new Date(iso);
  const today = startOfDay(now).getTime();
  const day = startOfDay(date).getTime();
  if (day === today) return formatTime(iso, locale);
  if (today - day < 6 * 86_400_000) return format(locale, { weekday: 'short' }).format(date);
  return format(locale, { day: '2-digit', month: '2-digit', year: '2-digit' }).format(date);
}
