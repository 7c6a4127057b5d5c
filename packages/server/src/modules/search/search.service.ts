import type {
  ChatKind,
  ChatSearchHit,
  MessageSearchHit,
  Person,
  SearchMessagesQuery,
  SearchMessagesResult,
  SearchNamesQuery,
} from '@parta/shared';
import type { Db } from '../../db/database';
import type { DialectName } from '../../db/connect';
import { toIso, toIsoOrNull } from '../../db/values';
import type { Actor } from '../../platform/actor';
import { requireMember } from '../messages';
import {
  canViewPerson,
  displayName,
  getPeople,
  getPersonFacts,
  isMunicipalAdmin,
  orgAdminIds,
  viewerOf,
} from '../people';
import * as repo from './search.repository';
import {
  fromMarked,
  hasPositive,
  headline,
  parseQuery,
  positiveTerms,
  toFtsMatch,
} from './search.text';

/**
 * Search answers only from what the reader may see at the time of the
 * request: messages of chats they are a member of now (leaving a chat ends
 * it at once), people the closed-environment policy lets them see
 * (`canViewPerson`), and their own chats.
 */

const truthy = (v: string | undefined) => (v === undefined ? undefined : v === '1' || v === 'true');

function chatTitle(r: repo.ChatTitleRow): string {
  if (r.kind === 'direct' && r.last_name !== null) {
    return displayName({
      last_name: r.last_name,
      first_name: r.first_name ?? '',
      middle_name: r.middle_name,
    });
  }
  return r.title ?? '';
}

/** Full-text search over the messages the actor may read now; ranked, with highlighted fragments. */
export async function searchMessages(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  q: SearchMessagesQuery,
): Promise<SearchMessagesResult> {
  const empty = { items: [], hasMore: false, limit: q.limit, offset: q.offset };
  const parsed = parseQuery(q.q);
  if (!hasPositive(parsed)) return empty;
  let chatIds: number[];
  if (q.chatId !== undefined) {
    await requireMember(db, q.chatId, actor.personId);
    chatIds = [q.chatId];
  } else {
    chatIds = await repo.memberChatIds(db, actor.personId);
  }
  if (chatIds.length === 0) return empty;

  const rows = await repo.matchMessages(db, dialect, {
    text: q.q,
    fts: toFtsMatch(parsed),
    terms: positiveTerms(parsed),
    chatIds,
    authorId: q.authorId,
    from: q.from !== undefined ? new Date(q.from) : undefined,
    to: q.to !== undefined ? new Date(q.to) : undefined,
    hasAttachment: truthy(q.hasAttachment),
    limit: q.limit + 1,
    offset: q.offset,
  });
  const page = rows.slice(0, q.limit);
  const messageIds = page.map((r) => Number(r.id));
  const authorIds = [...new Set(page.map((r) => r.author_id).filter((x) => x !== null))];
  const [chats, authors, withFiles] = await Promise.all([
    repo.chatTitles(db, actor.personId, [...new Set(page.map((r) => Number(r.chat_id)))]),
    repo.peopleNames(db, authorIds),
    repo.messagesWithAttachments(db, messageIds),
  ]);
  const chatById = new Map(chats.map((c) => [Number(c.id), c]));
  const authorById = new Map(authors.map((a) => [Number(a.id), a]));
  const terms = positiveTerms(parsed);

  const items: MessageSearchHit[] = page.map((r) => {
    const chatId = Number(r.chat_id);
    const chat = chatById.get(chatId);
    const author = r.author_id !== null ? authorById.get(Number(r.author_id)) : undefined;
    return {
      messageId: Number(r.id),
      chatId,
      seq: Number(r.seq),
      chat: {
        id: chatId,
        kind: (chat?.kind ?? 'group') as ChatKind,
        title: chat ? chatTitle(chat) : '',
      },
      author: author ? { id: Number(author.id), displayName: displayName(author) } : null,
      createdAt: toIso(r.created_at),
      editedAt: toIsoOrNull(r.edited_at),
      hasAttachments: withFiles.has(Number(r.id)),
      fragments: r.excerpt_marked ? fromMarked(r.excerpt) : headline(r.excerpt, terms),
    };
  });
  return { items, hasMore: rows.length > q.limit, limit: q.limit, offset: q.offset };
}

const words = (q: string) => q.split(/\s+/).filter(Boolean).slice(0, 5);

/** Candidates per database round; the policy then keeps those the viewer may see. */
const PEOPLE_BATCH = 50;
const PEOPLE_ROUNDS = 6;

/**
 * People by name whom the closed environment lets the actor see: a pupil is
 * found only by their school's staff, classmates, their parents and the
 * parents of classmates, and administrators — never by outsiders.
 */
export async function searchPeople(db: Db, actor: Actor, q: SearchNamesQuery): Promise<Person[]> {
  const viewer = await viewerOf(db, actor);
  const scope: repo.PeopleScope | null = isMunicipalAdmin(viewer)
    ? null
    : {
        orgIds: [
          ...new Set([
            ...viewer.staffOrgIds,
            ...viewer.pupilOrgIds,
            ...viewer.childOrgIds,
            ...orgAdminIds(viewer),
          ]),
        ],
        staffAnywhere: viewer.authorityStaff,
      };
  const found: number[] = [];
  for (let round = 0; round < PEOPLE_ROUNDS && found.length < q.limit; round += 1) {
    const ids = await repo.peopleByName(db, {
      municipalityId: viewer.municipalityId,
      viewerId: viewer.personId,
      words: words(q.q),
      scope,
      limit: PEOPLE_BATCH,
      offset: round * PEOPLE_BATCH,
    });
    const facts = await Promise.all(ids.map((id) => getPersonFacts(db, id)));
    for (const f of facts) {
      if (f && canViewPerson(viewer, f) && found.length < q.limit) found.push(f.personId);
    }
    if (ids.length < PEOPLE_BATCH) break;
  }
  return getPeople(db, found);
}

/** The actor's own chats by title (direct chats by the other person's name). */
export async function searchChats(
  db: Db,
  actor: Actor,
  q: SearchNamesQuery,
): Promise<ChatSearchHit[]> {
  const rows = await repo.chatsByName(db, actor.personId, words(q.q), q.limit);
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as ChatKind,
    title: chatTitle(r),
    archived: r.archived_at !== null,
  }));
}

/** Rebuilds the SQLite index from the messages; PostgreSQL's follows by itself. */
export async function reindex(db: Db, dialect: DialectName): Promise<number | null> {
  return dialect === 'sqlite' ? repo.rebuildSqliteIndex(db) : null;
}
