import { isMunicipalAdmin, orgAdminIds, type PersonFacts } from '../people';

/**
 * Who sees what of monitoring (DESIGN §5, §6). Pure functions over the
 * viewer's facts, tested as a table.
 *
 * - The municipality's whole report: authority staff and municipal admins.
 * - Heads, deputy heads and org admins: the totals (counts only) and their
 *   own organisations' rows.
 * - Names of staff below the threshold (drill-down): heads and deputies of
 *   that organisation, authority staff, municipal admins. Nobody else.
 * - Message content: never, to anyone.
 */

export type ReportScope =
  { kind: 'municipality' } | { kind: 'organizations'; organizationIds: ReadonlySet<number> };

export function seesMunicipality(viewer: PersonFacts): boolean {
  return viewer.authorityStaff || isMunicipalAdmin(viewer);
}

/** The part of the weekly report the viewer may read; null: none of it. */
export function reportScopeOf(viewer: PersonFacts): ReportScope | null {
  if (seesMunicipality(viewer)) return { kind: 'municipality' };
  const own = new Set([...viewer.leadOrgIds, ...orgAdminIds(viewer)]);
  return own.size > 0 ? { kind: 'organizations', organizationIds: own } : null;
}

/** May see the names of this organisation's staff below the threshold. */
export function canDrillDown(
  viewer: PersonFacts,
  org: { id: number; municipalityId: number },
): boolean {
  if (viewer.municipalityId !== org.municipalityId) return false;
  return seesMunicipality(viewer) || viewer.leadOrgIds.has(org.id);
}

/** Imports activity, changes the settings: authority staff and municipal admins. */
export function canManageMonitoring(viewer: PersonFacts): boolean {
  return seesMunicipality(viewer);
}
