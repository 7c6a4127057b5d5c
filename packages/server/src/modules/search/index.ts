import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';
import { searchRoutes } from './search.routes';
import { reindex } from './search.service';

/** Search: messages (full text, Russian morphology), people and chats by name. */
export { searchChats, searchMessages, searchPeople } from './search.service';

/**
 * Tables that only index `messages` (SQLite: the FTS5 table and its shadow
 * tables), kept by triggers: wiping `messages` empties them; never write to
 * them directly.
 */
export const SEARCH_INDEX_TABLES = [
  'messages_search',
  'messages_search_config',
  'messages_search_data',
  'messages_search_docsize',
  'messages_search_idx',
] as const;

/** Registers the search routes. */
export function registerSearchRoutes(app: AppInstance, ctx: ModuleContext): void {
  searchRoutes(app, ctx);
}

/** Adds `parta search reindex` to `parta`. */
export function registerSearchCli(cli: CliContext): void {
  cli.program
    .command('search')
    .description('full-text search of messages')
    .command('reindex')
    .description('rebuild the SQLite search index from the messages (PostgreSQL keeps its own)')
    .action(async () => {
      await cli.withDb(async ({ db, dialect }) => {
        const n = await reindex(db, dialect);
        console.log(
          n === null
            ? 'PostgreSQL indexes messages by itself (generated column): nothing to do'
            : `search index rebuilt: ${n} messages`,
        );
      });
    });
}
