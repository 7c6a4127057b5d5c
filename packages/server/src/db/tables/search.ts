/**
 * Tables of the search module: none that Kysely queries by name. The index of
 * messages is derived from `messages` (migration 0006): on PostgreSQL the
 * generated column `messages.search_tsv`, on SQLite the FTS5 table
 * `messages_search` kept by triggers. Only `search.repository.ts` reads them,
 * with raw SQL.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SearchTables {}
