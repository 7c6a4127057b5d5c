import {
  WS_CLOSE,
  type ClientFrame,
  type Message,
  type RealtimeEvent,
  type ServerFrame,
} from '@parta/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { resolveSession, type AuthSettings } from '../modules/auth';
import { markRead, messagesAfter, requireMember, sendMessage } from '../modules/messages';
import { getPeople } from '../modules/people';
import type { Actor } from '../platform/actor';
import { AppError } from '../platform/errors';
import { chatTopic } from '../platform/events';
import { toAppError } from '../platform/http';
import { errorFrame, parseClientFrame } from './frames';
import type { RealtimeDeps } from './index';
import type { GatewayOptions, GatewayStats } from './options';

/** What a connection needs from its gateway (node-level indexes, bus, presence). */
export interface ConnectionHost {
  readonly options: GatewayOptions;
  readonly stats: GatewayStats;
  readonly rt: RealtimeDeps;
  readonly settings: AuthSettings;
  readonly log: FastifyBaseLogger;
  /** Indexes `conn` as a local member of the chat and subscribes the node to its topic. */
  joinChat(conn: Connection, chatId: number): void;
  /** The reverse of {@link joinChat}; delivery to `conn` for the chat stops at once. */
  leaveChat(conn: Connection, chatId: number): void;
  /** Forgets `conn` entirely (called once, when it closes for any reason). */
  detach(conn: Connection): void;
  /** Records the person's status and tells their direct chats when it changed. */
  setPresence(personId: number, status: 'online' | 'away'): Promise<void>;
}

/** A frame on its way out: pre-serialised once per node, with the seq of a `message.created`. */
export interface Outgoing {
  data: string;
  /** Set for `message.created` only: the per-socket order and deduplication key. */
  seq?: number;
}

export type MembershipEvent = Extract<RealtimeEvent, { type: 'membership.changed' }>;

/**
 * One chat as seen by one socket.
 *
 * Invariant: `message.created` frames go out in strictly increasing seq with
 * no holes after the watermark. A live event that is a duplicate (seq ≤
 * watermark) is dropped; one that skips ahead (out-of-order delivery between
 * publishers, or a lost bus message) is held and the hole is filled from the
 * database first. While a replay (resume or repair) runs, every live event of
 * the chat is held and flushed after it, in arrival order.
 */
interface ChatStream {
  /** Highest message seq sent; undefined until a resume sets it or the first message goes out. */
  watermark: number | undefined;
  /** Live events held during a replay; null while delivering directly. */
  held: Outgoing[] | null;
  /** More than `maxHeldEvents` arrived during a replay: they were dropped, the client must resync. */
  overflowed: boolean;
  /** Replays queued or running; the held events are flushed when the last one ends. */
  replays: number;
  /** The live event whose hole started the running repair. */
  trigger: Outgoing | undefined;
  /** Tail of the chat's replay chain: replays of one chat never overlap. */
  tail: Promise<unknown>;
}

type ReplayResult =
  | { kind: 'ok'; toSeq: number }
  | { kind: 'resync'; reason: 'gap_too_large' | 'not_member' }
  | { kind: 'failed'; error: AppError }
  | { kind: 'gone' };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const eventData = (event: RealtimeEvent): string => JSON.stringify({ type: 'event', event });

/**
 * One authenticated WebSocket. Frames are handled one at a time, in arrival
 * order; live events are delivered as they come (see {@link ChatStream}).
 * Memory per socket is bounded: the send buffer by `maxBufferedBytes`, held
 * events by `maxHeldEvents` per chat, queued frames by `maxQueuedFrames`.
 */
export class Connection {
  readonly personId: number;
  /** Monotonic ms of the last pong or frame from the client. */
  lastSeenAt = performance.now();
  /** Monotonic ms of the last session check. */
  sessionCheckedAt = performance.now();

  private closed = false;
  /** Live chat memberships; null until loaded at opening. */
  private chats: Set<number> | null = null;
  /** Membership changes that arrived while the chat list was loading, applied on top of it. */
  private earlyMembership: MembershipEvent[] = [];
  private readonly streams = new Map<number, ChatStream>();
  private queue: Promise<void>;
  private queued = 0;
  private tokens: number;
  private tokensAt = performance.now();
  private badFrames = 0;
  private badWindowAt = performance.now();
  private readonly typingAt = new Map<number, number>();
  private displayName: Promise<string> | undefined;

