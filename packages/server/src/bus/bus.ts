/**
 * The message bus: fan-out of events between server nodes, presence and typing.
 *
 * The database is the source of truth (DESIGN §4.3): the bus carries hints.
 * Delivery is at-most-once, so a consumer that must not miss anything resumes
 * from the database by `seq`; what the bus does promise is listed on each
 * member of {@link Bus}.
 */

/** A value that survives `JSON.stringify` → `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * A JSON object. `undefined` members are allowed so that types with optional
 * fields are assignable; they are dropped in transit, as JSON drops them.
 */
export type JsonObject = { [key: string]: JsonValue | undefined };

/** What travels on the bus: one JSON object per message. */
export type BusMessage = JsonObject;

/** Where a delivered message came from. */
export interface BusDelivery {
  /** The topic it was published to. */
  topic: string;
  /** `nodeId` of the publishing bus; equal to the receiver's own `nodeId` for its own publications. */
  origin: string;
}

/**
 * Receives the messages of one topic. The payload is a fresh parse of the
 * published JSON, shared by every handler on the receiving node: treat it as
 * read-only. A returned promise is not awaited (the next message does not wait
 * for it); a rejection is reported like a throw.
 */
export type BusHandler = (payload: BusMessage, delivery: BusDelivery) => void | Promise<void>;

/**
 * Ends one subscription. After the call the handler is never invoked again,
 * even for messages already in flight. Idempotent; the promise never rejects.
 */
export type Unsubscribe = () => Promise<void>;

/** Where a swallowed error happened; given to {@link BusErrorReporter}. */
export interface BusErrorContext {
  source: 'handler' | 'connection' | 'decode' | 'listener';
  topic?: string;
}

/**
 * Receives errors the bus must not throw to its callers: a throwing handler,
 * a lost connection (once per outage, not per retry), an undecodable message.
 */
export type BusErrorReporter = (error: unknown, context: BusErrorContext) => void;

/** Options common to every implementation. */
export interface BusOptions {
  /** Identity of this node; random when omitted. Must differ between nodes. */
  nodeId?: string;
  /** Largest encoded payload `publish` accepts; default {@link DEFAULT_MAX_PAYLOAD_BYTES}. */
  maxPayloadBytes?: number;
  /** Default: one line on stderr per error. Wire the application logger here. */
  onError?: BusErrorReporter;
}

/**
 * 1 MiB. Redis disconnects a subscriber whose output buffer passes 8 MiB for a
 * minute (32 MiB at once), so one oversized event must not get near that.
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface Bus {
  /**
   * Identity of this node (random per bus, and there is one bus per process),
   * carried with every publication as {@link BusDelivery.origin}.
   */
  readonly nodeId: string;

  /**
   * Publishes `payload` to every subscriber of `topic` on every node sharing
   * the backplane, the publishing node included.
   *
   * - Order: messages from one publisher to one topic are delivered to each
   *   handler in the order of the `publish` calls (not of their settlement).
   *   No order is promised between publishers or between topics.
   * - At most once: a message is delivered once or not at all (e.g. to a node
   *   whose connection was down at the time, see {@link Bus.onDeliveryGap}).
   * - The payload is encoded when `publish` is called; later mutation of the
   *   object does not affect what is delivered. Delivery is always
   *   asynchronous: no handler runs inside this call.
   * - Resolves when the backplane has accepted the message. Rejects with a
   *   {@link BusError}: `BUS_INVALID` (not JSON-serialisable, not an object,
   *   too large, empty topic), `BUS_CLOSED` (after {@link Bus.close}), or
   *   `BUS_UNAVAILABLE` (backplane unreachable; retriable) within a bounded
   *   time. A rejection with `BUS_UNAVAILABLE` means "not confirmed": the
   *   message may still have been delivered.
   */
  publish(topic: string, payload: BusMessage): Promise<void>;

  /**
   * Adds `handler` for `topic`. Any number of handlers per topic; all topics
   * of a node share one backplane connection. Resolves once the subscription
   * is active: a message published (from any node) after it resolves reaches
   * the handler unless the node's connection is lost in between. A handler
   * that throws or rejects is reported to `onError` and does not affect other
   * handlers or later messages. Rejects with `BUS_CLOSED`, `BUS_INVALID`, or
   * `BUS_UNAVAILABLE` (nothing stays registered then).
   */
  subscribe(topic: string, handler: BusHandler): Promise<Unsubscribe>;

  /**
   * Registers a listener called after this node's delivery was interrupted
   * and has been restored (subscriptions are active again). Messages
   * published during the interruption are lost; a listener makes consumers
   * resync from the database. Returns a function that removes the listener.
   * An in-process bus is never interrupted.
   */
  onDeliveryGap(listener: () => void): () => void;

  /**
   * Sets an ephemeral `key` → `value` visible to every node for `ttlMs`
   * milliseconds (a positive integer); setting again replaces the value and
   * restarts the TTL. Keys live in their own namespace, apart from topics.
   */
  setPresence(key: string, value: string, ttlMs: number): Promise<void>;

  /** The live (not expired, not deleted) entries among `keys`; absent keys are simply missing. */
  getPresence(keys: readonly string[]): Promise<Map<string, string>>;

  /** Removes `key` at once. Idempotent. */
  deletePresence(key: string): Promise<void>;

  /**
   * True while the backplane connections are up, so `publish` is expected to
   * succeed (for `/readyz`). Always false after {@link Bus.close}.
   */
  isHealthy(): boolean;

  /**
   * Stops delivery to this node's handlers at once, lets already accepted
   * publications reach the backplane when it can, and releases the
   * connections. Idempotent: every call returns the same promise. Afterwards
   * every other method rejects with `BUS_CLOSED`.
   */
  close(): Promise<void>;
}

/**
 * - `BUS_UNAVAILABLE`: the backplane did not confirm in time; retriable.
 * - `BUS_CLOSED`: the bus was closed; a programming or shutdown-order error.
 * - `BUS_INVALID`: the arguments can never succeed (payload, topic, TTL).
 */
export type BusErrorCode = 'BUS_UNAVAILABLE' | 'BUS_CLOSED' | 'BUS_INVALID';

export class BusError extends Error {
  override name = 'BusError';
  readonly code: BusErrorCode;
  /** True only for `BUS_UNAVAILABLE`: the same call may succeed later. */
  readonly retriable: boolean;

  constructor(code: BusErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retriable = code === 'BUS_UNAVAILABLE';
  }
}

export const isBusError = (error: unknown, code?: BusErrorCode): error is BusError =>
  error instanceof BusError && (code === undefined || error.code === code);
