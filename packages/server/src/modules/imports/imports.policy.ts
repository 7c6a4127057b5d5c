import {
  administersOrg,
  isMunicipalAdmin,
  orgAdminIds,
  type OrgRef,
  type PersonFacts,
} from '../people';

/**
 * Who may import rosters and edit the dictionary of job titles. Pure
 * functions over the policy facts (`people.policy.ts`).
 */

/** Import into an organisation: its administrator, or a municipal administrator. */
export function canImport(viewer: PersonFacts, org: OrgRef): boolean {
  return administersOrg(viewer, org);
}

/** See the dictionary of job titles: any administrator of the municipality. */
export function canReadJobTitles(viewer: PersonFacts): boolean {
  return isMunicipalAdmin(viewer) || orgAdminIds(viewer).size > 0;
}

/** Change the dictionary: it serves every organisation, so municipal administrators only. */
export function canEditJobTitles(viewer: PersonFacts): boolean {
  return isMunicipalAdmin(viewer);
}
