import { isMunicipalAdmin, orgAdminIds, type PersonFacts } from '../people';

/**
 * Who may see and change roadmaps. Reading: every member of staff and every
 * administrator of the municipality (the plan is the district's work, not a
 * secret); pupils and parents do not. Changing (creating, adding items,
 * closing items with evidence): authority staff and municipal admins.
 */
export function canReadRoadmaps(viewer: PersonFacts): boolean {
  return viewer.staffOrgIds.size > 0 || isMunicipalAdmin(viewer) || orgAdminIds(viewer).size > 0;
}

export function canManageRoadmaps(viewer: PersonFacts): boolean {
  return viewer.authorityStaff || isMunicipalAdmin(viewer);
}
