import { isoWeekStart } from '@parta/shared';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database';
import { executeWrites } from '../../db/statements';

/** The actor's membership in a chat with what sending needs; undefined when the chat does not exist. */
export function chatContext(db: DbOrTrx, chatId: number, personId: number) {
  return db
    .selectFrom('chats as c')
    .innerJoin('municipalities as mu', 'mu.id', 'c.municipality_id')
    .leftJoin('chat_members as m', (j) =>
      j.onRef('m.chat_id', '=', 'c.id').on('m.person_id', '=', personId),
    )
    .leftJoin('people as p', (j) => j.on('p.id', '=', personId))
    .select([
      'p.last_name',
      'p.first_name',
      'p.middle_name',
      'c.id',
      'c.kind',
      'c.last_seq',
      'c.archived_at',
      'c.municipality_id',
      'c.community_id',
      'mu.time_zone',
      'm.role',
      'm.left_at',
      'm.read_seq',
      'm.joined_seq',
    ])
    .where('c.id', '=', chatId)
    .executeTakeFirst();
}

const messageColumns = [
  'm.id',
  'm.chat_id',
  'm.seq',
  'm.author_id',
  'm.kind',
  'm.client_message_id',
  'm.body',
  'm.reply_to_seq',
  'm.forwarded_from_id',
  'm.mentions',
  'm.substantive',
  'm.created_at',
  'm.edited_at',
  'm.deleted_at',
  'a.last_name',
  'a.first_name',
  'a.middle_name',
] as const;

function selectMessages(db: DbOrTrx) {
  return db
    .selectFrom('messages as m')
    .leftJoin('people as a', 'a.id', 'm.author_id')
    .select(messageColumns);
}

export type MessageRow = Awaited<ReturnType<typeof findByClientId>> & {};

export function findByClientId(
  db: DbOrTrx,
  chatId: number,
  authorId: number,
  clientMessageId: string,
) {
  return selectMessages(db)
    .where('m.chat_id', '=', chatId)
    .where('m.author_id', '=', authorId)
    .where('m.client_message_id', '=', clientMessageId)
    .executeTakeFirst();
}

export function findBySeq(db: DbOrTrx, chatId: number, seq: number) {
  return selectMessages(db)
    .where('m.chat_id', '=', chatId)
    .where('m.seq', '=', seq)
    .executeTakeFirst();
}

export function findById(db: DbOrTrx, id: number) {
  return selectMessages(db).where('m.id', '=', id).executeTakeFirst();
}

export function findByIds(db: DbOrTrx, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return selectMessages(db).where('m.id', 'in', ids).execute();
}

/** Messages of a chat with seq in (after, before), ascending or descending, at most `limit`. */
export function range(
  db: DbOrTrx,
  chatId: number,
  opts: { after?: number; before?: number; order: 'asc' | 'desc'; limit: number },
) {
  let q = selectMessages(db).where('m.chat_id', '=', chatId);
  if (opts.after !== undefined) q = q.where('m.seq', '>', opts.after);
  if (opts.before !== undefined) q = q.where('m.seq', '<', opts.before);
  return q.orderBy('m.seq', opts.order).limit(opts.limit).execute();
}

/** The last message of each chat (chat list). */
export function lastOf(db: DbOrTrx, chats: { id: number; last_seq: number }[]) {
  const withMessages = chats.filter((c) => c.last_seq > 0);
  if (withMessages.length === 0) return Promise.resolve([]);
  return selectMessages(db)
    .where((eb) =>
      eb.or(
        withMessages.map((c) => eb.and([eb('m.chat_id', '=', c.id), eb('m.seq', '=', c.last_seq)])),
      ),
    )
    .execute();
}

/**
 * Takes the chat's next seq: `last_seq + 1`. The row lock (PostgreSQL) or the
 * database lock (SQLite) it holds until commit serialises senders of one chat,
 * so seqs are gapless and match commit order.
 */
