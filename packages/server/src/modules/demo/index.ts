/**
 * The demo district: a fictitious municipality with the numbers of DOMAIN.md,
 * for `parta demo` and for trying Parta out. Loads into an empty database or
 * replaces everything but the audit log.
 */
export {
  DEMO_LOGINS,
  isDatabaseEmpty,
  loadDemoDistrict,
  resetDemoDistrict,
  type DemoAccount,
  type DemoCounts,
  type DemoLogin,
  type DemoOptions,
  type DemoSummary,
} from './demo.service';
