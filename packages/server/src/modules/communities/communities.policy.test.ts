import { describe, expect, it } from 'vitest';
import type { PersonFacts } from '../people';
import {
  canActOnMember,
  canCreateCommunity,
  canGrantRole,
  canSeeCommunity,
  canUseRule,
  chatRoleFor,
  powerOver,
} from './communities.policy';

const facts = (over: Partial<PersonFacts> = {}): PersonFacts => ({
  personId: 1,
  municipalityId: 1,
  staffOrgIds: new Set(),
  leadOrgIds: new Set(),
  authorityStaff: false,
  pupilClassIds: new Set(),
  pupilOrgIds: new Set(),
  childIds: new Set(),
  childClassIds: new Set(),
  childOrgIds: new Set(),
  adminGrants: [],
  ...over,
});
const municipal = facts({
  adminGrants: [{ role: 'municipal_admin', municipalityId: 1, organizationId: null }],
});
const orgAdmin = facts({
  adminGrants: [{ role: 'org_admin', municipalityId: null, organizationId: 10 }],
});
const authority = facts({ staffOrgIds: new Set([99]), authorityStaff: true });
const teacher = facts({ staffOrgIds: new Set([10]) });
const pupil = facts({ pupilClassIds: new Set([5]), pupilOrgIds: new Set([10]) });
const parent = facts({
  childIds: new Set([7]),
  childClassIds: new Set([5]),
  childOrgIds: new Set([10]),
});
const community = { id: 1, municipalityId: 1, ownerOrgId: 10, archived: false };

describe('communities policy', () => {
  it('power: own role, org admins of the owner as admins, municipal admins as owners', () => {
    expect(powerOver(teacher, community, null)).toBe(-1);
    expect(powerOver(teacher, community, 'moderator')).toBe(1);
    expect(powerOver(orgAdmin, community, null)).toBe(2);
    expect(powerOver(municipal, community, 'member')).toBe(3);
    expect(powerOver(facts({ municipalityId: 2 }), community, 'owner')).toBe(-1);
  });

  it.each([
    [teacher, null, true],
    [pupil, null, false],
    [parent, null, false],
    [parent, 'member', true],
    [orgAdmin, null, true],
  ] as const)('directory visibility %#', (who, role, seen) => {
    expect(canSeeCommunity(who, community, role)).toBe(seen);
  });

  it('never grants above one’s own power', () => {
    expect(canGrantRole(2, 'admin')).toBe(true);
    expect(canGrantRole(2, 'owner')).toBe(false);
    expect(canGrantRole(1, 'member')).toBe(false);
    expect(canActOnMember(2, 'admin')).toBe(false);
    expect(canActOnMember(3, 'admin')).toBe(true);
    expect(canActOnMember(3, 'owner')).toBe(false);
  });

  it('creation and rules follow the administrative scope', () => {
    const auth = { id: 99, municipalityId: 1, kind: 'authority' };
    const school = { id: 10, municipalityId: 1, kind: 'general' };
    expect(canCreateCommunity(authority, auth)).toBe(true);
    expect(canCreateCommunity(teacher, auth)).toBe(false);
    expect(canCreateCommunity(orgAdmin, school)).toBe(true);
    expect(canCreateCommunity(orgAdmin, null)).toBe(false);
    const heads = { roles: ['head' as const], orgKinds: ['general' as const] };
    expect(canUseRule(authority, heads, { orgIds: [], cls: null })).toBe(true);
    expect(canUseRule(orgAdmin, heads, { orgIds: [], cls: null })).toBe(false);
    const cls = { organizationId: 10, municipalityId: 1, classTeacherId: 3 };
    const parents = { parentsOfClass: 5 };
    expect(canUseRule(facts({ personId: 3 }), parents, { orgIds: [], cls })).toBe(true);
    expect(canUseRule(teacher, parents, { orgIds: [], cls })).toBe(false);
    expect(canUseRule(orgAdmin, parents, { orgIds: [], cls })).toBe(true);
  });

  it('maps community roles onto chat roles', () => {
    expect(chatRoleFor('moderator', 'community')).toBe('admin');
    expect(chatRoleFor('moderator', 'announcement')).toBe('readonly');
    expect(chatRoleFor('member', 'announcement')).toBe('readonly');
    expect(chatRoleFor('owner', 'announcement')).toBe('owner');
  });
});
