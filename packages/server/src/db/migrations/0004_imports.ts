import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn, refType } from '../dialect';

/**
 * Roster imports: `imports` logs every committed run (who, when, which file,
 * what it did); `job_titles` holds a municipality's own job title → role
 * rules, which win over the built-in dictionary (`modules/imports`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = dialectOf(db);
  const id = idColumn(d);
  const ref = refType(d);

  await db.schema
    .createTable('imports')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    .addColumn('organization_id', ref, (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('staff', 'pupils', 'parents')`),
    )
    .addColumn('file_name', 'text')
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('xlsx', 'csv')`))
    .addColumn('actor_person_id', ref, (c) => c.references('people.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('deactivate_missing', 'boolean', (c) => c.notNull())
    .addColumn('data_rows', 'integer', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addColumn('deactivated', 'integer', (c) => c.notNull())
    .addColumn('classes_created', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('imports_org_idx')
    .on('imports')
    .columns(['organization_id', 'at'])
    .execute();

  await db.schema
    .createTable('job_titles')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('match_kind', 'text', (c) =>
      c.notNull().check(sql`match_kind in ('exact', 'prefix')`),
    )
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .check(sql`role in ('head', 'deputy', 'teacher', 'authority_staff', 'staff', 'skip')`),
    )
    .addColumn('pedagogical', 'boolean', (c) => c.notNull())
    .addColumn('created_by', ref, (c) => c.references('people.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('job_titles_uq', ['municipality_id', 'pattern', 'match_kind'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0004_imports cannot be reverted; restore a backup instead');
}
