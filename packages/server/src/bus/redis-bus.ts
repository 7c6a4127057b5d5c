import { Redis, type RedisOptions } from 'ioredis';
import {
  BusError,
  type Bus,
  type BusHandler,
  type BusMessage,
  type BusOptions,
  type Unsubscribe,
} from './bus';
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
  type LocalSubscription,
} from './internal';

export interface RedisBusOptions extends BusOptions {
  /** `redis://` or `rediss://` URL (PARTA_REDIS_URL). */
  url: string;
  /**
   * Namespace inside `parta:`, so that tenants and test runs sharing one Redis
   * never see each other: channels are `parta:<prefix>:<topic>`, presence keys
   * `parta:<prefix>:presence:<key>` (`parta:<topic>` etc. when empty).
   */
  prefix?: string;
  /**
   * Upper bound, in ms, on every Redis command including the time it waits for
   * a connection; past it the call rejects with BUS_UNAVAILABLE. Default 2000.
   */
  commandTimeoutMs?: number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 2000;
/** MGET and re-SUBSCRIBE are split into commands of at most this many keys. */
const BATCH = 1000;

/** 100 ms doubling to 2 s, plus jitter so that nodes do not reconnect in lockstep. */
const reconnectDelay = (attempt: number): number =>
  Math.min(100 * 2 ** Math.min(attempt - 1, 5), 2000) + Math.floor(Math.random() * 100);

const noop = (): void => undefined;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The {@link Bus} of a cluster: Redis pub/sub for messages, plain keys with
 * `PX` expiry for presence.
 *
 * Two connections per node: `parta-<nodeId>-pub` carries PUBLISH and the
 * presence commands, `parta-<nodeId>-sub` carries every subscription of the
 * node, multiplexed by channel. One connection per direction is what makes
 * the per-publisher order hold: commands leave in call order and Redis
 * forwards each channel's messages in the order it executed the PUBLISHes.
 *
 * Failure behaviour:
 * - No command waits forever: commands issued while disconnected are queued
 *   only until the next failed connection attempt or `commandTimeoutMs`,
 *   whichever comes first, and then reject with BUS_UNAVAILABLE. Nothing is
 *   resent after a reconnect, so nothing is published twice.
 * - Both connections reconnect by themselves. The subscriber then restores
 *   exactly the topics that have handlers (the bus does this itself rather
 *   than through ioredis `autoResubscribe`, to know when it is complete) and
 *   only then calls the {@link Bus.onDeliveryGap} listeners.
 */
export class RedisBus implements Bus {
  readonly nodeId: string;
  private readonly namespace: string;
  private readonly maxPayloadBytes: number;
  private readonly report: NonNullable<BusOptions['onError']>;
  private readonly registry: SubscriptionRegistry;
  private readonly gapListeners: GapListeners;
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** Connections in an outage already reported, so a retry loop logs once. */
  private readonly failing = new Set<'publisher' | 'subscriber'>();
  /** Channels with a clean-up UNSUBSCRIBE in flight. */
  private readonly strays = new Set<string>();
  private subscriberWasReady = false;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(opts: RedisBusOptions) {
    const { nodeId, maxPayloadBytes, onError } = resolveOptions(opts);
    this.nodeId = nodeId;
    this.maxPayloadBytes = maxPayloadBytes;
    this.report = onError;
    this.registry = new SubscriptionRegistry(onError);
    this.gapListeners = new GapListeners(onError);
    const prefix = opts.prefix ?? '';
    this.namespace = prefix === '' ? 'parta:' : `parta:${prefix}:`;

    const commandTimeout = opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    if (!Number.isSafeInteger(commandTimeout) || commandTimeout < 1) {
      throw new RangeError(
        `bus: commandTimeoutMs must be a positive integer, got ${commandTimeout}`,
      );
    }
    const common: RedisOptions = {
      commandTimeout,
      connectTimeout: Math.max(commandTimeout, 5000),
      retryStrategy: reconnectDelay,
      // Fail queued and in-flight commands at the first failed connection
      // attempt instead of holding them across reconnects; never resend.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      // Keep the offline queue so that commands issued while the first
      // connection is being made simply wait for it (bounded as above).
      enableOfflineQueue: true,
    };
    const name = `parta-${nodeId.replace(/[^\w.:-]/g, '_')}`;
    this.pub = new Redis(opts.url, { ...common, connectionName: `${name}-pub` });
    this.sub = new Redis(opts.url, {
      ...common,
      connectionName: `${name}-sub`,
      autoResubscribe: false,
    });

    this.pub.on('error', (error: Error) => this.connectionFailed('publisher', error));
    this.sub.on('error', (error: Error) => this.connectionFailed('subscriber', error));
    this.pub.on('ready', () => this.failing.delete('publisher'));
    this.sub.on('ready', () => this.subscriberReady());
    this.sub.on('message', (channel: string, message: string) => this.received(channel, message));
  }

  async publish(topic: string, payload: BusMessage): Promise<void> {
    if (this.closed) throw closedError();
    checkName('topic', topic);
    const envelope = encodeEnvelope(this.nodeId, encodePayload(payload, this.maxPayloadBytes));
    try {
      await this.pub.publish(this.channel(topic), envelope);
    } catch (error) {
      throw this.failure(error, 'publish');
    }
  }

