import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './database';
import { migrations } from './migrations';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the schema to the latest version. Both dialects run DDL inside a
 * transaction, so a failed migration leaves the previous schema intact.
 * Returns the names of the migrations applied now.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  all: Record<string, Migration> = migrations,
): Promise<string[]> {
  // Kysely finds its bookkeeping tables by name across all schemas; pin them to
  // the schema in use so databases sharing a server (tests, tenants) stay apart.
  const schema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: { getMigrations: () => Promise.resolve(all) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
