import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Message } from '@parta/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { RedisBus } from '../bus';
import { testConfig } from '../config';
import { createTestDatabase, DIALECTS } from '../../test/db';
import { buildMunicipality, buildOrg, buildPerson, buildPosition } from '../../test/factories';
import { signIn } from '../../test/app';
import { RateLimiter, sendMessage } from '../modules/messages';
import { chatTopic, type EventSink } from '../platform/events';
import { gatewayOf } from './index';
import {
  actorOf,
  isFrame,
  sleep,
  startWorld,
  storedMessages,
  TestSocket,
  waitFor,
  type Member,
  type World,
} from './realtime.test-world';

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(DIALECTS)('realtime resume on %s', (dialect) => {
  let w: World;
  let anna: Member;
  let boris: Member;

  beforeAll(async () => {
    // A small cap and tiny pages make the replay slow enough to race live sends.
    w = await startWorld(dialect, { replayCap: 30, replayPageSize: 3 });
    [anna, boris] = [await w.staff(), await w.staff()];
  });
  afterEach(async () => {
    await w?.closeSockets();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('replays exactly the missed messages, in order, then continues live without a duplicate', async () => {
    const chatId = await w.group(anna, [boris]);
    const b1 = await w.connect(boris);
    b1.send({ type: 'resume', positions: { [chatId]: 0 } });
    await b1.next(isFrame('resumed'), 'resumed');
    for (let i = 1; i <= 3; i++) await w.post(anna, chatId, `до ${i}`);
    await waitFor(() => b1.seqs(chatId).length === 3, 'three live messages');
    await b1.close();

    for (let i = 1; i <= 7; i++) await w.post(anna, chatId, `пока не было ${i}`);
    const b2 = await w.connect(boris);
    b2.send({ type: 'resume', positions: { [chatId]: 3 } });
    const resumed = await b2.next(isFrame('resumed'), 'resumed');
    expect(resumed.chats).toEqual([{ chatId, fromSeq: 3, toSeq: 10 }]);
    expect(b2.seqs(chatId)).toEqual(range(4, 10));
    expect(b2.messages(chatId).map((m) => m.text)).toEqual(
      range(1, 7).map((i) => `пока не было ${i}`),
    );
    // Every replayed event precedes `resumed`.
    const resumedAt = b2.frames.findIndex((f) => f.type === 'resumed');
    const lastEventAt = b2.frames.findLastIndex((f) => f.type === 'event');
    expect(lastEventAt).toBeLessThan(resumedAt);

    await w.post(anna, chatId, 'снова онлайн');
    await waitFor(() => b2.seqs(chatId).length === 8, 'the live message');
    expect(b2.seqs(chatId)).toEqual(range(4, 11));
    await b2.close();
  });

  it('a resume sent before ready is answered after ready', async () => {
    const chatId = await w.group(anna, [boris]);
    await w.post(anna, chatId, 'раньше всех');
    const b = await w.raw({ headers: { cookie: boris.session.cookie } });
    b.send({ type: 'resume', positions: { [chatId]: 0 } });
    await b.next(isFrame('resumed'), 'resumed');
    expect(b.frames.map((f) => f.type)).toEqual(['ready', 'event', 'resumed']);
    expect(b.seqs(chatId)).toEqual([1]);
  });

  it('live messages sent during the replay are neither lost, duplicated nor reordered', async () => {
    const chatId = await w.group(anna, [boris]);
    for (let i = 1; i <= 20; i++) await w.post(anna, chatId, `история ${i}`);
    const a = await w.connect(anna);
    const b = await w.connect(boris);
    // Resume and keep sending at the same time (whether live events arrive
    // during the replay depends on timing; the repair test below forces it).
    b.send({ type: 'resume', positions: { [chatId]: 0 } });
    const sends: Promise<unknown>[] = [];
    for (let i = 1; i <= 20; i++) {
      sends.push(
        a.request({ type: 'send', chatId, text: `живое ${i}`, clientMessageId: randomUUID() }),
      );
    }
    await Promise.all(sends);
    await waitFor(() => b.seqs(chatId).length >= 40, 'all 40 messages', 10_000);
    await sleep(100);
    expect(b.seqs(chatId)).toEqual(range(1, 40));
    await b.next(isFrame('resumed'), 'resumed');
    await Promise.all([a.close(), b.close()]);
  });

  it('answers resync gap_too_large when the gap is over the cap, and resumes again from a fresh position', async () => {
    const chatId = await w.group(anna, [boris]);
    for (let i = 1; i <= 35; i++) await w.post(anna, chatId, `много ${i}`);
    const b = await w.connect(boris);
    b.send({ type: 'resume', positions: { [chatId]: 0 } });
    const resumed = await b.next(isFrame('resumed'), 'resumed');
    expect(b.frames.filter(isFrame('resync'))).toEqual([
      { type: 'resync', chatId, reason: 'gap_too_large' },
    ]);
    expect(resumed.chats).toEqual([]);
    expect(b.seqs(chatId)).toEqual([]);

    // The client fetched history over REST up to 30, then resumes from there.
    b.frames.length = 0;
    b.send({ type: 'resume', positions: { [chatId]: 30 } });
    await b.next(isFrame('resumed'), 'second resumed');
    expect(b.seqs(chatId)).toEqual(range(31, 35));
    await b.close();
  });

  it('answers resync not_member for chats the person is not in, and a position past the end', async () => {
    const own = await w.group(anna, [boris]);
    const foreign = await w.group(anna, []);
    const b = await w.connect(boris);
    b.send({ type: 'resume', positions: { [foreign]: 0, 999999: 0, [own]: 5 } });
    const resumed = await b.next(isFrame('resumed'), 'resumed');
    expect(resumed.chats).toEqual([]);
    expect(b.frames.filter(isFrame('resync'))).toEqual([
      { type: 'resync', chatId: own, reason: 'gap_too_large' },
      { type: 'resync', chatId: foreign, reason: 'not_member' },
      { type: 'resync', chatId: 999999, reason: 'not_member' },
    ]);
    await b.close();
  });

  it('repairs out-of-order and lost bus events from the database and drops duplicates', async () => {
    const chatId = await w.group(anna, [boris]);
    const b = await w.connect(boris);
    b.send({ type: 'resume', positions: { [chatId]: 0 } });
    await b.next(isFrame('resumed'), 'resumed');
    await w.post(anna, chatId, 'первое');
    await waitFor(() => b.seqs(chatId).length === 1, 'first');

    // Store 2…5 without events (lost publications), then publish 3, 5, 4 in one
    // burst: 3 opens a hole, and 5 and 4 arrive while the hole is being filled.
    const silent: EventSink = { publish: async () => undefined };
    const deps = { events: silent, now: () => new Date(), limiter: new RateLimiter(1000, 1000) };
    const stored = [];
    for (const text of ['второе', 'третье', 'четвёртое', 'пятое']) {
      const r = await sendMessage(w.t.tdb.db, deps, actorOf(anna), chatId, {
        text,
        clientMessageId: randomUUID(),
      });
      stored.push(r.message);
    }
    const [two, three, four, five] = stored as [Message, Message, Message, Message];
    const { gapRepairs, held, deduplicated } = { ...w.gateway.stats };
    const created = (message: Message) => ({ type: 'message.created', chatId, message });
    await Promise.all(
      [three, five, four].map((m) => w.t.bus.publish(chatTopic(chatId), created(m))),
    );
    await waitFor(() => b.seqs(chatId).length === 5, 'the hole filled');
    // Late and repeated publications change nothing.
    await w.t.bus.publish(chatTopic(chatId), created(two));
    await w.t.bus.publish(chatTopic(chatId), created(three));
    await w.post(anna, chatId, 'шестое');
    await waitFor(() => b.seqs(chatId).length >= 6, 'sixth');
    await sleep(50);
    expect(b.seqs(chatId)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(b.messages(chatId).map((m) => m.text)).toEqual([
      'первое',
      'второе',
      'третье',
      'четвёртое',
      'пятое',
      'шестое',
    ]);
    expect(w.gateway.stats.gapRepairs).toBe(gapRepairs + 1);
    expect(w.gateway.stats.held).toBe(held + 2);
    expect(w.gateway.stats.deduplicated).toBe(deduplicated + 5);
    expect(await storedMessages(w, chatId)).toHaveLength(6);

    // An event the database does not have (a broken publisher) is dropped after
    // one repair, without looping, and delivery goes on.
    const bogus = { ...five, id: 0, seq: 99, text: 'нет в базе' };
    await w.t.bus.publish(chatTopic(chatId), created(bogus));
    await w.post(anna, chatId, 'седьмое');
    await waitFor(() => b.seqs(chatId).length >= 7, 'seventh');
    await sleep(50);
    expect(b.seqs(chatId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(w.gateway.stats.gapRepairs).toBe(gapRepairs + 2);
    await b.close();
  });
});

/* ---------------- bus delivery gap (needs Redis) ---------------- */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUIRED = process.env.TEST_REQUIRE_REDIS === '1';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const redisUp = await redisReachable();

describe.runIf(redisUp || REQUIRED)('realtime on a Redis bus', () => {
  it('after a delivery gap every socket is told to resync each of its chats', async () => {
    const dialect = DIALECTS[0] ?? 'sqlite';
    const tdb = await createTestDatabase(dialect);
    const bus = new RedisBus({ url: REDIS_URL, prefix: `rt-${randomUUID().slice(0, 8)}` });
    const app = await buildApp({ config: testConfig(), db: tdb.db, dialect, bus });
    const admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
    try {
      await waitFor(() => bus.isHealthy(), 'redis bus healthy');
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const mun = await buildMunicipality(tdb.db);
      const org = await buildOrg(tdb.db, mun);
      const people = [];
      for (const login of [
        `gap-a-${randomUUID().slice(0, 6)}`,
        `gap-b-${randomUUID().slice(0, 6)}`,
      ]) {
        const p = await buildPerson(tdb.db, mun, { login });
        await buildPosition(tdb.db, p.personId, org, 'teacher');
        people.push({ ...p, session: await signIn(app, login) });
      }
      const [a, b] = people as [(typeof people)[number], (typeof people)[number]];
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/chats',
        headers: a.session.headers,
        payload: { kind: 'group', title: 'Разрыв', memberIds: [b.personId] },
      });
      const chatId = (created.json() as { id: number }).id;
      const socket = await TestSocket.open(`ws://127.0.0.1:${port}/api/v1/ws`, {
        headers: { cookie: b.session.cookie },
      });
      await socket.ready();

      const list = String(await admin.call('CLIENT', 'LIST'));
      const sub = list
        .split('\n')
        .find((l) => l.split(' ').includes(`name=parta-${bus.nodeId}-sub`));
      const id = /(?:^| )id=(\d+)/.exec(sub ?? '')?.[1];
      expect(id).toBeDefined();
      await admin.call('CLIENT', 'KILL', 'ID', id ?? '', 'TYPE', 'pubsub');
      const resync = await socket.next(isFrame('resync'), 'resync after the gap', 10_000);
      expect(resync).toEqual({ type: 'resync', chatId, reason: 'bus_gap' });

      // Delivery works again afterwards (the node's subscriptions were restored).
      await app.inject({
        method: 'POST',
        url: `/api/v1/chats/${chatId}/messages`,
        headers: a.session.headers,
        payload: { text: 'после разрыва', clientMessageId: randomUUID() },
      });
      await waitFor(() => socket.seqs(chatId).length === 1, 'delivery after the gap', 10_000);
      expect(gatewayOf(app)?.connectionCount).toBe(1);
      await socket.close();
    } finally {
      await app.close();
      await bus.close();
      admin.disconnect();
      await tdb.drop();
    }
  });
});
