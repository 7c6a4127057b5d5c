import { sql, type Kysely } from 'kysely';

/**
 * `people.system_sender`: the person is a system sender (the monitoring
 * bot of `monitoring_bots`, 0008) — an author of messages and an uploader of
 * files, never a person to list, find, look up or write to. The people
 * module treats such a row as no person at all, so every directory, search
 * and policy check leaves it out in one place; its messages still show its
 * name. Existing bots are flagged here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('people')
    .addColumn('system_sender', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`UPDATE people SET system_sender = ${sql.lit(true)}
    WHERE id IN (SELECT person_id FROM monitoring_bots)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('system_sender').execute();
}
