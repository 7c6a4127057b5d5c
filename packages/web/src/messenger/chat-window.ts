import type { Message, RealtimeEvent } from '@parta/shared';

/** `GET /chats/:id/messages` (latest, afterSeq, beforeSeq or aroundSeq). */
export interface HistoryPage {
  items: Message[];
  hasBefore: boolean;
  hasAfter: boolean;
  lastSeq: number;
}

/**
 * The loaded part of one chat's history: a contiguous run of messages by
 * seq (seqs have no holes; deleted messages stay as tombstones).
 *
 * Invariants: `items` ascend by seq without duplicates; `hasAfter` is false
 * only when the run reaches the chat's last message, so live messages may be
 * appended; `lastSeq` ≥ the last item's seq.
 *
 * Every function here is pure and idempotent: applying an event or a page
 * twice gives the same window — the messenger replays events that raced a
 * fetch on top of the fetched page (subscribe → fetch → apply buffered).
 */
export interface ChatWindow {
  chatId: number;
  items: Message[];
  hasBefore: boolean;
  hasAfter: boolean;
  lastSeq: number;
}

export type MessageEvent = Extract<
  RealtimeEvent,
  {
    type:
      'message.created' | 'message.edited' | 'message.deleted' | 'reaction.changed' | 'poll.voted';
  }
>;

export function isMessageEvent(event: RealtimeEvent): event is MessageEvent {
  return (
    event.type === 'message.created' ||
    event.type === 'message.edited' ||
    event.type === 'message.deleted' ||
    event.type === 'reaction.changed' ||
    event.type === 'poll.voted'
  );
}

export function windowFromPage(chatId: number, page: HistoryPage): ChatWindow {
  const items = dedupeSorted(page.items);
  return {
    chatId,
    items,
    hasBefore: page.hasBefore,
    hasAfter: page.hasAfter,
    lastSeq: Math.max(page.lastSeq, items.at(-1)?.seq ?? 0),
  };
}

export function firstSeq(w: ChatWindow): number | null {
  return w.items[0]?.seq ?? null;
}

export function lastLoadedSeq(w: ChatWindow): number | null {
  return w.items.at(-1)?.seq ?? null;
}

/**
 * Merges a fetched page into the window. A page that overlaps or touches
 * the window joins it (the page's copies win: they are newer than what the
 * window had when the fetch started, and buffered events are replayed
 * after); a page out of reach replaces the window (a jump, or a gap after a
 * long disconnection).
 */
export function mergePage(w: ChatWindow | undefined, page: HistoryPage): ChatWindow {
  if (!w) return windowFromPage(page.items[0]?.chatId ?? 0, page);
  const pageItems = dedupeSorted(page.items);
  const pFirst = pageItems[0]?.seq;
  const pLast = pageItems.at(-1)?.seq;
  const wFirst = firstSeq(w);
  const wLast = lastLoadedSeq(w);
  const lastSeq = Math.max(w.lastSeq, page.lastSeq);
  if (pFirst === undefined || pLast === undefined) {
    // An empty page: the chat is empty, or nothing is before/after the asked position.
    return {
      ...windowFromPage(w.chatId, page),
      ...(wFirst === null ? {} : keep(w, page)),
      lastSeq,
    };
  }
  if (wFirst === null || wLast === null || pFirst > wLast + 1 || pLast < wFirst - 1) {
    return { ...windowFromPage(w.chatId, page), lastSeq };
  }
  const bySeq = new Map<number, Message>();
  for (const m of w.items) bySeq.set(m.seq, m);
  for (const m of pageItems) bySeq.set(m.seq, m);
  const items = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return {
    chatId: w.chatId,
    items,
    hasBefore: pFirst <= wFirst ? page.hasBefore : w.hasBefore,
    hasAfter: pLast >= wLast ? page.hasAfter : w.hasAfter,
    lastSeq: Math.max(lastSeq, items.at(-1)?.seq ?? 0),
  };
}

/** An empty page does not change what the window holds; it only settles the flags. */
function keep(w: ChatWindow, page: HistoryPage): Partial<ChatWindow> {
  return {
    items: w.items,
    hasBefore: w.hasBefore && page.hasBefore,
    hasAfter: w.hasAfter && page.hasAfter,
  };
}

/** Result of applying an event: the window, and whether the window now misses messages at its end. */
export interface Applied {
  window: ChatWindow;
  /** A message arrived past the end of a live window: fetch after the last loaded seq. */
  gap: boolean;
}

/**
 * Applies one realtime event of this chat. `meId` decides the viewer-relative
 * flags the server cannot put into a broadcast (`mine` on reactions and poll
 * options).
 */
