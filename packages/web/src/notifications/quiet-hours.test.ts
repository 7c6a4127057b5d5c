import { describe, expect, it } from 'vitest';
import { buildChat, buildMessage } from '../test/factories';
import { DEFAULT_NOTIFICATIONS } from '../settings/settings';
import { shouldNotify } from './notifier';
import { DEFAULT_QUIET_HOURS, isQuietTime, parseClock } from './quiet-hours';

/** 2024-10-02 is a Wednesday; 2024-10-05 a Saturday (local time). */
const at = (day: number, hh: number, mm = 0) => new Date(2024, 9, day, hh, mm);

describe('quiet hours', () => {
  it('by default: no notifications 20:00–08:00 and at weekends', () => {
    expect(DEFAULT_QUIET_HOURS).toEqual({
      enabled: true,
      from: '20:00',
      to: '08:00',
      weekends: true,
    });
    expect(isQuietTime(at(2, 19, 59), DEFAULT_QUIET_HOURS)).toBe(false);
    expect(isQuietTime(at(2, 20, 0), DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isQuietTime(at(2, 23, 30), DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isQuietTime(at(3, 3, 0), DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isQuietTime(at(3, 7, 59), DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isQuietTime(at(3, 8, 0), DEFAULT_QUIET_HOURS)).toBe(false);
    expect(isQuietTime(at(3, 12, 0), DEFAULT_QUIET_HOURS)).toBe(false);
    expect(isQuietTime(at(5, 12, 0), DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isQuietTime(at(6, 12, 0), DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isQuietTime(at(7, 9, 0), DEFAULT_QUIET_HOURS)).toBe(false);
  });

  it('follows what the person configured', () => {
    const custom = { enabled: true, from: '13:00', to: '14:30', weekends: false };
    expect(isQuietTime(at(2, 12, 59), custom)).toBe(false);
    expect(isQuietTime(at(2, 13, 0), custom)).toBe(true);
    expect(isQuietTime(at(2, 14, 30), custom)).toBe(false);
    expect(isQuietTime(at(5, 13, 30), custom)).toBe(true);
    expect(isQuietTime(at(5, 23, 0), custom)).toBe(false);
    expect(isQuietTime(at(2, 23, 0), { ...DEFAULT_QUIET_HOURS, enabled: false })).toBe(false);
    expect(isQuietTime(at(2, 23, 0), { ...DEFAULT_QUIET_HOURS, from: '25:00' })).toBe(false);
  });

  it('parses clock times', () => {
    expect(parseClock('08:00')).toBe(480);
    expect(parseClock('8:05')).toBe(485);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('ночь')).toBeNull();
  });
});

describe('whether a message notifies', () => {
  const now = at(2, 10, 0);
  const message = buildMessage({ createdAt: new Date(now.getTime() - 1000).toISOString() });
  const base = {
    message,
    chat: buildChat(),
    settings: DEFAULT_NOTIFICATIONS,
    now,
    pageHidden: true,
  };

  it('notifies a fresh message in an unmuted chat while the tab is hidden, in working hours', () => {
    expect(shouldNotify(base)).toBe(true);
  });

  it('stays silent when the tab is visible, the chat muted, at night, or when switched off', () => {
    expect(shouldNotify({ ...base, pageHidden: false })).toBe(false);
    expect(shouldNotify({ ...base, chat: buildChat({ muted: true }) })).toBe(false);
    expect(
      shouldNotify({
        ...base,
        now: at(2, 22, 0),
        message: buildMessage({ createdAt: at(2, 21, 59).toISOString() }),
      }),
    ).toBe(false);
    expect(shouldNotify({ ...base, settings: { ...DEFAULT_NOTIFICATIONS, enabled: false } })).toBe(
      false,
    );
  });

  it('does not ring for old messages replayed after a reconnection', () => {
    expect(
      shouldNotify({ ...base, message: buildMessage({ createdAt: at(2, 9, 0).toISOString() }) }),
    ).toBe(false);
  });
});
