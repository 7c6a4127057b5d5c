/** The organisation model: municipality, organisations, baselines, classes. */
export { orgRoutes } from './orgs.routes';
export {
  getBaselines,
  getMunicipality,
  requireClass,
  requireOrganization,
  type LoadedClass,
  type LoadedOrg,
} from './orgs.service';
export {
  canListClasses,
  canListClassPupils,
  canListStaff,
  canReadBaselines,
  canUpdateClass,
  canUpdateOrganization,
  canViewClass,
  canViewOrgCounts,
  canWriteBaselines,
} from './orgs.policy';
