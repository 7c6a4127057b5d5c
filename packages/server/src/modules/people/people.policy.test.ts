import { describe, expect, it } from 'vitest';
import {
  canAddPosition,
  canAdministerPerson,
  canCreatePerson,
  canEnrol,
  canLinkGuardian,
  canListPeople,
  canUnlinkGuardian,
  canViewPerson,
  canViewPersonDetails,
  isAdminOf,
  type AdminGrantFact,
  type PersonFacts,
} from './people.policy';
import {
  canListClasses,
  canListClassPupils,
  canListStaff,
  canReadBaselines,
  canUpdateClass,
  canUpdateOrganization,
  canViewClass,
  canViewOrgCounts,
  canWriteBaselines,
} from '../orgs';

/*
 * One small municipality M (id 1) and a neighbour N (id 2):
 *   school A (10) with classes A1 (101) and A2 (102); school B (20) with
 *   class B1 (201); the authority U (30); in N, school F (40) with class F1 (401).
 */
const M = 1;
const N = 2;
const A = 10;
const B = 20;
const U = 30;
const F = 40;
const A1 = 101;
const A2 = 102;
const B1 = 201;
const F1 = 401;
const classOrg: Record<number, number> = { [A1]: A, [A2]: A, [B1]: B, [F1]: F };

interface Shape {
  municipality?: number;
  staff?: number[];
  lead?: number[];
  authority?: boolean;
  pupilOf?: number[];
  /** Children by their person key and class. */
  children?: { key: string; classId: number }[];
  grants?: AdminGrantFact[];
}

const people = {
  teacherA: { staff: [A] },
  headA: { staff: [A], lead: [A] },
  teacherB: { staff: [B] },
  authStaff: { staff: [U], authority: true },
  pupilA1: { pupilOf: [A1] },
  classmateA1: { pupilOf: [A1] },
  pupilA2: { pupilOf: [A2] },
  pupilB1: { pupilOf: [B1] },
  parentA1: { children: [{ key: 'pupilA1', classId: A1 }] },
  parentA1b: { children: [{ key: 'classmateA1', classId: A1 }] },
  parentA2: { children: [{ key: 'pupilA2', classId: A2 }] },
  parentB1: { children: [{ key: 'pupilB1', classId: B1 }] },
  orgAdminA: { grants: [{ role: 'org_admin', municipalityId: M, organizationId: A }] },
  munAdmin: { grants: [{ role: 'municipal_admin', municipalityId: M, organizationId: null }] },
  platformAdmin: {
    grants: [{ role: 'platform_admin', municipalityId: null, organizationId: null }],
  },
  outsider: {},
  foreignTeacher: { municipality: N, staff: [F] },
  foreignAdmin: {
    municipality: N,
    grants: [{ role: 'municipal_admin', municipalityId: N, organizationId: null }],
  },
} satisfies Record<string, Shape>;
type Key = keyof typeof people;
const keys = Object.keys(people) as Key[];
const ids = new Map(keys.map((k, i) => [k, i + 1]));

function facts(key: Key, extra: Shape = {}): PersonFacts {
  const s: Shape = { ...people[key], ...extra };
  const pupilOf = s.pupilOf ?? [];
  const children = s.children ?? [];
  return {
    personId: ids.get(key) ?? 0,
    municipalityId: s.municipality ?? M,
    staffOrgIds: new Set(s.staff ?? []),
    leadOrgIds: new Set(s.lead ?? []),
    authorityStaff: s.authority ?? false,
    pupilClassIds: new Set(pupilOf),
    pupilOrgIds: new Set(pupilOf.map((c) => classOrg[c] ?? 0)),
    childIds: new Set(children.map((c) => ids.get(c.key as Key) ?? 0)),
    childClassIds: new Set(children.map((c) => c.classId)),
    childOrgIds: new Set(children.map((c) => classOrg[c.classId] ?? 0)),
    adminGrants: s.grants ?? [],
  };
}

const inM = keys.filter((k) => !k.startsWith('foreign'));

