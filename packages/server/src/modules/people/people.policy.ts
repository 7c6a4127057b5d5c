import type { AdminRole } from '@parta/shared';
import { forbidden } from '../../platform/errors';

/**
 * Who may see and manage whom (DESIGN §5). Pure functions over facts loaded
 * once per request (`people.service.ts`: `viewerOf`, `getPersonFacts`): no
 * I/O here, so every rule is tested as a table (`people.policy.test.ts`).
 *
 * Invariants:
 * - nothing crosses a municipality: every rule compares municipalities first,
 *   platform administrators included;
 * - facts hold only current relations: active positions, open enrolments in
 *   classes not archived, guardianships;
 * - seeing a person (`canViewPerson`) never means seeing their contacts: those
 *   are for themselves and their administrators (`canViewPersonDetails`).
 */

export interface AdminGrantFact {
  role: AdminRole;
  municipalityId: number | null;
  organizationId: number | null;
}

/** What the policy knows of one person. */
export interface PersonFacts {
  personId: number;
  municipalityId: number;
  /** Organisations where the person holds an active position. */
  staffOrgIds: ReadonlySet<number>;
  /** Organisations the person heads or is a deputy head of. */
  leadOrgIds: ReadonlySet<number>;
  /** Holds a position in the education authority. */
  authorityStaff: boolean;
  pupilClassIds: ReadonlySet<number>;
  pupilOrgIds: ReadonlySet<number>;
  childIds: ReadonlySet<number>;
  childClassIds: ReadonlySet<number>;
  childOrgIds: ReadonlySet<number>;
  adminGrants: readonly AdminGrantFact[];
}

/** The person making the request; grants come from the session's actor. */
export interface ViewerFacts extends PersonFacts {
  /** The municipality's IANA time zone: local dates (ended_on, valid_from) are counted in it. */
  timeZone: string;
}

export interface OrgRef {
  id: number;
  municipalityId: number;
}

export interface ClassRef {
  id: number;
  organizationId: number;
  municipalityId: number;
}

