import type { Bus, BusMessage, Unsubscribe } from '../bus';

interface Entry {
  refs: number;
  /** The subscription's end, or null when subscribing failed. */
  ready: Promise<Unsubscribe | null>;
  failed: boolean;
}

/**
 * The node's bus subscriptions, reference-counted across its local sockets:
 * the first `acquire` of a topic subscribes the node, the last `release`
 * unsubscribes it. Each topic has at most one live handler, so a message is
 * handed to `deliver` once per node however many sockets want it (a stale
 * handler of a released topic, still in flight, is ignored).
 */
export class TopicSubscriptions {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly bus: Bus,
    private readonly deliver: (topic: string, payload: BusMessage) => void,
    private readonly onFailure: (topic: string, error: unknown) => void,
  ) {}

  /**
   * Adds a reference. Resolves true once the node's subscription is active,
   * false when the bus refused it (reported to `onFailure`; the topic is
   * subscribed again by {@link retryFailed}). Never rejects.
   */
  acquire(topic: string): Promise<boolean> {
    let entry = this.entries.get(topic);
    if (!entry) {
      entry = this.start(topic, 0);
      this.entries.set(topic, entry);
    }
    entry.refs += 1;
    return entry.ready.then((u) => u !== null);
  }

  /** Resolves like {@link acquire} for a topic already acquired (true at once for an unknown one), without a reference. */
  ready(topic: string): Promise<boolean> {
    const entry = this.entries.get(topic);
    return entry ? entry.ready.then((u) => u !== null) : Promise.resolve(true);
  }

  /** Drops a reference; the last one ends the subscription (no delivery after this call). */
  release(topic: string): void {
    const entry = this.entries.get(topic);
    if (!entry) return;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    this.entries.delete(topic);
    void entry.ready.then((unsubscribe) => unsubscribe?.());
  }

  /** Subscribes again every referenced topic whose subscription failed (after the bus recovers). */
  retryFailed(): void {
    for (const [topic, entry] of this.entries) {
      if (entry.failed) this.entries.set(topic, this.start(topic, entry.refs));
    }
  }

  /** Ends every subscription; resolves when the bus has dropped them. */
  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.ready.then((unsubscribe) => unsubscribe?.())));
  }

  /** Topics the node is subscribed to (or subscribing), for tests and stats. */
  get size(): number {
    return this.entries.size;
  }

  has(topic: string): boolean {
    return this.entries.has(topic);
  }

  private start(topic: string, refs: number): Entry {
    const entry: Entry = { refs, failed: false, ready: Promise.resolve(null) };
    entry.ready = this.bus
      .subscribe(topic, (payload) => {
        if (this.entries.get(topic) === entry) this.deliver(topic, payload);
      })
      .catch((error: unknown) => {
        entry.failed = true;
        this.onFailure(topic, error);
        return null;
      });
    return entry;
  }
}
