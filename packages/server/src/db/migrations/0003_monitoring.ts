import type { Kysely } from 'kysely';

/** Tables of monitoring and roadmap. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('0003_monitoring cannot be reverted; restore a backup instead');
}
