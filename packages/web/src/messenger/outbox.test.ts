import type { Message } from '@parta/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { buildMessage } from '../test/factories';
import { Outbox, type OutboxItem, type OutboxTransport } from './outbox';

const offline = () =>
  new ApiError({ code: 'NETWORK_ERROR', status: 0, message: 'offline', retriable: true });

function draft(clientMessageId: string, text = 'Текст') {
  return {
    chatId: 38,
    clientMessageId,
    text,
    replyToSeq: null,
    forward: null,
    poll: null,
    createdAt: '2024-10-01T09:00:00.000Z',
  };
}

function setup(transport: OutboxTransport, storage = window.localStorage) {
  const delivered: [OutboxItem, Message][] = [];
  const outbox = new Outbox({
    storage,
    storageKey: 'parta.outbox.7',
    transport,
    onDelivered: (item, message) => delivered.push([item, message]),
    onChange: () => undefined,
    random: () => 1,
  });
  return { outbox, delivered };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the outbox', () => {
  it('retries a failed send with the same clientMessageId until the server stores it', async () => {
    const seen: string[] = [];
    let calls = 0;
    const transport = vi.fn<OutboxTransport>(async (item) => {
      seen.push(item.clientMessageId);
      calls += 1;
      if (calls < 3) throw offline();
      return buildMessage({ seq: 5, clientMessageId: item.clientMessageId });
    });
    const { outbox, delivered } = setup(transport);

    outbox.add(draft('same-id-0001'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.list()[0]).toMatchObject({ status: 'pending', attempts: 1 });

    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(2000);

    expect(seen).toEqual(['same-id-0001', 'same-id-0001', 'same-id-0001']);
    expect(outbox.list()).toEqual([]);
    expect(delivered.map(([, m]) => m.seq)).toEqual([5]);
    expect(window.localStorage.getItem('parta.outbox.7')).toBeNull();
  });

  it('sends in the order written, one at a time', async () => {
    const order: string[] = [];
    const { outbox } = setup(async (item) => {
      order.push(item.text);
      return buildMessage({ seq: order.length, clientMessageId: item.clientMessageId });
    });
    outbox.add(draft('first-0001', 'первое'));
    outbox.add(draft('second-0002', 'второе'));
    outbox.add(draft('third-0003', 'третье'));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['первое', 'второе', 'третье']);
  });

  it('keeps the queue across a reload and resends an interrupted send with its id', async () => {
    const never = new Promise<Message>(() => undefined);
    const first = setup(() => never);
    first.outbox.add(draft('kept-id-0001', 'до перезагрузки'));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.outbox.list()[0]?.status).toBe('sending');
    first.outbox.stop();

    const ids: string[] = [];
    const second = setup(async (item) => {
      ids.push(item.clientMessageId);
      return buildMessage({ seq: 1, clientMessageId: item.clientMessageId });
    });
    expect(second.outbox.list()[0]).toMatchObject({
      clientMessageId: 'kept-id-0001',
      status: 'pending',
    });
    second.outbox.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(ids).toEqual(['kept-id-0001']);
  });

  it('marks a refused message failed, moves on, and retries it only when asked', async () => {
    let refuse = true;
    const { outbox } = setup(async (item) => {
      if (item.text === 'нельзя' && refuse) {
        throw new ApiError({ code: 'CHAT_READ_ONLY', status: 403, message: 'x', retriable: false });
      }
      return buildMessage({ seq: 1, clientMessageId: item.clientMessageId });
    });
    outbox.add(draft('refused-0001', 'нельзя'));
    outbox.add(draft('fine-0002', 'можно'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.list()).toEqual([
      expect.objectContaining({
        clientMessageId: 'refused-0001',
        status: 'failed',
        errorCode: 'CHAT_READ_ONLY',
      }),
    ]);

    refuse = false;
    outbox.retry('refused-0001');
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.list()).toEqual([]);
  });

  it('waits as long as Retry-After says when the server throttles', async () => {
    let calls = 0;
    const { outbox } = setup(async (item) => {
      calls += 1;
      if (calls === 1) {
        throw new ApiError({
          code: 'TOO_MANY_REQUESTS',
          status: 429,
          message: 'slow down',
          retriable: true,
          retryAfterSeconds: 7,
        });
      }
      return buildMessage({ seq: 1, clientMessageId: item.clientMessageId });
    });
    outbox.add(draft('throttled-0001'));
    await vi.advanceTimersByTimeAsync(6_999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
  });
});
