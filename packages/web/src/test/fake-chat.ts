import type { Message, RealtimeEvent } from '@parta/shared';
import type { HistoryPage } from '../messenger/chat-window';

interface Stored {
  seq: number;
  authorId: number;
  clientMessageId: string;
  text: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  replyToSeq: number | null;
  reactions: Map<string, Set<number>>;
  poll: {
    question: string;
    anonymous: boolean;
    options: { id: number; text: string; voters: Set<number> }[];
  } | null;
}

/**
 * One chat as the server keeps it, small enough to reason about: it answers
 * history pages presented for a viewer and emits the events the real server
 * publishes (same viewer-relative quirks: a broadcast's `mine` flags belong
 * to the actor, reaction broadcasts have none).
 */
export class FakeChat {
  readonly messages: Stored[] = [];
  readonly events: RealtimeEvent[] = [];
  private clock = Date.UTC(2024, 9, 1, 9, 0, 0);
  private nextOption = 1;

  constructor(readonly chatId = 38) {}

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private emit(event: RealtimeEvent): RealtimeEvent {
    this.events.push(event);
    return event;
  }

  post(authorId: number, text: string, options: { poll?: string[]; replyToSeq?: number } = {}) {
    const stored: Stored = {
      seq: this.messages.length + 1,
      authorId,
      clientMessageId: `c${this.messages.length + 1}-${authorId}-xxxxxxxx`,
      text,
      createdAt: this.tick(),
      editedAt: null,
      deletedAt: null,
      replyToSeq: options.replyToSeq ?? null,
      reactions: new Map(),
      poll: options.poll
        ? {
            question: text,
            anonymous: false,
            options: options.poll.map((o) => ({
              id: this.nextOption++,
              text: o,
              voters: new Set(),
            })),
          }
        : null,
    };
    this.messages.push(stored);
    return this.emit({
      type: 'message.created',
      chatId: this.chatId,
      message: this.present(stored, authorId),
    });
  }

  edit(seq: number, text: string) {
    const m = this.find(seq);
    m.text = text;
    m.editedAt = this.tick();
    return this.emit({
      type: 'message.edited',
      chatId: this.chatId,
      message: this.present(m, m.authorId),
    });
  }

  remove(seq: number) {
    const m = this.find(seq);
    m.deletedAt = this.tick();
    return this.emit({ type: 'message.deleted', chatId: this.chatId, seq, messageId: 1000 + seq });
  }

  react(personId: number, seq: number, emoji: string, on: boolean) {
    const m = this.find(seq);
    const set = m.reactions.get(emoji) ?? new Set<number>();
    if (on) set.add(personId);
    else set.delete(personId);
    if (set.size > 0) m.reactions.set(emoji, set);
    else m.reactions.delete(emoji);
    return this.emit({
      type: 'reaction.changed',
      chatId: this.chatId,
      seq,
      messageId: 1000 + seq,
      reactions: this.present(m, personId).reactions.map((r) => ({ ...r, mine: false })),
      personId,
    });
  }

  vote(personId: number, seq: number, optionIds: number[]) {
    const m = this.find(seq);
    for (const option of m.poll?.options ?? []) {
      if (optionIds.includes(option.id)) option.voters.add(personId);
      else option.voters.delete(personId);
    }
    return this.emit({
      type: 'poll.voted',
      chatId: this.chatId,
      seq,
      message: this.present(m, personId),
    });
  }

  /** `GET /messages` for `viewerId`: the latest `limit`, or before/after/around a seq. */
  page(
    viewerId: number,
    params: { limit?: number; beforeSeq?: number; afterSeq?: number; aroundSeq?: number } = {},
  ): HistoryPage {
    const limit = params.limit ?? 50;
    const all = this.messages;
    let from: number;
    let to: number;
    if (params.beforeSeq !== undefined) {
      to = params.beforeSeq - 1;
      from = Math.max(1, to - limit + 1);
    } else if (params.afterSeq !== undefined) {
      from = params.afterSeq + 1;
      to = Math.min(all.length, from + limit - 1);
    } else if (params.aroundSeq !== undefined) {
      from = Math.max(1, params.aroundSeq - Math.floor(limit / 2));
      to = Math.min(all.length, from + limit - 1);
    } else {
      to = all.length;
      from = Math.max(1, to - limit + 1);
    }
    const items = all.slice(from - 1, Math.max(from - 1, to)).map((m) => this.present(m, viewerId));
    return {
      items,
      hasBefore: from > 1,
      hasAfter: to < all.length,
      lastSeq: all.length,
    };
  }

  present(m: Stored, viewerId: number): Message {
    const deleted = m.deletedAt !== null;
    return {
      id: 1000 + m.seq,
      chatId: this.chatId,
      seq: m.seq,
      kind: m.poll ? 'poll' : 'text',
      author: { id: m.authorId, displayName: `Person ${m.authorId}` },
      clientMessageId: m.clientMessageId,
      text: deleted ? '' : m.text,
      replyToSeq: m.replyToSeq,
      forwardedFrom: null,
      mentions: [],
      reactions: deleted
        ? []
        : [...m.reactions].map(([emoji, people]) => ({
            emoji,
            count: people.size,
            mine: people.has(viewerId),
          })),
      poll:
        m.poll && !deleted
          ? {
              question: m.poll.question,
              multiple: false,
              anonymous: m.poll.anonymous,
              closed: false,
              options: m.poll.options.map((o) => ({
                id: o.id,
                text: o.text,
                votes: o.voters.size,
                mine: o.voters.has(viewerId),
                voters: [...o.voters],
              })),
            }
          : null,
      attachments: [],
      createdAt: m.createdAt,
      editedAt: m.editedAt,
      deletedAt: m.deletedAt,
    };
  }

  private find(seq: number): Stored {
    const m = this.messages[seq - 1];
    if (!m) throw new Error(`no message ${seq}`);
    return m;
  }
}

/** A deterministic PRNG (mulberry32) for generated scenarios. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
