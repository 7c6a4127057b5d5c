import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn, refType } from '../dialect';

/**
 * Tables of monitoring and the roadmap (DESIGN §3, §6; docs/monitoring.md).
 *
 * - `activity_weekly`: the ISO-week rollup of `activity_daily` (person ×
 *   Monday of the week), written in the same transaction as the daily row,
 *   so the weekly indicators read one row per person instead of seven.
 *   Derived data: `parta monitoring rebuild` recomputes it.
 * - `activity_imported`: weekly message counts imported from another
 *   messenger, kept apart from native activity.
 * - `monitoring_weeks`: frozen results of closed weeks, one JSON payload per
 *   municipality × week × threshold.
 * - `roadmaps`, `roadmap_items`, `roadmap_targets`: the plan and its
 *   measurable targets; statuses are computed, never stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = dialectOf(db);
  const id = idColumn(d);
  const ref = refType(d);

  await db.schema
    .createTable('monitoring_settings')
    .addColumn('municipality_id', ref, (c) =>
      c.primaryKey().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('threshold', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('target_share', 'double precision', (c) => c.notNull().defaultTo(1))
    .addColumn('red_below', 'double precision', (c) => c.notNull().defaultTo(0.5))
    .addColumn('yellow_below', 'double precision', (c) => c.notNull().defaultTo(0.9))
    .addColumn('weakest_count', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('weekly_post', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('weekly_post_weekday', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('weekly_post_hour', 'integer', (c) => c.notNull().defaultTo(9))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', ref)
    .execute();

  // Read by week: (week_start, person_id) first. Without a rowid in SQLite the
  // primary key holds the counters too, so a week is one range scan.
  let weekly = db.schema
    .createTable('activity_weekly')
    .addColumn('week_start', 'text', (c) => c.notNull())
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('substantive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('replies_received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parent_conversation', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('activity_weekly_pk', ['week_start', 'person_id']);
  if (d === 'sqlite') weekly = weekly.modifyEnd(sql`without rowid`);
  await weekly.execute();
  // What the weekly indicators scan, covered: positions by organisation, the
  // few deactivated people, accounts by creation (registered "as of" a week).
  await db.schema
    .createIndex('positions_monitoring_idx')
    .on('positions')
    .columns(['organization_id', 'pedagogical', 'person_id', 'started_on', 'ended_on'])
    .execute();
  await db.schema
    .createIndex('people_deactivated_idx')
    .on('people')
    .column('deactivated_at')
    .where(sql.ref('deactivated_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('accounts_created_idx')
    .on('accounts')
    .columns(['created_at', 'person_id'])
    .execute();

  await db.schema
    .createTable('monitoring_imports')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('imported_by', ref)
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('rows_total', 'integer', (c) => c.notNull())
    .addColumn('rows_matched', 'integer', (c) => c.notNull())
    .addColumn('weeks', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('activity_imported')
    .addColumn('week_start', 'text', (c) => c.notNull())
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    .addColumn('messages', 'integer', (c) => c.notNull().check(sql`messages >= 0`))
    .addColumn('import_id', ref, (c) =>
      c.notNull().references('monitoring_imports.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('activity_imported_pk', ['week_start', 'person_id'])
    .execute();
  await db.schema
    .createIndex('activity_imported_import_idx')
    .on('activity_imported')
    .column('import_id')
    .execute();

  await db.schema
    .createTable('monitoring_weeks')
    .addColumn('municipality_id', ref, (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_weeks_pk', ['municipality_id', 'week', 'threshold'])
    .execute();

  await db.schema
    .createTable('monitoring_posts')
    .addColumn('municipality_id', ref, (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('chat_id', ref)
    .addColumn('message_seq', 'bigint')
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_posts_pk', ['municipality_id', 'week'])
    .execute();

  /** Leases of scheduled jobs: one node of a cluster runs a job at a time. */
  await db.schema
    .createTable('monitoring_job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('roadmaps')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('template', 'text')
    .addColumn('due_date', 'text')
    .addColumn('created_by', ref)
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('roadmaps_municipality_idx')
    .on('roadmaps')
    .column('municipality_id')
    .execute();

  await db.schema
    .createTable('roadmap_items')
    .addColumn('id', id.type, id.build)
    .addColumn('roadmap_id', ref, (c) => c.notNull().references('roadmaps.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('responsible', 'text', (c) => c.notNull())
    /** JSON: `{authority: boolean, orgKinds: OrgKind[], orgIds: number[]}`. */
    .addColumn('responsible_scope', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('expected_result', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', ref)
    .addColumn('closure_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('roadmap_items_number_uq', ['roadmap_id', 'number'])
    .execute();

  await db.schema
    .createTable('roadmap_targets')
    .addColumn('id', id.type, id.build)
    .addColumn('roadmap_id', ref, (c) => c.notNull().references('roadmaps.id').onDelete('cascade'))
    /** Null: a target of the whole roadmap (its «целевые показатели»). */
    .addColumn('item_id', ref, (c) => c.references('roadmap_items.id').onDelete('cascade'))
    .addColumn('indicator', 'text', (c) => c.notNull())
    /** JSON of the indicator's parameters, e.g. `{"kind": "heads"}`. */
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('comparator', 'text', (c) =>
      c.notNull().check(sql`comparator in ('>=', '>', '=', '<=', '<')`),
    )
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('title', 'text')
    .execute();
  await db.schema
    .createIndex('roadmap_targets_roadmap_idx')
    .on('roadmap_targets')
    .columns(['roadmap_id', 'item_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0003_monitoring cannot be reverted; restore a backup instead');
}
