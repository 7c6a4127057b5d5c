import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn, refType } from '../dialect';

/**
 * Chats, members, messages and the daily activity counters (DESIGN §3, §4, §6).
 * Invariants the schema itself holds:
 * - `UNIQUE(chat_id, seq)`: one order per chat; seq is assigned from
 *   `chats.last_seq` inside the sending transaction, so it has no gaps.
 * - `UNIQUE(chat_id, author_id, client_message_id)`: a retried send finds the
 *   stored message instead of writing a second one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = dialectOf(db);
  const id = idColumn(d);
  const ref = refType(d);

  await db.schema
    .createTable('chats')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('direct', 'group', 'class_pupils', 'class_parents', 'org_staff', 'community', 'announcement')`,
        ),
    )
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('avatar', 'text')
    .addColumn('organization_id', ref, (c) => c.references('organizations.id'))
    .addColumn('class_id', ref, (c) => c.references('classes.id'))
    .addColumn('community_id', ref)
    /** `min:max` person ids of a direct chat: at most one direct chat per pair. */
    .addColumn('direct_key', 'text', (c) => c.unique())
    .addColumn('created_by', ref, (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_at', 'timestamptz')
    .addColumn('archived_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('chats_class_idx')
    .on('chats')
    .columns(['class_id', 'kind'])
    .unique()
    .execute();
  await db.schema
    .createIndex('chats_org_idx')
    .on('chats')
    .columns(['organization_id', 'kind'])
    .execute();

  await db.schema
    .createTable('chat_members')
    .addColumn('chat_id', ref, (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('owner', 'admin', 'member', 'readonly')`),
    )
    .addColumn('read_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('muted', 'boolean', (c) => c.notNull().defaultTo(false))
    /** `manual`, `roster` (class and staff chats) or `rule` (communities): who keeps it in sync. */
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    /** Seq of the chat when the member joined: history before it is not theirs to read. */
    .addColumn('joined_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('left_at', 'timestamptz')
    .addPrimaryKeyConstraint('chat_members_pk', ['chat_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('chat_members_person_idx')
    .on('chat_members')
    .columns(['person_id', 'left_at'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', id.type, id.build)
    .addColumn('chat_id', ref, (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('author_id', ref, (c) => c.references('people.id'))
    /** `text`, `poll`, `system` (joins, renames) or `bot` (reports): only `text` and `poll` count as written. */
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('text', 'poll', 'system', 'bot')`),
    )
    .addColumn('client_message_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('reply_to_seq', 'bigint')
    .addColumn('forwarded_from_id', ref)
    /** JSON: ids of mentioned people, `all` for @all. */
    .addColumn('mentions', 'text')
    .addColumn('substantive', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('deleted_by', ref)
    .addUniqueConstraint('messages_chat_seq_uq', ['chat_id', 'seq'])
    .addUniqueConstraint('messages_client_id_uq', ['chat_id', 'author_id', 'client_message_id'])
    .execute();
  await db.schema
    .createIndex('messages_author_idx')
    .on('messages')
    .columns(['author_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('message_edits')
    .addColumn('id', id.type, id.build)
    .addColumn('message_id', ref, (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('edited_by', ref)
    .addColumn('edited_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_edits_message_idx')
    .on('message_edits')
    .column('message_id')
    .execute();

  await db.schema
    .createTable('message_reactions')
    .addColumn('message_id', ref, (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('emoji', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_reactions_pk', ['message_id', 'person_id', 'emoji'])
    .execute();

  await db.schema
    .createTable('chat_pins')
    .addColumn('chat_id', ref, (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('message_id', ref, (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('pinned_by', ref)
    .addColumn('pinned_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_pins_pk', ['chat_id', 'message_id'])
    .execute();

  await db.schema
    .createTable('polls')
    .addColumn('message_id', ref, (c) =>
      c.primaryKey().references('messages.id').onDelete('cascade'),
    )
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('multiple', 'boolean', (c) => c.notNull())
    .addColumn('anonymous', 'boolean', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('poll_options')
    .addColumn('id', id.type, id.build)
    .addColumn('message_id', ref, (c) =>
      c.notNull().references('polls.message_id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('poll_votes')
    .addColumn('option_id', ref, (c) =>
      c.notNull().references('poll_options.id').onDelete('cascade'),
    )
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('message_id', ref, (c) => c.notNull())
    .addColumn('voted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_votes_pk', ['option_id', 'person_id'])
    .execute();

  /**
   * Per person and local day (municipality time zone): messages written,
   * substantive ones, replies they received, messages in conversations with
   * parents. Incremented in the sending transaction; the source of weekly
   * indicators (DESIGN §6). Rebuildable from `messages`.
   */
  await db.schema
    .createTable('activity_daily')
    .addColumn('person_id', ref, (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('substantive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('replies_received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parent_conversation', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('activity_daily_pk', ['person_id', 'day'])
    .execute();
  await db.schema
    .createIndex('activity_daily_day_idx')
    .on('activity_daily')
    .columns(['day', 'person_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0002_messaging cannot be reverted; restore a backup instead');
}
