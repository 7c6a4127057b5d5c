import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ChatSummary, Message, RealtimeEvent, ServerFrame } from '@parta/shared';
import WebSocket from 'ws';
import { createTestApp, signIn, type Session, type TestApp } from '../../test/app';
import type { DialectName } from '../db/connect';
import { buildMunicipality, buildOrg, buildPerson, buildPosition } from '../../test/factories';
import type { Config } from '../config';
import { RateLimiter, sendMessage } from '../modules/messages';
import type { Actor } from '../platform/actor';
import { busEventSink } from '../platform/events';
import { gatewayOf, type Gateway, type GatewayOptions } from './index';

/**
 * Test kit of the gateway: a real app listening on 127.0.0.1, staff people
 * who may chat with each other, and a small WebSocket client that records
 * every frame. Every wait is bounded in time.
 */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export class SocketClosedError extends Error {
  override name = 'SocketClosedError';
}

export interface Closed {
  code: number;
  reason: string;
}

/** A WebSocket client that keeps every server frame, in order. */
export class TestSocket {
  readonly frames: ServerFrame[] = [];
  closedWith: Closed | undefined;
  readonly closed: Promise<Closed>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) =>
      this.frames.push(JSON.parse(data.toString()) as ServerFrame),
    );
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve(this.closedWith);
      }),
    );
    ws.on('error', () => undefined);
  }

  /** Connects and waits for the socket to open (not for `ready`: a refused socket opens, then closes). */
  static async open(url: string, opts: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...opts });
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)),
      );
    });
    return socket;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame matching `match`, waiting for it; rejects if the socket closes first. */
  async next<T extends ServerFrame>(
    match: (f: ServerFrame) => f is T,
    what: string,
    timeoutMs = 5000,
  ): Promise<T> {
    let found: T | undefined;
    await waitFor(
      () => {
        found = this.frames.find(match);
        if (!found && this.closedWith) {
          throw new SocketClosedError(`socket closed (${this.closedWith.code}) before ${what}`);
        }
        return found !== undefined;
      },
      what,
      timeoutMs,
    );
    return found as T;
  }

  async ready(): Promise<Extract<ServerFrame, { type: 'ready' }>> {
    return this.next(isFrame('ready'), 'ready');
  }

  /** Sends a frame with a fresh requestId and waits for its ack or error. */
  async request(
    frame: Record<string, unknown>,
  ): Promise<Extract<ServerFrame, { type: 'ack' | 'error' }>> {
    const requestId = randomUUID();
    this.send({ ...frame, requestId });
    return this.next(
      (f): f is Extract<ServerFrame, { type: 'ack' | 'error' }> =>
        (f.type === 'ack' || f.type === 'error') && f.requestId === requestId,
      `answer to ${String(frame.type)}`,
    );
  }

  /** Events received so far, optionally of one type. */
  events<K extends RealtimeEvent['type']>(type?: K): Extract<RealtimeEvent, { type: K }>[] {
    return this.frames
      .filter((f): f is Extract<ServerFrame, { type: 'event' }> => f.type === 'event')
      .map((f) => f.event)
      .filter(
        (e): e is Extract<RealtimeEvent, { type: K }> => type === undefined || e.type === type,
      );
  }

  /** Messages of a chat received as `message.created`, in arrival order. */
  messages(chatId: number): Message[] {
    return this.events('message.created')
      .filter((e) => e.chatId === chatId)
      .map((e) => e.message);
  }

  seqs(chatId: number): number[] {
    return this.messages(chatId).map((m) => m.seq);
  }

  async close(): Promise<void> {
    if (this.closedWith) return;
    this.ws.close();
    await Promise.race([this.closed, sleep(2000)]);
    if (!this.closedWith) this.ws.terminate();
  }
}

export const isFrame =
  <K extends ServerFrame['type']>(type: K) =>
  (f: ServerFrame): f is Extract<ServerFrame, { type: K }> =>
    f.type === type;

export interface Member {
  personId: number;
  login: string;
  session: Session;
  /** The session token itself (for bearer and `?token=` clients). */
  token: string;
}

