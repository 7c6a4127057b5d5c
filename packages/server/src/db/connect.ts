import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import { DatabaseOpenError, openSqlite } from './sqlite';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Human description without secrets, for logs. */
  describe: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL schema to use (tests isolate themselves in one). */
  searchPath?: string;
  poolSize?: number;
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter does not claim it,
 * so its migrator would commit each statement alone. Claiming it makes every
 * migration run all-or-nothing, as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class PartaSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** bigint (int8) and numeric counts come back as numbers: ids stay below 2^53. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Connects to `sqlite:<file>` or `postgres://…` and proves the connection works.
 * Fails with `DatabaseOpenError` naming the database, never with a half-open pool.
 */
export async function connectDatabase(
  url: string,
  opts: ConnectOptions = {},
): Promise<DatabaseHandle> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      types: pgTypes,
      ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
    });
    // A client losing its server must not crash the process: an idle one
    // reports to the pool; a checked-out one between statements (a group
    // commit collecting sends inside its transaction) emits 'error' on
    // itself, which without a listener is an uncaught exception. Either way
    // the next statement on it fails (→ 503 DATABASE_UNAVAILABLE) and the
    // pool discards it on release.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    try {
      const client = await pool.connect();
      await client.query('SELECT 1');
      client.release();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new DatabaseOpenError(
        `cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message || String(err)}`,
      );
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', describe: redact(url), close: () => db.destroy() };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (!file) throw new DatabaseOpenError('PARTA_DATABASE_URL names no SQLite file');
  const { kysely } = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new PartaSqliteDialect({ database: kysely }) });
  return { db, dialect: 'sqlite', describe: `sqlite:${file}`, close: () => db.destroy() };
}