/** Whom each viewer may see (besides themselves, always). */
const visible: Record<Key, Key[]> = {
  teacherA: ['headA', 'pupilA1', 'classmateA1', 'pupilA2', 'parentA1', 'parentA1b', 'parentA2'],
  headA: ['teacherA', 'pupilA1', 'classmateA1', 'pupilA2', 'parentA1', 'parentA1b', 'parentA2'],
  teacherB: ['pupilB1', 'parentB1'],
  authStaff: ['teacherA', 'headA', 'teacherB'],
  pupilA1: ['teacherA', 'headA', 'classmateA1'],
  classmateA1: ['teacherA', 'headA', 'pupilA1'],
  pupilA2: ['teacherA', 'headA'],
  pupilB1: ['teacherB'],
  parentA1: ['pupilA1', 'teacherA', 'headA', 'parentA1b'],
  parentA1b: ['classmateA1', 'teacherA', 'headA', 'parentA1'],
  parentA2: ['pupilA2', 'teacherA', 'headA'],
  parentB1: ['pupilB1', 'teacherB'],
  orgAdminA: [
    'teacherA',
    'headA',
    'pupilA1',
    'classmateA1',
    'pupilA2',
    'parentA1',
    'parentA1b',
    'parentA2',
  ],
  munAdmin: inM,
  platformAdmin: inM,
  outsider: [],
  foreignTeacher: [],
  foreignAdmin: ['foreignTeacher'],
};

const pairs = keys.flatMap((viewer) => keys.map((target) => [viewer, target] as const));

describe('canViewPerson: every viewer type × every target type', () => {
  it.each(pairs)('%s → %s', (viewer, target) => {
    const expected = viewer === target || visible[viewer].includes(target);
    expect(canViewPerson(facts(viewer), facts(target))).toBe(expected);
  });
});

/** Whose contacts each viewer may read (besides their own): their administrators only. */
const administered: Partial<Record<Key, Key[]>> = {
  orgAdminA: [
    'teacherA',
    'headA',
    'pupilA1',
    'classmateA1',
    'pupilA2',
    'parentA1',
    'parentA1b',
    'parentA2',
  ],
  munAdmin: inM,
  platformAdmin: inM,
  foreignAdmin: ['foreignTeacher', 'foreignAdmin'],
};

describe('canViewPersonDetails and isAdminOf', () => {
  it.each(pairs)('%s → %s', (viewer, target) => {
    const admin = (administered[viewer] ?? []).includes(target);
    expect(isAdminOf(facts(viewer), facts(target))).toBe(admin);
    expect(canViewPersonDetails(facts(viewer), facts(target))).toBe(viewer === target || admin);
  });
});

describe('the municipality boundary', () => {
  it('holds even when stored ids would otherwise match', () => {
    // A foreign person wrongly carrying the same org and class ids still sees nobody in M.
    const intruder = facts('foreignTeacher', { staff: [A], pupilOf: [A1] });
    for (const target of inM) expect(canViewPerson(intruder, facts(target))).toBe(false);
    expect(canViewPerson(facts('teacherA'), intruder)).toBe(false);
    expect(canViewPerson(facts('platformAdmin'), facts('foreignTeacher'))).toBe(false);
  });
});

describe('canAdministerPerson', () => {
  it('lets administrators change the people they administer', () => {
    expect(canAdministerPerson(facts('orgAdminA'), facts('teacherA'))).toBe(true);
    expect(canAdministerPerson(facts('munAdmin'), facts('teacherB'))).toBe(true);
    expect(canAdministerPerson(facts('orgAdminA'), facts('teacherB'))).toBe(false);
    expect(canAdministerPerson(facts('teacherA'), facts('pupilA1'))).toBe(false);
    expect(canAdministerPerson(facts('foreignAdmin'), facts('teacherA'))).toBe(false);
  });

  it('refuses changing someone who holds powers the viewer lacks', () => {
    const headWithMunicipalGrant = facts('headA', { grants: people.munAdmin.grants });
    expect(isAdminOf(facts('orgAdminA'), headWithMunicipalGrant)).toBe(true);
    expect(canAdministerPerson(facts('orgAdminA'), headWithMunicipalGrant)).toBe(false);
    expect(canAdministerPerson(facts('munAdmin'), headWithMunicipalGrant)).toBe(true);
    const teacherAdminOfB = facts('teacherA', {
      grants: [{ role: 'org_admin', municipalityId: M, organizationId: B }],
    });
    expect(canAdministerPerson(facts('orgAdminA'), teacherAdminOfB)).toBe(false);
    const platform = facts('headA', { grants: people.platformAdmin.grants });
    expect(canAdministerPerson(facts('munAdmin'), platform)).toBe(false);
    expect(canAdministerPerson(facts('platformAdmin'), platform)).toBe(true);
  });
});

