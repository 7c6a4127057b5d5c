/**
 * Quiet hours: a person is not notified at night and, if they choose, at
 * weekends — a teacher is not expected to answer at 23:00 (DOMAIN.md, the
 * pains of the real platform). Times are the person's local clock.
 */
export interface QuietHours {
  enabled: boolean;
  /** Start of the quiet period, `HH:MM`. */
  from: string;
  /** End of the quiet period, `HH:MM`; earlier than `from` means it runs past midnight. */
  to: string;
  /** Saturday and Sunday are quiet all day. */
  weekends: boolean;
}

/** The default for everyone (parents and staff in particular): none 20:00–08:00 and at weekends. */
export const DEFAULT_QUIET_HOURS: QuietHours = {
  enabled: true,
  from: '20:00',
  to: '08:00',
  weekends: true,
};

/** Minutes since midnight of `HH:MM`, or null when it is not a valid time. */
export function parseClock(value: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/** Is `at` (local time) inside the quiet hours? `from` is inclusive, `to` exclusive. */
export function isQuietTime(at: Date, quiet: QuietHours): boolean {
  if (!quiet.enabled) return false;
  const day = at.getDay();
  if (quiet.weekends && (day === 0 || day === 6)) return true;
  const from = parseClock(quiet.from);
  const to = parseClock(quiet.to);
  if (from === null || to === null || from === to) return false;
  const now = at.getHours() * 60 + at.getMinutes();
  return from < to ? now >= from && now < to : now >= from || now < to;
}
