import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { registerSearchFunctions } from '../modules/search/search.sqlite';

/** SQLite cannot bind Date or boolean; store them as ISO-8601 UTC text and 0/1. */
function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function adaptStatement(stmt: BetterSqlite3.Statement): SqliteStatement {
  const map = (params: ReadonlyArray<unknown>) => params.map(bindable);
  return {
    get reader() {
      return stmt.reader;
    },
    all: (params) => stmt.all(...map(params)),
    run: (params) => {
      const r = stmt.run(...map(params));
      return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
    },
    iterate: (params) => stmt.iterate(...map(params)),
  };
}

export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

/**
 * Opens the embedded database: WAL for concurrent readers, `synchronous=FULL`
 * so an acknowledged commit survives power loss, foreign keys on. A file that
 * is not a SQLite database fails here with a clear message, before any write.
 */
export function openSqlite(file: string): { raw: BetterSqlite3.Database; kysely: SqliteDatabase } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(file);
  } catch (err) {
    throw new DatabaseOpenError(`cannot open SQLite database ${file}: ${(err as Error).message}`);
  }
  try {
    raw.pragma('busy_timeout = 5000');
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    // Reading the schema proves the file really is a database.
    raw.prepare('SELECT count(*) FROM sqlite_master').get();
    // Functions the schema's triggers call (the full-text index of messages).
    registerSearchFunctions(raw);
  } catch (err) {
    raw.close();
    throw new DatabaseOpenError(
      `${file} is not a usable SQLite database (${(err as Error).message}); ` +
        'restore it from a backup or point PARTA_DATABASE_URL elsewhere',
    );
  }
  const kysely: SqliteDatabase = {
    close: () => raw.close(),
    prepare: (sql) => adaptStatement(raw.prepare(sql)),
  };
  return { raw, kysely };
}
