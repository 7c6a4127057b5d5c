import type { ChatSummary, Message, RealtimeEvent } from '@parta/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { ChatApi } from '../api/chats';
import { RealtimeClient } from '../realtime/realtime-client';
import { buildChat, buildMe } from '../test/factories';
import { FakeChat } from '../test/fake-chat';
import { socketFactory } from '../test/fake-socket';
import type { HistoryPage } from './chat-window';
import { Messenger } from './messenger';

const ME = 7;

/** The API over one FakeChat; `hold` keeps history answers until the test releases them. */
function fakeApi(chat: FakeChat, log: string[]) {
  const held: (() => void)[] = [];
  let holding = false;
  let online = true;
  const summary = (): ChatSummary =>
    buildChat({
      id: chat.chatId,
      lastSeq: chat.messages.length,
      lastMessage: chat.page(ME, { limit: 1 }).items[0] ?? null,
      lastMessageAt: chat.messages.at(-1)?.createdAt ?? null,
    });
  const netCheck = () => {
    if (!online)
      throw new ApiError({ code: 'NETWORK_ERROR', status: 0, message: 'x', retriable: true });
  };
  const api: ChatApi = {
    listChats: async () => {
      log.push('listChats');
      netCheck();
      return { items: [summary()], nextBefore: null };
    },
    getChat: async () => summary(),
    history: (_chatId, params) => {
      log.push(`history ${JSON.stringify(params)}`);
      const answer = () => chat.page(ME, params);
      if (!holding) return Promise.resolve(answer());
      // The answer is computed now (the server's snapshot) but delivered later.
      const page = answer();
      return new Promise<HistoryPage>((resolve) => held.push(() => resolve(page)));
    },
    send: async (_chatId, input) => {
      log.push(`http send ${input.clientMessageId}`);
      netCheck();
      const existing = chat.messages.find((m) => m.clientMessageId === input.clientMessageId);
      if (existing) return chat.present(existing, ME);
      const event = chat.post(ME, input.text);
      return (event as Extract<RealtimeEvent, { type: 'message.created' }>).message;
    },
    edit: async () => {
      throw new Error('not used');
    },
    remove: async () => undefined,
    react: async () => {
      throw new Error('not used');
    },
    vote: async () => {
      throw new Error('not used');
    },
    markRead: async (_chatId, seq) => ({ readSeq: seq }),
  };
  return {
    api,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const resolve of held.splice(0)) resolve();
    },
    setOnline: (value: boolean) => {
      online = value;
    },
  };
}

