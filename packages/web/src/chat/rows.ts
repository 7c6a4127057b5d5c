import type { Message } from '@parta/shared';
import type { OutboxItem } from '../messenger/outbox';
import { dayKey } from './format';

interface RowBase {
  key: string;
  /** A day separator drawn above this row (the first message of a day in the window). */
  day: Date | null;
  /** The «Новые сообщения» line drawn above this row (the first unread message). */
  unread: boolean;
  /** First of a run by one author (name and avatar shown). */
  groupStart: boolean;
  /** Last of the run (the bubble's tail, more space below). */
  groupEnd: boolean;
}

/**
 * One line of the virtualised history: a stored or a pending message, keyed
 * by seq or client id. Separators belong to the message below them, so every
 * row is a message and the rows' keys survive a prepend: the virtualiser
 * anchors on the message on screen and older pages load without a jump.
 */
export type Row =
  | (RowBase & { kind: 'message'; message: Message })
  | (RowBase & { kind: 'pending'; item: OutboxItem });

/** Messages by one author within this time stay in one group. */
const GROUP_GAP_MS = 5 * 60_000;

/**
 * The rows of a chat: day separators in the person's time zone, the
 * «Новые сообщения» line before the first unread message, runs of messages
 * grouped by author, and the pending messages of the outbox at the end
 * (minus those already stored: dedupe by my clientMessageId).
 */
export function buildRows(options: {
  messages: readonly Message[];
  pending: readonly OutboxItem[];
  meId: number;
  /** The window reaches the last message: pending ones belong after it. */
  live: boolean;
  unreadFrom: number | null;
}): Row[] {
  const rows: Row[] = [];
  let lastDay: string | null = null;
  let previous: { authorId: number | null; system: boolean; at: number } | null = null;
  const stored = new Set<string>();

  const place = (
    row: Row,
    entry: { authorId: number | null; system: boolean; at: number },
    unread: boolean,
  ) => {
    const date = new Date(entry.at);
    const day = dayKey(date);
    if (day !== lastDay) {
      row.day = date;
      lastDay = day;
    }
    row.unread = unread;
    const continues =
      previous !== null &&
      row.day === null &&
      !unread &&
      !entry.system &&
      !previous.system &&
      previous.authorId === entry.authorId &&
      entry.at - previous.at < GROUP_GAP_MS;
    row.groupStart = !continues;
    if (continues) {
      const before = rows.at(-1);
      if (before) before.groupEnd = false;
    }
    rows.push(row);
    previous = entry;
  };

  const blank = { day: null, unread: false, groupStart: true, groupEnd: true };
  for (const message of options.messages) {
    if (message.author?.id === options.meId && message.clientMessageId) {
      stored.add(message.clientMessageId);
    }
    place(
      { ...blank, kind: 'message', key: `m${message.seq}`, message },
      {
        authorId: message.author?.id ?? null,
        system: message.kind === 'system',
        at: Date.parse(message.createdAt),
      },
      options.unreadFrom !== null && message.seq === options.unreadFrom,
    );
  }

  if (options.live) {
    for (const item of options.pending) {
      if (stored.has(item.clientMessageId)) continue;
      place(
        { ...blank, kind: 'pending', key: `p${item.clientMessageId}`, item },
        { authorId: options.meId, system: false, at: Date.parse(item.createdAt) },
        false,
      );
    }
  }
  return rows;
}
