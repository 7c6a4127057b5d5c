import { describe, expect, it } from 'vitest';
import type { PersonFacts } from '../people';
import { formatCode, newCode, normalizeCode } from './invitations.codes';
import {
  canInviteForClass,
  canInviteStaff,
  canInviteToCommunity,
  fitsRole,
} from './invitations.policy';

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
const school = { id: 10, municipalityId: 1, kind: 'general' };

describe('invitations policy: an invitation never raises a role', () => {
  it.each([
    [orgAdmin, 'teacher', true],
    [orgAdmin, 'deputy', true],
    [orgAdmin, 'head', false],
    [orgAdmin, 'authority_staff', false],
    [municipal, 'head', true],
    [municipal, 'authority_staff', false],
    [facts({ staffOrgIds: new Set([10]), leadOrgIds: new Set([10]) }), 'teacher', false],
  ] as const)('staff invitation %#', (who, role, allowed) => {
    expect(canInviteStaff(who, school, role)).toBe(allowed);
  });

  it('class invitations: the class teacher and the school’s administrators', () => {
    const cls = { organizationId: 10, municipalityId: 1, classTeacherId: 7 };
    expect(canInviteForClass(facts({ personId: 7 }), cls)).toBe(true);
    expect(canInviteForClass(orgAdmin, cls)).toBe(true);
    expect(canInviteForClass(facts({ staffOrgIds: new Set([10]) }), cls)).toBe(false);
    expect(canInviteForClass(facts({ personId: 7, municipalityId: 2 }), cls)).toBe(false);
  });

  it('community invitations: at most one’s own power, never ownership', () => {
    expect(canInviteToCommunity(2, 'admin')).toBe(true);
    expect(canInviteToCommunity(3, 'owner')).toBe(false);
    expect(canInviteToCommunity(0, 'member')).toBe(false);
  });

  it('who may accept what', () => {
    const pupil = { staff: false, pupil: true, parent: false };
    const adult = { staff: true, pupil: false, parent: false };
    expect(fitsRole('parent_personal', pupil)).toBe(false);
    expect(fitsRole('community', pupil)).toBe(false);
    expect(fitsRole('pupils', pupil)).toBe(true);
    expect(fitsRole('pupils', adult)).toBe(false);
    expect(fitsRole('staff', adult)).toBe(true);
  });
});

describe('codes', () => {
  it('are 10 characters of Crockford base32, typed forgivingly', () => {
    const code = newCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(normalizeCode(formatCode(code).toLowerCase())).toBe(code);
    expect(normalizeCode('abcde-fghjo')).toBe('ABCDEFGHJ0');
    expect(normalizeCode('ABCDEFGHJU')).toBeNull();
    expect(normalizeCode('short')).toBeNull();
  });
});
