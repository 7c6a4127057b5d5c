export { authRoutes } from './auth.routes';
export {
  changePassword,
  createAccount,
  resolveSession,
  revokeAllSessionsOf,
  type AuthSettings,
  type ResolvedSession,
} from './auth.service';
export { hashPassword, passwordProblem, verifyPassword } from './password';
