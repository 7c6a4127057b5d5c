import { localDay, type Message, type SendMessage } from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { isUniqueViolation } from '../../db/dialect';
import { toBool, toIso, toIsoOrNull } from '../../db/values';
import type { Actor } from '../../platform/actor';
import { AppError, notFound } from '../../platform/errors';
import { chatTopic, type EventSink } from '../../platform/events';
import { attachFiles, attachmentsByMessage } from '../files';
import { displayName } from '../people';
import * as repo from './messages.repository';
import { decodeMentions, encodeMentions, isSubstantive, parseMentions } from './messages.text';
import type { CommitBatcher } from './commit-batcher';
import type { RateLimiter } from './rate-limiter';

export interface MessagingDeps {
  events: EventSink;
  now: () => Date;
  limiter: RateLimiter;
  /** Group commit for sends; without it each send commits alone. */
  batcher?: CommitBatcher;
}

type Ctx = NonNullable<Awaited<ReturnType<typeof repo.chatContext>>>;

const isAdminRole = (role: string | null | undefined) => role === 'owner' || role === 'admin';

/**
 * The actor's live membership of a chat, or the right refusal: 404 for no
 * such chat, 403 NOT_CHAT_MEMBER for a chat they are not (or no longer) in.
 */
export async function requireMember(
  db: DbOrTrx,
  chatId: number,
  personId: number,
): Promise<Ctx & { role: string }> {
  const ctx = await repo.chatContext(db, chatId, personId);
  if (!ctx) throw notFound('No such chat.');
  if (!ctx.role || ctx.left_at !== null) throw new AppError('NOT_CHAT_MEMBER');
  return ctx as Ctx & { role: string };
}

/* ---------------- presentation ---------------- */

/** Rows → API messages, with reactions and polls, in the order given. */
export async function present(
  db: DbOrTrx,
  rows: repo.MessageRow[],
  viewerId: number | null,
): Promise<Message[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const forwardIds = rows.map((r) => r.forwarded_from_id).filter((x): x is number => x !== null);
  const pollIds = rows.filter((r) => r.kind === 'poll').map((r) => r.id);
  const [reactions, forwards, polls, options, votes, files] = await Promise.all([
    repo.reactionsOf(db, ids),
    repo.findByIds(db, forwardIds),
    repo.pollsOf(db, pollIds),
    repo.pollOptionsOf(db, pollIds),
    repo.pollVotesOf(db, pollIds),
    attachmentsByMessage(db, ids),
  ]);
  const fwdById = new Map(forwards.map((f) => [f.id, f]));
  return rows.map((r) => {
    const deleted = r.deleted_at !== null;
    const mine = reactions.filter((x) => x.message_id === r.id);
    const counts = new Map<string, { count: number; mine: boolean }>();
    for (const x of mine) {
      const c = counts.get(x.emoji) ?? { count: 0, mine: false };
      c.count += 1;
      if (x.person_id === viewerId) c.mine = true;
      counts.set(x.emoji, c);
    }
    const fwd = r.forwarded_from_id !== null ? fwdById.get(r.forwarded_from_id) : undefined;
    const poll = polls.find((p) => p.message_id === r.id);
    return {
      id: r.id,
      chatId: r.chat_id,
      seq: Number(r.seq),
      kind: r.kind as Message['kind'],
      author:
        r.author_id !== null && r.last_name !== null
          ? {
              id: r.author_id,
              displayName: displayName({
                last_name: r.last_name,
                first_name: r.first_name ?? '',
                middle_name: r.middle_name,
              }),
            }
          : null,
      clientMessageId: r.client_message_id,
      text: deleted ? '' : r.body,
      replyToSeq: r.reply_to_seq === null ? null : Number(r.reply_to_seq),
      forwardedFrom: fwd
        ? {
            chatId: fwd.chat_id,
            seq: Number(fwd.seq),
            author:
              fwd.author_id !== null && fwd.last_name !== null
                ? {
                    id: fwd.author_id,
                    displayName: displayName({
                      last_name: fwd.last_name,
                      first_name: fwd.first_name ?? '',
                      middle_name: fwd.middle_name,
                    }),
                  }
                : null,
          }
        : null,
      mentions: deleted ? [] : decodeMentions(r.mentions),
      reactions: deleted
        ? []
        : [...counts].map(([emoji, c]) => ({ emoji, count: c.count, mine: c.mine })),
      poll:
        poll && !deleted
          ? {
              question: poll.question,
              multiple: toBool(poll.multiple),
              anonymous: toBool(poll.anonymous),
              closed: poll.closed_at !== null,
              options: options
                .filter((o) => o.message_id === r.id)
                .map((o) => {
                  const v = votes.filter((x) => x.option_id === o.id);
                  return {
                    id: o.id,
                    text: o.text,
                    votes: v.length,
                    mine: v.some((x) => x.person_id === viewerId),
                    ...(toBool(poll.anonymous) ? {} : { voters: v.map((x) => x.person_id) }),
                  };
                }),
            }
          : null,
      attachments: deleted ? [] : (files.get(r.id) ?? []),
      createdAt: toIso(r.created_at),
      editedAt: toIsoOrNull(r.edited_at),
      deletedAt: toIsoOrNull(r.deleted_at),
    };
  });
}

