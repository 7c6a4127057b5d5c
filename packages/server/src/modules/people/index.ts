/**
 * The people module's public surface: the person views auth uses, the
 * access-policy facts and rules other modules authorize with, and the
 * person-level services the organisation routes call (staff, pupils,
 * enrolments).
 */
export {
  changeContext,
  displayName,
  endEnrolment,
  enrolPupil,
  getMe,
  getPeople,
  getPersonDetails,
  getPersonFacts,
  invalid,
  listClassPupils,
  listStaff,
  localDateIn,
  personFactsForField,
  requirePersonFacts,
  viewerOf,
  type ChangeContext,
  type Paged,
} from './people.service';
export {
  administersOrg,
  authorize,
  canEndEnrolment,
  canEnrol,
  canViewPerson,
  isMunicipalAdmin,
  orgAdminIds,
  type ClassRef,
  type OrgRef,
  type PersonFacts,
  type ViewerFacts,
} from './people.policy';
