import type { Kysely } from 'kysely';
import { dialectOf, refType } from '../dialect';

/**
 * A person's own settings (language, theme, notifications and quiet hours),
 * stored as one validated JSON document per person so every device they use
 * agrees. No row: the defaults (`DEFAULT_PREFERENCES` in @parta/shared).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ref = refType(dialectOf(db));
  await db.schema
    .createTable('person_preferences')
    .addColumn('person_id', ref, (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('person_preferences').execute();
}