describe('people directory and creation', () => {
  const orgA = { id: A, municipalityId: M };
  const orgB = { id: B, municipalityId: M };
  it('canListPeople: municipal admin all, org admin own organisation, nobody else', () => {
    expect(canListPeople(facts('munAdmin'), null)).toBe(true);
    expect(canListPeople(facts('munAdmin'), orgB)).toBe(true);
    expect(canListPeople(facts('orgAdminA'), null)).toBe(true);
    expect(canListPeople(facts('orgAdminA'), orgA)).toBe(true);
    expect(canListPeople(facts('orgAdminA'), orgB)).toBe(false);
    for (const k of [
      'teacherA',
      'headA',
      'authStaff',
      'pupilA1',
      'parentA1',
      'outsider',
    ] as const) {
      expect(canListPeople(facts(k), null)).toBe(false);
      expect(canListPeople(facts(k), orgA)).toBe(false);
    }
    expect(canListPeople(facts('foreignAdmin'), orgA)).toBe(false);
  });

  it('canCreatePerson: an org admin must place the person in their organisation', () => {
    expect(canCreatePerson(facts('munAdmin'), { orgs: [], parentOf: null })).toBe(true);
    expect(canCreatePerson(facts('orgAdminA'), { orgs: [], parentOf: null })).toBe(false);
    expect(canCreatePerson(facts('orgAdminA'), { orgs: [orgA], parentOf: null })).toBe(true);
    expect(canCreatePerson(facts('orgAdminA'), { orgs: [orgA, orgB], parentOf: null })).toBe(false);
    expect(canCreatePerson(facts('orgAdminA'), { orgs: [], parentOf: facts('pupilA2') })).toBe(
      true,
    );
    expect(canCreatePerson(facts('orgAdminA'), { orgs: [], parentOf: facts('pupilB1') })).toBe(
      false,
    );
    expect(canCreatePerson(facts('teacherA'), { orgs: [orgA], parentOf: null })).toBe(false);
    expect(canCreatePerson(facts('foreignAdmin'), { orgs: [orgA], parentOf: null })).toBe(false);
    expect(
      canCreatePerson(facts('munAdmin'), { orgs: [], parentOf: facts('foreignTeacher') }),
    ).toBe(false);
  });
});

