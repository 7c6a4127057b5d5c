import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type DatabaseHandle, type DialectName } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';

/** The dialects this run covers (see global-setup.ts). */
export const DIALECTS = inject('dialects') as DialectName[];

export interface TestDatabase extends DatabaseHandle {
  /** URL another process (a CLI or a second node) can connect with. */
  url: string;
  /** PostgreSQL schema, for processes that need `search_path`. */
  schema?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of one dialect: a temporary SQLite file, or a
 * new PostgreSQL schema on the test server. Each test file gets its own.
 */
export async function createTestDatabase(
  dialect: DialectName,
  opts: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const tag = randomBytes(6).toString('hex');
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-test-'));
    const url = `sqlite:${path.join(dir, 'parta.db')}`;
    const handle = await connectDatabase(url);
    if (opts.migrate !== false) await migrateToLatest(handle.db);
    return {
      ...handle,
      url,
      drop: async () => {
        await handle.close().catch(() => undefined);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = inject('postgresUrl');
  const schema = `t_${tag}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = await connectDatabase(base, { searchPath: schema, poolSize: 5 });
  if (opts.migrate !== false) await migrateToLatest(handle.db);
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    ...handle,
    url: u.toString(),
    schema,
    drop: async () => {
      await handle.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}
