import type { Kysely } from 'kysely';

/** Tables of communities and invitations. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('0005_communities cannot be reverted; restore a backup instead');
}
