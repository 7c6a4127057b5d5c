import type { Bus, BusOptions } from './bus';
import { MemoryBus } from './memory-bus';
import { RedisBus } from './redis-bus';

export {
  BusError,
  DEFAULT_MAX_PAYLOAD_BYTES,
  isBusError,
  type Bus,
  type BusDelivery,
  type BusErrorCode,
  type BusErrorContext,
  type BusErrorReporter,
  type BusHandler,
  type BusMessage,
  type BusOptions,
  type JsonObject,
  type JsonValue,
  type Unsubscribe,
} from './bus';
export { MemoryBus, MemoryBusHub, type MemoryBusOptions } from './memory-bus';
export { RedisBus, type RedisBusOptions } from './redis-bus';

export interface CreateBusOptions extends BusOptions {
  /** Redis only: namespace inside `parta:` (see {@link RedisBusOptions.prefix}). */
  prefix?: string;
  /** Redis only: bound on every command (see {@link RedisBusOptions.commandTimeoutMs}). */
  commandTimeoutMs?: number;
}

/**
 * The bus for `PARTA_REDIS_URL`: a {@link RedisBus} when the URL is set
 * (cluster), otherwise an in-process {@link MemoryBus} (one node). Connecting
 * starts at once and does not block; until Redis answers, `isHealthy()` is false.
 */
export function createBus(redisUrl: string, opts: CreateBusOptions = {}): Bus {
  const url = redisUrl.trim();
  if (url === '') {
    const { nodeId, maxPayloadBytes, onError } = opts;
    return new MemoryBus({ nodeId, maxPayloadBytes, onError });
  }
  return new RedisBus({ ...opts, url });
}
