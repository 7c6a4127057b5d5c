import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors';

/** Driver errors that mean "the database is not there right now". */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08001',
      '08003',
      '53300',
    ].includes(code)
  ) {
    return true;
  }
  const msg = e?.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|database is locked|SQLITE_BUSY|Client has encountered a connection error/i.test(
    msg,
  );
}

/** Turns every failure into the catalogue's shape. Unknown errors are logged, never leaked. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const details = err.validation.map((v) => {
      const p = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
      const unknown =
        v.keyword === 'unrecognized_keys' ? (v.params?.keys as string[] | undefined) : undefined;
      const keys = unknown?.length ? `.${unknown.join(',')}` : '';
      return { path: `${where}${p ? `.${p}` : ''}${keys}`, message: v.message ?? 'invalid' };
    });
    const first = details[0];
    return new AppError(
      'VALIDATION_FAILED',
      first ? `${first.path}: ${first.message}` : 'The request failed validation.',
      { details },
    );
  }
  const fe = err as FastifyError;
  switch (fe?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON', fe.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', fe.message);
  }
  // Prototype-poisoning keys are refused by the JSON parser.
  if (fe instanceof SyntaxError || /prototype/i.test(fe?.message ?? '')) {
    if (fe?.statusCode === 400) return new AppError('MALFORMED_JSON', fe.message);
  }
  if (isDatabaseUnavailable(err)) return new AppError('DATABASE_UNAVAILABLE');
  if (fe?.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (fe?.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', fe.message);
  if (fe?.statusCode === 400) return new AppError('BAD_REQUEST', fe.message);
  return new AppError('INTERNAL');
}

export type Fallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * The catalogue's error shape for every failure. Call before registering
 * routes: a route keeps the error handler in force when it was added.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const appErr = toAppError(err);
    if (appErr.code === 'INTERNAL' || appErr.code === 'DATABASE_UNAVAILABLE') {
      request.log.error({ err }, 'request failed');
    }
    void reply.code(appErr.status).headers(appErr.headers).send(appErr.toBody());
  });
}

/** 404 in the catalogue's shape; `fallback` may serve unmatched pages first (the SPA). */
export function installNotFound(app: FastifyInstance, fallback: Fallback = () => false): void {
  app.setNotFoundHandler((request, reply) => {
    if (fallback(request, reply)) return;
    const e = new AppError(
      'ROUTE_NOT_FOUND',
      `No endpoint ${request.method} ${request.url.split('?')[0]}`,
    );
    void reply.code(e.status).send(e.toBody());
  });
}