export async function bumpSeq(db: DbOrTrx, chatId: number, at: Date): Promise<number> {
  const r = await db
    .updateTable('chats')
    .set({ last_seq: sql`last_seq + 1`, last_message_at: at })
    .where('id', '=', chatId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(r.last_seq);
}

export async function insertMessage(
  db: DbOrTrx,
  v: {
    chatId: number;
    seq: number;
    authorId: number | null;
    kind: 'text' | 'poll' | 'system' | 'bot';
    clientMessageId: string | null;
    body: string;
    replyToSeq: number | null;
    forwardedFromId: number | null;
    mentions: string | null;
    substantive: boolean;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('messages')
    .values({
      chat_id: v.chatId,
      seq: v.seq,
      author_id: v.authorId,
      kind: v.kind,
      client_message_id: v.clientMessageId,
      body: v.body,
      reply_to_seq: v.replyToSeq,
      forwarded_from_id: v.forwardedFromId,
      mentions: v.mentions,
      substantive: v.substantive,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** What one sent message adds to one person's counters. */
export interface ActivityIncrement {
  personId: number;
  messages?: number;
  substantive?: number;
  repliesReceived?: number;
  parentConversation?: number;
}

/**
 * Adds to people's counters of one local day (upsert) and to their ISO-week
 * rollup `activity_weekly` (monitoring reads weeks from it), in the caller's
 * transaction so the two never disagree. One statement on PostgreSQL (the
 * send path's only extra round trip), two on SQLite — however many people
 * are counted. Each person at most once; rows are written in id order, so
 * two concurrent replies to each other lock them in the same order.
 */
export async function addActivity(db: DbOrTrx, day: string, increments: ActivityIncrement[]) {
  if (increments.length === 0) return;
  const rows = [...increments]
    .sort((a, b) => a.personId - b.personId)
    .map((d) => ({
      person_id: d.personId,
      messages: d.messages ?? 0,
      substantive: d.substantive ?? 0,
      replies_received: d.repliesReceived ?? 0,
      parent_conversation: d.parentConversation ?? 0,
    }));
  // `excluded` is the row proposed for insertion: each counter grows by its increment.
  const add = (table: 'activity_daily' | 'activity_weekly') => {
    const grow = (column: string) =>
      sql<number>`${sql.raw(`${table}.${column}`)} + excluded.${sql.raw(column)}`;
    return {
      messages: grow('messages'),
      substantive: grow('substantive'),
      replies_received: grow('replies_received'),
      parent_conversation: grow('parent_conversation'),
    };
  };
  const weekStart = isoWeekStart(day);
  await executeWrites(db, [
    db
      .insertInto('activity_daily')
      .values(rows.map((r) => ({ ...r, day })))
      .onConflict((oc) => oc.columns(['person_id', 'day']).doUpdateSet(add('activity_daily'))),
    db
      .insertInto('activity_weekly')
      .values(rows.map((r) => ({ ...r, week_start: weekStart })))
      .onConflict((oc) =>
        oc.columns(['week_start', 'person_id']).doUpdateSet(add('activity_weekly')),
      ),
  ]);
}

export async function updateBody(
  db: DbOrTrx,
  id: number,
  body: string,
  mentions: string | null,
  substantive: boolean,
  at: Date,
) {
  await db
    .updateTable('messages')
    .set({ body, mentions, substantive, edited_at: at })
    .where('id', '=', id)
    .execute();
}

export async function insertEdit(
  db: DbOrTrx,
  messageId: number,
  previousBody: string,
  by: number,
  at: Date,
) {
  await db
    .insertInto('message_edits')
    .values({ message_id: messageId, body: previousBody, edited_by: by, edited_at: at })
    .execute();
}

export function listEdits(db: DbOrTrx, messageId: number) {
  return db
    .selectFrom('message_edits')
    .selectAll()
    .where('message_id', '=', messageId)
    .orderBy('id')
    .execute();
}

export async function markDeleted(db: DbOrTrx, id: number, by: number, at: Date) {
  await db
    .updateTable('messages')
    .set({ deleted_at: at, deleted_by: by })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .execute();
}

export function reactionsOf(db: DbOrTrx, messageIds: number[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('message_reactions')
    .select(['message_id', 'emoji', 'person_id', 'created_at'])
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .execute();
}

export async function addReaction(
  db: DbOrTrx,
  messageId: number,
  personId: number,
  emoji: string,
  at: Date,
) {
  await db
    .insertInto('message_reactions')
    .values({ message_id: messageId, person_id: personId, emoji, created_at: at })
    .onConflict((oc) => oc.columns(['message_id', 'person_id', 'emoji']).doNothing())
    .execute();
}

export async function removeReaction(
  db: DbOrTrx,
  messageId: number,
  personId: number,
  emoji: string,
) {
  await db
    .deleteFrom('message_reactions')
    .where('message_id', '=', messageId)
    .where('person_id', '=', personId)
    .where('emoji', '=', emoji)
    .execute();
}

export async function insertPoll(
  db: DbOrTrx,
  messageId: number,
  p: { question: string; multiple: boolean; anonymous: boolean; options: string[] },
) {
  await db
    .insertInto('polls')
    .values({
      message_id: messageId,
      question: p.question,
      multiple: p.multiple,
      anonymous: p.anonymous,
    })
    .execute();
  await db
    .insertInto('poll_options')
    .values(p.options.map((text, position) => ({ message_id: messageId, position, text })))
    .execute();
}

export function pollsOf(db: DbOrTrx, messageIds: number[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('polls').selectAll().where('message_id', 'in', messageIds).execute();
}

export function pollOptionsOf(db: DbOrTrx, messageIds: number[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('poll_options')
    .selectAll()
    .where('message_id', 'in', messageIds)
    .orderBy('position')
    .execute();
}

export function pollVotesOf(db: DbOrTrx, messageIds: number[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('poll_votes')
    .select(['option_id', 'person_id', 'message_id'])
    .where('message_id', 'in', messageIds)
    .execute();
}

export async function replaceVotes(
  db: DbOrTrx,
  messageId: number,
  personId: number,
  optionIds: number[],
  at: Date,
) {
  await db
    .deleteFrom('poll_votes')
    .where('message_id', '=', messageId)
    .where('person_id', '=', personId)
    .execute();
  if (optionIds.length > 0) {
    await db
      .insertInto('poll_votes')
      .values(
        optionIds.map((option_id) => ({
          option_id,
          person_id: personId,
          message_id: messageId,
          voted_at: at,
        })),
      )
      .execute();
  }
}

/** Members whose read position reached `seq` (read receipts in small chats). */
export function readersOf(db: DbOrTrx, chatId: number, seq: number, exceptPersonId: number | null) {
  let q = db
    .selectFrom('chat_members as cm')
    .innerJoin('people as p', 'p.id', 'cm.person_id')
    .select(['p.id', 'p.last_name', 'p.first_name', 'p.middle_name'])
    .where('cm.chat_id', '=', chatId)
    .where('cm.left_at', 'is', null)
    .where('cm.read_seq', '>=', seq);
  if (exceptPersonId !== null) q = q.where('cm.person_id', '!=', exceptPersonId);
  return q.execute();
}

export async function memberCount(db: DbOrTrx, chatId: number): Promise<number> {
  const r = await db
    .selectFrom('chat_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chat_id', '=', chatId)
    .where('left_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The other member of a direct chat. */
export function otherMember(db: DbOrTrx, chatId: number, personId: number) {
  return db
    .selectFrom('chat_members')
    .select('person_id')
    .where('chat_id', '=', chatId)
    .where('person_id', '!=', personId)
    .executeTakeFirst();
}

export async function isGuardian(db: DbOrTrx, personId: number): Promise<boolean> {
  const r = await db
    .selectFrom('guardianships')
    .select('id')
    .where('parent_id', '=', personId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function isStaff(db: DbOrTrx, personId: number): Promise<boolean> {
  const r = await db
    .selectFrom('positions')
    .select('id')
    .where('person_id', '=', personId)
    .where('ended_on', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** Are these people current members of the chat? Returns the members among them. */
export async function membersAmong(
  db: DbOrTrx,
  chatId: number,
  personIds: number[],
): Promise<number[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('chat_members')
    .select('person_id')
    .where('chat_id', '=', chatId)
    .where('person_id', 'in', personIds)
    .where('left_at', 'is', null)
    .execute();
  return rows.map((r) => r.person_id);
}

/** Unread messages mentioning the person (or @all) per chat, after their read position. */
export function unreadMentions(
  db: DbOrTrx,
  personId: number,
  chats: { id: number; read_seq: number }[],
) {
  const withUnread = chats;
  if (withUnread.length === 0) return Promise.resolve([]);
  const token = `%"${personId}"%`;
  return db
    .selectFrom('messages')
    .select(['chat_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) =>
      eb.or(withUnread.map((c) => eb.and([eb('chat_id', '=', c.id), eb('seq', '>', c.read_seq)]))),
    )
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('mentions', 'like', token), eb('mentions', 'like', '%"all"%')]))
    .where((eb) => eb.or([eb('author_id', 'is', null), eb('author_id', '!=', personId)]))
    .groupBy('chat_id')
    .execute();
}

/** Own messages after the read position do not count as unread. */
export function ownAfter(db: DbOrTrx, personId: number, chats: { id: number; read_seq: number }[]) {
  if (chats.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('messages')
    .select(['chat_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) =>
      eb.or(chats.map((c) => eb.and([eb('chat_id', '=', c.id), eb('seq', '>', c.read_seq)]))),
    )
    .where('author_id', '=', personId)
    .groupBy('chat_id')
    .execute();
}

/** Moves a member's read position forward only; true when it moved. */
export async function advanceRead(
  db: DbOrTrx,
  chatId: number,
  personId: number,
  seq: number,
): Promise<boolean> {
  const r = await db
    .updateTable('chat_members')
    .set({ read_seq: seq })
    .where('chat_id', '=', chatId)
    .where('person_id', '=', personId)
    .where('read_seq', '<', seq)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
