import { WS_CLOSE } from '@parta/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildMessage } from '../test/factories';
import { socketFactory } from '../test/fake-socket';
import {
  backoffDelay,
  RealtimeClient,
  realtimeUrl,
  type ConnectionState,
  type RealtimeHandlers,
} from './realtime-client';

function setup(random = () => 0.5) {
  const factory = socketFactory();
  const states: ConnectionState[] = [];
  const handlers = {
    onReady: vi.fn<RealtimeHandlers['onReady']>(),
    onEvent: vi.fn<RealtimeHandlers['onEvent']>(),
    onResumed: vi.fn<RealtimeHandlers['onResumed']>(),
    onResync: vi.fn<RealtimeHandlers['onResync']>(),
    onStateChange: (state: ConnectionState) => states.push(state),
    onSessionEnded: vi.fn<RealtimeHandlers['onSessionEnded']>(),
  };
  const client = new RealtimeClient({
    url: 'ws://localhost/api/v1/ws',
    handlers,
    createSocket: factory.create,
    random,
  });
  return { client, factory, handlers, states };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the realtime connection', () => {
  it('derives the socket URL from the page origin', () => {
    expect(realtimeUrl({ protocol: 'https:', host: 'parta.example.ru' })).toBe(
      'wss://parta.example.ru/api/v1/ws',
    );
    expect(realtimeUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe(
      'ws://127.0.0.1:8080/api/v1/ws',
    );
  });

  it('is «connecting» until ready, then «online», and hands events over', () => {
    const { client, factory, handlers, states } = setup();
    client.start();
    expect(states).toEqual(['connecting']);

    factory.last.open();
    expect(states).toEqual(['connecting', 'online']);
    expect(handlers.onReady).toHaveBeenCalledWith({
      personId: 1,
      heartbeatMs: 25_000,
      reconnect: false,
    });

    const event = {
      type: 'message.created' as const,
      chatId: 38,
      message: buildMessage({ seq: 1 }),
    };
    factory.last.receive({ type: 'event', event });
    expect(handlers.onEvent).toHaveBeenCalledWith(event);
  });

  it('reconnects after a transient close with growing, jittered delays and says it is a reconnect', () => {
    const { client, factory, handlers, states } = setup(() => 1);
    client.start();
    factory.last.open();

    factory.last.serverClose(WS_CLOSE.GOING_AWAY);
    expect(states.at(-1)).toBe('offline');
    vi.advanceTimersByTime(499);
    expect(factory.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(factory.sockets).toHaveLength(2);

    // The second attempt fails (no network): the next wait doubles.
    factory.last.serverClose(1006);
    vi.advanceTimersByTime(999);
    expect(factory.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(factory.sockets).toHaveLength(3);

    factory.last.open();
    expect(states.at(-1)).toBe('online');
    expect(handlers.onReady).toHaveBeenLastCalledWith(expect.objectContaining({ reconnect: true }));
  });

  it('draws reconnect delays uniformly up to a capped ceiling (full jitter)', () => {
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(30_000);
    expect(backoffDelay(5, () => 0)).toBe(100);
    expect(backoffDelay(2, () => 0.5)).toBe(1000);
  });

  it('does not reconnect after 44xx, and reports an ended session', () => {
    const { client, factory, handlers, states } = setup();
    client.start();
    factory.last.open();
    factory.last.serverClose(WS_CLOSE.SESSION_REVOKED);
    vi.advanceTimersByTime(120_000);
    expect(factory.sockets).toHaveLength(1);
    expect(states.at(-1)).toBe('offline');
    expect(handlers.onSessionEnded).toHaveBeenCalledTimes(1);
  });

  it('resolves a send on its ack and rejects it, retriably, when the socket closes first', async () => {
    const { client, factory } = setup();
    client.start();
    factory.last.open();

    const first = client.sendMessage(38, { text: 'Добрый день', clientMessageId: 'abcdefgh01' });
    const frame = factory.last.sentOfType('send')[0];
    expect(frame).toMatchObject({ chatId: 38, text: 'Добрый день', clientMessageId: 'abcdefgh01' });
    const stored = buildMessage({ seq: 9, clientMessageId: 'abcdefgh01' });
    factory.last.receive({
      type: 'ack',
      requestId: frame?.requestId ?? '',
      message: stored,
      duplicate: false,
    });
    await expect(first).resolves.toEqual({ message: stored, duplicate: false });

    const second = client.sendMessage(38, { text: 'Ещё', clientMessageId: 'abcdefgh02' });
    factory.last.serverClose(1006);
    await expect(second).rejects.toMatchObject({ code: 'NETWORK_ERROR', retriable: true });
  });

  it('passes the server’s refusal of a send on as an error with its code', async () => {
    const { client, factory } = setup();
    client.start();
    factory.last.open();
    const sending = client.sendMessage(38, { text: 'x', clientMessageId: 'abcdefgh03' });
    const requestId = factory.last.sentOfType('send')[0]?.requestId;
    factory.last.receive({
      type: 'error',
      requestId,
      code: 'CHAT_READ_ONLY',
      message: 'You may not write in this chat.',
      retriable: false,
    });
    await expect(sending).rejects.toMatchObject({ code: 'CHAT_READ_ONLY', retriable: false });
  });

  it('pings when idle and reconnects when nothing answers', () => {
    const { client, factory } = setup();
    client.start();
    factory.last.open(1, 20_000);
    vi.advanceTimersByTime(20_000);
    expect(factory.last.sentOfType('ping')).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(factory.sockets[0]?.closedWith).toBe(4000);
    vi.advanceTimersByTime(1000);
    expect(factory.sockets).toHaveLength(2);
  });

  it('stays connected when the pong comes back', () => {
    const { client, factory } = setup();
    client.start();
    factory.last.open(1, 20_000);
    vi.advanceTimersByTime(20_000);
    factory.last.receive({ type: 'pong' });
    vi.advanceTimersByTime(15_000);
    expect(factory.sockets).toHaveLength(1);
    expect(factory.last.closedWith).toBeNull();
  });

  it('reconnects at once when asked (the browser is back online)', () => {
    const { client, factory } = setup(() => 1);
    client.start();
    factory.last.open();
    client.networkLost();
    expect(factory.sockets[0]?.closedWith).toBe(4000);
    client.reconnectNow();
    expect(factory.sockets).toHaveLength(2);
  });
});
