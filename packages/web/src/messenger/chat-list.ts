import type { ChatSummary, Message, RealtimeEvent } from '@parta/shared';
import { mentionsPerson } from './mentions';
import { tombstone } from './chat-window';

/**
 * My chats as the list shows them. Pages from `GET /chats` and realtime
 * events both write here; every update is idempotent (by seq, by max), so
 * events that raced a fetch can be replayed on top of it.
 */
export interface ChatListState {
  byId: Record<number, ChatSummary>;
  /** Cursor of the next page; null when everything is loaded. */
  nextBefore: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
}

export const EMPTY_CHAT_LIST: ChatListState = { byId: {}, nextBefore: null, status: 'idle' };

export function mergeChats(
  state: ChatListState,
  chats: readonly ChatSummary[],
  nextBefore?: string | null,
): ChatListState {
  const byId = { ...state.byId };
  for (const chat of chats) byId[chat.id] = chat;
  return { ...state, byId, ...(nextBefore === undefined ? {} : { nextBefore }) };
}

/** By last activity, newest first; chats without messages after those with, by title. */
export function sortChats(byId: Record<number, ChatSummary>): ChatSummary[] {
  return Object.values(byId)
    .filter((c) => !c.archived)
    .sort((a, b) => {
      const ta = a.lastMessageAt ?? '';
      const tb = b.lastMessageAt ?? '';
      if (ta !== tb) return ta < tb ? 1 : -1;
      return a.title.localeCompare(b.title) || a.id - b.id;
    });
}

export interface ListApplied {
  state: ChatListState;
  /** A chat the list does not know yet (a new message in it, or I was added): fetch it. */
  missing: number | null;
}

export function applyListEvent(
  state: ChatListState,
  event: RealtimeEvent,
  meId: number,
): ListApplied {
  const unchanged = { state, missing: null };
  const update = (chatId: number, change: (chat: ChatSummary) => ChatSummary): ListApplied => {
    const chat = state.byId[chatId];
    if (!chat) return { state, missing: chatId };
    const next = change(chat);
    return next === chat ? unchanged : { state: mergeChats(state, [next]), missing: null };
  };

  switch (event.type) {
    case 'message.created':
      return update(event.chatId, (chat) => withNewMessage(chat, event.message, meId));
    case 'message.edited':
    case 'poll.voted':
      return update(event.chatId, (chat) =>
        chat.lastMessage?.seq === event.message.seq
          ? { ...chat, lastMessage: { ...event.message, reactions: chat.lastMessage.reactions } }
          : chat,
      );
    case 'message.deleted':
      return update(event.chatId, (chat) =>
        chat.lastMessage?.seq === event.seq
          ? { ...chat, lastMessage: tombstone(chat.lastMessage) }
          : chat,
      );
    case 'chat.read':
      if (event.personId !== meId) return unchanged;
      return update(event.chatId, (chat) => withReadSeq(chat, event.readSeq));
    case 'chat.created':
      return state.byId[event.chat.id]
        ? unchanged
        : { state: mergeChats(state, [event.chat]), missing: null };
    case 'chat.updated':
      return update(event.chatId, (chat) => withChanges(chat, event.changes));
    case 'membership.changed':
      if (event.personId === meId) {
        if (event.change === 'removed') {
          if (!state.byId[event.chatId]) return unchanged;
          const byId = { ...state.byId };
          delete byId[event.chatId];
          return { state: { ...state, byId }, missing: null };
        }
        if (event.change === 'added') {
          return state.byId[event.chatId] ? unchanged : { state, missing: event.chatId };
        }
        return update(event.chatId, (chat) =>
          event.role ? { ...chat, myRole: event.role } : chat,
        );
      }
      if (event.change === 'role') return unchanged;
      return update(event.chatId, (chat) => ({
        ...chat,
        memberCount: Math.max(0, chat.memberCount + (event.change === 'added' ? 1 : -1)),
      }));
    default:
      return unchanged;
  }
}

/** A message the list had not seen moves the chat up and, if someone else wrote it, counts as unread. */
export function withNewMessage(chat: ChatSummary, message: Message, meId: number): ChatSummary {
  if (message.seq <= chat.lastSeq) {
    return chat.lastMessage?.seq === message.seq || message.seq < (chat.lastMessage?.seq ?? 0)
      ? chat
      : { ...chat, lastMessage: message, lastMessageAt: message.createdAt };
  }
  const fromOther = message.author?.id !== meId;
  const unreadNow = fromOther && message.seq > chat.readSeq;
  return {
    ...chat,
    lastSeq: message.seq,
    lastMessage: message,
    lastMessageAt: message.createdAt,
    unread: chat.unread + (unreadNow ? 1 : 0),
    mentions: chat.mentions + (unreadNow && mentionsPerson(message, meId) ? 1 : 0),
  };
}

/** My read position moved (here or on another device). Never moves back. */
export function withReadSeq(chat: ChatSummary, readSeq: number): ChatSummary {
  if (readSeq <= chat.readSeq) return chat;
  if (readSeq >= chat.lastSeq) return { ...chat, readSeq, unread: 0, mentions: 0 };
  const unread = Math.min(chat.unread, chat.lastSeq - readSeq);
  return { ...chat, readSeq, unread, mentions: Math.min(chat.mentions, unread) };
}

const CHANGEABLE = ['title', 'description', 'avatar', 'archived', 'muted'] as const;

function withChanges(chat: ChatSummary, changes: Record<string, unknown>): ChatSummary {
  let next = chat;
  for (const key of CHANGEABLE) {
    if (!(key in changes)) continue;
    const value = changes[key];
    const current = chat[key];
    // Only a value of the same shape as the field; anything else waits for the next fetch.
    if (typeof value === typeof current || value === null) next = { ...next, [key]: value };
  }
  return next;
}

/** Total unread, for the tab title. */
export function totalUnread(byId: Record<number, ChatSummary>): number {
  return Object.values(byId).reduce((sum, c) => sum + (c.muted ? 0 : c.unread), 0);
}
