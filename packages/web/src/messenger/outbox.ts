import type { FileInfo, Message, SendMessage } from '@parta/shared';
import { isApiError } from '../api/client';
import { backoffDelay, type Timers } from '../realtime/realtime-client';

/** A message written but not yet acknowledged by the server. */
export interface OutboxItem {
  chatId: number;
  /** Chosen once, when the message was written; every retry reuses it (idempotent send). */
  clientMessageId: string;
  text: string;
  replyToSeq: number | null;
  forward: { chatId: number; seq: number } | null;
  poll: SendMessage['poll'] | null;
  /**
   * Files uploaded for this message (sent as `fileIds`). Optional: items
   * stored by an older version have none.
   */
  files?: FileInfo[];
  /** ISO time of writing, for the pending bubble. */
  createdAt: string;
  attempts: number;
  /** `failed`: the server refused it for good (e.g. the chat became read-only); the person decides. */
  status: 'pending' | 'sending' | 'failed';
  errorCode: string | null;
}

export type OutboxTransport = (item: OutboxItem) => Promise<Message>;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface OutboxOptions {
  /** Where the queue survives a reload (localStorage); null keeps it in memory only. */
  storage: KeyValueStorage | null;
  storageKey: string;
  transport: OutboxTransport;
  /** The server stored the message (first time or as a duplicate). */
  onDelivered: (item: OutboxItem, message: Message) => void;
  onChange: (items: readonly OutboxItem[]) => void;
  timers?: Timers;
  random?: () => number;
}

/**
 * Messages on their way to the server, kept in order and in storage.
 *
 * Invariants: one send in flight at a time, oldest first, so a chat's
 * messages are stored in the order they were written; a retry never changes
 * the clientMessageId; an item leaves the queue only when the server has
 * stored it (or the person discards a failed one). Retriable failures
 * (no network, 5xx, 429, no ack) back off with jitter; `kick()` retries at
 * once when the connection comes back.
 */
export class Outbox {
  private items: OutboxItem[];
  private inFlight = false;
  private timer: unknown = null;
  private failures = 0;
  private stopped = false;
  private readonly timers: Timers;
  private readonly random: () => number;

  constructor(private readonly options: OutboxOptions) {
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.random = options.random ?? Math.random;
    // A reload interrupted a send: it goes again with the same id.
    this.items = this.load().map((item) =>
      item.status === 'sending' ? { ...item, status: 'pending' } : item,
    );
  }

  list(): readonly OutboxItem[] {
    return this.items;
  }

  add(item: Omit<OutboxItem, 'attempts' | 'status' | 'errorCode'>): OutboxItem {
    const full: OutboxItem = { ...item, attempts: 0, status: 'pending', errorCode: null };
    this.items = [...this.items, full];
    this.changed();
    this.kick();
    return full;
  }

  /** Try now: the connection is back, or a new item was added. */
  kick(): void {
    if (this.stopped) return;
    this.timers.clearTimeout(this.timer);
    this.timer = null;
    void this.flush();
  }

  /** A failed item goes back into the queue, same id. */
  retry(clientMessageId: string): void {
    this.update(clientMessageId, { status: 'pending', errorCode: null });
    this.failures = 0;
    this.kick();
  }

  discard(clientMessageId: string): void {
    const item = this.items.find((i) => i.clientMessageId === clientMessageId);
    if (!item || item.status === 'sending') return;
    this.items = this.items.filter((i) => i.clientMessageId !== clientMessageId);
    this.changed();
  }

  /** Sending may begin (again, after `stop`). */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.stopped) return;
    const next = this.items.find((i) => i.status === 'pending');
    if (!next) return;
    this.inFlight = true;
    this.update(next.clientMessageId, { status: 'sending', attempts: next.attempts + 1 });
    const sending = this.items.find((i) => i.clientMessageId === next.clientMessageId) ?? next;
    try {
      const message = await this.options.transport(sending);
      this.failures = 0;
      this.items = this.items.filter((i) => i.clientMessageId !== next.clientMessageId);
      this.changed();
      this.options.onDelivered(sending, message);
    } catch (error) {
      if (isRetriable(error)) {
        this.update(next.clientMessageId, { status: 'pending' });
        this.failures += 1;
        this.inFlight = false;
        this.scheduleRetry(error);
        return;
      }
      this.update(next.clientMessageId, {
        status: 'failed',
        errorCode: isApiError(error) ? error.code : 'CLIENT',
      });
    }
    this.inFlight = false;
    void this.flush();
  }

  private scheduleRetry(error: unknown): void {
    if (this.stopped) return;
    const retryAfter = isApiError(error) ? error.retryAfterSeconds : null;
    const delay =
      retryAfter !== null ? retryAfter * 1000 : backoffDelay(this.failures - 1, this.random, 1000);
    this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private update(clientMessageId: string, change: Partial<OutboxItem>): void {
    this.items = this.items.map((i) =>
      i.clientMessageId === clientMessageId ? { ...i, ...change } : i,
    );
    this.changed();
  }

  private changed(): void {
    // After stop (sign-out, unmount) storage is left as it was: a send cut short is
    // stored as `sending` and goes again, same id, when the outbox is next loaded.
    if (!this.stopped) this.save();
    this.options.onChange(this.items);
  }

  private load(): OutboxItem[] {
    try {
      const raw = this.options.storage?.getItem(this.options.storageKey);
      if (!raw) return [];
      const parsed = JSON.parse(raw) as unknown;
      return Array.isArray(parsed) ? parsed.filter(isOutboxItem) : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      if (this.items.length === 0) this.options.storage?.removeItem(this.options.storageKey);
      else this.options.storage?.setItem(this.options.storageKey, JSON.stringify(this.items));
    } catch {
      // Storage full or forbidden: the queue still lives in memory until the tab closes.
    }
  }
}

function isRetriable(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.retriable || error.status === 0 || error.status >= 500 || error.status === 429;
}

function isOutboxItem(value: unknown): value is OutboxItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.chatId === 'number' &&
    typeof v.clientMessageId === 'string' &&
    typeof v.text === 'string' &&
    typeof v.createdAt === 'string'
  );
}