  async subscribe(topic: string, handler: BusHandler): Promise<Unsubscribe> {
    if (this.closed) throw closedError();
    checkName('topic', topic);
    const subscription = this.registry.add(topic, handler);
    try {
      // Sent for every handler, not only a topic's first: the reply is what
      // proves the subscription is live on Redis now; a repeat costs Redis nothing.
      await this.sub.subscribe(this.channel(topic));
    } catch (error) {
      void this.unsubscribeOne(subscription);
      throw this.failure(error, 'subscribe');
    }
    if (this.closed) throw closedError();
    return once(() => this.unsubscribeOne(subscription));
  }

  onDeliveryGap(listener: () => void): () => void {
    return this.gapListeners.add(listener);
  }

  async setPresence(key: string, value: string, ttlMs: number): Promise<void> {
    if (this.closed) throw closedError();
    checkName('presence key', key);
    checkTtl(ttlMs);
    try {
      await this.pub.set(this.presenceKey(key), value, 'PX', ttlMs);
    } catch (error) {
      throw this.failure(error, 'setPresence');
    }
  }

  async getPresence(keys: readonly string[]): Promise<Map<string, string>> {
    if (this.closed) throw closedError();
    for (const key of keys) checkName('presence key', key);
    const unique = [...new Set(keys)];
    const found = new Map<string, string>();
    if (unique.length === 0) return found;
    let replies: (string | null)[][];
    try {
      replies = await Promise.all(
        chunks(unique, BATCH).map((batch) => this.pub.mget(batch.map((k) => this.presenceKey(k)))),
      );
    } catch (error) {
      throw this.failure(error, 'getPresence');
    }
    let i = 0;
    for (const batch of replies) {
      for (const value of batch) {
        const key = unique[i++];
        if (key !== undefined && value !== null) found.set(key, value);
      }
    }
    return found;
  }

  async deletePresence(key: string): Promise<void> {
    if (this.closed) throw closedError();
    checkName('presence key', key);
    try {
      await this.pub.del(this.presenceKey(key));
    } catch (error) {
      throw this.failure(error, 'deletePresence');
    }
  }

  isHealthy(): boolean {
    return !this.closed && this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    this.registry.clear();
    this.gapListeners.clear();
    await Promise.all([endConnection(this.pub), endConnection(this.sub)]);
  }

  private channel(topic: string): string {
    return this.namespace + topic;
  }

  private presenceKey(key: string): string {
    return `${this.namespace}presence:${key}`;
  }

  /** The error a failed Redis call turns into for the caller. */
  private failure(error: unknown, operation: string): BusError {
    if (this.closed) return closedError();
    // ioredis words a failed connection attempt as a retry limit; say what happened.
    const reason =
      error instanceof Error
        ? error.name === 'MaxRetriesPerRequestError'
          ? 'no connection to Redis'
          : error.message
        : String(error);
    return new BusError(
      'BUS_UNAVAILABLE',
      `Bus unavailable, ${operation} not confirmed: ${reason}.`,
      {
        cause: error,
      },
    );
  }

  /** Removes a handler; the last one of a topic also leaves the Redis channel (best effort). */
  private async unsubscribeOne(subscription: LocalSubscription): Promise<void> {
    if (this.registry.remove(subscription) && !this.closed) {
      await this.sub.unsubscribe(this.channel(subscription.topic)).catch(noop);
    }
  }

  private received(channel: string, message: string): void {
    if (this.closed || !channel.startsWith(this.namespace)) return;
    const topic = channel.slice(this.namespace.length);
    if (this.registry.has(topic)) {
      this.registry.dispatch(topic, message);
    } else if (!this.strays.has(channel)) {
      // Subscribed on Redis without a handler here: a SUBSCRIBE that timed out
      // on our side yet succeeded, or messages in flight past an UNSUBSCRIBE.
      this.strays.add(channel);
      void this.sub
        .unsubscribe(channel)
        .catch(noop)
        .finally(() => this.strays.delete(channel));
    }
  }

  private connectionFailed(which: 'publisher' | 'subscriber', error: Error): void {
    if (this.closed || this.failing.has(which)) return;
    this.failing.add(which);
    const wrapped = new BusError('BUS_UNAVAILABLE', `Redis ${which} connection: ${error.message}`, {
      cause: error,
    });
    this.report(wrapped, { source: 'connection' });
  }

  private subscriberReady(): void {
    this.failing.delete('subscriber');
    if (!this.subscriberWasReady) {
      // First connection: subscriptions made so far wait in the offline queue.
      this.subscriberWasReady = true;
      return;
    }
    void this.restoreSubscriptions();
  }

  /** After a reconnect: re-subscribe every topic with handlers, then announce the gap. */
  private async restoreSubscriptions(): Promise<void> {
    const channels = this.registry.topics().map((topic) => this.channel(topic));
    try {
      await Promise.all(chunks(channels, BATCH).map((batch) => this.sub.subscribe(...batch)));
    } catch (error) {
      if (this.closed) return;
      this.report(this.failure(error, 'resubscribe'), { source: 'connection' });
      // Connected but not subscribed would go unnoticed: start over.
      if (this.sub.status === 'ready') this.sub.disconnect(true);
      return;
    }
    if (!this.closed) this.gapListeners.emit();
  }
}

/** QUIT lets accepted commands finish (bounded by commandTimeout); then drop the socket and stop reconnecting. */
async function endConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await connection.quit().catch(noop);
  connection.disconnect();
}
