import { LIMITS } from '@parta/shared';

/** Tunables of the gateway. The defaults are for production; tests shorten the timers. */
export interface GatewayOptions {
  /** Interval of WebSocket pings, ms; a socket silent for two intervals is closed (4002). */
  heartbeatMs: number;
  /** How often an open socket's session is checked again, ms (revocation without an event). */
  sessionRecheckMs: number;
  /** Bound of a socket's send buffer, bytes; over it the socket is closed (4000 SLOW_CONSUMER). */
  maxBufferedBytes: number;
  /** Messages a resume replays per chat; a larger gap answers `resync` (gap_too_large). */
  replayCap: number;
  /** Messages read from the database per replay step (the send buffer drains between steps). */
  replayPageSize: number;
  /** Live events held per chat while that chat replays; more answers `resync` (gap_too_large). */
  maxHeldEvents: number;
  /** Frames a client may send at once … */
  frameBurst: number;
  /** … and per second after that; faster closes the socket (4003 RATE_LIMITED). */
  framesPerSecond: number;
  /** Invalid frames tolerated per minute before the socket is closed (4400 PROTOCOL_ERROR). */
  maxBadFrames: number;
  /** Frames accepted but not yet handled, per socket; more closes the socket (4003). */
  maxQueuedFrames: number;
  /** At most one `typing.started` per chat per socket in this window, ms. */
  typingThrottleMs: number;
  /** Lifetime of a presence entry, ms; refreshed on every heartbeat while the person is connected. */
  presenceTtlMs: number;
  /** How long a closing socket may take for the close handshake before it is cut, ms. */
  closeGraceMs: number;
  /** How long a replay waits for the send buffer to drain before the consumer counts as slow, ms. */
  drainTimeoutMs: number;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  heartbeatMs: 25_000,
  sessionRecheckMs: 5 * 60_000,
  maxBufferedBytes: 1024 * 1024,
  replayCap: 500,
  replayPageSize: 50,
  maxHeldEvents: 1000,
  frameBurst: 100,
  framesPerSecond: 50,
  maxBadFrames: 20,
  maxQueuedFrames: 256,
  typingThrottleMs: 3000,
  presenceTtlMs: 60_000,
  closeGraceMs: 2000,
  drainTimeoutMs: 10_000,
};

/** The largest frame a client may send, bytes; bigger ones close the socket with 1009. */
export const MAX_FRAME_BYTES = LIMITS.wsFrameBytes;

/** Counters of one gateway, for tests and diagnostics. Monotonic unless noted. */
export interface GatewayStats {
  /** Sockets currently authenticated and open (not monotonic). */
  connections: number;
  /** Sockets that completed the opening (`ready` sent). */
  opened: number;
  /** Upgrades refused: no or bad session (4401), foreign Origin (4405). */
  refused: number;
  /** Sockets closed by the server, by close code. */
  closedByCode: Record<number, number>;
  /** Highest `bufferedAmount` seen before a send, bytes (not monotonic: a maximum). */
  maxBufferedBytes: number;
  /** `message.created` events not sent because the socket already had that seq. */
  deduplicated: number;
  /** Messages sent from the database by resumes and gap repairs. */
  replayed: number;
  /** Live events held back while their chat replayed, then flushed or dropped as duplicates. */
  held: number;
  /** Out-of-order or missing live events repaired from the database. */
  gapRepairs: number;
  /** Client frames received (valid or not). */
  framesIn: number;
  /** Client frames refused as malformed or invalid. */
  badFrames: number;
}

export function emptyStats(): GatewayStats {
  return {
    connections: 0,
    opened: 0,
    refused: 0,
    closedByCode: {},
    maxBufferedBytes: 0,
    deduplicated: 0,
    replayed: 0,
    held: 0,
    gapRepairs: 0,
    framesIn: 0,
    badFrames: 0,
  };
}
