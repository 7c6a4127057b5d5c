/**
 * The one catalogue of error codes. Every HTTP error answers
 * `{"error": {"code", "message", "details"?}}` with the status below; codes are
 * stable API: clients branch on them, never on messages. `retriable` tells a
 * client that the same request may succeed later unchanged.
 *
 * Keep `docs/api/errors.md` in step: a test compares the two.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, retriable: false, message: 'The request is malformed.' },
  MALFORMED_JSON: { status: 400, retriable: false, message: 'The body is not valid JSON.' },
  VALIDATION_FAILED: { status: 400, retriable: false, message: 'The request failed validation.' },
  WEAK_PASSWORD: { status: 400, retriable: false, message: 'The password is too weak.' },
  UNAUTHENTICATED: { status: 401, retriable: false, message: 'Sign in first.' },
  INVALID_CREDENTIALS: {
    status: 401,
    retriable: false,
    message: 'Wrong login or password.',
  },
  SESSION_EXPIRED: { status: 401, retriable: false, message: 'The session has ended.' },
  FORBIDDEN: { status: 403, retriable: false, message: 'You may not do this.' },
  CSRF_FAILED: {
    status: 403,
    retriable: false,
    message: 'Missing or wrong X-CSRF-Token header, or a foreign Origin.',
  },
  ACCOUNT_DISABLED: { status: 403, retriable: false, message: 'The account is disabled.' },
  NOT_CHAT_MEMBER: { status: 403, retriable: false, message: 'You are not a member of this chat.' },
  CHAT_READ_ONLY: { status: 403, retriable: false, message: 'You may not write in this chat.' },
  DIRECT_NOT_ALLOWED: {
    status: 403,
    retriable: false,
    message: 'The closed environment does not allow a chat with this person.',
  },
  NOT_FOUND: { status: 404, retriable: false, message: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, retriable: false, message: 'No such endpoint.' },
  METHOD_NOT_ALLOWED: { status: 405, retriable: false, message: 'Method not allowed.' },
  CONFLICT: { status: 409, retriable: false, message: 'The request conflicts with stored data.' },
  CHAT_ARCHIVED: { status: 409, retriable: false, message: 'The chat is archived.' },
  ROSTER_MANAGED: {
    status: 409,
    retriable: false,
    message: 'Membership of this chat follows the rosters; change the roster instead.',
  },
  ALREADY_EXISTS: { status: 409, retriable: false, message: 'Such a record already exists.' },
  PAYLOAD_TOO_LARGE: { status: 413, retriable: false, message: 'The body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    retriable: false,
    message: 'Unsupported Content-Type.',
  },
  TOO_MANY_REQUESTS: { status: 429, retriable: true, message: 'Too many requests; slow down.' },
  LOGIN_THROTTLED: {
    status: 429,
    retriable: true,
    message: 'Too many failed sign-in attempts; try again later.',
  },
  INTERNAL: { status: 500, retriable: true, message: 'Internal error.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    retriable: true,
    message: 'The database is unavailable; try again.',
  },
} as const satisfies Record<string, { status: number; retriable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    retriable: boolean;
    /** Field-level problems for VALIDATION_FAILED: path like `body.login`. */
    details?: { path: string; message: string }[];
  };
}