function setup(chat = new FakeChat()) {
  const log: string[] = [];
  const sockets = socketFactory();
  const api = fakeApi(chat, log);
  const messenger = new Messenger({
    me: buildMe({}, { id: ME }),
    api: api.api,
    realtime: (handlers) =>
      new RealtimeClient({
        url: 'ws://test/api/v1/ws',
        handlers,
        createSocket: (url) => {
          log.push('socket');
          return sockets.create(url);
        },
        random: () => 0,
      }),
    storage: window.localStorage,
    // Outbox retries wait the full backoff (1 s first): the tests decide when the network is back.
    random: () => 1,
  });
  const windowOf = () => messenger.store.get().windows[chat.chatId]?.window;
  const seqs = () => windowOf()?.items.map((m) => m.seq);
  const deliver = (event: RealtimeEvent) => sockets.last.receive({ type: 'event', event });
  return { messenger, chat, log, sockets, api, windowOf, seqs, deliver };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the messenger', () => {
  it('subscribes before it fetches', () => {
    const { messenger, log } = setup();
    messenger.start();
    expect(log.slice(0, 2)).toEqual(['socket', 'listChats']);
  });

  it('applies events that raced the history fetch on top of it', async () => {
    const chat = new FakeChat();
    for (let i = 1; i <= 5; i += 1) chat.post(2, `сообщение ${i}`);
    const t = setup(chat);
    t.messenger.start();
    t.sockets.last.open(ME);
    await vi.advanceTimersByTimeAsync(0);

    t.api.hold();
    const opening = t.messenger.open(chat.chatId);
    // The server answered with seq 1–5; meanwhile seq 6 arrives and seq 2 is edited.
    t.deliver(chat.post(3, 'шестое'));
    t.deliver(chat.edit(2, 'исправлено'));
    t.api.release();
    await opening;

    expect(t.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.windowOf()?.items[1]?.text).toBe('исправлено');
  });

  it('resumes from the last seq after a reconnection; missed messages appear exactly once', async () => {
    const chat = new FakeChat();
    for (let i = 1; i <= 5; i += 1) chat.post(2, `сообщение ${i}`);
    const t = setup(chat);
    t.messenger.start();
    t.sockets.last.open(ME);
    t.messenger.setActive(chat.chatId, true);
    await t.messenger.open(chat.chatId);

    t.sockets.last.serverClose(1006);
    expect(t.messenger.store.get().connection).toBe('offline');
    const missed = [chat.post(2, 'пропущено 6'), chat.post(3, 'пропущено 7')];

    await vi.advanceTimersByTimeAsync(100);
    const socket = t.sockets.last;
    socket.open(ME);
    expect(socket.sentOfType('resume')).toEqual([{ type: 'resume', positions: { '38': 5 } }]);

    // The server replays the gap, then says resumed; a live copy of seq 7 arrives too.
    for (const event of missed) t.deliver(event);
    t.deliver(missed[1] as RealtimeEvent);
    socket.receive({ type: 'resumed', chats: [{ chatId: 38, fromSeq: 5, toSeq: 7 }] });
    await vi.advanceTimersByTimeAsync(0);

    expect(t.seqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(t.messenger.store.get().connection).toBe('online');
    // The open chat is refreshed for what resume does not replay (edits, reactions).
    expect(t.log.filter((l) => l.startsWith('history'))).toHaveLength(2);
  });

  it('refetches the latest page on resync and replaces a window it cannot join', async () => {
    const chat = new FakeChat();
    for (let i = 1; i <= 10; i += 1) chat.post(2, `${i}`);
    const t = setup(chat);
    t.messenger.start();
    t.sockets.last.open(ME);
    await t.messenger.open(chat.chatId);
    for (let i = 11; i <= 200; i += 1) chat.post(2, `${i}`);

    t.sockets.last.receive({ type: 'resync', chatId: chat.chatId, reason: 'gap_too_large' });
    await vi.advanceTimersByTimeAsync(0);

    const w = t.windowOf();
    expect(w?.items.at(-1)?.seq).toBe(200);
    expect(w?.items[0]?.seq).toBe(151);
    expect(w?.hasBefore).toBe(true);
    expect(w?.hasAfter).toBe(false);
  });

  it('queues a message written offline and sends it after reconnecting, once, with its id', async () => {
    const chat = new FakeChat();
    chat.post(2, 'первое');
    const t = setup(chat);
    t.messenger.start();
    t.sockets.last.open(ME);
    t.messenger.setActive(chat.chatId, true);
    await t.messenger.open(chat.chatId);
    t.sockets.last.serverClose(1006);
    t.api.setOnline(false);

    const item = t.messenger.send(chat.chatId, { text: 'написано без связи' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.messenger.store.get().outbox).toEqual([
      expect.objectContaining({ clientMessageId: item.clientMessageId, status: 'pending' }),
    ]);
    expect(JSON.parse(window.localStorage.getItem(`parta.outbox.${ME}`) ?? '[]')).toHaveLength(1);

    t.api.setOnline(true);
    await vi.advanceTimersByTimeAsync(100);
    const socket = t.sockets.last;
    socket.open(ME);
    const frames = socket.sentOfType('send');
    expect(frames).toHaveLength(1);
    expect(frames[0]?.clientMessageId).toBe(item.clientMessageId);

    // The server stores it and both acknowledges it and broadcasts it.
    const created = chat.post(ME, 'написано без связи') as Extract<
      RealtimeEvent,
      { type: 'message.created' }
    >;
    t.deliver(created);
    socket.receive({
      type: 'ack',
      requestId: frames[0]?.requestId ?? '',
      message: created.message,
      duplicate: false,
    });
    await vi.advanceTimersByTimeAsync(0);

    expect(t.messenger.store.get().outbox).toEqual([]);
    expect(t.seqs()).toEqual([1, 2]);
    expect(t.messenger.chat(chat.chatId)?.unread).toBe(0);
  });

  it('counts unread and mentions from others, not my own messages', async () => {
    const t = setup();
    t.messenger.start();
    t.sockets.last.open(ME);
    await vi.advanceTimersByTimeAsync(0);
    const mention = (seq: number, author: number, mentions: Message['mentions']) =>
      ({
        type: 'message.created',
        chatId: 38,
        message: {
          ...(t.chat.page(ME).items[0] as Message),
          seq,
          author: { id: author, displayName: 'x' },
          mentions,
        },
      }) as RealtimeEvent;
    t.chat.post(2, 'x');
    t.deliver(mention(1, 2, [ME]));
    t.deliver(mention(2, ME, []));
    t.deliver(mention(3, 3, ['all']));
    t.deliver(mention(3, 3, ['all']));
    expect(t.messenger.chat(38)).toMatchObject({ unread: 2, mentions: 2, lastSeq: 3 });

    t.messenger.markRead(38, 3);
    expect(t.messenger.chat(38)).toMatchObject({ unread: 0, mentions: 0, readSeq: 3 });
    expect(t.sockets.last.sentOfType('read')).toEqual([{ type: 'read', chatId: 38, seq: 3 }]);
  });
});
