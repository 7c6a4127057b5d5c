import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../database';

/**
 * One stored object: the bytes live in the configured storage under
 * `storage_key` (and the thumbnail under `thumbnail_key`). `mime` is what the
 * content was detected as, never what the client claimed. Charged to the
 * quota of `organization_id` from the upload on; an orphan until `attached_at`.
 */
export interface FilesTable {
  id: Generated<number>;
  municipality_id: number;
  organization_id: number | null;
  uploader_id: number;
  storage_key: string;
  thumbnail_key: string | null;
  /** bigint: a number in both dialects (see `db/connect.ts`), a string from some aggregates. */
  thumbnail_size: ColumnType<number | string | null, number | null, number | null>;
  name: string;
  mime: string;
  size: ColumnType<number | string, number, number>;
  sha256: string;
  width: number | null;
  height: number | null;
  created_at: Timestamp;
  attached_at: Timestamp | null;
}

/** Which files a message carries, in the order the sender gave. */
export interface AttachmentsTable {
  message_id: number;
  file_id: number;
  position: number;
}

/** Tables of the files module (migration 0006). */
export interface FilesTables {
  files: FilesTable;
  attachments: AttachmentsTable;
}
