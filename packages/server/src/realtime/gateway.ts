import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WS_CLOSE, type ChatKind } from '@parta/shared';
import type { FastifyBaseLogger } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BusMessage } from '../bus';
import { chatIdsOf } from '../modules/chats';
import { requireMember } from '../modules/messages';
import type { AuthSettings } from '../modules/auth';
import { chatTopic, personTopic } from '../platform/events';
import type { AppDeps } from '../platform/types';
import { Connection, type ConnectionHost } from './connection';
import { decodeBusEvent, routeChatEvent, routePersonEvent, type Audience } from './fanout';
import type { RealtimeDeps } from './index';
import {
  DEFAULT_GATEWAY_OPTIONS,
  emptyStats,
  MAX_FRAME_BYTES,
  type GatewayOptions,
  type GatewayStats,
} from './options';
import { TopicSubscriptions } from './topics';
import { admitUpgrade, type Admission } from './upgrade-auth';

export const WS_PATH = '/api/v1/ws';

const EMPTY: ReadonlySet<Connection> = new Set();
const presenceKey = (personId: number) => `presence:${personId}`;

/** Chat kinds never change; the cache only spares a query per presence change. */
const KIND_CACHE_MAX = 10_000;

/**
 * The WebSocket gateway of one node.
 *
 * - Admission: an upgrade opens only with an allowed Origin (if any) and a
 *   live session; otherwise the socket is closed at once with 4405 / 4401.
 * - Subscriptions: the node subscribes to `person:<id>` of every local
 *   person and `chat:<id>` of every chat a local socket is a member of,
 *   reference-counted, so each bus message is decoded once per node.
 * - Delivery: per chat in seq order without duplicates or holes, repaired
 *   from the database when the bus reorders or loses (see `Connection`).
 * - Shutdown (`preClose`): every socket is closed with 4001 and cut after the
 *   grace; nothing is delivered afterwards.
 */
export class Gateway implements ConnectionHost, Audience {
  readonly stats: GatewayStats = emptyStats();
  readonly settings: AuthSettings;
  private opts: GatewayOptions;

  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly conns = new Set<Connection>();
  private readonly byPerson = new Map<number, Set<Connection>>();
  private readonly byChat = new Map<number, Set<Connection>>();
  private readonly topics: TopicSubscriptions;
  /** Status of people connected here who announced one (refreshed on every heartbeat). */
  private readonly presence = new Map<number, 'online' | 'away'>();
  private readonly kinds = new Map<number, ChatKind>();
  private heartbeat: NodeJS.Timeout | undefined;
  private removeGapListener: (() => void) | undefined;
  private closing = false;

