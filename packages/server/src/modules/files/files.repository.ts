import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database';
import type { FilesTable } from '../../db/tables/files';
import { toInt } from '../../db/values';

/** All SQL of the files module. */

const fileColumns = [
  'f.id',
  'f.municipality_id',
  'f.organization_id',
  'f.uploader_id',
  'f.storage_key',
  'f.thumbnail_key',
  'f.thumbnail_size',
  'f.name',
  'f.mime',
  'f.size',
  'f.sha256',
  'f.width',
  'f.height',
  'f.created_at',
  'f.attached_at',
] as const;

export type FileRow = Awaited<ReturnType<typeof findFile>> & {};

export function findFile(db: DbOrTrx, id: number) {
  return db.selectFrom('files as f').select(fileColumns).where('f.id', '=', id).executeTakeFirst();
}

/** Bytes charged to an organisation (null: the municipality's own bucket). */
export async function usedBytes(
  db: DbOrTrx,
  municipalityId: number,
  organizationId: number | null,
): Promise<number> {
  const r = await db
    .selectFrom('files')
    .select((eb) => eb.fn.sum<number | string | null>('size').as('bytes'))
    .where('municipality_id', '=', municipalityId)
    .where('organization_id', organizationId === null ? 'is' : '=', organizationId)
    .executeTakeFirst();
  return toInt(r?.bytes);
}

export async function insertFile(db: DbOrTrx, row: Insertable<FilesTable>): Promise<number> {
  const r = await db.insertInto('files').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function deleteFileRow(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('files').where('id', '=', id).execute();
}

/** Deletes an upload of this person that no message carries yet; true when one was deleted. */
export async function deleteUnattached(db: DbOrTrx, id: number, uploaderId: number) {
  const r = await db
    .deleteFrom('files')
    .where('id', '=', id)
    .where('uploader_id', '=', uploaderId)
    .where('attached_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * True when the person may read the file now: a current member of a chat
 * where a message that is not deleted carries it.
 */
export async function readableThroughChat(
  db: DbOrTrx,
  fileId: number,
  personId: number,
): Promise<boolean> {
  const r = await db
    .selectFrom('attachments as a')
    .innerJoin('messages as m', 'm.id', 'a.message_id')
    .innerJoin('chat_members as cm', 'cm.chat_id', 'm.chat_id')
    .select('a.file_id')
    .where('a.file_id', '=', fileId)
    .where('m.deleted_at', 'is', null)
    .where('cm.person_id', '=', personId)
    .where('cm.left_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** Files among `ids`, with who uploaded them and whether they are attached (to lock in a send). */
export function filesForAttaching(db: DbOrTrx, ids: number[]) {
  return db
    .selectFrom('files')
    .select(['id', 'uploader_id', 'attached_at'])
    .where('id', 'in', ids)
    .execute();
}

/**
 * Links files to a message and marks them attached. Returns how many files
 * were still unattached: fewer than asked means a concurrent send took one.
 */
export async function linkFiles(
  db: DbOrTrx,
  messageId: number,
  fileIds: number[],
  at: Date,
): Promise<number> {
  const r = await db
    .updateTable('files')
    .set({ attached_at: at })
    .where('id', 'in', fileIds)
    .where('attached_at', 'is', null)
    .executeTakeFirst();
  await db
    .insertInto('attachments')
    .values(fileIds.map((file_id, position) => ({ message_id: messageId, file_id, position })))
    .execute();
  return Number(r.numUpdatedRows);
}

/** Files carried by messages, in the order they were sent. */
export function attachmentsOf(db: DbOrTrx, messageIds: number[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('attachments as a')
    .innerJoin('files as f', 'f.id', 'a.file_id')
    .select(['a.message_id', 'a.position', ...fileColumns])
    .where('a.message_id', 'in', messageIds)
    .orderBy('a.message_id')
    .orderBy('a.position')
    .execute();
}

/** Uploads never attached, older than `before`. */
export function orphansBefore(db: DbOrTrx, before: Date, limit: number) {
  return db
    .selectFrom('files as f')
    .select(fileColumns)
    .where('f.attached_at', 'is', null)
    .where('f.created_at', '<', before)
    .orderBy('f.id')
    .limit(limit)
    .execute();
}

/**
 * Attached files none of whose messages survives: each was deleted before
 * `deletedBefore` (or removed altogether).
 */
export function expiredAttachedFiles(db: DbOrTrx, deletedBefore: Date, limit: number) {
  return db
    .selectFrom('files as f')
    .select(fileColumns)
    .where('f.attached_at', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('attachments as a')
            .innerJoin('messages as m', 'm.id', 'a.message_id')
            .select('a.file_id')
            .whereRef('a.file_id', '=', 'f.id')
            .where((w) =>
              w.or([w('m.deleted_at', 'is', null), w('m.deleted_at', '>=', deletedBefore)]),
            ),
        ),
      ),
    )
    .orderBy('f.id')
    .limit(limit)
    .execute();
}

/** Deletes an upload still unattached and older than `before`; false when it got attached meanwhile. */
export async function deleteIfOrphan(db: DbOrTrx, id: number, before: Date): Promise<boolean> {
  const r = await db
    .deleteFrom('files')
    .where('id', '=', id)
    .where('attached_at', 'is', null)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Deletes a file if still no message that carries it survives (see `expiredAttachedFiles`). */
export async function deleteIfExpired(db: DbOrTrx, id: number, deletedBefore: Date) {
  const r = await db
    .deleteFrom('files as f')
    .where('f.id', '=', id)
    .where('f.attached_at', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('attachments as a')
            .innerJoin('messages as m', 'm.id', 'a.message_id')
            .select('a.file_id')
            .whereRef('a.file_id', '=', 'f.id')
            .where((w) =>
              w.or([w('m.deleted_at', 'is', null), w('m.deleted_at', '>=', deletedBefore)]),
            ),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