async function presentOne(
  db: DbOrTrx,
  row: repo.MessageRow,
  viewerId: number | null,
): Promise<Message> {
  const [m] = await present(db, [row], viewerId);
  return m as Message;
}

/* ---------------- sending ---------------- */

export interface SendResult {
  message: Message;
  /** True when this was a retry of an already stored message. */
  duplicate: boolean;
}

/**
 * Stores a message and acknowledges it only after commit (DESIGN §4):
 * one transaction takes the chat's next seq, inserts the message and counts
 * it into `activity_daily`. A retry with the same `clientMessageId` returns
 * the stored message (duplicate: true) — also when two retries race on two
 * nodes: the second trips the unique index on (chat, author, client id),
 * its transaction (and its seq) rolls back, and it answers with the first's.
 * The `message.created` event is published after commit.
 * Hot path: two reads (membership with the author's name, the idempotency
 * key) and one transaction of three statements for a plain text message or a
 * reply (seq, message, activity of everyone counted; four on SQLite, where
 * the day and the week are two upserts).
 */
export async function sendMessage(
  db: Db,
  deps: MessagingDeps,
  actor: Actor,
  chatId: number,
  input: SendMessage,
  opts: { kind?: 'text' | 'bot' } = {},
): Promise<SendResult> {
  const ctx = await requireMember(db, chatId, actor.personId);
  const existing = await repo.findByClientId(db, chatId, actor.personId, input.clientMessageId);
  if (existing) return { message: await presentOne(db, existing, actor.personId), duplicate: true };

  if (ctx.role === 'readonly' || (ctx.kind === 'announcement' && !isAdminRole(ctx.role))) {
    throw new AppError('CHAT_READ_ONLY');
  }
  if (ctx.archived_at !== null) throw new AppError('CHAT_ARCHIVED');
  const wait = deps.limiter.take(actor.personId, deps.now().getTime());
  if (wait > 0) {
    throw new AppError('TOO_MANY_REQUESTS', `Too many messages; wait ${wait} s.`, {
      headers: { 'retry-after': String(wait) },
    });
  }

  let body = input.text;
  let forwardedFromId: number | null = null;
  if (input.forward) {
    await requireMember(db, input.forward.chatId, actor.personId);
    const src = await repo.findBySeq(db, input.forward.chatId, input.forward.seq);
    if (!src || src.deleted_at !== null)
      throw invalidField('body.forward', 'no such message to forward');
    forwardedFromId = src.id;
    if (body.trim() === '') body = src.body;
  }
  if (body.trim() === '' && !input.poll && !input.fileIds?.length)
    throw invalidField('body.text', 'the message is empty');

  const mentions = parseMentions(body);
  if (mentions.all && !isAdminRole(ctx.role) && ctx.kind !== 'direct') {
    throw new AppError('FORBIDDEN', 'Only chat admins may mention @all.');
  }
  if (mentions.people.length > 0) {
    const present = new Set(await repo.membersAmong(db, chatId, mentions.people));
    mentions.people = mentions.people.filter((p) => present.has(p));
  }
  let replyAuthor: number | null = null;
  if (input.replyToSeq) {
    const target = await repo.findBySeq(db, chatId, input.replyToSeq);
    if (!target) throw invalidField('body.replyToSeq', 'no such message in this chat');
    replyAuthor = target.author_id;
  }
  const kind = input.poll ? 'poll' : (opts.kind ?? 'text');
  const counts = kind === 'text' || kind === 'poll';
  const substantive = counts && isSubstantive(input.poll ? `${input.poll.question} ${body}` : body);
  const parentConversation =
    counts && (await isParentConversation(db, ctx.kind, chatId, actor.personId));

  const now = deps.now();
  const day = localDay(now, ctx.time_zone);
  const encodedMentions = encodeMentions(mentions);
  let stored: { id: number; seq: number };
  try {
    const write = async (trx: DbOrTrx) => {
      const seq = await repo.bumpSeq(trx, chatId, now);
      const id = await repo.insertMessage(trx, {
        chatId,
        seq,
        authorId: actor.personId,
        kind,
        clientMessageId: input.clientMessageId,
        body,
        replyToSeq: input.replyToSeq ?? null,
        forwardedFromId,
        mentions: encodedMentions,
        substantive,
        at: now,
      });
      if (input.poll) await repo.insertPoll(trx, id, { ...input.poll });
      if (input.fileIds?.length) await attachFiles(trx, actor.personId, id, input.fileIds, now);
      if (counts) {
        const counted: repo.ActivityIncrement[] = [
          {
            personId: actor.personId,
            messages: 1,
            substantive: substantive ? 1 : 0,
            parentConversation: parentConversation ? 1 : 0,
          },
        ];
        if (replyAuthor !== null && replyAuthor !== actor.personId) {
          counted.push({ personId: replyAuthor, repliesReceived: 1 });
        }
        await repo.addActivity(trx, day, counted);
      }
      return { id, seq };
    };
    stored = deps.batcher ? await deps.batcher.run(write) : await db.transaction().execute(write);
  } catch (err) {
    // A concurrent retry (another node, a reconnect) stored it first: the
    // unique index refused ours and rolled our seq back; answer with theirs.
    if (isUniqueViolation(err)) {
      const again = await repo.findByClientId(db, chatId, actor.personId, input.clientMessageId);
      if (again) return { message: await presentOne(db, again, actor.personId), duplicate: true };
    }
    throw err;
  }
  // A new text message has no reactions or votes yet: present it without reading it back.
  const message: Message =
    input.poll || forwardedFromId !== null || input.fileIds?.length
      ? await presentOne(
          db,
          (await repo.findById(db, stored.id)) as repo.MessageRow,
          actor.personId,
        )
      : {
          id: stored.id,
          chatId,
          seq: stored.seq,
          kind,
          author: {
            id: actor.personId,
            displayName: displayName({
              last_name: ctx.last_name ?? '',
              first_name: ctx.first_name ?? '',
              middle_name: ctx.middle_name ?? null,
            }),
          },
          clientMessageId: input.clientMessageId,
          text: body,
          replyToSeq: input.replyToSeq ?? null,
          forwardedFrom: null,
          mentions: decodeMentions(encodedMentions),
          reactions: [],
          poll: null,
          attachments: [],
          createdAt: now.toISOString(),
          editedAt: null,
          deletedAt: null,
        };
  await deps.events.publish(chatTopic(chatId), { type: 'message.created', chatId, message });
  return { message, duplicate: false };
}

