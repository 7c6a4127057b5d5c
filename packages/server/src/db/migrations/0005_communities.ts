import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn, refType } from '../dialect';

/**
 * Network communities and invitations (DESIGN §3, §5). Invariants the schema
 * itself holds:
 * - one membership row per person and community (`community_members_pk`);
 * - one discussion chat and one announcement channel per community
 *   (`chats_community_uq` on `chats(community_id, kind)`);
 * - an invitation's token hash and short code are unique;
 * - at most one pending join request per person and community (checked in
 *   the service inside the transaction; history of decided requests is kept).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = dialectOf(db);
  const id = idColumn(d);
  const ref = refType(d);

  await db.schema
    .createTable('communities')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('heads', 'deputies', 'parents', 'teachers', 'custom')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner_org_id', ref, (c) => c.references('organizations.id'))
    .addColumn('created_by', ref, (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('communities_municipality_idx')
    .on('communities')
    .columns(['municipality_id', 'kind'])
    .execute();

  await db.schema
    .createTable('community_members')
    .addColumn('community_id', ref, (c) =>
      c.notNull().references('communities.id').onDelete('cascade'),
    )
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('owner', 'admin', 'moderator', 'member')`),
    )
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('manual', 'rule', 'invitation', 'request')`),
    )
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addColumn('left_at', 'timestamptz')
    .addPrimaryKeyConstraint('community_members_pk', ['community_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('community_members_person_idx')
    .on('community_members')
    .columns(['person_id', 'left_at'])
    .execute();

  await db.schema
    .createTable('community_rules')
    .addColumn('id', id.type, id.build)
    .addColumn('community_id', ref, (c) =>
      c.notNull().references('communities.id').onDelete('cascade'),
    )
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('created_by', ref, (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_rules_community_idx')
    .on('community_rules')
    .column('community_id')
    .execute();

  await db.schema
    .createTable('community_exclusions')
    .addColumn('community_id', ref, (c) =>
      c.notNull().references('communities.id').onDelete('cascade'),
    )
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('left', 'removed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_exclusions_pk', ['community_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('community_requests')
    .addColumn('id', id.type, id.build)
    .addColumn('community_id', ref, (c) =>
      c.notNull().references('communities.id').onDelete('cascade'),
    )
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('message', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'approved', 'rejected', 'cancelled')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', ref, (c) => c.references('people.id'))
    .execute();
  await db.schema
    .createIndex('community_requests_idx')
    .on('community_requests')
    .columns(['community_id', 'status'])
    .execute();

  await db.schema
    .createIndex('chats_community_uq')
    .on('chats')
    .columns(['community_id', 'kind'])
    .unique()
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('staff', 'staff_personal', 'pupils', 'parents', 'parent_personal', 'community')`,
        ),
    )
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organization_id', ref, (c) => c.references('organizations.id'))
    .addColumn('class_id', ref, (c) => c.references('classes.id').onDelete('cascade'))
    .addColumn('pupil_id', ref, (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('person_id', ref, (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('community_id', ref, (c) => c.references('communities.id').onDelete('cascade'))
    .addColumn('position_title', 'text')
    .addColumn('pedagogical', 'boolean')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('max_uses', 'integer', (c) => c.notNull().check(sql`max_uses >= 1`))
    .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', ref, (c) => c.references('people.id'))
    .addColumn('note', 'text')
    .addColumn('created_by', ref, (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('invitations_use_limit', sql`use_count <= max_uses`)
    .execute();
  await db.schema
    .createIndex('invitations_scope_idx')
    .on('invitations')
    .columns(['organization_id', 'class_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('invitations_pupil_idx')
    .on('invitations')
    .columns(['pupil_id', 'kind'])
    .execute();

  await db.schema
    .createTable('invitation_uses')
    .addColumn('id', id.type, id.build)
    .addColumn('invitation_id', ref, (c) =>
      c.notNull().references('invitations.id').onDelete('cascade'),
    )
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('person_created', 'boolean', (c) => c.notNull())
    .addColumn('account_created', 'boolean', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema
    .createIndex('invitation_uses_invitation_idx')
    .on('invitation_uses')
    .column('invitation_id')
    .execute();
  await db.schema
    .createIndex('invitation_uses_person_idx')
    .on('invitation_uses')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('invitation_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    .addColumn('organization_id', ref, (c) => c.references('organizations.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'sms')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('stored', 'pending', 'sent', 'failed')`),
    )
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('invitation_id', ref, (c) => c.references('invitations.id').onDelete('set null'))
    .addColumn('created_by', ref, (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('outbox_municipality_idx')
    .on('outbox')
    .columns(['municipality_id', 'created_at'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0005_communities cannot be reverted; restore a backup instead');
}