function overlaps(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

const sameMunicipality = (a: PersonFacts, b: { municipalityId: number }) =>
  a.municipalityId === b.municipalityId;

/** Throws 403 FORBIDDEN unless `allowed`. */
export function authorize(allowed: boolean, message?: string): void {
  if (!allowed) throw forbidden(message);
}

export function isPlatformAdmin(f: PersonFacts): boolean {
  return f.adminGrants.some((g) => g.role === 'platform_admin');
}

/** Municipal administrator of their own municipality; a platform administrator is one too. */
export function isMunicipalAdmin(f: PersonFacts): boolean {
  return f.adminGrants.some(
    (g) =>
      g.role === 'platform_admin' ||
      (g.role === 'municipal_admin' && g.municipalityId === f.municipalityId),
  );
}

/** Organisations the person holds an org_admin grant for. */
export function orgAdminIds(f: PersonFacts): Set<number> {
  const ids = new Set<number>();
  for (const g of f.adminGrants) {
    if (g.role === 'org_admin' && g.organizationId !== null) ids.add(g.organizationId);
  }
  return ids;
}

/** May administer this organisation: its org admin, or a municipal admin of its municipality. */
export function administersOrg(viewer: PersonFacts, org: OrgRef): boolean {
  if (!sameMunicipality(viewer, org)) return false;
  return isMunicipalAdmin(viewer) || orgAdminIds(viewer).has(org.id);
}

/** Holds any administrative grant in their municipality. */
export function isAnyAdmin(f: PersonFacts): boolean {
  return isMunicipalAdmin(f) || orgAdminIds(f).size > 0;
}

/** Organisations a person belongs to: by position, by enrolment, or through a child. */
export function linkedOrgIds(f: PersonFacts): Set<number> {
  return new Set([...f.staffOrgIds, ...f.pupilOrgIds, ...f.childOrgIds]);
}

/**
 * The viewer administers the target: a municipal admin of the target's
 * municipality, or an org admin of an organisation the target belongs to.
 */
export function isAdminOf(viewer: PersonFacts, target: PersonFacts): boolean {
  if (!sameMunicipality(viewer, target)) return false;
  if (isMunicipalAdmin(viewer)) return true;
  return overlaps(orgAdminIds(viewer), linkedOrgIds(target));
}

/**
 * May the viewer see that the target exists (name, positions)?
 * - self; municipal/platform admin; org admin: people of their organisations;
 * - staff of X: staff of X, pupils of X, parents of pupils of X;
 * - authority staff: staff of every organisation (not pupils, not parents);
 * - pupil: staff of their own organisation and classmates, nobody else;
 * - parent: own children, staff of the children's organisations, other
 *   parents of the children's classes.
 */
export function canViewPerson(viewer: PersonFacts, target: PersonFacts): boolean {
  if (!sameMunicipality(viewer, target)) return false;
  if (viewer.personId === target.personId) return true;
  if (isAdminOf(viewer, target)) return true;
  const staff = viewer.staffOrgIds;
  if (
    overlaps(staff, target.staffOrgIds) ||
    overlaps(staff, target.pupilOrgIds) ||
    overlaps(staff, target.childOrgIds)
  ) {
    return true;
  }
  if (viewer.authorityStaff && target.staffOrgIds.size > 0) return true;
  if (
    overlaps(viewer.pupilOrgIds, target.staffOrgIds) ||
    overlaps(viewer.pupilClassIds, target.pupilClassIds)
  ) {
    return true;
  }
  return (
    viewer.childIds.has(target.personId) ||
    overlaps(viewer.childOrgIds, target.staffOrgIds) ||
    overlaps(viewer.childClassIds, target.childClassIds)
  );
}

/** Contacts and identifiers: oneself and one's administrators only. */
export function canViewPersonDetails(viewer: PersonFacts, target: PersonFacts): boolean {
  if (!sameMunicipality(viewer, target)) return false;
  return viewer.personId === target.personId || isAdminOf(viewer, target);
}

/**
 * May change the target's data or deactivate them: an administrator of the
 * target who also holds every power the target holds — nobody edits (and so
 * could take over) someone with powers they lack.
 */
export function canAdministerPerson(viewer: PersonFacts, target: PersonFacts): boolean {
  if (!isAdminOf(viewer, target)) return false;
  const mine = orgAdminIds(viewer);
  return target.adminGrants.every((g) => {
    if (g.role === 'platform_admin') return isPlatformAdmin(viewer);
    if (g.role === 'municipal_admin') return isMunicipalAdmin(viewer);
    return isMunicipalAdmin(viewer) || (g.organizationId !== null && mine.has(g.organizationId));
  });
}

/** The administrators' people directory: all of it, or the org admin's organisation. */
export function canListPeople(viewer: PersonFacts, org: OrgRef | null): boolean {
  if (org) return administersOrg(viewer, org);
  return isMunicipalAdmin(viewer) || orgAdminIds(viewer).size > 0;
}

/**
 * Creating a person: a municipal admin anywhere in their municipality; an org
 * admin only placing the person at once in organisations they administer
 * (position, class) or as the parent of one of their pupils.
 */
export function canCreatePerson(
  viewer: PersonFacts,
  placement: { orgs: OrgRef[]; parentOf: PersonFacts | null },
): boolean {
  if (placement.parentOf && !sameMunicipality(viewer, placement.parentOf)) return false;
  if (isMunicipalAdmin(viewer)) return placement.orgs.every((o) => sameMunicipality(viewer, o));
  if (placement.orgs.length === 0 && !placement.parentOf) return false;
  if (!placement.orgs.every((o) => administersOrg(viewer, o))) return false;
  return !placement.parentOf || overlaps(orgAdminIds(viewer), placement.parentOf.pupilOrgIds);
}

/**
 * Linking an existing person to an organisation (a position, an enrolment):
 * an administrator of the organisation who already administers the person.
 * Otherwise an org admin could pull anyone into their organisation and so
 * read their contacts; a municipal admin links anyone.
 */
function mayLink(viewer: PersonFacts, org: OrgRef, person: PersonFacts): boolean {
  return (
    sameMunicipality(viewer, person) &&
    administersOrg(viewer, org) &&
    (isMunicipalAdmin(viewer) || isAdminOf(viewer, person))
  );
}

export function canAddPosition(viewer: PersonFacts, org: OrgRef, target: PersonFacts): boolean {
  return mayLink(viewer, org, target);
}

export function canEndPosition(viewer: PersonFacts, org: OrgRef): boolean {
  return administersOrg(viewer, org);
}

export function canEnrol(viewer: PersonFacts, cls: ClassRef, pupil: PersonFacts): boolean {
  return mayLink(viewer, { id: cls.organizationId, municipalityId: cls.municipalityId }, pupil);
}

export function canEndEnrolment(viewer: PersonFacts, cls: ClassRef): boolean {
  return administersOrg(viewer, { id: cls.organizationId, municipalityId: cls.municipalityId });
}

/** Parent ↔ pupil: an org admin of one of the pupil's organisations who administers the parent. */
export function canLinkGuardian(
  viewer: PersonFacts,
  pupil: PersonFacts,
  parent: PersonFacts,
): boolean {
  if (!sameMunicipality(viewer, pupil) || !sameMunicipality(viewer, parent)) return false;
  if (isMunicipalAdmin(viewer)) return true;
  return overlaps(orgAdminIds(viewer), pupil.pupilOrgIds) && isAdminOf(viewer, parent);
}

/**
 * Removing a parent ↔ pupil link: a municipal admin, or an org admin of one of
 * the pupil's organisations — the school that keeps the pupil's family.
 */
export function canUnlinkGuardian(viewer: PersonFacts, pupil: PersonFacts): boolean {
  if (!sameMunicipality(viewer, pupil)) return false;
  return isMunicipalAdmin(viewer) || overlaps(orgAdminIds(viewer), pupil.pupilOrgIds);
}
