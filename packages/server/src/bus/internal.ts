/**
 * What both implementations share and nobody else needs: argument checks,
 * the wire envelope, and the per-node handler registry. Not exported from
 * `index.ts`.
 */
import { randomUUID } from 'node:crypto';
import {
  BusError,
  DEFAULT_MAX_PAYLOAD_BYTES,
  type BusDelivery,
  type BusErrorReporter,
  type BusHandler,
  type BusMessage,
  type BusOptions,
} from './bus';

const MAX_NAME_LENGTH = 512;

export const randomNodeId = (): string => randomUUID();

export const defaultReporter: BusErrorReporter = (error, context) => {
  const where =
    context.topic === undefined ? context.source : `${context.source} (${context.topic})`;
  console.error(`[bus] ${where}:`, error);
};

/** Resolved {@link BusOptions}: every implementation reads the same defaults. */
export function resolveOptions(opts: BusOptions): Required<BusOptions> {
  const maxPayloadBytes = opts.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (!Number.isSafeInteger(maxPayloadBytes) || maxPayloadBytes < 2) {
    throw new RangeError(`bus: maxPayloadBytes must be an integer ≥ 2, got ${maxPayloadBytes}`);
  }
  return {
    nodeId: opts.nodeId ?? randomNodeId(),
    maxPayloadBytes,
    onError: opts.onError ?? defaultReporter,
  };
}

export const closedError = (): BusError => new BusError('BUS_CLOSED', 'The bus is closed.');

/** Topics and presence keys: non-empty strings of bounded length. */
export function checkName(kind: 'topic' | 'presence key', name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new BusError(
      'BUS_INVALID',
      `A ${kind} must be a string of 1–${MAX_NAME_LENGTH} characters.`,
    );
  }
}

export function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) {
    throw new BusError(
      'BUS_INVALID',
      `Presence TTL must be a positive integer of milliseconds, got ${ttlMs}.`,
    );
  }
}

/** JSON text of `payload`, or BUS_INVALID when it is no JSON object or exceeds `maxBytes`. */
export function encodePayload(payload: BusMessage, maxBytes: number): string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new BusError('BUS_INVALID', 'A bus payload must be a JSON object.');
  }
  let json: string;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new BusError('BUS_INVALID', 'The bus payload is not JSON-serialisable.', {
      cause: error,
    });
  }
  // A toJSON() may still turn the object into something else.
  if (typeof json !== 'string' || !json.startsWith('{')) {
    throw new BusError('BUS_INVALID', 'A bus payload must serialise to a JSON object.');
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > maxBytes) {
    throw new BusError(
      'BUS_INVALID',
      `The bus payload is ${bytes} bytes; the limit is ${maxBytes}.`,
    );
  }
  return json;
}

/**
 * One message on the wire: `{"o": origin nodeId, "p": payload}`. The payload
 * is spliced in as already-encoded JSON, so it is serialised exactly once.
 */
export const encodeEnvelope = (origin: string, payloadJson: string): string =>
  `{"o":${JSON.stringify(origin)},"p":${payloadJson}}`;

/** The inverse of {@link encodeEnvelope}; throws on anything else found on the channel. */
export function decodeEnvelope(text: string): { origin: string; payload: BusMessage } {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'object' && value !== null && 'o' in value && 'p' in value) {
    const { o, p } = value;
    if (typeof o === 'string' && typeof p === 'object' && p !== null && !Array.isArray(p)) {
      return { origin: o, payload: p as BusMessage };
    }
  }
  throw new Error('not a bus envelope');
}

/** One handler on one topic; `active` turns false for good on unsubscribe. */
export interface LocalSubscription {
  readonly topic: string;
  readonly handler: BusHandler;
  active: boolean;
}

/**
 * The handlers of one node, by topic. Invariants: a topic is present iff it
 * has at least one active subscription; an inactive subscription is never
 * called, even by a dispatch already under way.
 */
export class SubscriptionRegistry {
  private readonly byTopic = new Map<string, Set<LocalSubscription>>();

  constructor(private readonly report: BusErrorReporter) {}

  add(topic: string, handler: BusHandler): LocalSubscription {
    const subscription: LocalSubscription = { topic, handler, active: true };
    let set = this.byTopic.get(topic);
    if (!set) {
      set = new Set();
      this.byTopic.set(topic, set);
    }
    set.add(subscription);
    return subscription;
  }

  /** Deactivates `subscription`; true when its topic has no handler left. */
  remove(subscription: LocalSubscription): boolean {
    subscription.active = false;
    const set = this.byTopic.get(subscription.topic);
    if (!set) return false;
    set.delete(subscription);
    if (set.size > 0) return false;
    this.byTopic.delete(subscription.topic);
    return true;
  }

  has(topic: string): boolean {
    return this.byTopic.has(topic);
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  clear(): void {
    for (const set of this.byTopic.values()) for (const s of set) s.active = false;
    this.byTopic.clear();
  }

  /**
   * Calls every handler of `topic` with the decoded envelope, in
   * subscription order; each failure is reported and isolated.
   */
  dispatch(topic: string, envelope: string): void {
    const set = this.byTopic.get(topic);
    if (!set) return;
    let payload: BusMessage;
    let origin: string;
    try {
      ({ payload, origin } = decodeEnvelope(envelope));
    } catch (error) {
      this.report(error, { source: 'decode', topic });
      return;
    }
    const meta: BusDelivery = { topic, origin };
    for (const subscription of [...set]) {
      if (!subscription.active) continue;
      try {
        const result: unknown = subscription.handler(payload, meta);
        if (result instanceof Promise) {
          result.catch((error: unknown) => this.report(error, { source: 'handler', topic }));
        }
      } catch (error) {
        this.report(error, { source: 'handler', topic });
      }
    }
  }
}

/** The {@link Bus.onDeliveryGap} listeners of one node. */
export class GapListeners {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly report: BusErrorReporter) {}

  add(listener: () => void): () => void {
    // A wrapper per registration, so the same function may be added twice and removed once.
    const entry = () => listener();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.report(error, { source: 'listener' });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

/** Returns a function that runs `fn` on its first call only and returns that call's result ever after. */
export function once<T>(fn: () => T): () => T {
  let done = false;
  let result: T;
  return () => {
    if (!done) {
      done = true;
      result = fn();
    }
    return result;
  };
}