  constructor(
    private readonly deps: AppDeps,
    readonly rt: RealtimeDeps,
    readonly log: FastifyBaseLogger,
    settings: AuthSettings,
    private readonly parseCookie: (header: string) => Record<string, string | undefined>,
    options: Partial<GatewayOptions> = {},
  ) {
    this.settings = settings;
    this.opts = { ...DEFAULT_GATEWAY_OPTIONS, ...options };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
    });
    this.topics = new TopicSubscriptions(
      deps.bus,
      (topic, payload) => this.onBusMessage(topic, payload),
      (topic, err) =>
        this.log.warn(
          { err, topic },
          'realtime: subscription failed; retried after the bus recovers',
        ),
    );
    this.removeGapListener = deps.bus.onDeliveryGap(() => this.onDeliveryGap());
  }

  get options(): GatewayOptions {
    return this.opts;
  }

  /** Changes tunables (tests shorten timers); applies to open sockets from the next tick. */
  configure(options: Partial<GatewayOptions>): void {
    this.opts = { ...this.opts, ...options };
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
      this.startHeartbeat();
    }
  }

  /** Sockets open and authenticated now. */
  get connectionCount(): number {
    return this.conns.size;
  }

  /** Bus topics this node is subscribed to (for tests: they must not leak). */
  get topicCount(): number {
    return this.topics.size;
  }

  /* ---------------- upgrade and opening ---------------- */

  /** The `upgrade` listener of the HTTP server. Other paths get 404; during shutdown 503. */
  readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return refuseHttp(socket, 404, 'Not Found');
    if (this.closing) return refuseHttp(socket, 503, 'Service Unavailable');
    void this.admit(req, socket, head);
  };

  private async admit(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let admission: Admission;
    try {
      admission = await admitUpgrade(req, {
        config: this.deps.config,
        db: this.rt.db,
        settings: this.settings,
        now: this.rt.now,
        parseCookie: this.parseCookie,
      });
    } catch (err) {
      this.log.error({ err }, 'realtime: cannot check the session');
      return refuseHttp(socket, 503, 'Service Unavailable');
    }
    if (socket.destroyed) return;
    if (this.closing) return refuseHttp(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.once('close', () => this.sockets.delete(ws));
      ws.on('error', (err) => this.log.debug({ err }, 'realtime: socket error'));
      if (!admission.ok) {
        // Accept, then close: a browser sees the code (4401 / 4405) and knows not to retry.
        this.stats.refused += 1;
        ws.close(admission.code, admission.reason);
        setTimeout(() => ws.terminate(), this.options.closeGraceMs).unref();
        return;
      }
      this.open(ws, admission);
    });
  }

  /**
   * Opens a socket: subscribes to the person's topic first, then loads the
   * chat list (so a membership change racing the load is not lost), says
   * `ready`, and handles the client's frames once the chats' topics are
   * subscribed. Frames sent earlier wait; no event precedes `ready`.
   */
  private open(ws: WebSocket, admission: Extract<Admission, { ok: true }>): void {
    const { actor, token } = admission;
    let opened: () => void = () => undefined;
    const opening = new Promise<void>((resolve) => (opened = resolve));
    const conn = new Connection(this, ws, actor, token, opening);
    this.conns.add(conn);
    this.stats.connections = this.conns.size;
    let mine = this.byPerson.get(actor.personId);
    if (!mine) this.byPerson.set(actor.personId, (mine = new Set()));
    mine.add(conn);
    const personReady = this.topics.acquire(personTopic(actor.personId));
    this.startHeartbeat();

    ws.on('message', (data, isBinary) => conn.onMessage(data, isBinary));
    ws.on('pong', () => (conn.lastSeenAt = performance.now()));
    ws.once('close', () => conn.onSocketClosed());

    void (async () => {
      try {
        await personReady;
        conn.initChats(await chatIdsOf(this.rt.db, actor.personId));
        if (!conn.isOpen) return;
        // In the same turn as initChats: no event of the chats can precede `ready`.
        this.stats.opened += 1;
        conn.sendFrame({
          type: 'ready',
          personId: actor.personId,
          nodeId: this.deps.bus.nodeId,
          heartbeatMs: this.options.heartbeatMs,
        });
        // Frames (a resume above all) wait until the chats' subscriptions are
        // active, so nothing published after a replay reads the database is missed.
        await Promise.all(conn.chatIds().map((id) => this.topics.ready(chatTopic(id))));
      } catch (err) {
        this.log.error({ err }, 'realtime: opening failed');
        conn.close(1011, 'try again');
      } finally {
        opened();
      }
    })();
  }

  /* ---------------- ConnectionHost ---------------- */

  joinChat(conn: Connection, chatId: number): void {
    let members = this.byChat.get(chatId);
    if (!members) this.byChat.set(chatId, (members = new Set()));
    members.add(conn);
    void this.topics.acquire(chatTopic(chatId));
  }

  leaveChat(conn: Connection, chatId: number): void {
    const members = this.byChat.get(chatId);
    if (!members?.delete(conn)) return;
    if (members.size === 0) this.byChat.delete(chatId);
    this.topics.release(chatTopic(chatId));
  }

  detach(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    this.stats.connections = this.conns.size;
    const chats = conn.chatIds();
    for (const chatId of chats) this.leaveChat(conn, chatId);
    this.topics.release(personTopic(conn.personId));
    const mine = this.byPerson.get(conn.personId);
    mine?.delete(conn);
    if (mine?.size === 0) {
      this.byPerson.delete(conn.personId);
      if (this.presence.delete(conn.personId)) void this.goOffline(conn.personId, chats);
    }
    conn.dispose();
  }

  async setPresence(personId: number, status: 'online' | 'away'): Promise<void> {
    const before = this.presence.get(personId);
    this.presence.set(personId, status);
    await this.deps.bus.setPresence(presenceKey(personId), status, this.options.presenceTtlMs);
    if (before !== status) {
      const chats = [...this.socketsOf(personId)].flatMap((c) => c.chatIds());
      await this.announcePresence(personId, status, chats);
    }
  }

  private async goOffline(personId: number, chats: number[]): Promise<void> {
    try {
      await this.deps.bus.deletePresence(presenceKey(personId));
      await this.announcePresence(personId, 'offline', chats);
    } catch (err) {
      this.log.warn({ err }, 'realtime: presence not cleared (it expires by itself)');
    }
  }

  /** Presence goes to the person's direct chats only: enough for "online" dots, cheap to fan out. */
  private async announcePresence(
    personId: number,
    status: 'online' | 'away' | 'offline',
    chats: number[],
  ): Promise<void> {
    for (const chatId of new Set(chats)) {
      if ((await this.kindOf(chatId, personId)) !== 'direct') continue;
      await this.rt.events.publish(chatTopic(chatId), {
        type: 'presence.changed',
        personId,
        status,
      });
    }
  }

  private async kindOf(chatId: number, personId: number): Promise<ChatKind | undefined> {
    const known = this.kinds.get(chatId);
    if (known) return known;
    try {
      const ctx = await requireMember(this.rt.db, chatId, personId);
      if (this.kinds.size >= KIND_CACHE_MAX) this.kinds.clear();
      this.kinds.set(chatId, ctx.kind as ChatKind);
      return ctx.kind as ChatKind;
    } catch {
      return undefined;
    }
  }

  /* ---------------- Audience ---------------- */

  membersOf(chatId: number): Iterable<Connection> {
    return this.byChat.get(chatId) ?? EMPTY;
  }

  socketsOf(personId: number): Iterable<Connection> {
    return this.byPerson.get(personId) ?? EMPTY;
  }

  /* ---------------- bus ---------------- */

  private onBusMessage(topic: string, payload: BusMessage): void {
    const event = decodeBusEvent(payload);
    const [kind, rawId] = topic.split(':');
    const id = Number(rawId);
    if (!event || !Number.isSafeInteger(id)) {
      this.log.warn({ topic, type: payload.type }, 'realtime: undecodable event dropped');
      return;
    }
    if (kind === 'person') routePersonEvent(this, id, event);
    else if (
      kind === 'chat' &&
      event.type !== 'session.revoked' &&
      event.type !== 'person.deactivated'
    ) {
      routeChatEvent(this, id, event);
    }
  }

  /** Events published during a bus outage are lost: every socket resyncs all its chats. */
  private onDeliveryGap(): void {
    this.topics.retryFailed();
    for (const conn of this.conns) conn.resyncAll('bus_gap');
  }

  /* ---------------- heartbeat ---------------- */

  private startHeartbeat(): void {
    if (this.heartbeat || this.closing) return;
    this.heartbeat = setInterval(() => this.tick(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Pings every socket, closes the silent ones (4002), re-checks sessions
   * that are due, and refreshes the presence entries of people connected here.
   */
  private tick(): void {
    const now = performance.now();
    const { heartbeatMs, sessionRecheckMs, presenceTtlMs } = this.options;
    for (const conn of [...this.conns]) {
      if (now - conn.lastSeenAt > 2 * heartbeatMs) {
        conn.close(WS_CLOSE.HEARTBEAT_TIMEOUT, 'no pong');
        continue;
      }
      conn.ping();
      if (now - conn.sessionCheckedAt >= sessionRecheckMs) void conn.recheckSession();
    }
    for (const [personId, status] of this.presence) {
      this.deps.bus
        .setPresence(presenceKey(personId), status, presenceTtlMs)
        .catch(() => undefined);
    }
    if (this.conns.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  /* ---------------- shutdown ---------------- */

  /**
   * Closes every socket with 4001 GOING_AWAY (clients reconnect elsewhere
   * and resume), waits up to the grace for the close handshakes, cuts the
   * rest, and drops the node's subscriptions. Idempotent.
   */
  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.removeGapListener?.();
    this.removeGapListener = undefined;
    for (const conn of [...this.conns]) conn.close(WS_CLOSE.GOING_AWAY, 'server shutting down');
    const deadline = performance.now() + this.options.closeGraceMs;
    while (this.sockets.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const ws of this.sockets) ws.terminate();
    await this.topics.closeAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function refuseHttp(socket: Duplex, status: number, text: string): void {
  if (!socket.destroyed) {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  setTimeout(() => socket.destroy(), 1000).unref();
}
