import { z } from 'zod';
import { ChatKind, MessageAuthor } from './chats';
import { Id, Timestamp } from './common';
import { Person } from './people';

/** Limits of the search endpoints. */
export const SEARCH_LIMITS = {
  queryMaxLength: 200,
  pageSizeDefault: 20,
  pageSizeMax: 50,
  /** Deepest offset: search is for finding, not for walking the archive. */
  offsetMax: 500,
} as const;

const Query = z.string().trim().min(1).max(SEARCH_LIMITS.queryMaxLength);
const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(SEARCH_LIMITS.pageSizeMax)
  .default(SEARCH_LIMITS.pageSizeDefault);

/**
 * Full-text search over the messages the signed-in person may read now.
 * `q` takes web-search syntax: words (all must occur, in any form: «экскурсия»
 * finds «экскурсии»), `"a phrase"`, `or`, and `-word` to exclude.
 */
export const SearchMessagesQuery = z.strictObject({
  q: Query,
  chatId: Id.optional(),
  authorId: Id.optional(),
  /** Messages created at or after this instant. */
  from: Timestamp.optional(),
  /** Messages created before this instant. */
  to: Timestamp.optional(),
  hasAttachment: z.enum(['0', '1', 'true', 'false']).optional(),
  limit: Limit,
  offset: z.coerce.number().int().min(0).max(SEARCH_LIMITS.offsetMax).default(0),
});
export type SearchMessagesQuery = z.infer<typeof SearchMessagesQuery>;

/** A piece of a highlighted fragment: render `highlight` pieces marked, all text as text (never HTML). */
export const SearchFragment = z.object({ text: z.string(), highlight: z.boolean() });
export type SearchFragment = z.infer<typeof SearchFragment>;

export const MessageSearchHit = z.object({
  messageId: z.number().int(),
  /** Jump to the message: open the chat at `seq` (history `aroundSeq`). */
  chatId: z.number().int(),
  seq: z.number().int(),
  chat: z.object({ id: z.number().int(), kind: ChatKind, title: z.string() }),
  author: MessageAuthor.nullable(),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
  hasAttachments: z.boolean(),
  fragments: z.array(SearchFragment),
});
export type MessageSearchHit = z.infer<typeof MessageSearchHit>;

export const SearchMessagesResult = z.object({
  items: z.array(MessageSearchHit),
  /** More results exist beyond this page (ask again with `offset + limit`). */
  hasMore: z.boolean(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type SearchMessagesResult = z.infer<typeof SearchMessagesResult>;

/** People and chats by name: every word must occur in a name (case-insensitive). */
export const SearchNamesQuery = z.strictObject({
  q: Query,
  limit: Limit,
});
export type SearchNamesQuery = z.infer<typeof SearchNamesQuery>;

export const SearchPeopleResult = z.object({ items: z.array(Person) });

export const ChatSearchHit = z.object({
  id: z.number().int(),
  kind: ChatKind,
  title: z.string(),
  archived: z.boolean(),
});
export type ChatSearchHit = z.infer<typeof ChatSearchHit>;

export const SearchChatsResult = z.object({ items: z.array(ChatSearchHit) });