/** Conversations with parents: class parents' chats and direct chats with a parent, written by staff. */
async function isParentConversation(
  db: Db,
  kind: string,
  chatId: number,
  authorId: number,
): Promise<boolean> {
  if (kind !== 'class_parents' && kind !== 'direct') return false;
  if (!(await repo.isStaff(db, authorId))) return false;
  if (kind === 'class_parents') return true;
  const other = await repo.otherMember(db, chatId, authorId);
  return other !== undefined && (await repo.isGuardian(db, other.person_id));
}

function invalidField(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path}: ${message}`, { details: [{ path, message }] });
}

/* ---------------- reading ---------------- */

export interface HistoryPage {
  items: Message[];
  /** More messages exist before the first / after the last item. */
  hasBefore: boolean;
  hasAfter: boolean;
  lastSeq: number;
}

/** Pages history by seq: after, before, around a seq, or the latest. */
export async function history(
  db: Db,
  actor: Actor,
  chatId: number,
  q: {
    afterSeq?: number | undefined;
    beforeSeq?: number | undefined;
    aroundSeq?: number | undefined;
    limit: number;
  },
): Promise<HistoryPage> {
  const ctx = await requireMember(db, chatId, actor.personId);
  const lastSeq = Number(ctx.last_seq);
  let rows: repo.MessageRow[];
  if (q.aroundSeq !== undefined) {
    const half = Math.floor(q.limit / 2);
    const before = await repo.range(db, chatId, {
      before: q.aroundSeq,
      order: 'desc',
      limit: half,
    });
    const after = await repo.range(db, chatId, {
      after: q.aroundSeq - 1,
      order: 'asc',
      limit: q.limit - half,
    });
    rows = [...before.reverse(), ...after];
  } else if (q.afterSeq !== undefined) {
    rows = await repo.range(db, chatId, {
      after: q.afterSeq,
      ...(q.beforeSeq !== undefined ? { before: q.beforeSeq } : {}),
      order: 'asc',
      limit: q.limit,
    });
  } else {
    rows = (
      await repo.range(db, chatId, {
        ...(q.beforeSeq !== undefined ? { before: q.beforeSeq } : {}),
        order: 'desc',
        limit: q.limit,
      })
    ).reverse();
  }
  const first = rows[0] ? Number(rows[0].seq) : (q.afterSeq ?? lastSeq) + 1;
  const last = rows.at(-1) ? Number(rows.at(-1)?.seq) : (q.afterSeq ?? 0);
  return {
    items: await present(db, rows, actor.personId),
    hasBefore: first > 1,
    hasAfter: last < lastSeq,
    lastSeq,
  };
}

/** Messages after a position, for realtime resume: at most `limit`, ascending. */
export async function messagesAfter(
  db: DbOrTrx,
  chatId: number,
  afterSeq: number,
  limit: number,
  viewerId: number,
): Promise<Message[]> {
  const rows = await repo.range(db, chatId, { after: afterSeq, order: 'asc', limit });
  return present(db, rows, viewerId);
}

/** Last messages of chats, for the chat list. */
export async function lastMessages(
  db: DbOrTrx,
  chats: { id: number; last_seq: number }[],
  viewerId: number,
): Promise<Map<number, Message>> {
  const rows = await repo.lastOf(db, chats);
  const items = await present(db, rows, viewerId);
  return new Map(items.map((m) => [m.chatId, m]));
}

export async function unreadCounts(
  db: DbOrTrx,
  personId: number,
  chats: { id: number; read_seq: number; last_seq: number }[],
) {
  const pending = chats.filter((c) => c.last_seq > c.read_seq);
  const [mentions, own] = await Promise.all([
    repo.unreadMentions(db, personId, pending),
    repo.ownAfter(db, personId, pending),
  ]);
  const result = new Map<number, { unread: number; mentions: number }>();
  for (const c of chats) {
    const ownN = Number(own.find((o) => o.chat_id === c.id)?.n ?? 0);
    result.set(c.id, {
      unread: Math.max(0, c.last_seq - c.read_seq - ownN),
      mentions: Number(mentions.find((m) => m.chat_id === c.id)?.n ?? 0),
    });
  }
  return result;
}

/* ---------------- changing ---------------- */

async function requireMessage(db: Db, chatId: number, seq: number) {
  const row = await repo.findBySeq(db, chatId, seq);
  if (!row) throw notFound('No such message.');
  return row;
}

/** Author edits their own text; the previous text is kept for moderation. */
export async function editMessage(
  db: Db,
  deps: MessagingDeps,
  actor: Actor,
  chatId: number,
  seq: number,
  text: string,
): Promise<Message> {
  const ctx = await requireMember(db, chatId, actor.personId);
  if (ctx.archived_at !== null) throw new AppError('CHAT_ARCHIVED');
  const row = await requireMessage(db, chatId, seq);
  if (row.author_id !== actor.personId)
    throw new AppError('FORBIDDEN', 'Only the author may edit a message.');
  if (row.deleted_at !== null) throw new AppError('CONFLICT', 'The message is deleted.');
  if (row.kind !== 'text') throw new AppError('CONFLICT', 'Only text messages can be edited.');
  if (text.trim() === '') throw invalidField('body.text', 'the message is empty');
  const mentions = parseMentions(text);
  if (mentions.all && !isAdminRole(ctx.role) && ctx.kind !== 'direct')
    throw new AppError('FORBIDDEN', 'Only chat admins may mention @all.');
  const now = deps.now();
  await db.transaction().execute(async (trx) => {
    await repo.insertEdit(trx, row.id, row.body, actor.personId, now);
    await repo.updateBody(trx, row.id, text, encodeMentions(mentions), isSubstantive(text), now);
  });
  const message = await presentOne(
    db,
    (await repo.findById(db, row.id)) as repo.MessageRow,
    actor.personId,
  );
  await deps.events.publish(chatTopic(chatId), { type: 'message.edited', chatId, message });
  return message;
}

/**
 * Deletion for everyone by the author or a chat admin: a tombstone keeps the
 * seq (no holes in the order) and the activity count (it was written).
 */
export async function deleteMessage(
  db: Db,
  deps: MessagingDeps,
  actor: Actor,
  chatId: number,
  seq: number,
): Promise<void> {
  const ctx = await requireMember(db, chatId, actor.personId);
  const row = await requireMessage(db, chatId, seq);
  if (row.author_id !== actor.personId && !isAdminRole(ctx.role)) {
    throw new AppError('FORBIDDEN', 'Only the author or a chat admin may delete a message.');
  }
  if (row.deleted_at !== null) return;
  await repo.markDeleted(db, row.id, actor.personId, deps.now());
  await deps.events.publish(chatTopic(chatId), {
    type: 'message.deleted',
    chatId,
    seq,
    messageId: row.id,
  });
}

export async function editHistory(db: Db, actor: Actor, chatId: number, seq: number) {
  const ctx = await requireMember(db, chatId, actor.personId);
  const row = await requireMessage(db, chatId, seq);
  if (row.author_id !== actor.personId && !isAdminRole(ctx.role)) throw new AppError('FORBIDDEN');
  const edits = await repo.listEdits(db, row.id);
  return edits.map((e) => ({
    text: e.body,
    replacedAt: toIso(e.edited_at),
    editedBy: e.edited_by,
  }));
}

export async function react(
  db: Db,
  deps: MessagingDeps,
  actor: Actor,
  chatId: number,
  seq: number,
  emoji: string,
  on: boolean,
): Promise<Message> {
  await requireMember(db, chatId, actor.personId);
  const row = await requireMessage(db, chatId, seq);
  if (row.deleted_at !== null) throw new AppError('CONFLICT', 'The message is deleted.');
  if (on) await repo.addReaction(db, row.id, actor.personId, emoji, deps.now());
  else await repo.removeReaction(db, row.id, actor.personId, emoji);
  const message = await presentOne(db, row, actor.personId);
  await deps.events.publish(chatTopic(chatId), {
    type: 'reaction.changed',
    chatId,
    seq,
    messageId: row.id,
    reactions: message.reactions.map((r) => ({ ...r, mine: false })),
    personId: actor.personId,
  });
  return message;
}

export async function vote(
  db: Db,
  deps: MessagingDeps,
  actor: Actor,
  chatId: number,
  seq: number,
  optionIds: number[],
): Promise<Message> {
  await requireMember(db, chatId, actor.personId);
  const row = await requireMessage(db, chatId, seq);
  if (row.kind !== 'poll' || row.deleted_at !== null)
    throw new AppError('CONFLICT', 'Not an open poll.');
  const [poll] = await repo.pollsOf(db, [row.id]);
  if (!poll || poll.closed_at !== null) throw new AppError('CONFLICT', 'The poll is closed.');
  const options = await repo.pollOptionsOf(db, [row.id]);
  const valid = new Set(options.map((o) => o.id));
  const unique = [...new Set(optionIds)];
  if (unique.some((id) => !valid.has(id)))
    throw invalidField('body.optionIds', 'not an option of this poll');
  if (!toBool(poll.multiple) && unique.length > 1)
    throw invalidField('body.optionIds', 'this poll takes one answer');
  await db
    .transaction()
    .execute((trx) => repo.replaceVotes(trx, row.id, actor.personId, unique, deps.now()));
  const message = await presentOne(db, row, actor.personId);
  await deps.events.publish(chatTopic(chatId), { type: 'poll.voted', chatId, seq, message });
  return message;
}

/** Moves the read position forward (never back, never past the last message). */
export async function markRead(
  db: Db,
  deps: MessagingDeps,
  actor: Actor,
  chatId: number,
  seq: number,
): Promise<number> {
  const ctx = await requireMember(db, chatId, actor.personId);
  const target = Math.min(seq, Number(ctx.last_seq));
  if (await repo.advanceRead(db, chatId, actor.personId, target)) {
    await deps.events.publish(chatTopic(chatId), {
      type: 'chat.read',
      chatId,
      personId: actor.personId,
      readSeq: target,
    });
    return target;
  }
  return Math.max(Number(ctx.read_seq ?? 0), 0);
}

/** Who has read up to a message — only in small chats (≤ 50 members), never the author themself. */
export async function readers(db: Db, actor: Actor, chatId: number, seq: number) {
  await requireMember(db, chatId, actor.personId);
  const row = await requireMessage(db, chatId, seq);
  if ((await repo.memberCount(db, chatId)) > 50)
    throw new AppError('CONFLICT', 'Read receipts are shown only in chats of up to 50 members.');
  const people = await repo.readersOf(db, chatId, seq, row.author_id);
  return people.map((p) => ({ personId: p.id, displayName: displayName(p) }));
}

/**
 * A system line in a chat ("Иванова добавила Петрова"), or with `kind: 'bot'`
 * a message of the platform's bot (the weekly monitoring report, authored by
 * its system sender `authorId`): takes a seq, counts as nobody's activity.
 */
export async function postSystemMessage(
  trx: DbOrTrx,
  chatId: number,
  text: string,
  at: Date,
  kind: 'system' | 'bot' = 'system',
  authorId: number | null = null,
): Promise<number> {
  const seq = await repo.bumpSeq(trx, chatId, at);
  await repo.insertMessage(trx, {
    chatId,
    seq,
    authorId,
    kind,
    clientMessageId: null,
    body: text,
    replyToSeq: null,
    forwardedFromId: null,
    mentions: null,
    substantive: false,
    at,
  });
  return seq;
}
