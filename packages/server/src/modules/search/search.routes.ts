import {
  SearchChatsResult,
  SearchMessagesQuery,
  SearchMessagesResult,
  SearchNamesQuery,
  SearchPeopleResult,
} from '@parta/shared';
import { requireActor } from '../../platform/auth-hook';
import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import * as search from './search.service';

const tags = ['search'];

export function searchRoutes(app: AppInstance, ctx: ModuleContext): void {
  app.get(
    '/api/v1/search/messages',
    {
      schema: {
        tags,
        summary:
          'Full-text search (Russian and English morphology) over messages of my current chats; ranked, with highlighted fragments',
        querystring: SearchMessagesQuery,
        response: { 200: SearchMessagesResult },
      },
    },
    async (request) =>
      search.searchMessages(ctx.db, ctx.dialect, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/search/people',
    {
      schema: {
        tags,
        summary: 'People by name whom the closed environment lets me see',
        querystring: SearchNamesQuery,
        response: { 200: SearchPeopleResult },
      },
    },
    async (request) => ({
      items: await search.searchPeople(ctx.db, requireActor(request), request.query),
    }),
  );

  app.get(
    '/api/v1/search/chats',
    {
      schema: {
        tags,
        summary: 'My chats by title (direct chats by the other person’s name)',
        querystring: SearchNamesQuery,
        response: { 200: SearchChatsResult },
      },
    },
    async (request) => ({
      items: await search.searchChats(ctx.db, requireActor(request), request.query),
    }),
  );
}
