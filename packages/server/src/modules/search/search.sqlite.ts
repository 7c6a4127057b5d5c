import type BetterSqlite3 from 'better-sqlite3';
import { searchText } from './search.text';

/**
 * SQL functions the SQLite schema relies on, registered on every connection
 * when it opens (`db/sqlite.ts`): the FTS5 triggers of migration 0006 call
 * `parta_search_text(body)` to index a message's terms. A connection without
 * it (the sqlite3 shell) can read everything, but cannot write messages.
 */
export function registerSearchFunctions(raw: BetterSqlite3.Database): void {
  raw.function('parta_search_text', { deterministic: true }, (body: unknown) =>
    typeof body === 'string' ? searchText(body) : '',
  );
}
