import type { Bus, BusHandler, BusMessage, BusOptions, Unsubscribe } from './bus';
import {
  GapListeners,
  SubscriptionRegistry,
  checkName,
  checkTtl,
  closedError,
  encodeEnvelope,
  encodePayload,
  once,
  resolveOptions,
} from './internal';

interface Queued {
  topic: string;
  envelope: string;
}

/** How often at most a presence write sweeps expired entries (amortised, no timer). */
const SWEEP_INTERVAL_MS = 1000;

/**
 * The backplane of the in-process bus: what Redis is to {@link RedisBus}.
 * Every {@link MemoryBus} attached to one hub behaves as a node of one
 * cluster; one hub per process in production, one per test in tests.
 *
 * Invariant: messages are delivered in one FIFO queue, drained on
 * `setImmediate` (never synchronously, and without starving I/O when handlers
 * publish), so the order is global — stronger than the per-publisher order
 * the {@link Bus} contract promises.
 */
export class MemoryBusHub {
  private readonly nodes = new Set<MemoryBus>();
  private queue: Queued[] = [];
  private drainScheduled = false;
  private readonly presence = new Map<string, { value: string; expiresAt: number }>();
  private lastSweep = now();

  /** @internal */
  attach(node: MemoryBus): void {
    this.nodes.add(node);
  }

  /** @internal */
  detach(node: MemoryBus): void {
    this.nodes.delete(node);
  }

  /** @internal */
  enqueue(topic: string, envelope: string): void {
    this.queue.push({ topic, envelope });
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    // Messages published by handlers during this drain wait for the next turn.
    const batch = this.queue;
    this.queue = [];
    this.drainScheduled = false;
    for (const { topic, envelope } of batch) {
      for (const node of [...this.nodes]) node.deliver(topic, envelope);
    }
  }

  /** @internal */
  setPresence(key: string, value: string, ttlMs: number): void {
    const t = now();
    this.presence.set(key, { value, expiresAt: t + ttlMs });
    if (t - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = t;
      for (const [k, entry] of this.presence) if (entry.expiresAt <= t) this.presence.delete(k);
    }
  }

  /** @internal */
  getPresence(keys: readonly string[]): Map<string, string> {
    const t = now();
    const found = new Map<string, string>();
    for (const key of keys) {
      const entry = this.presence.get(key);
      if (!entry) continue;
      if (entry.expiresAt <= t) this.presence.delete(key);
      else found.set(key, entry.value);
    }
    return found;
  }

  /** @internal */
  deletePresence(key: string): void {
    this.presence.delete(key);
  }

  /** Number of stored presence entries, expired ones not yet swept included (for tests). */
  get presenceSize(): number {
    return this.presence.size;
  }
}

/** Monotonic milliseconds: TTLs must not jump with the wall clock. */
const now = (): number => performance.now();

export interface MemoryBusOptions extends BusOptions {
  /** The shared backplane; a private one when omitted (a single node). */
  hub?: MemoryBusHub;
}

/**
 * The in-process {@link Bus}: the default, for one node. Payloads go through
 * the same JSON encoding as on Redis, so handlers see exactly what they would
 * see in a cluster (fresh objects, `undefined` dropped, dates as strings).
 */
export class MemoryBus implements Bus {
  readonly nodeId: string;
  private readonly hub: MemoryBusHub;
  private readonly maxPayloadBytes: number;
  private readonly registry: SubscriptionRegistry;
  private readonly gapListeners: GapListeners;
  private closed = false;
  private readonly closedPromise = Promise.resolve();

  constructor(opts: MemoryBusOptions = {}) {
    const { nodeId, maxPayloadBytes, onError } = resolveOptions(opts);
    this.nodeId = nodeId;
    this.maxPayloadBytes = maxPayloadBytes;
    this.registry = new SubscriptionRegistry(onError);
    this.gapListeners = new GapListeners(onError);
    this.hub = opts.hub ?? new MemoryBusHub();
    this.hub.attach(this);
  }

  /** @internal Called by the hub for every message; ignores topics without handlers. */
  deliver(topic: string, envelope: string): void {
    if (!this.closed) this.registry.dispatch(topic, envelope);
  }

  async publish(topic: string, payload: BusMessage): Promise<void> {
    if (this.closed) throw closedError();
    checkName('topic', topic);
    this.hub.enqueue(
      topic,
      encodeEnvelope(this.nodeId, encodePayload(payload, this.maxPayloadBytes)),
    );
  }

  async subscribe(topic: string, handler: BusHandler): Promise<Unsubscribe> {
    if (this.closed) throw closedError();
    checkName('topic', topic);
    const subscription = this.registry.add(topic, handler);
    return once(async () => {
      this.registry.remove(subscription);
    });
  }

  onDeliveryGap(listener: () => void): () => void {
    return this.gapListeners.add(listener);
  }

  async setPresence(key: string, value: string, ttlMs: number): Promise<void> {
    if (this.closed) throw closedError();
    checkName('presence key', key);
    checkTtl(ttlMs);
    this.hub.setPresence(key, value, ttlMs);
  }

  async getPresence(keys: readonly string[]): Promise<Map<string, string>> {
    if (this.closed) throw closedError();
    for (const key of keys) checkName('presence key', key);
    return this.hub.getPresence(keys);
  }

  async deletePresence(key: string): Promise<void> {
    if (this.closed) throw closedError();
    checkName('presence key', key);
    this.hub.deletePresence(key);
  }

  isHealthy(): boolean {
    return !this.closed;
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.registry.clear();
      this.gapListeners.clear();
      this.hub.detach(this);
    }
    return this.closedPromise;
  }
}
