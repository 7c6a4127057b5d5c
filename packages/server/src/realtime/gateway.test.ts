import { createHash, randomUUID } from 'node:crypto';
import { WS_CLOSE } from '@parta/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/app';
import { DIALECTS } from '../../test/db';
import { grant } from '../../test/factories';
import { personTopic } from '../platform/events';
import {
  isFrame,
  sleep,
  startWorld,
  storedMessages,
  TestSocket,
  waitFor,
  type Member,
  type World,
} from './realtime.test-world';

describe.each(DIALECTS)('realtime gateway on %s', (dialect) => {
  let w: World;
  let anna: Member;
  let boris: Member;
  let vera: Member;

  beforeAll(async () => {
    w = await startWorld(dialect, { sessionRecheckMs: 200, heartbeatMs: 100 });
    [anna, boris, vera] = [await w.staff(), await w.staff(), await w.staff()];
  });
  afterEach(async () => {
    await w?.closeSockets();
  });
  afterAll(async () => {
    await w?.close();
  });

  describe('admission', () => {
    it('closes 4401 without a session and with an unknown token', async () => {
      const anonymous = await w.raw();
      expect((await anonymous.closed).code).toBe(WS_CLOSE.UNAUTHENTICATED);
      const forged = await w.raw({}, `${w.wsUrl}?token=${'x'.repeat(43)}`);
      expect((await forged.closed).code).toBe(WS_CLOSE.UNAUTHENTICATED);
      const badCookie = await w.raw({
        headers: { cookie: `parta_session=${'y'.repeat(43)}` },
      });
      expect((await badCookie.closed).code).toBe(WS_CLOSE.UNAUTHENTICATED);
      expect(anonymous.frames).toEqual([]);
    });

    it('closes 4405 for a foreign Origin, even with a valid cookie', async () => {
      const s = await w.raw({
        headers: { cookie: anna.session.cookie },
        origin: 'https://evil.example',
      });
      expect((await s.closed).code).toBe(WS_CLOSE.ORIGIN_FORBIDDEN);
      expect(s.frames).toEqual([]);
    });

    it('opens with the cookie (own Origin), a bearer header, or ?token=, and says ready', async () => {
      const host = new URL(w.wsUrl).host;
      const byCookie = await w.connect(anna, { origin: `http://${host}` });
      const byBearer = await w.connect(anna, {
        headers: { cookie: '', authorization: `Bearer ${anna.token}` },
      });
      const byQuery = await w.raw({}, `${w.wsUrl}?token=${anna.token}`);
      for (const s of [byCookie, byBearer, byQuery]) {
        const ready = await s.ready();
        expect(ready).toEqual({
          type: 'ready',
          personId: anna.personId,
          nodeId: w.t.bus.nodeId,
          heartbeatMs: 100,
        });
      }
      await Promise.all([byCookie.close(), byBearer.close(), byQuery.close()]);
    });

    it('answers 404 to an upgrade on another path', async () => {
      await expect(TestSocket.open(w.wsUrl.replace('/api/v1/ws', '/api/v1/other'))).rejects.toThrow(
        /HTTP 404/,
      );
    });
  });

  describe('delivery', () => {
    it('two members receive each other’s messages once each, in one order', async () => {
      const chatId = await w.group(anna, [boris]);
      const a = await w.connect(anna);
      const b = await w.connect(boris);
      for (const s of [a, b]) s.send({ type: 'resume', positions: { [chatId]: 0 } });
      await a.next(isFrame('resumed'), 'resumed');
      await b.next(isFrame('resumed'), 'resumed');

      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < 10; i++) {
        const s = i % 2 === 0 ? a : b;
        sends.push(
          s.request({
            type: 'send',
            chatId,
            text: `сообщение ${i}`,
            clientMessageId: randomUUID(),
          }),
        );
      }
      await Promise.all(sends);
      await waitFor(
        () => a.seqs(chatId).length === 10 && b.seqs(chatId).length === 10,
        '10 messages on both',
      );
      const expected = Array.from({ length: 10 }, (_, i) => i + 1);
      expect(a.seqs(chatId)).toEqual(expected);
      expect(b.seqs(chatId)).toEqual(expected);
      expect(a.messages(chatId).map((m) => m.text)).toEqual(b.messages(chatId).map((m) => m.text));
      await Promise.all([a.close(), b.close()]);
    });

    it('send acks the stored message; a retry with the same clientMessageId acks duplicate and stores once', async () => {
      const chatId = await w.group(anna, [boris]);
      const a = await w.connect(anna);
      const clientMessageId = randomUUID();
      const first = await a.request({ type: 'send', chatId, text: 'Добрый день', clientMessageId });
      expect(first).toMatchObject({
        type: 'ack',
        duplicate: false,
        message: {
          chatId,
          seq: 1,
          text: 'Добрый день',
          clientMessageId,
          author: { id: anna.personId },
        },
      });
      const again = await a.request({ type: 'send', chatId, text: 'Добрый день', clientMessageId });
      expect(again).toMatchObject({
        type: 'ack',
        duplicate: true,
        message: { seq: 1, clientMessageId },
      });
      // Also from another socket of the same person (a reconnect).
      const a2 = await w.connect(anna);
      const third = await a2.request({
        type: 'send',
        chatId,
        text: 'Добрый день',
        clientMessageId,
      });
      expect(third).toMatchObject({ type: 'ack', duplicate: true, message: { seq: 1 } });
      expect(await storedMessages(w, chatId)).toHaveLength(1);
      await Promise.all([a.close(), a2.close()]);
    });

    it('service refusals answer an error frame with the request id and the catalogue code', async () => {
      const chatId = await w.group(anna, [boris]);
      const v = await w.connect(vera);
      const refused = await v.request({
        type: 'send',
        chatId,
        text: 'чужой чат',
        clientMessageId: randomUUID(),
      });
      expect(refused).toMatchObject({ type: 'error', code: 'NOT_CHAT_MEMBER', retriable: false });
      const empty = await v.request({
        type: 'send',
        chatId: 999_999,
        text: 'x',
        clientMessageId: randomUUID(),
      });
      expect(empty).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
      expect(await storedMessages(w, chatId)).toHaveLength(0);
      await v.close();
    });

    it('a non-member never receives events of the chat', async () => {
      const chatId = await w.group(anna, [boris]);
      const a = await w.connect(anna);
      const b = await w.connect(boris);
      const v = await w.connect(vera);
      await a.request({
        type: 'send',
        chatId,
        text: 'только для своих',
        clientMessageId: randomUUID(),
      });
      a.send({ type: 'typing', chatId });
      v.send({ type: 'typing', chatId });
      await waitFor(() => b.seqs(chatId).length === 1, 'b got the message');
      await waitFor(() => b.events('typing.started').length === 1, 'b got typing');
      await sleep(50);
      expect(v.events().filter((e) => 'chatId' in e && e.chatId === chatId)).toEqual([]);
      expect(v.frames.find(isFrame('error'))).toMatchObject({ code: 'NOT_CHAT_MEMBER' });
      await Promise.all([a.close(), b.close(), v.close()]);
    });

    it('removal stops delivery at once; adding starts it', async () => {
      const chatId = await w.group(anna, [boris]);
      const a = await w.connect(anna);
      const b = await w.connect(boris);
      const v = await w.connect(vera);
      await w.post(anna, chatId, 'первое');
      await waitFor(() => b.seqs(chatId).length === 1, 'b got the first message');

      const removed = await w.t.app.inject({
        method: 'DELETE',
        url: `/api/v1/chats/${chatId}/members/${boris.personId}`,
        headers: anna.session.headers,
      });
      expect(removed.statusCode).toBe(204);
      await waitFor(
        () => b.events('membership.changed').some((e) => e.change === 'removed'),
        'b told of the removal',
      );
      expect(b.events('membership.changed').filter((e) => e.change === 'removed')).toHaveLength(1);

      const added = await w.t.app.inject({
        method: 'POST',
        url: `/api/v1/chats/${chatId}/members`,
        headers: anna.session.headers,
        payload: { personIds: [vera.personId] },
      });
      expect(added.statusCode).toBeLessThan(300);
      await waitFor(
        () =>
          v
            .events('membership.changed')
            .some((e) => e.change === 'added' && e.personId === vera.personId),
        'v told of the addition',
      );
      await w.post(anna, chatId, 'после изменений');
      await waitFor(
        () => v.messages(chatId).some((m) => m.text === 'после изменений'),
        'v got the message',
      );
      await waitFor(() => a.messages(chatId).some((m) => m.text === 'после изменений'), 'a got it');
      await sleep(50);
      expect(b.messages(chatId).map((m) => m.text)).toEqual(['первое']);
      await Promise.all([a.close(), b.close(), v.close()]);
    });

    it('typing reaches the other members but not its author, at most once per window', async () => {
      const chatId = await w.group(anna, [boris]);
      const a = await w.connect(anna);
      const a2 = await w.connect(anna);
      const b = await w.connect(boris);
      a.send({ type: 'typing', chatId });
      a.send({ type: 'typing', chatId });
      a.send({ type: 'typing', chatId });
      await waitFor(() => b.events('typing.started').length === 1, 'b sees typing');
      expect(b.events('typing.started')[0]).toMatchObject({ chatId, personId: anna.personId });
      expect(b.events('typing.started')[0]?.displayName).toMatch(/Иван/);
      await sleep(100);
      expect(b.events('typing.started')).toHaveLength(1);
      expect(a.events('typing.started')).toEqual([]);
      expect(a2.events('typing.started')).toEqual([]);
      expect(await storedMessages(w, chatId)).toEqual([]);
      await Promise.all([a.close(), a2.close(), b.close()]);
    });

    it('presence: a status goes to the bus and to direct chats; the last socket closing says offline', async () => {
      const chatId = await w.direct(anna, boris);
      const a = await w.connect(anna);
      const b = await w.connect(boris);
      a.send({ type: 'presence', status: 'online' });
      await waitFor(
        () =>
          b
            .events('presence.changed')
            .some((e) => e.personId === anna.personId && e.status === 'online'),
        'b sees anna online',
      );
      const key = `presence:${anna.personId}`;
      expect((await w.t.bus.getPresence([key])).get(key)).toBe('online');
      a.send({ type: 'presence', status: 'away' });
      await waitFor(
        () => b.events('presence.changed').some((e) => e.status === 'away'),
        'b sees anna away',
      );
      await a.close();
      await waitFor(
        () => b.events('presence.changed').some((e) => e.status === 'offline'),
        'b sees anna offline',
      );
      expect((await w.t.bus.getPresence([key])).size).toBe(0);
      expect(a.events('presence.changed')).toEqual([]);
      expect(chatId).toBeGreaterThan(0);
      await b.close();
    });

    it('read moves the read position and tells the chat (the reader’s other sockets too)', async () => {
      const chatId = await w.group(anna, [boris]);
      await w.post(anna, chatId, 'прочти меня');
      await w.post(anna, chatId, 'и меня');
      const a = await w.connect(anna);
      const b = await w.connect(boris);
      const b2 = await w.connect(boris);
      b.send({ type: 'read', chatId, seq: 99 });
      const expected = { type: 'chat.read', chatId, personId: boris.personId, readSeq: 2 };
      await waitFor(() => a.events('chat.read').length === 1, 'a sees the read');
      await waitFor(() => b2.events('chat.read').length === 1, 'b2 sees the read');
      expect(a.events('chat.read')).toEqual([expected]);
      const row = await w.t.tdb.db
        .selectFrom('chat_members')
        .select('read_seq')
        .where('chat_id', '=', chatId)
        .where('person_id', '=', boris.personId)
        .executeTakeFirstOrThrow();
      expect(Number(row.read_seq)).toBe(2);
    });

    it('ping frames answer pong with the same id', async () => {
      const a = await w.connect(anna);
      a.send({ type: 'ping', id: 'p-1' });
      expect(await a.next(isFrame('pong'), 'pong')).toEqual({ type: 'pong', id: 'p-1' });
      await a.close();
    });

    it('unsubscribes the node from a chat when its last local member disconnects', async () => {
      await waitFor(() => w.gateway.connectionCount === 0, 'earlier sockets gone');
      expect(w.gateway.topicCount).toBe(0);
      const [p1, p2] = [await w.staff(), await w.staff()];
      const chatId = await w.group(p1, [p2]);
      const a = await w.connect(p1);
      const b = await w.connect(p2);
      expect(w.gateway.topicCount).toBe(3); // person:p1, person:p2, chat
      await a.close();
      await waitFor(() => w.gateway.connectionCount === 1, 'a gone');
      expect(w.gateway.topicCount).toBe(2);
      await b.close();
      await waitFor(() => w.gateway.topicCount === 0, 'all topics released');
      expect(chatId).toBeGreaterThan(0);
    });
  });

  describe('sessions', () => {
    it('person.deactivated on the bus closes every socket of the person with 4403', async () => {
      const p = await w.staff();
      const s1 = await w.connect(p);
      const s2 = await w.connect(p);
      const other = await w.connect(anna);
      await w.t.bus.publish(personTopic(p.personId), {
        type: 'person.deactivated',
        personId: p.personId,
      });
      expect((await s1.closed).code).toBe(WS_CLOSE.SESSION_REVOKED);
      expect((await s2.closed).code).toBe(WS_CLOSE.SESSION_REVOKED);
      await sleep(50);
      expect(other.closedWith).toBeUndefined();
      await other.close();
    });

    it('session.revoked with a session id closes only that session’s sockets', async () => {
      const p = await w.staff();
      const first = await w.connect(p);
      const second = await w.raw({
        headers: { cookie: (await signInAgain(w, p)).cookie },
      });
      await second.ready();
      const sessionId = sha256(p.token);
      await w.t.bus.publish(personTopic(p.personId), {
        type: 'session.revoked',
        personId: p.personId,
        sessionId,
      });
      expect((await first.closed).code).toBe(WS_CLOSE.SESSION_REVOKED);
      await sleep(50);
      expect(second.closedWith).toBeUndefined();
      await second.close();
    });

    it('deactivation over REST closes the socket 4403 by the periodic session check, without any event', async () => {
      const admin = await w.staff();
      await grant(w.t.tdb.db, admin.personId, 'org_admin', { organizationId: w.orgId });
      const admin2 = { ...admin, session: await signInAgain(w, admin) };
      const leaver = await w.staff();
      const s = await w.connect(leaver);
      const res = await w.t.app.inject({
        method: 'PATCH',
        url: `/api/v1/people/${leaver.personId}`,
        headers: admin2.session.headers,
        payload: { active: false },
      });
      expect(res.statusCode).toBe(200);
      // Generous under a loaded CI machine; the close normally comes in well under a second.
      const closed = await Promise.race([s.closed, sleep(10_000).then(() => null)]);
      expect(closed?.code).toBe(WS_CLOSE.SESSION_REVOKED);
    });

    it('logout ends the socket of that session by the periodic check', async () => {
      const p = await w.staff();
      const s = await w.connect(p);
      const res = await w.t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: p.session.headers,
      });
      expect(res.statusCode).toBeLessThan(300);
      const closed = await Promise.race([s.closed, sleep(10_000).then(() => null)]);
      expect(closed?.code).toBe(WS_CLOSE.SESSION_REVOKED);
    });

    it('a client that answers no pings is closed with 4002', async () => {
      const s = await w.raw({
        headers: { cookie: anna.session.cookie },
        autoPong: false,
      });
      await s.ready();
      const closed = await Promise.race([s.closed, sleep(3000).then(() => null)]);
      expect(closed?.code).toBe(WS_CLOSE.HEARTBEAT_TIMEOUT);
    });
  });
});

describe('realtime gateway shutdown', () => {
  it('app.close() closes open sockets with 4001 and does not wait on them', async () => {
    const w = await startWorld(DIALECTS[0] ?? 'sqlite');
    const p = await w.staff();
    const s1 = await w.connect(p);
    const s2 = await w.connect(p);
    const started = Date.now();
    await w.t.app.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await s1.closed).code).toBe(WS_CLOSE.GOING_AWAY);
    expect((await s2.closed).code).toBe(WS_CLOSE.GOING_AWAY);
    expect(w.gateway.connectionCount).toBe(0);
    expect(w.gateway.topicCount).toBe(0);
    await w.close();
  });
});

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

async function signInAgain(w: World, m: Member) {
  return signIn(w.t.app, m.login);
}
