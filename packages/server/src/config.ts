import { z } from 'zod';

/**
 * Every environment variable Parta reads, validated at boot. A bad value stops
 * the process with a message naming the variable (see `ConfigError`).
 * Keep README's configuration table in step: a test compares them.
 */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const duration = z.coerce.number().int().positive();

export const ConfigSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address to listen on; `0.0.0.0` to accept connections from the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** `sqlite:<file>` (embedded, default) or `postgres://user:pass@host:port/db`. */
  PARTA_DATABASE_URL: z
    .string()
    .refine(
      (v) => /^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(v),
      'expected sqlite:<file> or postgres://…',
    )
    .default('sqlite:./data/parta.db'),
  /** Size of the PostgreSQL connection pool per node. */
  PARTA_DATABASE_POOL: z.coerce.number().int().min(1).max(200).default(10),
  /** Redis for fan-out between nodes; empty = in-process bus (one node). */
  PARTA_REDIS_URL: z
    .string()
    .refine((v) => v === '' || /^rediss?:\/\/.+/.test(v), 'expected redis://host:port')
    .default(''),
  /** Namespace of this installation's channels and keys in a shared Redis (letters, digits, - and _). */
  PARTA_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,64}$/, 'letters, digits, - and _ only')
    .default(''),
  /** Load the demo district into an empty database (`0` in production). */
  PARTA_DEMO: bool.default(true),
  /** Password of every demo account. */
  PARTA_DEMO_PASSWORD: z.string().min(8).default('parta-demo'),
  /** Public URL as users see it, e.g. https://parta.example.ru; sets Secure cookies and the allowed Origin. */
  PARTA_PUBLIC_URL: z.union([z.literal(''), z.url()]).default(''),
  /** Extra allowed Origins for browsers (comma-separated), beyond PARTA_PUBLIC_URL and the Host. */
  PARTA_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /** Trust X-Forwarded-* headers (behind nginx): `1` or a comma list of proxy addresses. */
  PARTA_TRUST_PROXY: z.string().default(''),
  /** Log level: fatal, error, warn, info, debug, trace, silent. */
  PARTA_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** Largest accepted JSON body, bytes. */
  PARTA_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Idle lifetime of a session, hours (renewed while used). */
  PARTA_SESSION_TTL_HOURS: duration.max(24 * 365).default(24 * 30),
  /** Failed sign-ins per account before it is locked for a while. */
  PARTA_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Failed sign-ins per client address before it is locked for a while. */
  PARTA_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100000).default(50),
  /** Window and base lock time of sign-in throttling, seconds. */
  PARTA_LOGIN_LOCK_SECONDS: duration.max(86400).default(900),
  /** Messages a person may send per minute (per node), sustained. */
  PARTA_SEND_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(120),
  /** Messages a person may send in a burst before the per-minute rate applies. */
  PARTA_SEND_BURST: z.coerce.number().int().min(1).max(100000).default(30),
  /** Largest roster file one import takes (XLSX or CSV), bytes. */
  PARTA_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** Most data rows one roster import takes; larger files are refused before they are processed. */
  PARTA_IMPORT_MAX_ROWS: z.coerce.number().int().min(10).max(200_000).default(20_000),
  /** Directory of the built web client; empty = packages/web/dist. */
  PARTA_WEB_DIR: z.string().default(''),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration; throws `ConfigError` naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A config for tests: defaults plus overrides, validated the same way. */
export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ PARTA_DEMO: '0', PARTA_LOG_LEVEL: 'silent', ...overrides });
}
