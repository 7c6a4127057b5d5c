import type { Kysely } from 'kysely';

/** Tables of roster imports. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('0004_imports cannot be reverted; restore a backup instead');
}
