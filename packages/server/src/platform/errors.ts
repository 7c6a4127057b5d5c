import { ERRORS, type ErrorBody, type ErrorCode } from '@parta/shared';

/**
 * The one error type services and routes throw. The HTTP layer turns it into
 * `{"error": {code, message, retriable, details?}}` with the catalogue's status.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  readonly details: { path: string; message: string }[] | undefined;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message?: string,
    opts: { details?: { path: string; message: string }[]; headers?: Record<string, string> } = {},
  ) {
    super(message ?? ERRORS[code].message);
    this.code = code;
    this.status = ERRORS[code].status;
    this.retriable = ERRORS[code].retriable;
    this.details = opts.details;
    this.headers = opts.headers ?? {};
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        retriable: this.retriable,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);
export const notFound = (what = 'Not found.') => new AppError('NOT_FOUND', what);
