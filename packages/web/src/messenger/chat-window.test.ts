import type { Message } from '@parta/shared';
import { REACTIONS } from '@parta/shared';
import { describe, expect, it } from 'vitest';
import { FakeChat, seeded } from '../test/fake-chat';
import { buildMessage } from '../test/factories';
import {
  applyEvent,
  isMessageEvent,
  mergePage,
  windowFromPage,
  type ChatWindow,
  type HistoryPage,
} from './chat-window';

const ME = 1;
const OTHERS = [2, 3, 4];

/** The event carries no deletion time: compare tombstones by "deleted or not". */
function comparable(w: ChatWindow) {
  return {
    ...w,
    items: w.items.map((m: Message) => ({
      ...m,
      deletedAt: m.deletedAt === null ? null : 'deleted',
    })),
  };
}

function applyAll(w: ChatWindow, chat: FakeChat, from: number): ChatWindow {
  let window = w;
  for (const event of chat.events.slice(from)) {
    if (isMessageEvent(event)) window = applyEvent(window, event, ME).window;
  }
  return window;
}

/** A random day in a chat: people write, edit, delete, react and vote. */
function randomActivity(chat: FakeChat, random: () => number, steps: number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  for (let i = 0; i < steps; i += 1) {
    const person = pick([ME, ...OTHERS]);
    const live = chat.messages.filter((m) => m.deletedAt === null);
    const roll = random();
    if (roll < 0.45 || live.length === 0) {
      if (random() < 0.1) chat.post(person, `Опрос ${i}`, { poll: ['да', 'нет', 'не знаю'] });
      else chat.post(person, `Текст ${i}`);
    } else if (roll < 0.55) {
      chat.edit(pick(live).seq, `Исправлено ${i}`);
    } else if (roll < 0.62) {
      chat.remove(pick(live).seq);
    } else if (roll < 0.9) {
      const target = pick(live);
      const emoji = pick(REACTIONS.slice(0, 3));
      const on = !target.reactions.get(emoji)?.has(person);
      chat.react(person, target.seq, emoji, on);
    } else {
      const polls = live.filter((m) => m.poll);
      if (polls.length === 0) continue;
      const poll = pick(polls);
      chat.vote(person, poll.seq, [pick(poll.poll?.options ?? []).id]);
    }
  }
}

