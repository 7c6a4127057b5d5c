import type { ClientFrame, Message, RealtimeEvent, SendMessage, ServerFrame } from '@parta/shared';
import { ApiError } from '../api/client';

/** What the UI shows: «Подключение…», «В сети», «Нет соединения». */
export type ConnectionState = 'connecting' | 'online' | 'offline';

/** The part of the browser's WebSocket the client uses; tests pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: never) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export interface RealtimeHandlers {
  /** Every (re)connection, after `ready`: resume from here (positions), refetch what may be stale. */
  onReady(info: { personId: number; heartbeatMs: number; reconnect: boolean }): void;
  onEvent(event: RealtimeEvent): void;
  onResumed(chats: { chatId: number; fromSeq: number; toSeq: number }[]): void;
  onResync(chatId: number, reason: string): void;
  onStateChange(state: ConnectionState): void;
  /** Closed with 4401 / 4403: the session is gone; reconnecting would not help. */
  onSessionEnded(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RealtimeClientOptions {
  url: string;
  handlers: RealtimeHandlers;
  createSocket?: SocketFactory;
  timers?: Timers;
  random?: () => number;
  /** First reconnect delay ceiling, ms; doubles per failed attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** An `ack` not received within this time fails the send (retriable; the retry is idempotent). */
  ackTimeoutMs?: number;
  /** Without any frame for this long after a ping, the socket is presumed dead. */
  pongTimeoutMs?: number;
}

const OPEN = 1;

/** The realtime endpoint of the page's own origin (`ws:` or `wss:`). */
export function realtimeUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/ws`;
}

/**
 * Reconnect delay with full jitter: uniform in [0, min(max, base·2^attempt)],
 * at least 100 ms so a broken server is not hammered by a tight loop.
 */
export function backoffDelay(attempt: number, random: () => number, baseMs = 500, maxMs = 30_000) {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.max(100, Math.round(random() * ceiling));
}

/** Close codes 4400–4499: the server says "do not come back without the person acting". */
export function isTerminalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}

interface PendingAck {
  resolve: (result: { message: Message; duplicate: boolean }) => void;
  reject: (error: ApiError) => void;
  timer: unknown;
}

/**
 * One WebSocket to `/api/v1/ws` that keeps itself connected.
 *
 * - Reconnects with exponential backoff and full jitter after any close
 *   except 4400–4499; at once when the browser comes back online.
 * - After every `ready` the owner resumes (see `onReady`); frames of the old
 *   socket never leak into the new one.
 * - `sendMessage` resolves on the matching `ack`, rejects with a retriable
 *   error when the socket closes or the ack is late, and with the server's
 *   error otherwise. Retrying with the same clientMessageId is safe.
 * - Pings when idle and reconnects when no frame answers in time (a socket
 *   can die silently behind NAT or a sleeping laptop).
 */
export class RealtimeClient {
  private socket: SocketLike | null = null;
  private state: ConnectionState = 'offline';
  private running = false;
  private attempt = 0;
  private everReady = false;
  private reconnectTimer: unknown = null;
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;
  private heartbeatMs = 25_000;
  private nextRequest = 1;
  private readonly acks = new Map<string, PendingAck>();
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly createSocket: SocketFactory;

  constructor(private readonly options: RealtimeClientOptions) {
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.random = options.random ?? Math.random;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  get isOpen(): boolean {
    return this.state === 'online' && this.socket?.readyState === OPEN;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
    this.drop(1000, 'client stopped');
    this.setState('offline');
  }

  /** Skip the wait (the browser is online again, the tab became visible). */
  reconnectNow(): void {
    if (!this.running) return;
    if (this.socket !== null) return;
    this.attempt = 0;
    this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.connect();
  }

  /** The browser says the network is gone: stop waiting on a socket that cannot deliver. */
  networkLost(): void {
    if (!this.running || this.socket === null) return;
    this.drop(4000, 'network lost');
    this.scheduleReconnect();
  }

  /** Sends a frame if the socket is open; false otherwise (the caller decides what to do). */
  send(frame: ClientFrame): boolean {
    if (!this.isOpen || !this.socket) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  sendMessage(
    chatId: number,
    input: SendMessage,
  ): Promise<{ message: Message; duplicate: boolean }> {
    const requestId = `r${this.nextRequest++}`;
    return new Promise((resolve, reject) => {
      if (!this.send({ type: 'send', requestId, chatId, ...input })) {
        reject(transient('The realtime connection is not open.'));
        return;
      }
      const timer = this.timers.setTimeout(() => {
        this.acks.delete(requestId);
        reject(transient('No acknowledgement in time.'));
      }, this.options.ackTimeoutMs ?? 15_000);
      this.acks.set(requestId, { resolve, reject, timer });
    });
  }

  private connect(): void {
    if (!this.running) return;
    this.setState('connecting');
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => {
      if (this.socket === socket) this.onFrame(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.onClosed(event.code);
    };
    // An error is always followed by close; close decides.
    socket.onerror = () => undefined;
    socket.onopen = () => undefined;
  }

  private onFrame(data: unknown): void {
    this.armPong(false);
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data)) as ServerFrame;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'ready': {
        const reconnect = this.everReady;
        this.everReady = true;
        this.attempt = 0;
        this.heartbeatMs = frame.heartbeatMs > 0 ? frame.heartbeatMs : 25_000;
        this.setState('online');
        this.schedulePing();
        this.options.handlers.onReady({
          personId: frame.personId,
          heartbeatMs: frame.heartbeatMs,
          reconnect,
        });
        return;
      }
      case 'event':
        this.options.handlers.onEvent(frame.event);
        return;
      case 'resumed':
        this.options.handlers.onResumed(frame.chats);
        return;
      case 'resync':
        this.options.handlers.onResync(frame.chatId, frame.reason);
        return;
      case 'ack': {
        const pending = this.takeAck(frame.requestId);
        pending?.resolve({ message: frame.message, duplicate: frame.duplicate });
        return;
      }
      case 'error': {
        if (frame.requestId === undefined) return;
        const pending = this.takeAck(frame.requestId);
        pending?.reject(
          new ApiError({
            code: frame.code,
            status: 0,
            message: frame.message,
            retriable: frame.retriable,
          }),
        );
        return;
      }
      case 'pong':
        return;
    }
  }

  private takeAck(requestId: string): PendingAck | undefined {
    const pending = this.acks.get(requestId);
    if (!pending) return undefined;
    this.acks.delete(requestId);
    this.timers.clearTimeout(pending.timer);
    return pending;
  }

  private onClosed(code: number): void {
    this.socket = null;
    this.clearHeartbeat();
    this.failAcks();
    if (!this.running) return;
    if (isTerminalCloseCode(code)) {
      this.running = false;
      this.setState('offline');
      if (code === 4401 || code === 4403) this.options.handlers.onSessionEnded();
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.running || this.reconnectTimer !== null) return;
    this.setState('offline');
    const delay = backoffDelay(
      this.attempt,
      this.random,
      this.options.baseDelayMs,
      this.options.maxDelayMs,
    );
    this.attempt += 1;
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  /** Closes the current socket without waiting for its close event. */
  private drop(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.clearHeartbeat();
    this.failAcks();
    if (socket) {
      socket.onmessage = null;
      socket.onclose = null;
      try {
        socket.close(code, reason);
      } catch {
        // Already closed.
      }
    }
  }

  private failAcks(): void {
    for (const [requestId, pending] of this.acks) {
      this.acks.delete(requestId);
      this.timers.clearTimeout(pending.timer);
      pending.reject(transient('The connection closed before the acknowledgement.'));
    }
  }

  private schedulePing(): void {
    this.timers.clearTimeout(this.pingTimer);
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = null;
      if (!this.send({ type: 'ping' })) return;
      this.armPong(true);
      this.schedulePing();
    }, this.heartbeatMs);
  }

  /** After a ping, some frame must arrive within the timeout; any frame disarms it. */
  private armPong(arm: boolean): void {
    this.timers.clearTimeout(this.pongTimer);
    this.pongTimer = null;
    if (!arm) return;
    this.pongTimer = this.timers.setTimeout(() => {
      this.pongTimer = null;
      this.networkLost();
    }, this.options.pongTimeoutMs ?? 10_000);
  }

  private clearHeartbeat(): void {
    this.timers.clearTimeout(this.pingTimer);
    this.timers.clearTimeout(this.pongTimer);
    this.pingTimer = null;
    this.pongTimer = null;
  }

  private clearTimers(): void {
    this.clearHeartbeat();
    this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.handlers.onStateChange(state);
  }
}

function transient(message: string): ApiError {
  return new ApiError({ code: 'NETWORK_ERROR', status: 0, message, retriable: true });
}
