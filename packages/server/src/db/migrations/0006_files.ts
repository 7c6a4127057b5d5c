import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn, refType } from '../dialect';

/**
 * Attachments and the full-text index of messages (DESIGN §3).
 *
 * Files: `files` holds one row per stored object (the bytes live in the
 * configured storage under `storage_key`); `attachments` links messages to
 * files. A file is charged to its uploader's organisation from the upload on
 * (quota), is "orphan" until `attached_at` is set, and is removed by the
 * files job when never attached in time or when every message carrying it has
 * been deleted for longer than the retention period.
 *
 * Search: the index follows `messages` inside the writing transaction, with no
 * code in the messages module:
 * - PostgreSQL: a stored generated `tsvector` (configuration `russian`, which
 *   stems Cyrillic words with the Russian and Latin words with the English
 *   Snowball stemmer) with a GIN index. Deleted and system messages get NULL,
 *   so they drop out of the index when deleted; an edit recomputes the vector.
 * - SQLite: an FTS5 table of stems (contentless, rows deletable), filled by
 *   triggers through the `parta_search_text()` function that the connection
 *   registers at open (`modules/search/search.sqlite.ts`). Its `tags` column
 *   carries `c<chatId> a<authorId>` tokens, so access and author filters are
 *   evaluated inside the index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = dialectOf(db);
  const id = idColumn(d);
  const ref = refType(d);

  await db.schema
    .createTable('files')
    .addColumn('id', id.type, id.build)
    .addColumn('municipality_id', ref, (c) => c.notNull().references('municipalities.id'))
    /** The organisation whose quota the file counts against; null: the municipality's own. */
    .addColumn('organization_id', ref, (c) => c.references('organizations.id'))
    .addColumn('uploader_id', ref, (c) => c.notNull().references('people.id'))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('thumbnail_key', 'text')
    .addColumn('thumbnail_size', 'bigint')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attached_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('files_quota_idx')
    .on('files')
    .columns(['municipality_id', 'organization_id'])
    .execute();
  await db.schema
    .createIndex('files_orphan_idx')
    .on('files')
    .columns(['attached_at', 'created_at'])
    .execute();
  await db.schema
    .createIndex('files_uploader_idx')
    .on('files')
    .columns(['uploader_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('message_id', ref, (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('file_id', ref, (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('attachments_pk', ['message_id', 'file_id'])
    .execute();
  await db.schema.createIndex('attachments_file_idx').on('attachments').column('file_id').execute();

  if (d === 'postgres') {
    await sql`
      ALTER TABLE messages ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        CASE WHEN deleted_at IS NULL AND kind <> 'system'
             THEN to_tsvector('russian'::regconfig, body) END
      ) STORED`.execute(db);
    await sql`CREATE INDEX messages_search_idx ON messages USING gin (search_tsv)`.execute(db);
    return;
  }

  await sql`
    CREATE VIRTUAL TABLE messages_search USING fts5(
      body, tags, content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 0'
    )`.execute(db);
  const row = sql`new.id, parta_search_text(new.body), 'c' || new.chat_id || ' a' || coalesce(new.author_id, 0)`;
  await sql`
    CREATE TRIGGER messages_search_ai AFTER INSERT ON messages
    WHEN new.deleted_at IS NULL AND new.kind <> 'system'
    BEGIN
      INSERT INTO messages_search (rowid, body, tags) VALUES (${row});
    END`.execute(db);
  await sql`
    CREATE TRIGGER messages_search_au AFTER UPDATE OF body, deleted_at, kind ON messages
    BEGIN
      DELETE FROM messages_search WHERE rowid = old.id;
      INSERT INTO messages_search (rowid, body, tags)
        SELECT ${row} WHERE new.deleted_at IS NULL AND new.kind <> 'system';
    END`.execute(db);
  await sql`
    CREATE TRIGGER messages_search_ad AFTER DELETE ON messages
    BEGIN
      DELETE FROM messages_search WHERE rowid = old.id;
    END`.execute(db);
  await sql`
    INSERT INTO messages_search (rowid, body, tags)
    SELECT id, parta_search_text(body), 'c' || chat_id || ' a' || coalesce(author_id, 0)
    FROM messages WHERE deleted_at IS NULL AND kind <> 'system'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0006_files cannot be reverted; restore a backup instead');
}
