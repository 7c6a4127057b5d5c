import type { Insertable } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database';

/**
 * All SQL of the demo loader. Inserts are multi-row and chunked; callers run
 * them inside one transaction, so a load is all or nothing.
 */

/**
 * Bound parameters per statement: below SQLite's 32766 (and PostgreSQL's
 * 65535), with headroom for anything Kysely adds.
 */
const MAX_PARAMS = 30_000;
/** Rows per statement at most, whatever the width: keeps the SQL text modest. */
const MAX_ROWS = 2_000;

function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Inserts rows chunk by chunk and returns their ids in the order of `rows`.
 *
 * Both dialects hand out identity values in the order the rows of one
 * multi-row VALUES list are inserted, but neither promises the order of the
 * RETURNING rows; so each chunk's ids are sorted ascending, which restores
 * the order of the rows.
 */
async function insertWithIds<T>(
  rows: readonly T[],
  columns: number,
  insert: (chunk: T[]) => Promise<{ id: number }[]>,
): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(rows, columns)) {
    const returned = (await insert(chunk)).map((r) => Number(r.id)).sort((a, b) => a - b);
    if (returned.length !== chunk.length) {
      throw new Error(`insert returned ${returned.length} ids for ${chunk.length} rows`);
    }
    ids.push(...returned);
  }
  return ids;
}

async function insertAll<T>(
  rows: readonly T[],
  columns: number,
  insert: (chunk: T[]) => Promise<unknown>,
) {
  for (const chunk of chunks(rows, columns)) await insert(chunk);
}

type New<T extends keyof Database> = Insertable<Database[T]>;

/** True when no municipality exists: nothing to overwrite, a demo may be loaded. */
export async function isDatabaseEmpty(db: DbOrTrx): Promise<boolean> {
  const row = await db.selectFrom('municipalities').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

export async function insertMunicipality(db: DbOrTrx, row: New<'municipalities'>): Promise<number> {
  const r = await db
    .insertInto('municipalities')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export function insertOrganizations(db: DbOrTrx, rows: New<'organizations'>[]): Promise<number[]> {
  return insertWithIds(rows, 7, (chunk) =>
    db.insertInto('organizations').values(chunk).returning('id').execute(),
  );
}

export function insertPeople(db: DbOrTrx, rows: New<'people'>[]): Promise<number[]> {
  return insertWithIds(rows, 10, (chunk) =>
    db.insertInto('people').values(chunk).returning('id').execute(),
  );
}

export function insertClasses(db: DbOrTrx, rows: New<'classes'>[]): Promise<number[]> {
  return insertWithIds(rows, 8, (chunk) =>
    db.insertInto('classes').values(chunk).returning('id').execute(),
  );
}

export function insertPositions(db: DbOrTrx, rows: New<'positions'>[]): Promise<void> {
  return insertAll(rows, 8, (chunk) => db.insertInto('positions').values(chunk).execute());
}

export function insertEnrolments(db: DbOrTrx, rows: New<'enrolments'>[]): Promise<void> {
  return insertAll(rows, 4, (chunk) => db.insertInto('enrolments').values(chunk).execute());
}

export function insertGuardianships(db: DbOrTrx, rows: New<'guardianships'>[]): Promise<void> {
  return insertAll(rows, 4, (chunk) => db.insertInto('guardianships').values(chunk).execute());
}

export function insertBaselines(db: DbOrTrx, rows: New<'org_baselines'>[]): Promise<void> {
  return insertAll(rows, 4, (chunk) => db.insertInto('org_baselines').values(chunk).execute());
}

export function insertAccounts(db: DbOrTrx, rows: New<'accounts'>[]): Promise<void> {
  return insertAll(rows, 6, (chunk) => db.insertInto('accounts').values(chunk).execute());
}

export function insertAdminGrants(db: DbOrTrx, rows: New<'admin_grants'>[]): Promise<void> {
  return insertAll(rows, 5, (chunk) => db.insertInto('admin_grants').values(chunk).execute());
}

/**
 * Every table `wipeAll` empties, children before parents (foreign keys are
 * enforced on both dialects). A migration that adds a table must add it here;
 * `demo.test.ts` fails until it does. `audit_log` is not listed: it is
 * append-only, and a reset keeps its history.
 */
export const WIPED_TABLES = [
  'outbox',
  'invitation_uses',
  'invitations',
  'invitation_throttle',
  'community_requests',
  'community_exclusions',
  'community_rules',
  'community_members',
  'communities',
  'attachments',
  'files',
  'poll_votes',
  'poll_options',
  'polls',
  'chat_pins',
  'message_reactions',
  'message_edits',
  'messages',
  'chat_members',
  'chats',
  'activity_daily',
  'imports',
  'job_titles',
  'activity_weekly',
  'activity_imported',
  'monitoring_imports',
  'monitoring_weeks',
  'monitoring_week_summaries',
  'monitoring_posts',
  'monitoring_settings',
  'monitoring_job_leases',
  'monitoring_bots',
  'roadmap_targets',
  'roadmap_items',
  'roadmaps',
  'person_preferences',
  'sessions',
  'login_throttle',
  'guardianships',
  'enrolments',
  'classes',
  'positions',
  'admin_grants',
  'accounts',
  'org_baselines',
  'people',
  'organizations',
  'municipalities',
] as const satisfies readonly Exclude<keyof Database, 'audit_log'>[];

/** Tables a reset leaves alone on purpose. */
export const KEPT_TABLES = ['audit_log'] as const satisfies readonly (keyof Database)[];

/**
 * Deletes every row of every table in `WIPED_TABLES`: all municipalities with
 * their people, accounts and sessions. Run it in the transaction that loads
 * the replacement, so a failed reset changes nothing.
 */
export async function wipeAll(db: DbOrTrx): Promise<void> {
  for (const table of WIPED_TABLES) await db.deleteFrom(table).execute();
}
