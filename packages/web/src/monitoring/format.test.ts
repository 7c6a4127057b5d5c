import { describe, expect, it } from 'vitest';
import {
  formatCountChange,
  formatDateRange,
  formatPeriod,
  formatPointsChange,
  formatShare,
  lastClosedWeek,
  weekOfDay,
} from './format';
import { monitoringEn, monitoringRu } from './messages';
import { filterRows, normalizeName, sortRows, zoneOf } from './organizations';
import { parseState, stateQuery } from './params';
import { buildOrg } from './test-reports';

describe('numbers as a Russian reader expects them', () => {
  it('writes shares with a decimal comma and at most one decimal', () => {
    expect(formatShare(0.6529, 'ru')).toMatch(/^65,3\s%$/);
    expect(formatShare(1, 'ru')).toMatch(/^100\s%$/);
    expect(formatShare(0, 'ru')).toMatch(/^0\s%$/);
    expect(formatShare(0.6529, 'en')).toBe('65.3%');
    expect(formatShare(null, 'ru')).toBe('—');
  });

  it('never shows a tiny share as «0 %»', () => {
    expect(formatShare(0.0004, 'ru')).toMatch(/^< 0,1\s%$/);
  });

  it('signs changes in percentage points and people', () => {
    expect(formatPointsChange(0.0309, 'ru')).toBe('+3,1');
    expect(formatPointsChange(-0.0125, 'ru')).toMatch(/^[-−]1,3$/);
    expect(formatPointsChange(-0.0004, 'ru')).toBe('0');
    expect(formatCountChange(18, 'ru')).toBe('+18');
    expect(formatCountChange(0, 'ru')).toBe('0');
  });

  it('names the people with the right plural form', () => {
    const t = monitoringRu.counts;
    expect(t.teachers(1, '1')).toBe('1 педагог');
    expect(t.teachers(2, '2')).toBe('2 педагога');
    expect(t.teachers(5, '5')).toBe('5 педагогов');
    expect(t.teachers(11, '11')).toBe('11 педагогов');
    expect(t.teachers(21, '21')).toBe('21 педагог');
    expect(t.teachers(-4, '-4')).toBe('-4 педагога');
    expect(t.staff(1, '1')).toBe('1 сотрудник');
    expect(t.staff(3, '3')).toBe('3 сотрудника');
    expect(monitoringEn.counts.teachers(1, '1')).toBe('1 teacher');
    expect(monitoringEn.counts.teachers(2, '2')).toBe('2 teachers');
  });

  it('puts «не менее N» in the genitive', () => {
    expect(monitoringRu.kpi.criterion(1)).toBe('написали не менее 1 сообщения за неделю');
    expect(monitoringRu.kpi.criterion(10)).toBe('написали не менее 10 сообщений за неделю');
    expect(monitoringRu.kpi.criterion(21)).toBe('написали не менее 21 сообщения за неделю');
    expect(monitoringRu.drill.summary(1, 21, 10)).toBe(
      '1 из 21 сотрудника написал меньше 10 сообщений.',
    );
    expect(monitoringRu.drill.summary(13, 58, 10)).toBe(
      '13 из 58 сотрудников написали меньше 10 сообщений.',
    );
  });
});

describe('dates of a week', () => {
  it('writes a week as «4–10 декабря 2023» and across months and years', () => {
    expect(formatDateRange('2023-12-04', '2023-12-10', 'ru')).toBe('4–10 декабря 2023');
    expect(formatDateRange('2023-11-27', '2023-12-03', 'ru')).toBe('27 ноября – 3 декабря 2023');
    expect(formatDateRange('2023-12-25', '2023-12-31', 'ru')).toBe('25–31 декабря 2023');
    expect(formatDateRange('2024-12-30', '2025-01-05', 'ru')).toBe(
      '30 декабря 2024 – 5 января 2025',
    );
    expect(formatDateRange('2023-12-04', '2023-12-10', 'en')).toBe('4–10 December 2023');
  });

  it('names periods of whole months by their months', () => {
    expect(formatPeriod('2023-04-01', '2023-04-30', 'ru')).toBe('апрель 2023');
    expect(formatPeriod('2023-10-01', '2023-11-30', 'ru')).toBe('октябрь – ноябрь 2023');
    expect(formatPeriod('2023-09-01', '2024-05-31', 'ru')).toBe('сентябрь 2023 – май 2024');
    expect(formatPeriod('2023-10-05', '2023-10-20', 'ru')).toBe('5–20 октября 2023');
  });

  it('takes the last closed week in the municipality’s time zone', () => {
    // Monday 00:30 in Yekaterinburg is still Sunday 19:30 UTC.
    const mondayLocal = new Date('2023-12-17T19:30:00Z');
    expect(lastClosedWeek(mondayLocal, 'Asia/Yekaterinburg')).toBe('2023-W50');
    expect(lastClosedWeek(mondayLocal, 'UTC')).toBe('2023-W49');
  });

  it('finds the week of a typed date and refuses nonsense', () => {
    expect(weekOfDay('2023-12-11')).toBe('2023-W50');
    expect(weekOfDay('2021-01-03')).toBe('2020-W53');
    expect(weekOfDay('2023-02-30')).toBeNull();
    expect(weekOfDay('вчера')).toBeNull();
  });
});

