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
  INVITATION_NOT_FOUND: {
    status: 404,
    retriable: false,
    message: 'No such invitation: check the code or the link.',
  },
  INVITATION_EXPIRED: { status: 410, retriable: false, message: 'The invitation has expired.' },
  INVITATION_REVOKED: { status: 410, retriable: false, message: 'The invitation was revoked.' },
  INVITATION_USED_UP: {
    status: 410,
    retriable: false,
    message: 'The invitation has been used as many times as it allows.',
  },
  INVITATION_ROLE_MISMATCH: {
    status: 409,
    retriable: false,
    message: 'The invitation grants a different role.',
  },
  COMMUNITY_ARCHIVED: { status: 409, retriable: false, message: 'The community is archived.' },
  IMPORT_UNREADABLE_FILE: {
    status: 400,
    retriable: false,
    message: 'The file is not an XLSX or CSV spreadsheet, or it is damaged.',
  },
  IMPORT_NO_HEADER: {
    status: 400,
    retriable: false,
    message: 'No header row with known column names was found.',
  },
  IMPORT_MISSING_COLUMNS: {
    status: 400,
    retriable: false,
    message: 'A required column is missing from the header.',
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 400,
    retriable: false,
    message: 'The file has more rows than one import takes.',
  },
  IMPORT_EMPTY: { status: 400, retriable: false, message: 'The file has no data rows.' },
  IMPORT_HAS_PROBLEMS: {
    status: 400,
    retriable: false,
    message: 'The file has problems; nothing was written. Run a dry run to see them.',
  },
  IMPORT_PLAN_CHANGED: {
    status: 409,
    retriable: false,
    message: 'The data changed since the dry run; review the new plan and confirm again.',
  },
  FILE_TOO_LARGE: { status: 413, retriable: false, message: 'The file is too large.' },
  STORAGE_QUOTA_EXCEEDED: {
    status: 413,
    retriable: false,
    message: "The organisation's storage quota is used up.",
  },
  RANGE_NOT_SATISFIABLE: {
    status: 416,
    retriable: false,
    message: 'The requested byte range lies outside the file.',
  },
  FILE_STORAGE_UNAVAILABLE: {
    status: 503,
    retriable: true,
    message: 'The file storage is unavailable; try again.',
  },
  ACTIVITY_IMPORT_INVALID: {
    status: 400,
    retriable: false,
    message: 'The activity file cannot be read: wrong format or missing columns.',
  },
  ROADMAP_ITEM_MEASURED: {
    status: 409,
    retriable: false,
    message: 'The item has a measurable target: its status follows the indicator.',
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