export interface World {
  t: TestApp;
  gateway: Gateway;
  /** `ws://127.0.0.1:<port>/api/v1/ws` */
  wsUrl: string;
  municipalityId: number;
  orgId: number;
  /** Signs in a new staff member of the organisation. */
  staff(login?: string): Promise<Member>;
  /** Opens a socket (tracked for {@link closeSockets}) without credentials of its own and without waiting for `ready`. */
  raw(opts?: WebSocket.ClientOptions, url?: string): Promise<TestSocket>;
  /** Opens a socket for a member with their cookie and waits for `ready`. */
  connect(member: Member, opts?: WebSocket.ClientOptions): Promise<TestSocket>;
  /** A group chat created over REST by `owner` with `others` as members. */
  group(owner: Member, others: Member[]): Promise<number>;
  direct(a: Member, b: Member): Promise<number>;
  /** Sends through the messages service, as the REST route does (stored, then published). */
  post(author: Member, chatId: number, text: string): Promise<Message>;
  /** Closes every socket opened by {@link connect} so far (call after each test). */
  closeSockets(): Promise<void>;
  close(): Promise<void>;
}

let logins = 0;

/**
 * A listening app on a fresh database of `dialect` with a municipality and a
 * school. Message rate limits are lifted so tests may send in bursts.
 */
export async function startWorld(
  dialect: DialectName,
  options: Partial<GatewayOptions> = {},
  overrides: Partial<Record<keyof Config, string>> = {},
): Promise<World> {
  const t = await createTestApp(dialect, {
    PARTA_SEND_BURST: '100000',
    PARTA_SEND_RATE_PER_MINUTE: '100000',
    ...overrides,
  });
  const gateway = gatewayOf(t.app);
  if (!gateway) throw new Error('no realtime gateway installed');
  gateway.configure(options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const municipalityId = await buildMunicipality(t.tdb.db);
  const orgId = await buildOrg(t.tdb.db, municipalityId);
  const sockets: TestSocket[] = [];
  const messaging = {
    events: busEventSink(t.bus),
    now: () => new Date(),
    limiter: new RateLimiter(100_000, 100_000),
  };

  const world: World = {
    t,
    gateway,
    wsUrl: `ws://127.0.0.1:${port}/api/v1/ws`,
    municipalityId,
    orgId,
    async staff(login = `rt${++logins}${Math.random().toString(36).slice(2, 6)}`) {
      const p = await buildPerson(t.tdb.db, municipalityId, { login });
      await buildPosition(t.tdb.db, p.personId, orgId, 'teacher');
      const session = await signIn(t.app, login);
      return { personId: p.personId, login, session, token: session.cookie.split('=')[1] ?? '' };
    },
    async raw(opts = {}, url = world.wsUrl) {
      const socket = await TestSocket.open(url, opts);
      sockets.push(socket);
      return socket;
    },
    async connect(member, opts = {}) {
      const socket = await world.raw({
        ...opts,
        headers: { cookie: member.session.cookie, ...opts.headers },
      });
      await socket.ready();
      return socket;
    },
    async group(owner, others) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/chats',
        headers: owner.session.headers,
        payload: {
          kind: 'group',
          title: 'Методобъединение',
          memberIds: others.map((o) => o.personId),
        },
      });
      if (res.statusCode !== 201) throw new Error(`group: ${res.statusCode} ${res.body}`);
      return (res.json() as ChatSummary).id;
    },
    async direct(a, b) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/chats',
        headers: a.session.headers,
        payload: { kind: 'direct', personId: b.personId },
      });
      if (res.statusCode !== 201 && res.statusCode !== 200) {
        throw new Error(`direct: ${res.statusCode} ${res.body}`);
      }
      return (res.json() as ChatSummary).id;
    },
    async post(author, chatId, text) {
      const r = await sendMessage(t.tdb.db, messaging, actorOf(author), chatId, {
        text,
        clientMessageId: randomUUID(),
      });
      return r.message;
    },
    async closeSockets() {
      await Promise.all(sockets.splice(0).map((s) => s.close()));
    },
    async close() {
      await Promise.all(sockets.map((s) => s.close()));
      await t.close();
    },
  };
  return world;
}

/** Rows stored for a chat, by seq. */
export async function storedMessages(
  world: World,
  chatId: number,
): Promise<{ seq: number; client_message_id: string | null; body: string }[]> {
  const rows = await world.t.tdb.db
    .selectFrom('messages')
    .select(['seq', 'client_message_id', 'body'])
    .where('chat_id', '=', chatId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The actor of a member, for calling services directly (they read `personId`). */
export function actorOf(m: Member): Actor {
  return {
    personId: m.personId,
    accountId: 0,
    municipalityId: 0,
    login: m.login,
    sessionId: '',
    sessionKind: 'cookie',
    adminGrants: [],
  };
}