describe('a chat window kept by events', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'equals a fresh fetch after applying the events to an old snapshot (scenario %i)',
    (seed) => {
      const random = seeded(seed);
      const chat = new FakeChat();
      randomActivity(chat, random, 40);

      const snapshot = windowFromPage(chat.chatId, chat.page(ME, { limit: 1000 }));
      const eventsBefore = chat.events.length;
      randomActivity(chat, random, 120);

      const updated = applyAll(snapshot, chat, eventsBefore);
      const fresh = windowFromPage(chat.chatId, chat.page(ME, { limit: 1000 }));
      expect(comparable(updated)).toEqual(comparable(fresh));
    },
  );

  it('equals a fresh fetch when the events raced the fetch and are replayed on top', () => {
    const random = seeded(42);
    const chat = new FakeChat();
    randomActivity(chat, random, 30);
    // Subscribed at this point: every event from here on is buffered.
    const subscribedAt = chat.events.length;
    randomActivity(chat, random, 15);
    // The fetch answers with the state somewhere in the middle of the buffered events.
    const page = chat.page(ME, { limit: 1000 });
    randomActivity(chat, random, 15);

    const replayed = applyAll(windowFromPage(chat.chatId, page), chat, subscribedAt);
    const fresh = windowFromPage(chat.chatId, chat.page(ME, { limit: 1000 }));
    expect(comparable(replayed)).toEqual(comparable(fresh));
  });

  it('applies every event idempotently: twice is the same as once', () => {
    const chat = new FakeChat();
    randomActivity(chat, seeded(7), 60);
    const start = windowFromPage(chat.chatId, {
      items: [],
      hasBefore: false,
      hasAfter: false,
      lastSeq: 0,
    });
    const once = applyAll(start, chat, 0);
    const twice = applyAll(once, chat, 0);
    expect(comparable(twice)).toEqual(comparable(once));
  });

  it('keeps one copy of a message delivered twice (ack and event, or a replay after resume)', () => {
    const chat = new FakeChat();
    chat.post(2, 'один');
    const w = windowFromPage(chat.chatId, chat.page(ME));
    const created = chat.post(ME, 'два');
    if (created.type !== 'message.created') throw new Error('expected message.created');
    const once = applyEvent(w, created, ME).window;
    const again = applyEvent(once, created, ME).window;
    expect(again.items.map((m) => m.seq)).toEqual([1, 2]);
    expect(again).toBe(once);
  });

  it('reports a gap when a message arrives past a hole, and stops appending', () => {
    const w = windowFromPage(38, {
      items: [buildMessage({ seq: 1 }), buildMessage({ seq: 2 })],
      hasBefore: false,
      hasAfter: false,
      lastSeq: 2,
    });
    const { window, gap } = applyEvent(
      w,
      { type: 'message.created', chatId: 38, message: buildMessage({ seq: 5 }) },
      ME,
    );
    expect(gap).toBe(true);
    expect(window.hasAfter).toBe(true);
    expect(window.lastSeq).toBe(5);
    expect(window.items.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('sets my reaction flags from the counts when the change was mine', () => {
    const chat = new FakeChat();
    chat.post(2, 'привет');
    let w = windowFromPage(chat.chatId, chat.page(ME));
    for (const event of [chat.react(3, 1, '👍', true), chat.react(ME, 1, '👍', true)]) {
      if (isMessageEvent(event)) w = applyEvent(w, event, ME).window;
    }
    expect(w.items[0]?.reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
    const off = chat.react(ME, 1, '👍', false);
    if (isMessageEvent(off)) w = applyEvent(w, off, ME).window;
    expect(w.items[0]?.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
  });
});

describe('merging pages', () => {
  const page = (from: number, to: number, flags: Partial<HistoryPage> = {}): HistoryPage => ({
    items: Array.from({ length: to - from + 1 }, (_, i) => buildMessage({ seq: from + i })),
    hasBefore: from > 1,
    hasAfter: false,
    lastSeq: 100,
    ...flags,
  });

  it('prepends an older page and keeps the flags of the newer end', () => {
    const w = windowFromPage(38, page(51, 100));
    const merged = mergePage(w, page(1, 50));
    expect(merged.items.map((m) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(merged.hasBefore).toBe(false);
    expect(merged.hasAfter).toBe(false);
  });

  it('replaces the window with a page that does not touch it (a jump)', () => {
    const w = windowFromPage(38, page(91, 100));
    const merged = mergePage(w, page(10, 20, { hasAfter: true }));
    expect(merged.items.map((m) => m.seq)[0]).toBe(10);
    expect(merged.hasAfter).toBe(true);
    expect(merged.lastSeq).toBe(100);
  });

  it('lets the page win in the overlap (it is newer than the window)', () => {
    const w = windowFromPage(38, page(1, 10, { lastSeq: 10 }));
    const fresh = page(5, 12, { lastSeq: 12 });
    fresh.items[0] = buildMessage({ seq: 5, text: 'исправлено' });
    const merged = mergePage(w, fresh);
    expect(merged.items.find((m) => m.seq === 5)?.text).toBe('исправлено');
    expect(merged.items.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('settles hasAfter with an empty "after" page', () => {
    const w = { ...windowFromPage(38, page(1, 10, { lastSeq: 10 })), hasAfter: true };
    const merged = mergePage(w, { items: [], hasBefore: true, hasAfter: false, lastSeq: 10 });
    expect(merged.hasAfter).toBe(false);
    expect(merged.items).toHaveLength(10);
  });
});
