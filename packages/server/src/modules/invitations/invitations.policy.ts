import type { CommunityRole, InvitationKind, PositionRole } from '@parta/shared';
import { canGrantRole } from '../communities';
import { canViewOrgCounts } from '../orgs';
import { administersOrg, isMunicipalAdmin, orgAdminIds, type PersonFacts } from '../people';

/**
 * Who may issue, see and revoke invitations, and who may accept what
 * (DESIGN §5). An invitation never raises a role: its issuer can grant only
 * what their own administrative scope allows, and nobody grants an
 * administrative grant by invitation at all. Pure; tested as a table.
 */

export interface OrgScope {
  id: number;
  municipalityId: number;
  kind: string;
}

export interface ClassScope {
  organizationId: number;
  municipalityId: number;
  classTeacherId: number | null;
}

/**
 * A staff invitation of `role` into `org`: municipal administrators any
 * position (`authority_staff` only in the authority); an organisation's
 * administrators teachers, other staff and deputies — never a head.
 */
export function canInviteStaff(viewer: PersonFacts, org: OrgScope, role: PositionRole): boolean {
  if (org.municipalityId !== viewer.municipalityId) return false;
  if (role === 'authority_staff' && org.kind !== 'authority') return false;
  if (isMunicipalAdmin(viewer)) return true;
  if (!administersOrg(viewer, org)) return false;
  return role === 'teacher' || role === 'staff' || role === 'deputy';
}

/** A personal staff invitation (the account of someone on the roster): the organisation's administrators. */
export function canInviteStaffPersonal(viewer: PersonFacts, org: OrgScope): boolean {
  return org.municipalityId === viewer.municipalityId && administersOrg(viewer, org);
}

/** Pupils' and parents' invitations of a class: its school's administrators and its class teacher. */
export function canInviteForClass(viewer: PersonFacts, cls: ClassScope): boolean {
  if (cls.municipalityId !== viewer.municipalityId) return false;
  return (
    cls.classTeacherId === viewer.personId ||
    administersOrg(viewer, { id: cls.organizationId, municipalityId: cls.municipalityId })
  );
}

/** A community invitation: managers, for a role not above their own power (never ownership). */
export function canInviteToCommunity(power: number, role: CommunityRole): boolean {
  return role !== 'owner' && canGrantRole(power, role);
}

/** Acceptance stats of an organisation: its administrators, heads and deputies, authority staff. */
export function canViewOnboarding(
  viewer: PersonFacts,
  org: { id: number; municipalityId: number },
) {
  return canViewOrgCounts(viewer, org);
}

/** Of one class: as the organisation's, and its class teacher. */
export function canViewClassOnboarding(viewer: PersonFacts, cls: ClassScope): boolean {
  return (
    cls.classTeacherId === viewer.personId ||
    canViewOrgCounts(viewer, { id: cls.organizationId, municipalityId: cls.municipalityId })
  );
}

/** The municipality's overview: municipal administrators and authority staff. */
export function canViewMunicipalOnboarding(viewer: PersonFacts): boolean {
  return isMunicipalAdmin(viewer) || viewer.authorityStaff;
}

/** The outbox: municipal administrators all of it, organisation administrators their organisations'. */
export function outboxScope(viewer: PersonFacts): number[] | null | false {
  if (isMunicipalAdmin(viewer)) return null;
  const mine = [...orgAdminIds(viewer)];
  return mine.length > 0 ? mine : false;
}

/**
 * May a person who already is what `flags` say take the role the invitation
 * grants? A pupil becomes no one's parent, staff member or community member
 * by invitation; a grown-up (staff, parent) does not become a pupil.
 */
export function fitsRole(
  kind: InvitationKind,
  flags: { staff: boolean; pupil: boolean; parent: boolean },
): boolean {
  const pupilOnly = flags.pupil && !flags.staff && !flags.parent;
  if (kind === 'pupils') return !flags.staff && !flags.parent;
  return !pupilOnly;
}