  constructor(
    private readonly host: ConnectionHost,
    readonly ws: WebSocket,
    readonly actor: Actor,
    private readonly token: string,
    opening: Promise<void>,
  ) {
    this.personId = actor.personId;
    this.tokens = host.options.frameBurst;
    this.queue = opening;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** True once the chat list is loaded (and `ready` sent): events may go out. */
  get isReady(): boolean {
    return this.chats !== null && !this.closed;
  }

  /** The chats this socket receives (empty while opening). */
  chatIds(): number[] {
    return [...(this.chats ?? [])];
  }

  isMember(chatId: number): boolean {
    return this.chats?.has(chatId) ?? false;
  }

  /* ---------------- sending ---------------- */

  sendFrame(frame: ServerFrame): boolean {
    return this.send(JSON.stringify(frame));
  }

  /**
   * Sends unless the socket is closed or its buffer is over the bound; then
   * the socket is closed with 4000 and every later send is a no-op, so a
   * client that stops reading costs at most the bound plus one frame.
   */
  send(data: string): boolean {
    if (this.closed) return false;
    const buffered = this.ws.bufferedAmount;
    if (buffered > this.host.stats.maxBufferedBytes) this.host.stats.maxBufferedBytes = buffered;
    if (buffered > this.host.options.maxBufferedBytes) {
      this.close(WS_CLOSE.SLOW_CONSUMER, 'slow consumer');
      return false;
    }
    this.ws.send(data);
    return true;
  }

  /** Waits until the send buffer is below a quarter of the bound; false when the socket closed meanwhile. */
  private async drained(): Promise<boolean> {
    const low = this.host.options.maxBufferedBytes / 4;
    const deadline = performance.now() + this.host.options.drainTimeoutMs;
    while (!this.closed && this.ws.bufferedAmount > low) {
      if (performance.now() > deadline) {
        this.close(WS_CLOSE.SLOW_CONSUMER, 'slow consumer');
        return false;
      }
      await sleep(10);
    }
    return !this.closed;
  }

  /**
   * Closes with `code` and forgets the socket's state at once; the socket is
   * cut if the client does not finish the close handshake within the grace.
   */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.host.stats.closedByCode[code] = (this.host.stats.closedByCode[code] ?? 0) + 1;
    this.host.detach(this);
    const cut = setTimeout(() => this.ws.terminate(), this.host.options.closeGraceMs);
    cut.unref();
    this.ws.once('close', () => clearTimeout(cut));
    this.ws.close(code, reason);
  }

