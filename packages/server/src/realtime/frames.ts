import { ClientFrame, type ServerFrame } from '@parta/shared';
import type { RawData } from 'ws';
import type { AppError } from '../platform/errors';

/**
 * Client frames in, server frames out. A frame is one JSON object; anything
 * else is refused with an `error` frame and never reaches a service.
 */

/** Keys that could reach an object's prototype when a parsed value is merged or spread. */
const POISON_KEYS = new Set(['__proto__', 'constructor']);

class PoisonedKey extends Error {}

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  | { ok: false; code: 'MALFORMED_JSON' | 'VALIDATION_FAILED'; message: string };

function text(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * Parses one WebSocket message. Binary frames, invalid JSON, non-objects and
 * objects with `__proto__`/`constructor` keys (at any depth) are
 * `MALFORMED_JSON`; a JSON object that does not match {@link ClientFrame}
 * (unknown `type` included) is `VALIDATION_FAILED`, naming the first bad path.
 * Never throws.
 */
export function parseClientFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary)
    return { ok: false, code: 'MALFORMED_JSON', message: 'Binary frames are not accepted.' };
  let value: unknown;
  try {
    value = JSON.parse(text(data), (key, v: unknown) => {
      if (POISON_KEYS.has(key)) throw new PoisonedKey(key);
      return v;
    });
  } catch (err) {
    return {
      ok: false,
      code: 'MALFORMED_JSON',
      message:
        err instanceof PoisonedKey
          ? `The key "${err.message}" is not allowed.`
          : 'The frame is not valid JSON.',
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'MALFORMED_JSON', message: 'A frame is one JSON object.' };
  }
  const parsed = ClientFrame.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'type';
    return {
      ok: false,
      code: 'VALIDATION_FAILED',
      message: `${path}: ${issue?.message ?? 'invalid frame'}`,
    };
  }
  return { ok: true, frame: parsed.data };
}

/** An `error` frame for a failed request; `requestId` ties it to a `send`. */
export function errorFrame(err: AppError, requestId?: string): ServerFrame {
  return {
    type: 'error',
    ...(requestId !== undefined ? { requestId } : {}),
    code: err.code,
    message: err.message,
    retriable: err.retriable,
  };
}