describe('linking people to organisations', () => {
  const orgA = { id: A, municipalityId: M };
  const clsA1 = { id: A1, organizationId: A, municipalityId: M };
  it('an org admin links only people they already administer', () => {
    expect(canAddPosition(facts('orgAdminA'), orgA, facts('parentA1'))).toBe(true);
    // Pulling a teacher of another school in would expose their contacts.
    expect(canAddPosition(facts('orgAdminA'), orgA, facts('teacherB'))).toBe(false);
    expect(canAddPosition(facts('orgAdminA'), orgA, facts('outsider'))).toBe(false);
    expect(canAddPosition(facts('munAdmin'), orgA, facts('teacherB'))).toBe(true);
    expect(canAddPosition(facts('headA'), orgA, facts('pupilA1'))).toBe(false);
    expect(canEnrol(facts('orgAdminA'), clsA1, facts('pupilA2'))).toBe(true);
    expect(canEnrol(facts('orgAdminA'), clsA1, facts('pupilB1'))).toBe(false);
    expect(canEnrol(facts('munAdmin'), clsA1, facts('pupilB1'))).toBe(true);
    expect(canEnrol(facts('teacherA'), clsA1, facts('pupilA2'))).toBe(false);
  });

  it('parent ↔ pupil: an org admin of the pupil’s organisation', () => {
    expect(canLinkGuardian(facts('orgAdminA'), facts('pupilA1'), facts('parentA2'))).toBe(true);
    expect(canLinkGuardian(facts('orgAdminA'), facts('pupilB1'), facts('parentA1'))).toBe(false);
    expect(canLinkGuardian(facts('orgAdminA'), facts('pupilA1'), facts('parentB1'))).toBe(false);
    expect(canLinkGuardian(facts('munAdmin'), facts('pupilB1'), facts('outsider'))).toBe(true);
    expect(canLinkGuardian(facts('teacherA'), facts('pupilA1'), facts('parentA2'))).toBe(false);
    expect(canLinkGuardian(facts('foreignAdmin'), facts('pupilA1'), facts('parentA2'))).toBe(false);
  });

  /** Who may unlink a parent from each pupil: the pupil's school's administrators. */
  const unlinkers: Partial<Record<Key, Key[]>> = {
    pupilA1: ['orgAdminA', 'munAdmin', 'platformAdmin'],
    classmateA1: ['orgAdminA', 'munAdmin', 'platformAdmin'],
    pupilA2: ['orgAdminA', 'munAdmin', 'platformAdmin'],
    pupilB1: ['munAdmin', 'platformAdmin'],
  };
  it.each(keys.flatMap((v) => (Object.keys(unlinkers) as Key[]).map((p) => [v, p] as const)))(
    'canUnlinkGuardian %s → parent of %s',
    (viewer, pupil) => {
      expect(canUnlinkGuardian(facts(viewer), facts(pupil))).toBe(
        (unlinkers[pupil] ?? []).includes(viewer),
      );
    },
  );

  it('canUnlinkGuardian: a pupil who left every class is the municipal administrator’s', () => {
    const former = facts('pupilA1', { pupilOf: [] });
    expect(canUnlinkGuardian(facts('orgAdminA'), former)).toBe(false);
    expect(canUnlinkGuardian(facts('munAdmin'), former)).toBe(true);
    expect(canUnlinkGuardian(facts('foreignAdmin'), former)).toBe(false);
  });
});

