import type { Messages } from '../i18n/ru';
import { isApiError, type ApiError } from './client';

/**
 * The text a person sees for a failed request, in their language. Server
 * messages are English and for logs, so only the error code decides.
 */
export function errorMessage(error: unknown, t: Messages): string {
  if (!isApiError(error)) return t.errors.unexpected('CLIENT');
  switch (error.code) {
    case 'NETWORK_ERROR':
      return t.errors.network;
    case 'INVALID_CREDENTIALS':
      return t.errors.invalidCredentials;
    case 'LOGIN_THROTTLED':
    case 'TOO_MANY_REQUESTS':
      return t.errors.throttled(waitMinutes(error));
    case 'ACCOUNT_DISABLED':
      return t.errors.accountDisabled;
    case 'VALIDATION_FAILED':
      return t.errors.validation;
    case 'DIRECT_NOT_ALLOWED':
      return t.errors.directNotAllowed;
    case 'NOT_CHAT_MEMBER':
      return t.errors.notChatMember;
    case 'CHAT_READ_ONLY':
      return t.errors.chatReadOnly;
    case 'CHAT_ARCHIVED':
      return t.errors.chatArchived;
    case 'FORBIDDEN':
      return t.errors.forbidden;
    case 'NOT_FOUND':
      return t.errors.notFound;
    case 'CONFLICT':
      return t.errors.conflict;
    default:
      return error.status >= 500 ? t.errors.server : t.errors.unexpected(error.code);
  }
}

/**
 * Whole minutes to wait, rounded up (never 0), from `Retry-After` or, failing
 * that, a number of seconds or minutes named in the message; `null` if neither says.
 */
export function waitMinutes(error: ApiError): number | null {
  const seconds = error.retryAfterSeconds ?? secondsInMessage(error.message);
  return seconds === null ? null : Math.max(1, Math.ceil(seconds / 60));
}

function secondsInMessage(message: string): number | null {
  const match = /(\d+)\s*(seconds?|secs?|minutes?|mins?|сек|мин)/i.exec(message);
  if (!match?.[1] || !match[2]) return null;
  const amount = Number(match[1]);
  return /^(min|мин)/i.test(match[2]) ? amount * 60 : amount;
}