describe('the dashboard’s address', () => {
  it('reads its state and drops what it cannot read, naming it', () => {
    const state = parseState(
      new URLSearchParams('week=2023-w50&threshold=0&type=school&zone=red&sort=share&dir=up&org=x'),
    );
    expect(state.week).toBe('2023-W50');
    expect(state.threshold).toBeNull();
    expect(state.type).toBeNull();
    expect(state.zone).toBe('red');
    expect(state.sort).toBe('share');
    expect(state.org).toBeNull();
    expect(state.invalid.sort()).toEqual(['dir', 'org', 'threshold', 'type']);
  });

  it('refuses week 53 of a 52-week year', () => {
    expect(parseState(new URLSearchParams('week=2023-W53')).invalid).toEqual(['week']);
    expect(parseState(new URLSearchParams('week=2020-W53')).week).toBe('2020-W53');
  });

  it('writes only what differs from the defaults', () => {
    const state = parseState(new URLSearchParams(''));
    expect(stateQuery(state)).toEqual({});
    expect(stateQuery({ ...state, week: '2023-W50', type: 'preschool', q: ' ' })).toEqual({
      week: '2023-W50',
      type: 'preschool',
    });
  });
});

describe('zones, filters and sorting of organisations', () => {
  const zones = { targetShare: 1, redBelow: 0.5, yellowBelow: 0.9 };

  it('puts a share into the zone by the share of the target', () => {
    expect(zoneOf(0.49, zones)).toBe('red');
    expect(zoneOf(0.5, zones)).toBe('yellow');
    expect(zoneOf(0.9, zones)).toBe('green');
    expect(zoneOf(0.45, { ...zones, targetShare: 0.5 })).toBe('green');
    expect(zoneOf(null, zones)).toBeNull();
  });

  it('finds «сош №5» in «МАОУ СОШ № 5» and «ё» as «е»', () => {
    expect(normalizeName('МАОУ «СОШ  № 5»')).toBe('маоу сош №5');
    const rows = [
      buildOrg({ id: 1, shortName: 'МАОУ СОШ № 5' }),
      buildOrg({ id: 2, shortName: 'МАДОУ Детский сад «Ёлочка»' }),
    ];
    expect(filterRows(rows, { type: null, zone: null, q: 'сош №5' }).map((r) => r.id)).toEqual([1]);
    expect(filterRows(rows, { type: null, zone: null, q: 'елочка' }).map((r) => r.id)).toEqual([2]);
  });

  it('keeps empty values last in both directions and breaks ties by name', () => {
    const rows = [
      buildOrg({ id: 1, shortName: 'Б', share: 0.5 }),
      buildOrg({ id: 2, shortName: 'А', share: null, zone: null }),
      buildOrg({ id: 3, shortName: 'В', share: 0.2 }),
      buildOrg({ id: 4, shortName: 'А', share: 0.5 }),
    ];
    expect(sortRows(rows, 'share', 'asc').map((r) => r.id)).toEqual([3, 4, 1, 2]);
    expect(sortRows(rows, 'share', 'desc').map((r) => r.id)).toEqual([4, 1, 3, 2]);
    expect(sortRows(rows, 'name', 'asc').map((r) => r.shortName)).toEqual(['А', 'А', 'Б', 'В']);
  });
});