describe('organisation and class rules', () => {
  const org = (id: number) => ({ id, municipalityId: id === F ? N : M });
  const cls = (id: number) => ({
    id,
    organizationId: classOrg[id] ?? 0,
    municipalityId: id === F1 ? N : M,
  });

  const staffAudience: Record<number, Key[]> = {
    [A]: [
      'teacherA',
      'headA',
      'authStaff',
      'pupilA1',
      'classmateA1',
      'pupilA2',
      'parentA1',
      'parentA1b',
      'parentA2',
      'orgAdminA',
      'munAdmin',
      'platformAdmin',
    ],
    [B]: ['teacherB', 'authStaff', 'pupilB1', 'parentB1', 'munAdmin', 'platformAdmin'],
    [F]: ['foreignTeacher', 'foreignAdmin'],
  };
  it.each(keys.flatMap((k) => [A, B, F].map((o) => [k, o] as const)))(
    'canListStaff %s of org %i',
    (k, o) => {
      expect(canListStaff(facts(k), org(o))).toBe((staffAudience[o] ?? []).includes(k));
    },
  );

  const pupilAudience: Record<number, Key[]> = {
    [A1]: ['teacherA', 'headA', 'pupilA1', 'classmateA1', 'orgAdminA', 'munAdmin', 'platformAdmin'],
    [A2]: ['teacherA', 'headA', 'pupilA2', 'orgAdminA', 'munAdmin', 'platformAdmin'],
    [B1]: ['teacherB', 'pupilB1', 'munAdmin', 'platformAdmin'],
    [F1]: ['foreignTeacher', 'foreignAdmin'],
  };
  it.each(keys.flatMap((k) => [A1, A2, B1, F1].map((c) => [k, c] as const)))(
    'canListClassPupils %s of class %i (never parents, never authority staff)',
    (k, c) => {
      expect(canListClassPupils(facts(k), cls(c))).toBe((pupilAudience[c] ?? []).includes(k));
    },
  );

  it('class details: pupils of the class, not parents, not other schools', () => {
    expect(canViewClass(facts('pupilA1'), cls(A1))).toBe(true);
    expect(canViewClass(facts('pupilA1'), cls(A2))).toBe(false);
    expect(canViewClass(facts('pupilB1'), cls(A1))).toBe(false);
    expect(canViewClass(facts('parentA1'), cls(A1))).toBe(false);
    expect(canViewClass(facts('teacherA'), cls(A2))).toBe(true);
    expect(canViewClass(facts('authStaff'), cls(A1))).toBe(true);
    expect(canViewClass(facts('foreignAdmin'), cls(A1))).toBe(false);
    expect(canListClasses(facts('parentA1'), org(A))).toBe(false);
    expect(canListClasses(facts('pupilA1'), org(A))).toBe(false);
    expect(canListClasses(facts('teacherB'), org(A))).toBe(false);
    expect(canListClasses(facts('orgAdminA'), org(A))).toBe(true);
  });

  const classEditors: Record<number, Key[]> = {
    [A1]: ['orgAdminA', 'munAdmin', 'platformAdmin'],
    [A2]: ['orgAdminA', 'munAdmin', 'platformAdmin'],
    [B1]: ['munAdmin', 'platformAdmin'],
    [F1]: ['foreignAdmin'],
  };
  it.each(keys.flatMap((k) => [A1, A2, B1, F1].map((c) => [k, c] as const)))(
    'canUpdateClass %s of class %i (administrators only: not heads, not teachers)',
    (k, c) => {
      expect(canUpdateClass(facts(k), cls(c))).toBe((classEditors[c] ?? []).includes(k));
    },
  );

  it('counts and baselines', () => {
    expect(canViewOrgCounts(facts('headA'), org(A))).toBe(true);
    expect(canViewOrgCounts(facts('headA'), org(B))).toBe(false);
    expect(canViewOrgCounts(facts('teacherA'), org(A))).toBe(false);
    expect(canViewOrgCounts(facts('authStaff'), org(B))).toBe(true);
    expect(canViewOrgCounts(facts('pupilA1'), org(A))).toBe(false);
    expect(canViewOrgCounts(facts('foreignAdmin'), org(A))).toBe(false);
    expect(canReadBaselines(facts('orgAdminA'), org(A))).toBe(true);
    expect(canReadBaselines(facts('orgAdminA'), org(B))).toBe(false);
    expect(canReadBaselines(facts('authStaff'), org(B))).toBe(true);
    expect(canReadBaselines(facts('headA'), org(A))).toBe(false);
    expect(canWriteBaselines(facts('munAdmin'), org(A))).toBe(true);
    expect(canWriteBaselines(facts('orgAdminA'), org(A))).toBe(false);
    expect(canWriteBaselines(facts('foreignAdmin'), org(A))).toBe(false);
  });

  it('an org admin renames their organisation; only a municipal admin changes the rest', () => {
    expect(canUpdateOrganization(facts('orgAdminA'), org(A), ['name', 'shortName'])).toBe(true);
    expect(canUpdateOrganization(facts('orgAdminA'), org(A), ['kind'])).toBe(false);
    expect(canUpdateOrganization(facts('orgAdminA'), org(A), ['archived'])).toBe(false);
    expect(canUpdateOrganization(facts('orgAdminA'), org(B), ['name'])).toBe(false);
    expect(canUpdateOrganization(facts('munAdmin'), org(B), ['kind', 'archived'])).toBe(true);
    expect(canUpdateOrganization(facts('headA'), org(A), ['name'])).toBe(false);
    expect(canUpdateOrganization(facts('foreignAdmin'), org(A), ['name'])).toBe(false);
  });
});