export function applyEvent(w: ChatWindow, event: MessageEvent, meId: number): Applied {
  switch (event.type) {
    case 'message.created':
      return upsertCreated(w, event.message);
    case 'message.edited':
      return same(
        replaceAt(w, event.message.seq, (old) => keepViewerFlags(event.message, old, meId)),
      );
    case 'message.deleted': {
      const index = indexOfSeq(w.items, event.seq);
      const old = w.items[index];
      if (!old || old.deletedAt !== null) return same(w);
      const items = w.items.slice();
      items[index] = tombstone(old);
      return same({ ...w, items });
    }
    case 'reaction.changed':
      return same(
        replaceAt(w, event.seq, (old) => ({
          ...old,
          reactions: reactionsFor(event.reactions, old.reactions, event.personId === meId),
        })),
      );
    case 'poll.voted':
      return same(replaceAt(w, event.seq, (old) => keepViewerFlags(event.message, old, meId)));
  }
}

function same(window: ChatWindow): Applied {
  return { window, gap: false };
}

function upsertCreated(w: ChatWindow, message: Message): Applied {
  const lastSeq = Math.max(w.lastSeq, message.seq);
  const first = firstSeq(w);
  const last = lastLoadedSeq(w);
  if (first !== null && last !== null && message.seq >= first && message.seq <= last) {
    // Already here (a replay after resume, an ack raced by its event): the stored copy stays.
    return same(lastSeq === w.lastSeq ? w : { ...w, lastSeq });
  }
  if (w.hasAfter || (first !== null && message.seq < first)) {
    return same(lastSeq === w.lastSeq ? w : { ...w, lastSeq });
  }
  const end = last ?? w.lastSeq;
  if (message.seq === end + 1 || (last === null && !w.hasBefore)) {
    return same({ ...w, items: [...w.items, message], lastSeq });
  }
  // Past the end with a hole before it: the window stops being live until the hole is fetched.
  return { window: { ...w, hasAfter: true, lastSeq }, gap: true };
}

/**
 * Changes one loaded message. A tombstone is final: an edit, reaction or vote
 * that happened before the deletion (replayed after a fetch) cannot revive it.
 */
function replaceAt(w: ChatWindow, seq: number, change: (old: Message) => Message): ChatWindow {
  const index = indexOfSeq(w.items, seq);
  if (index === -1) return w;
  const old = w.items[index] as Message;
  if (old.deletedAt !== null) return w;
  const next = change(old);
  if (next === old) return w;
  const items = w.items.slice();
  items[index] = next;
  return { ...w, items };
}

/** Binary search: items ascend by seq. */
export function indexOfSeq(items: readonly Message[], seq: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = (items[mid] as Message).seq;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** What the server shows for a deleted message: the seq, author and time stay; the content goes. */
export function tombstone(old: Message): Message {
  if (old.deletedAt !== null && old.text === '') return old;
  return {
    ...old,
    text: '',
    mentions: [],
    reactions: [],
    poll: null,
    attachments: [],
    // The event carries no time; the moment we learnt of it is close enough for a tombstone.
    deletedAt: old.deletedAt ?? new Date().toISOString(),
  };
}

/**
 * Reactions from a broadcast (`mine` false everywhere). For someone else's
 * change my flags stay as they were; for my own (this or another device) the
 * emoji whose count rose is now mine and the one whose count fell is not.
 */
export function reactionsFor(
  incoming: Message['reactions'],
  previous: Message['reactions'],
  byMe: boolean,
): Message['reactions'] {
  const before = new Map(previous.map((r) => [r.emoji, r]));
  return incoming
    .filter((r) => r.count > 0)
    .map((r) => {
      const old = before.get(r.emoji);
      let mine = old?.mine ?? false;
      if (byMe) {
        const oldCount = old?.count ?? 0;
        if (r.count > oldCount) mine = true;
        else if (r.count < oldCount) mine = false;
      }
      return { emoji: r.emoji, count: r.count, mine };
    });
}

/**
 * A message presented for someone else (the editor, the voter) carries their
 * `mine` flags. Reactions keep mine; poll options take mine from `voters`
 * when the poll is open-ballot, else keep mine.
 */
export function keepViewerFlags(
  incoming: Message,
  old: Message | undefined,
  meId: number,
): Message {
  const oldReactions = new Map((old?.reactions ?? []).map((r) => [r.emoji, r.mine]));
  const oldOptions = new Map((old?.poll?.options ?? []).map((o) => [o.id, o.mine]));
  return {
    ...incoming,
    reactions: incoming.reactions.map((r) => ({
      ...r,
      mine: r.count > 0 && (oldReactions.get(r.emoji) ?? false),
    })),
    poll: incoming.poll
      ? {
          ...incoming.poll,
          options: incoming.poll.options.map((o) => ({
            ...o,
            mine: o.voters
              ? o.voters.includes(meId)
              : o.votes > 0 && (oldOptions.get(o.id) ?? false),
          })),
        }
      : null,
  };
}

/** A message as returned to me (HTTP answer of my own reaction, vote or edit): its flags are right. */
export function replaceMessage(w: ChatWindow, message: Message): ChatWindow {
  return replaceAt(w, message.seq, () => message);
}

function dedupeSorted(items: readonly Message[]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const m of items) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