  /** The client closed or the socket failed: forget the state. */
  onSocketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.host.detach(this);
  }

  /** Frees everything the connection holds; called by the gateway on detach. */
  dispose(): void {
    this.closed = true;
    this.streams.clear();
    this.typingAt.clear();
    this.earlyMembership = [];
  }

  ping(): void {
    if (!this.closed) this.ws.ping();
  }

  /** Closes the socket (4403) when its session no longer resolves; a database failure waits for the next check. */
  async recheckSession(): Promise<void> {
    this.sessionCheckedAt = performance.now();
    try {
      const resolved = await resolveSession(
        this.host.rt.db,
        this.token,
        this.host.settings,
        this.host.rt.now(),
      );
      if (!resolved) this.close(WS_CLOSE.SESSION_REVOKED, 'session ended');
    } catch (err) {
      this.host.log.warn({ err }, 'realtime: session re-check failed; retrying later');
    }
  }

  /* ---------------- membership ---------------- */

  /** Installs the chat list loaded at opening, with the changes that raced the load applied on top. */
  initChats(ids: number[]): void {
    if (this.closed) return;
    this.chats = new Set();
    for (const id of ids) this.join(id);
    const early = this.earlyMembership;
    this.earlyMembership = [];
    for (const ev of early) {
      if (ev.change === 'added') this.join(ev.chatId);
      else if (ev.change === 'removed') this.leave(ev.chatId);
    }
  }

  /**
   * A membership change of this socket's own person. Delivered once (the
   * same change arrives on the person's and on the chat's topic): `added`
   * starts delivery of the chat, `removed` stops it right after telling the
   * client. Role changes are ordinary chat events.
   */
  onOwnMembership(ev: MembershipEvent, out: Outgoing): void {
    if (this.closed) return;
    if (this.chats === null) {
      this.earlyMembership.push(ev);
      return;
    }
    if (ev.change === 'added' && !this.chats.has(ev.chatId)) {
      this.join(ev.chatId);
      this.send(out.data);
    } else if (ev.change === 'removed' && this.chats.has(ev.chatId)) {
      this.send(out.data);
      this.leave(ev.chatId);
    } else if (ev.change === 'role') {
      this.deliverChat(ev.chatId, out);
    }
  }

  private join(chatId: number): void {
    if (!this.chats || this.chats.has(chatId)) return;
    this.chats.add(chatId);
    this.host.joinChat(this, chatId);
  }

  private leave(chatId: number): void {
    if (!this.chats?.delete(chatId)) return;
    this.streams.delete(chatId);
    this.typingAt.delete(chatId);
    this.host.leaveChat(this, chatId);
  }

  /** After a bus outage: every chat may have missed events, so the client resumes. */
  resyncAll(reason: 'bus_gap'): void {
    for (const chatId of this.chatIds()) this.sendFrame({ type: 'resync', chatId, reason });
  }

  /* ---------------- ordered delivery ---------------- */

  private stream(chatId: number): ChatStream {
    let s = this.streams.get(chatId);
    if (!s) {
      s = {
        watermark: undefined,
        held: null,
        overflowed: false,
        replays: 0,
        trigger: undefined,
        tail: Promise.resolve(),
      };
      this.streams.set(chatId, s);
    }
    return s;
  }

  /** A live event of a chat: delivered in order, held during a replay, never to a non-member. */
  deliverChat(chatId: number, out: Outgoing): void {
    if (this.closed || !this.isMember(chatId)) return;
    this.offer(chatId, this.stream(chatId), out);
  }

  private offer(chatId: number, s: ChatStream, out: Outgoing): void {
    if (s.held) {
      if (s.overflowed) return;
      if (s.held.length >= this.host.options.maxHeldEvents) {
        s.overflowed = true;
        s.held = [];
        return;
      }
      s.held.push(out);
      this.host.stats.held += 1;
      return;
    }
    if (out.seq === undefined) {
      this.send(out.data);
      return;
    }
    if (s.watermark !== undefined) {
      if (out.seq <= s.watermark) {
        this.host.stats.deduplicated += 1;
        return;
      }
      if (out.seq > s.watermark + 1) {
        if (s.trigger === out) {
          // It opened this hole, the database was read after it arrived, and it
          // still does not fit: the database does not have it. Drop it rather than loop.
          this.host.log.warn(
            { chatId, seq: out.seq },
            'realtime: event ahead of the database dropped',
          );
          return;
        }
        // A hole: hold this event and fill the hole from the database first.
        this.host.stats.gapRepairs += 1;
        s.trigger = out;
        s.held = [out];
        void this.replay(chatId, 'watermark').then(
          (r) => {
            if (r.kind === 'resync') this.sendFrame({ type: 'resync', chatId, reason: r.reason });
            // The database failed: the client resumes from its position later.
            else if (r.kind === 'failed')
              this.sendFrame({ type: 'resync', chatId, reason: 'bus_gap' });
          },
          (err: unknown) => this.host.log.error({ err }, 'realtime: repair failed'),
        );
        return;
      }
    }
    if (this.send(out.data)) s.watermark = out.seq;
  }

  /**
   * Replays a chat from the database after `from` (a resume position, or the
   * watermark to repair a hole), holding live events meanwhile. Replays of
   * one chat run one after another; the held events are flushed when the
   * last one ends.
   */
  private replay(chatId: number, from: number | 'watermark'): Promise<ReplayResult> {
    const s = this.stream(chatId);
    s.held ??= [];
    s.replays += 1;
    const run = s.tail.then(() => this.runReplay(chatId, s, from));
    s.tail = run.catch(() => undefined);
    return run.finally(() => {
      s.replays -= 1;
      if (s.replays === 0) this.flush(chatId, s);
    });
  }

  private async runReplay(
    chatId: number,
    s: ChatStream,
    from: number | 'watermark',
  ): Promise<ReplayResult> {
    const current = () => !this.closed && this.streams.get(chatId) === s;
    if (!current()) return { kind: 'gone' };
    const start = from === 'watermark' ? s.watermark : from;
    if (start === undefined) return { kind: 'ok', toSeq: 0 };
    const { db } = this.host.rt;
    let lastSeq: number;
    try {
      const ctx = await requireMember(db, chatId, this.personId);
      lastSeq = Number(ctx.last_seq);
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr.code === 'NOT_CHAT_MEMBER' || appErr.code === 'NOT_FOUND') {
        this.leave(chatId);
        return { kind: 'resync', reason: 'not_member' };
      }
      return this.failed(appErr, err);
    }
    if (!current()) return { kind: 'gone' };
    if (start > lastSeq || lastSeq - start > this.host.options.replayCap) {
      s.watermark = undefined;
      return { kind: 'resync', reason: 'gap_too_large' };
    }
    s.watermark = start;
    let cursor = start;
    try {
      while (cursor < lastSeq) {
        const page: Message[] = await messagesAfter(
          db,
          chatId,
          cursor,
          this.host.options.replayPageSize,
          this.personId,
        );
        if (!current()) return { kind: 'gone' };
        if (page.length === 0) break;
        for (const message of page) {
          cursor = message.seq;
          if (message.seq <= s.watermark) continue;
          if (!this.send(eventData({ type: 'message.created', chatId, message }))) {
            return { kind: 'gone' };
          }
          s.watermark = message.seq;
          this.host.stats.replayed += 1;
        }
        if (!(await this.drained()) || !current()) return { kind: 'gone' };
      }
    } catch (err) {
      return this.failed(toAppError(err), err);
    }
    return { kind: 'ok', toSeq: s.watermark };
  }

  private failed(appErr: AppError, cause: unknown): ReplayResult {
    this.host.log.warn({ err: cause, personId: this.personId }, 'realtime: replay failed');
    return { kind: 'failed', error: appErr };
  }

  private flush(chatId: number, s: ChatStream): void {
    if (this.closed || this.streams.get(chatId) !== s || !s.held) return;
    const held = s.held;
    const trigger = s.trigger;
    s.held = null;
    if (s.overflowed) {
      s.overflowed = false;
      s.trigger = undefined;
      s.watermark = undefined;
      this.sendFrame({ type: 'resync', chatId, reason: 'gap_too_large' });
      return;
    }
    // An item may open a new hole (and start holding again): the rest is then held behind it.
    for (const out of held) this.offer(chatId, s, out);
    if (s.trigger === trigger) s.trigger = undefined;
  }

  /* ---------------- client frames ---------------- */

  /**
   * One client frame: rate-limited, parsed, then queued behind the frames
   * before it. Invalid frames answer an `error` frame and leave the
   * connection usable, until too many of them close it (4400).
   */
  onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    this.lastSeenAt = performance.now();
    this.host.stats.framesIn += 1;
    if (!this.takeToken()) {
      this.close(WS_CLOSE.RATE_LIMITED, 'too many frames');
      return;
    }
    const parsed = parseClientFrame(data, isBinary);
    if (!parsed.ok) {
      this.host.stats.badFrames += 1;
      this.sendFrame({
        type: 'error',
        code: parsed.code,
        message: parsed.message,
        retriable: false,
      });
      if (this.countBadFrame()) this.close(WS_CLOSE.PROTOCOL_ERROR, 'too many invalid frames');
      return;
    }
    if (this.queued >= this.host.options.maxQueuedFrames) {
      this.close(WS_CLOSE.RATE_LIMITED, 'too many frames in flight');
      return;
    }
    this.queued += 1;
    const frame = parsed.frame;
    this.queue = this.queue
      .then(() => (this.closed ? undefined : this.handle(frame)))
      .catch((err: unknown) =>
        this.reportFailure(err, 'requestId' in frame ? frame.requestId : undefined),
      )
      .finally(() => {
        this.queued -= 1;
      });
  }

  private takeToken(): boolean {
    const { frameBurst, framesPerSecond } = this.host.options;
    const now = performance.now();
    this.tokens = Math.min(
      frameBurst,
      this.tokens + ((now - this.tokensAt) * framesPerSecond) / 1000,
    );
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Counts an invalid frame; true when the per-minute allowance is spent. */
  private countBadFrame(): boolean {
    const now = performance.now();
    if (now - this.badWindowAt > 60_000) {
      this.badWindowAt = now;
      this.badFrames = 0;
    }
    this.badFrames += 1;
    return this.badFrames > this.host.options.maxBadFrames;
  }

  private reportFailure(err: unknown, requestId: string | undefined): void {
    const appErr = toAppError(err);
    if (appErr.code === 'INTERNAL' || appErr.code === 'DATABASE_UNAVAILABLE') {
      this.host.log.error({ err, personId: this.personId }, 'realtime: frame failed');
    }
    this.sendFrame(errorFrame(appErr, requestId));
  }

  private async handle(frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'resume':
        return this.resume(frame.positions);
      case 'send':
        return this.sendMessage(frame);
      case 'read':
        await markRead(this.host.rt.db, this.host.rt, this.actor, frame.chatId, frame.seq);
        return;
      case 'typing':
        return this.typing(frame.chatId);
      case 'presence':
        return this.host.setPresence(this.personId, frame.status);
      case 'ping':
        this.sendFrame({ type: 'pong', ...(frame.id !== undefined ? { id: frame.id } : {}) });
        return;
    }
  }

  /**
   * Replays what the client missed, chat by chat: exactly the messages after
   * each position, in order, before any live event of that chat — or
   * `resync` (not a member; gap over the cap). A position resets the
   * socket's watermark for that chat: the client says what it has. Ends with
   * `resumed` listing the replayed chats (`fromSeq` = the position, `toSeq`
   * = the last seq now sent). A chat that failed (database down) answers a
   * retriable `error` and is left out of `resumed`.
   */
  private async resume(positions: Record<string, number>): Promise<void> {
    const chats: { chatId: number; fromSeq: number; toSeq: number }[] = [];
    for (const [key, position] of Object.entries(positions)) {
      if (this.closed) return;
      const chatId = Number(key);
      if (!this.isMember(chatId)) {
        this.sendFrame({ type: 'resync', chatId, reason: 'not_member' });
        continue;
      }
      const r = await this.replay(chatId, position);
      if (r.kind === 'ok') chats.push({ chatId, fromSeq: position, toSeq: r.toSeq });
      else if (r.kind === 'resync') this.sendFrame({ type: 'resync', chatId, reason: r.reason });
      else if (r.kind === 'failed') {
        this.sendFrame(
          errorFrame(new AppError(r.error.code, `chat ${chatId}: ${r.error.message}`)),
        );
      } else if (this.closed) return;
      else this.sendFrame({ type: 'resync', chatId, reason: 'not_member' }); // left meanwhile
    }
    this.sendFrame({ type: 'resumed', chats });
  }

  private async sendMessage(frame: Extract<ClientFrame, { type: 'send' }>): Promise<void> {
    const { type: _type, requestId, chatId, ...input } = frame;
    try {
      const r = await sendMessage(this.host.rt.db, this.host.rt, this.actor, chatId, input);
      this.sendFrame({ type: 'ack', requestId, message: r.message, duplicate: r.duplicate });
    } catch (err) {
      this.reportFailure(err, requestId);
    }
  }

  /** Tells the chat's other members that this person types; at most once per throttle window, never stored. */
  private async typing(chatId: number): Promise<void> {
    if (!this.isMember(chatId)) throw new AppError('NOT_CHAT_MEMBER');
    const now = performance.now();
    const last = this.typingAt.get(chatId);
    if (last !== undefined && now - last < this.host.options.typingThrottleMs) return;
    this.typingAt.set(chatId, now);
    this.displayName ??= getPeople(this.host.rt.db, [this.personId]).then(
      (people) => people[0]?.displayName ?? '',
      () => {
        this.displayName = undefined; // try again next time
        return '';
      },
    );
    const displayName = await this.displayName;
    await this.host.rt.events.publish(chatTopic(chatId), {
      type: 'typing.started',
      chatId,
      personId: this.personId,
      displayName,
    });
  }
}
