import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn, refType } from '../dialect';

/**
 * The organisation model of DESIGN §3, accounts, sessions, login throttling
 * and the audit log. Column types `timestamptz` and `boolean` are native in
 * PostgreSQL and take NUMERIC affinity in SQLite, where timestamps are stored
 * as ISO-8601 UTC text (sortable) and booleans as 0/1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = dialectOf(db);
  const id = idColumn(d);
  const ref = refType(d);

  await db.schema
    .createTable('municipalities')
    .addColumn('id', id.type, id.build)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Yekaterinburg'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organizations')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('authority', 'general', 'additional', 'preschool')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('organizations_municipality_idx')
    .on('organizations')
    .columns(['municipality_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('organizations_external_id_uq')
    .on('organizations')
    .columns(['municipality_id', 'external_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('org_baselines')
    .addColumn('id', id.type, id.build)
    .addColumn('organization_id', ref, (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('headcount', 'integer', (c) => c.notNull().check(sql`headcount >= 0`))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addUniqueConstraint('org_baselines_uq', ['organization_id', 'category', 'valid_from'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('middle_name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deactivated_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('people_phone_idx').on('people').column('phone').execute();
  await db.schema.createIndex('people_email_idx').on('people').column('email').execute();
  await db.schema
    .createIndex('people_name_idx')
    .on('people')
    .columns(['municipality_id', 'last_name', 'first_name'])
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', id.type, id.build)
    .addColumn('person_id', ref, (c) => c.notNull().unique().references('people.id'))
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'disabled')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_login_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('admin_grants')
    .addColumn('id', id.type, id.build)
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('platform_admin', 'municipal_admin', 'org_admin')`),
    )
    .addColumn('municipality_id', ref, (c) => c.references('municipalities.id'))
    .addColumn('organization_id', ref, (c) => c.references('organizations.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('admin_grants_person_idx')
    .on('admin_grants')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('positions')
    .addColumn('id', id.type, id.build)
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('organization_id', ref, (c) => c.notNull().references('organizations.id'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('head', 'deputy', 'teacher', 'authority_staff', 'staff')`),
    )
    .addColumn('title', 'text')
    .addColumn('pedagogical', 'boolean', (c) => c.notNull())
    .addColumn('started_on', 'text')
    .addColumn('ended_on', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('positions_person_idx').on('positions').column('person_id').execute();
  await db.schema
    .createIndex('positions_org_idx')
    .on('positions')
    .columns(['organization_id', 'role'])
    .execute();

  await db.schema
    .createTable('classes')
    .addColumn('id', id.type, id.build)
    .addColumn('organization_id', ref, (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('class', 'group')`))
    .addColumn('grade', 'integer')
    .addColumn('academic_year', 'integer', (c) => c.notNull())
    .addColumn('class_teacher_id', ref, (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz')
    .addUniqueConstraint('classes_uq', ['organization_id', 'academic_year', 'name'])
    .execute();

  await db.schema
    .createTable('enrolments')
    .addColumn('id', id.type, id.build)
    .addColumn('pupil_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('class_id', ref, (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('started_on', 'text')
    .addColumn('ended_on', 'text')
    .execute();
  await db.schema.createIndex('enrolments_pupil_idx').on('enrolments').column('pupil_id').execute();
  await db.schema.createIndex('enrolments_class_idx').on('enrolments').column('class_id').execute();

  await db.schema
    .createTable('guardianships')
    .addColumn('id', id.type, id.build)
    .addColumn('parent_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('pupil_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('guardianships_uq', ['parent_id', 'pupil_id'])
    .execute();
  await db.schema
    .createIndex('guardianships_pupil_idx')
    .on('guardianships')
    .column('pupil_id')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('cookie', 'bearer')`))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', id.type, id.build)
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_person_id', ref)
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('municipality_id', ref)
    .addColumn('ip', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema
    .createIndex('audit_log_actor_idx')
    .on('audit_log')
    .columns(['actor_person_id', 'at'])
    .execute();

  // The audit log is append-only: the database itself refuses edits.
  if (d === 'postgres') {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('0001_core cannot be reverted; restore a backup instead');
}
