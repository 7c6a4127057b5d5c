import type { Kysely } from 'kysely';
import { dialectOf, refType } from '../dialect';

/**
 * Monitoring, second step (docs/monitoring.md):
 *
 * - `monitoring_weeks.format`: 1 — the payload is the computed week, its
 *   change against the week before is worked out on every read (rows frozen
 *   before this migration); 2 — the payload is the week exactly as the API
 *   serves it to the municipality (change included), sent as stored.
 * - `monitoring_week_summaries`: for format 2, the same report without the
 *   per-organisation rows — what trends, roadmap targets and the totals
 *   read. A table of its own: SQLite reads a row's columns in order, so a
 *   column stored after the large payload would cost a walk through the
 *   payload's overflow pages on every read.
 * - `monitoring_bots`: the system sender of each municipality's weekly post
 *   (a `people` row without account or position), so its message has an
 *   author and its XLSX an uploader like any attachment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ref = refType(dialectOf(db));
  await db.schema
    .alterTable('monitoring_weeks')
    .addColumn('format', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('monitoring_week_summaries')
    .addColumn('municipality_id', ref, (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_week_summaries_pk', [
      'municipality_id',
      'week',
      'threshold',
    ])
    .execute();
  await db.schema
    .createTable('monitoring_bots')
    .addColumn('municipality_id', ref, (c) =>
      c.primaryKey().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('person_id', ref, (c) => c.notNull().unique().references('people.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monitoring_bots').execute();
  await db.schema.dropTable('monitoring_week_summaries').execute();
  await db.schema.alterTable('monitoring_weeks').dropColumn('format').execute();
}
