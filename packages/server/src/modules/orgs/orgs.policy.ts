import type { UpdateOrganization } from '@parta/shared';
import {
  administersOrg,
  isMunicipalAdmin,
  type ClassRef,
  type OrgRef,
  type PersonFacts,
} from '../people';

/**
 * Who may see and change organisations and classes (DESIGN §5). Pure, like
 * `people/people.policy.ts`, and consistent with it: whoever may list a set of
 * people here may also see each of them through `canViewPerson`.
 */

const inMunicipality = (viewer: PersonFacts, org: OrgRef) =>
  viewer.municipalityId === org.municipalityId;

const orgOf = (cls: ClassRef): OrgRef => ({
  id: cls.organizationId,
  municipalityId: cls.municipalityId,
});

/** The directory (id, kind, names) is open to every member of the municipality. */
export function canViewOrganization(viewer: PersonFacts, org: OrgRef): boolean {
  return inMunicipality(viewer, org);
}

/** Registered counts: administrators, authority staff, and the organisation's heads and deputies. */
export function canViewOrgCounts(viewer: PersonFacts, org: OrgRef): boolean {
  if (!inMunicipality(viewer, org)) return false;
  return administersOrg(viewer, org) || viewer.authorityStaff || viewer.leadOrgIds.has(org.id);
}

/**
 * The staff list: staff of the organisation, authority staff, its
 * administrators, its pupils and the parents of its pupils — not pupils or
 * parents of other organisations.
 */
export function canListStaff(viewer: PersonFacts, org: OrgRef): boolean {
  if (!inMunicipality(viewer, org)) return false;
  return (
    viewer.staffOrgIds.has(org.id) ||
    viewer.authorityStaff ||
    administersOrg(viewer, org) ||
    viewer.pupilOrgIds.has(org.id) ||
    viewer.childOrgIds.has(org.id)
  );
}

/** The list of classes (names, teachers, pupil counts): staff, administrators, authority staff. */
export function canListClasses(viewer: PersonFacts, org: OrgRef): boolean {
  if (!inMunicipality(viewer, org)) return false;
  return viewer.staffOrgIds.has(org.id) || viewer.authorityStaff || administersOrg(viewer, org);
}

/** One class: as `canListClasses`, and the class's own pupils. Not parents. */
export function canViewClass(viewer: PersonFacts, cls: ClassRef): boolean {
  return (
    canListClasses(viewer, orgOf(cls)) ||
    (inMunicipality(viewer, orgOf(cls)) && viewer.pupilClassIds.has(cls.id))
  );
}

/**
 * The pupils of a class: staff of its organisation, its administrators, and
 * its own pupils (classmates). Not parents, not authority staff, not other
 * schools.
 */
export function canListClassPupils(viewer: PersonFacts, cls: ClassRef): boolean {
  const org = orgOf(cls);
  if (!inMunicipality(viewer, org)) return false;
  return (
    viewer.staffOrgIds.has(org.id) ||
    administersOrg(viewer, org) ||
    viewer.pupilClassIds.has(cls.id)
  );
}

export function canReadBaselines(viewer: PersonFacts, org: OrgRef): boolean {
  if (!inMunicipality(viewer, org)) return false;
  return administersOrg(viewer, org) || viewer.authorityStaff;
}

export function canWriteBaselines(viewer: PersonFacts, org: OrgRef): boolean {
  return inMunicipality(viewer, org) && isMunicipalAdmin(viewer);
}

export function canCreateOrganization(viewer: PersonFacts): boolean {
  return isMunicipalAdmin(viewer);
}

const NAME_FIELDS: ReadonlySet<string> = new Set(['name', 'shortName']);

/** A municipal admin changes anything; the organisation's own admin only its names. */
export function canUpdateOrganization(
  viewer: PersonFacts,
  org: OrgRef,
  fields: (keyof UpdateOrganization)[],
): boolean {
  if (!inMunicipality(viewer, org)) return false;
  if (isMunicipalAdmin(viewer)) return true;
  return administersOrg(viewer, org) && fields.every((f) => NAME_FIELDS.has(f));
}

/** Creating classes: the organisation's administrators (org admin, municipal admin). */
export function canManageClasses(viewer: PersonFacts, org: OrgRef): boolean {
  return administersOrg(viewer, org);
}

/**
 * Changing a class (name, teacher, archiving): as creating one. Heads and
 * class teachers see the class but do not change it — the organisation's
 * administrator does, as with every roster change.
 */
export function canUpdateClass(viewer: PersonFacts, cls: ClassRef): boolean {
  return canManageClasses(viewer, orgOf(cls));
}
