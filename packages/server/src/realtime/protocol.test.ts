import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { LIMITS, WS_CLOSE, type Message } from '@parta/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/db';
import { chatTopic } from '../platform/events';
import {
  isFrame,
  sleep,
  startWorld,
  storedMessages,
  waitFor,
  type Member,
  type World,
} from './realtime.test-world';

/** Protocol hygiene does not depend on the dialect: one is enough. */
const dialect = DIALECTS[0] ?? 'sqlite';

describe(`realtime protocol (${dialect})`, () => {
  let w: World;
  let anna: Member;
  let boris: Member;
  let chatId: number;

  beforeAll(async () => {
    w = await startWorld(dialect, { maxBadFrames: 20, frameBurst: 100, framesPerSecond: 50 });
    [anna, boris] = [await w.staff(), await w.staff()];
    chatId = await w.group(anna, [boris]);
  });
  afterEach(async () => {
    await w?.closeSockets();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('refuses malformed JSON, wrong types, unknown types and __proto__ keys with error frames; nothing stored; the socket still works', async () => {
    const a = await w.connect(anna);
    const clientMessageId = randomUUID();
    const bad: [string, string][] = [
      ['{"type":"send",', 'MALFORMED_JSON'],
      ['"just a string"', 'MALFORMED_JSON'],
      ['[1,2,3]', 'MALFORMED_JSON'],
      ['null', 'MALFORMED_JSON'],
      [
        JSON.stringify({
          type: 'send',
          requestId: 'r',
          chatId: String(chatId),
          text: 'x',
          clientMessageId,
        }),
        'VALIDATION_FAILED',
      ],
      [
        JSON.stringify({ type: 'send', requestId: 'r', chatId, text: 42, clientMessageId }),
        'VALIDATION_FAILED',
      ],
      [
        JSON.stringify({
          type: 'send',
          requestId: 'r',
          chatId,
          text: 'x',
          clientMessageId,
          extra: 1,
        }),
        'VALIDATION_FAILED',
      ],
      [JSON.stringify({ type: 'teleport', chatId }), 'VALIDATION_FAILED'],
      [JSON.stringify({ chatId }), 'VALIDATION_FAILED'],
      [
        `{"type":"send","requestId":"r","chatId":${chatId},"text":"x","clientMessageId":"${clientMessageId}","__proto__":{"admin":true}}`,
        'MALFORMED_JSON',
      ],
      [`{"type":"resume","positions":{"__proto__":{"1":0}}}`, 'MALFORMED_JSON'],
      [`{"type":"resume","positions":{"constructor":{"prototype":{}}}}`, 'MALFORMED_JSON'],
    ];
    for (const [raw] of bad) a.send(raw);
    a.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await waitFor(
      () => a.frames.filter(isFrame('error')).length === bad.length + 1,
      'every refusal',
    );
    const errors = a.frames.filter(isFrame('error'));
    expect(errors.map((e) => e.code)).toEqual([...bad.map(([, code]) => code), 'MALFORMED_JSON']);
    for (const e of errors) expect(e.retriable).toBe(false);
    expect(errors[5]?.message).toMatch(/^text: /);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await storedMessages(w, chatId)).toEqual([]);

    const ok = await a.request({ type: 'send', chatId, text: 'всё ещё работает', clientMessageId });
    expect(ok).toMatchObject({ type: 'ack', duplicate: false, message: { seq: 1 } });
    expect(a.closedWith).toBeUndefined();
    await a.close();
  });

  it('closes 4400 after too many invalid frames', async () => {
    const a = await w.connect(anna);
    for (let i = 0; i < 21; i++) a.send('not json');
    expect((await a.closed).code).toBe(WS_CLOSE.PROTOCOL_ERROR);
    expect(a.frames.filter(isFrame('error'))).toHaveLength(21);
  });

  it('closes 4003 when a client floods frames', async () => {
    const a = await w.connect(anna);
    for (let i = 0; i < 150; i++) a.send({ type: 'ping', id: String(i) });
    expect((await a.closed).code).toBe(WS_CLOSE.RATE_LIMITED);
    expect(a.frames.filter(isFrame('pong')).length).toBeLessThanOrEqual(100);
  });

  it('closes 1009 for a frame over 64 KiB; a frame just under passes', async () => {
    const a = await w.connect(anna);
    const under = JSON.stringify({ type: 'ping', id: 'x' }).length;
    a.send(
      `${JSON.stringify({ type: 'ping', id: 'ok' })}${' '.repeat(LIMITS.wsFrameBytes - under - 10)}`,
    );
    expect(await a.next(isFrame('pong'), 'pong')).toEqual({ type: 'pong', id: 'ok' });
    a.send({
      type: 'send',
      requestId: 'big',
      chatId,
      text: 'я'.repeat(40_000),
      clientMessageId: randomUUID(),
    });
    expect((await a.closed).code).toBe(1009);
  });

  it('cuts off a client that stops reading (4000) and keeps the server-side buffer bounded', async () => {
    const bound = 256 * 1024;
    w.gateway.configure({ maxBufferedBytes: bound });
    const b = await w.connect(boris);
    const before = { ...w.gateway.stats.closedByCode };
    const socket = (b.ws as unknown as { _socket: Socket })._socket;
    socket.pause();

    // Events straight on the bus, as other nodes would publish them: ~32 KiB each.
    const text = 'ж'.repeat(16 * 1024);
    const event = (seq: number): { type: 'message.created'; chatId: number; message: Message } => ({
      type: 'message.created',
      chatId,
      message: {
        id: seq,
        chatId,
        seq,
        kind: 'text',
        author: { id: anna.personId, displayName: 'Анна' },
        clientMessageId: null,
        text,
        replyToSeq: null,
        forwardedFrom: null,
        mentions: [],
        reactions: [],
        poll: null,
        attachments: [],
        createdAt: new Date().toISOString(),
        editedAt: null,
        deletedAt: null,
      },
    });
    const cutOff = () =>
      (w.gateway.stats.closedByCode[WS_CLOSE.SLOW_CONSUMER] ?? 0) >
      (before[WS_CLOSE.SLOW_CONSUMER] ?? 0);
    let published = 0;
    const deadline = Date.now() + 20_000;
    // Seqs far ahead of the chat, so no repair from the database interferes.
    for (let seq = 1_000_000; !cutOff() && published < 5000 && Date.now() < deadline; seq++) {
      await w.t.bus.publish(chatTopic(chatId), event(seq));
      published += 1;
      if (published % 20 === 0) await sleep(5);
    }
    expect(cutOff()).toBe(true);
    const frameBytes = Buffer.byteLength(
      JSON.stringify({ type: 'event', event: event(1_000_000) }),
    );
    // Never more than the bound plus the one frame that crossed it.
    expect(w.gateway.stats.maxBufferedBytes).toBeLessThanOrEqual(bound + frameBytes);
    expect(w.gateway.connectionCount).toBe(0);
    console.log(
      `slow consumer: cut after ${published} events of ${Math.round(frameBytes / 1024)} KiB; ` +
        `max server buffer ${Math.round(w.gateway.stats.maxBufferedBytes / 1024)} KiB (bound ${bound / 1024} KiB)`,
    );

    // Published after the cut: the socket's state is gone, nothing more is queued.
    await w.t.bus.publish(chatTopic(chatId), event(2_000_000));
    socket.resume();
    const closed = await Promise.race([b.closed, sleep(5000).then(() => null)]);
    expect(closed?.code).toBe(WS_CLOSE.SLOW_CONSUMER);
    expect(b.seqs(chatId)).not.toContain(2_000_000);
    w.gateway.configure({ maxBufferedBytes: 1024 * 1024 });
  });

  it('a socket keeps working while another one is cut', async () => {
    const a = await w.connect(anna);
    const r = await a.request({
      type: 'send',
      chatId,
      text: 'проверка',
      clientMessageId: randomUUID(),
    });
    expect(r.type).toBe('ack');
    await a.close();
  });
});
