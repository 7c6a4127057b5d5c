import pino, { type Logger } from 'pino';
import type { Config } from '../config';

/** JSON logs on stdout (pino); secrets and session material are redacted. */
export function createLogger(config: Config): Logger {
  return pino({
    level: config.PARTA_LOG_LEVEL,
    base: { service: 'parta' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
}
