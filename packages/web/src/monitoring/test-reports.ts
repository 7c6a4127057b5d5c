import {
  isoWeekRange,
  isoWeeksBetween,
  shiftIsoWeek,
  type FamilyIndicators,
  type OrganizationRow,
  type StaffDrillDown,
  type StaffIndicators,
  type Trend,
  type WeeklyReport,
} from '@parta/shared';

/**
 * Small builders of monitoring answers for component tests (not shipped: only
 * tests import this file). Defaults are a believable week; override what a
 * test is about.
 */

export function buildStaff(overrides: Partial<StaffIndicators> = {}): StaffIndicators {
  return {
    baseline: 582,
    staff: 582,
    registered: 489,
    active: 380,
    share: 0.6529,
    shareOfRegistered: 0.7771,
    zero: 104,
    distribution: { none: 104, from1to4: 26, from5to9: 72, from10to19: 170, from20: 210 },
    messages: 10161,
    substantive: 6686,
    substantiveShare: 0.658,
    repliesReceived: 3253,
    parentConversation: 2561,
    ...overrides,
  };
}

export function buildFamilies(overrides: Partial<FamilyIndicators> = {}): FamilyIndicators {
  return {
    pupils: 647,
    pupilsBaseline: 647,
    pupilsConnected: 400,
    pupilsActive: 120,
    pupilsWithConnectedParent: 520,
    parentShare: 0.8037,
    parentsConnected: 540,
    parentsActive: 210,
    ...overrides,
  };
}

export function buildOrg(overrides: Partial<OrganizationRow> = {}): OrganizationRow {
  return {
    ...buildStaff({ baseline: 58, staff: 58, registered: 53, active: 45, share: 0.7759 }),
    id: 2,
    name: 'Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»',
    shortName: 'МАОУ СОШ № 1',
    type: 'general',
    zone: 'yellow',
    activeChange: 3,
    families: buildFamilies(),
    ...overrides,
  };
}

export function buildReport(overrides: Partial<WeeklyReport> = {}): WeeklyReport {
  const week = overrides.week ?? '2023-W50';
  const range = isoWeekRange(week) ?? { from: '2023-12-11', to: '2023-12-17' };
  return {
    week,
    from: range.from,
    to: range.to,
    threshold: 10,
    timeZone: 'Asia/Yekaterinburg',
    municipality: { id: 1, name: 'Городской округ' },
    closed: true,
    frozen: true,
    frozenAt: '2023-12-18T04:00:00.000Z',
    computedAt: '2023-12-18T04:00:00.000Z',
    zones: { targetShare: 1, redBelow: 0.5, yellowBelow: 0.9 },
    totals: {
      pedagogical: buildStaff(),
      authority: buildStaff({
        baseline: 6,
        staff: 6,
        registered: 6,
        active: 6,
        share: 1,
        shareOfRegistered: 1,
        zero: 0,
        distribution: { none: 0, from1to4: 0, from5to9: 0, from10to19: 0, from20: 6 },
        messages: 197,
        substantive: 123,
        substantiveShare: 0.6244,
        repliesReceived: 73,
        parentConversation: 0,
      }),
      families: buildFamilies({ pupils: 4544, pupilsBaseline: 4544 }),
      communities: {
        available: true,
        byKind: { heads: 4, deputies: 2, parents: 3, teachers: 0, custom: 0 },
        total: 9,
        headsConnected: 30,
        deputiesConnected: 27,
      },
    },
    byType: [],
    organizations: [
      buildOrg(),
      buildOrg({
        id: 6,
        name: 'МАОУ «СОШ № 5»',
        shortName: 'МАОУ СОШ № 5',
        share: 0.3684,
        active: 14,
        baseline: 38,
        zone: 'red',
        activeChange: -4,
      }),
      buildOrg({
        id: 12,
        name: 'МАДОУ «Детский сад № 3»',
        shortName: 'МАДОУ Детский сад № 3',
        type: 'preschool',
        share: 0.9545,
        active: 21,
        baseline: 22,
        zone: 'green',
        activeChange: 0,
        families: buildFamilies({ pupils: 0, pupilsBaseline: 0 }),
      }),
      buildOrg({
        id: 10,
        name: 'МАУ ДО «ДЮСШ»',
        shortName: 'МАУ ДО ДЮСШ',
        type: 'additional',
        baseline: 0,
        share: null,
        active: 3,
        zone: null,
        activeChange: null,
        families: buildFamilies({ pupils: 0, pupilsBaseline: 0 }),
      }),
    ],
    weakest: [{ id: 6, name: 'МАОУ СОШ № 5', type: 'general', share: 0.3684, zone: 'red' }],
    imported: {
      people: 0,
      pedagogical: { active: 0, share: 0, messages: 0 },
      authority: { active: 0, share: 0, messages: 0 },
      byType: [],
      organizations: [],
    },
    change: {
      previousWeek: shiftIsoWeek(week, -1),
      pedagogicalActive: 18,
      pedagogicalShare: 0.0309,
      authorityActive: 1,
      authorityShare: 0.1667,
    },
    scope: 'municipality',
    ...overrides,
  };
}

/** A trend of `weeks` weeks ending with `to`, growing slowly. */
export function buildTrend(to: string, weeks = 26): Trend {
  const from = shiftIsoWeek(to, -(weeks - 1));
  const points = isoWeeksBetween(from, to).map((week, index) => {
    const range = isoWeekRange(week) ?? { from: '', to: '' };
    const share = Math.round((0.1 + (index / weeks) * 0.55) * 10000) / 10000;
    return {
      week,
      from: range.from,
      to: range.to,
      pedagogical: { baseline: 582, registered: 489, active: Math.round(share * 582), share },
      authority: { baseline: 6, registered: 6, active: 5, share: 0.8333 },
      substantiveShare: 0.66,
      parentShare: 0.12,
      importedActive: 0,
      byType: [],
    };
  });
  return { from, to, threshold: 10, points };
}

export function buildDrillDown(overrides: Partial<StaffDrillDown> = {}): StaffDrillDown {
  return {
    week: '2023-W50',
    from: '2023-12-11',
    to: '2023-12-17',
    threshold: 10,
    organization: { id: 2, name: 'МАОУ СОШ № 1', type: 'general' },
    staff: 58,
    below: [
      {
        personId: 62,
        displayName: 'Давыдова Анастасия Александровна',
        titles: ['Социальный педагог'],
        messages: 0,
        registered: false,
      },
      {
        personId: 56,
        displayName: 'Лазарева Марина Игоревна',
        titles: ['Учитель английского языка'],
        messages: 2,
        registered: true,
      },
    ],
    ...overrides,
  };
}
