import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../messenger/outbox';
import { buildMessage } from '../test/factories';
import { buildRows } from './rows';

const anna = { id: 7, displayName: 'Смирнова Анна Игоревна' };
const oleg = { id: 9, displayName: 'Орлов Олег' };
const at = (day: number, hh: number, mm: number) => new Date(2024, 9, day, hh, mm).toISOString();

function pending(clientMessageId: string, createdAt = at(2, 10, 5)): OutboxItem {
  return {
    chatId: 38,
    clientMessageId,
    text: 'ещё в пути',
    replyToSeq: null,
    forward: null,
    poll: null,
    createdAt,
    attempts: 0,
    status: 'pending',
    errorCode: null,
  };
}

describe('history rows', () => {
  const messages = [
    buildMessage({ seq: 1, author: oleg, createdAt: at(1, 18, 0) }),
    buildMessage({ seq: 2, author: oleg, createdAt: at(1, 18, 2) }),
    buildMessage({ seq: 3, author: oleg, createdAt: at(2, 9, 0) }),
    buildMessage({ seq: 4, author: oleg, createdAt: at(2, 9, 30) }),
    buildMessage({ seq: 5, author: anna, createdAt: at(2, 9, 31), clientMessageId: 'stored-0001' }),
  ];

  it('separates days, marks the first unread, and groups runs by author within 5 minutes', () => {
    const rows = buildRows({
      messages,
      pending: [],
      meId: 7,
      live: true,
      unreadFrom: 4,
    });
    const describe = (r: (typeof rows)[number]) =>
      `${r.day ? 'day ' : ''}${r.unread ? 'unread ' : ''}${r.key}${r.groupStart ? '^' : ''}${r.groupEnd ? '$' : ''}`;
    expect(rows.map(describe)).toEqual(['day m1^', 'm2$', 'day m3^$', 'unread m4^$', 'm5^$']);
  });

  it('appends pending messages, leaving out those already stored', () => {
    const rows = buildRows({
      messages,
      pending: [pending('stored-0001'), pending('new-0002', at(2, 9, 33))],
      meId: 7,
      live: true,
      unreadFrom: null,
    });
    const tail = rows.slice(-2);
    expect(tail.map((r) => r.key)).toEqual(['m5', 'pnew-0002']);
    // My pending message continues my run.
    expect(tail[1]).toMatchObject({ kind: 'pending', groupStart: false, groupEnd: true });
  });

  it('keeps pending messages out of a window that stops short of the end', () => {
    const rows = buildRows({
      messages,
      pending: [pending('new-0002')],
      meId: 7,
      live: false,
      unreadFrom: null,
    });
    expect(rows.some((r) => r.kind === 'pending')).toBe(false);
  });
});
