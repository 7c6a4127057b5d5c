import { sql, type Compilable, type OperationNodeSource } from 'kysely';
import type { Database, DbOrTrx } from './database';
import { dialectOf } from './dialect';

/** A data-modifying statement without RETURNING (an insert, update or delete builder). */
export type WriteStatement = OperationNodeSource & Compilable & { execute(): Promise<unknown> };

/**
 * Runs independent writes as one round trip where it saves one: on
 * PostgreSQL as a single statement of data-modifying CTEs
 * (`WITH s0 AS (…), s1 AS (…) <last>`), on SQLite one after another (the
 * database is in-process, there is no round trip to save, and SQLite allows
 * no INSERT inside WITH).
 *
 * Contract: the writes must not depend on each other's effects and must not
 * touch the same row — PostgreSQL runs the sub-statements on one snapshot,
 * in an unspecified order. Run it inside the caller's transaction when the
 * writes must stand or fall together (on SQLite they are separate statements).
 */
export async function executeWrites(
  db: DbOrTrx,
  statements: readonly WriteStatement[],
): Promise<void> {
  if (statements.length === 0) return;
  if (statements.length === 1 || dialectOf<Database>(db) === 'sqlite') {
    for (const s of statements) await s.execute();
    return;
  }
  const last = statements[statements.length - 1] as WriteStatement;
  const ctes = statements.slice(0, -1).map((s, i) => sql`${sql.id(`s${i}`)} AS (${s})`);
  await sql`WITH ${sql.join(ctes)} ${last}`.execute(db);
}
