import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBusError, type BusErrorContext } from './bus';
import { recorder, runBusContract, sleep, waitFor } from './bus.contract';
import { RedisBus, createBus, type RedisBusOptions } from './index';

/**
 * Needs Redis ≥ 7. Unreachable Redis skips this file, unless
 * TEST_REQUIRE_REDIS=1 (CI), where it fails instead.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUIRED = process.env.TEST_REQUIRE_REDIS === '1';
/** Every bus of this run lives under its own prefix, so runs and tests never meet. */
const RUN = `test-${randomUUID().slice(0, 8)}`;
let buses = 0;
const uniquePrefix = () => `${RUN}-${++buses}`;

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const reachable = await redisReachable();
if (!reachable && !REQUIRED) {
  console.warn(
    `RedisBus tests skipped: no Redis at ${REDIS_URL} (set TEST_REQUIRE_REDIS=1 to fail instead).`,
  );
}

describe.runIf(!reachable && REQUIRED)('RedisBus prerequisites', () => {
  it('has a Redis to test against', () => {
    throw new Error(`TEST_REQUIRE_REDIS=1, but Redis at ${REDIS_URL} does not answer.`);
  });
});

/** A bus whose errors go to `errors` instead of stderr. */
function makeBus(
  opts: Partial<RedisBusOptions> & { errors?: { error: unknown; context: BusErrorContext }[] } = {},
) {
  const { errors, ...rest } = opts;
  return new RedisBus({
    url: REDIS_URL,
    prefix: uniquePrefix(),
    onError: (error, context) => void errors?.push({ error, context }),
    ...rest,
  });
}

describe.runIf(reachable)('RedisBus', () => {
  runBusContract('redis', async () => {
    const prefix = uniquePrefix();
    const handlerErrors: unknown[] = [];
    const onError = (error: unknown, context: BusErrorContext) => {
      if (context.source === 'handler') handlerErrors.push(error);
    };
    const a = new RedisBus({ url: REDIS_URL, prefix, onError });
    const b = new RedisBus({ url: REDIS_URL, prefix, onError });
    return {
      a,
      b,
      handlerErrors,
      cleanup: async () => {
        await Promise.all([a.close(), b.close()]);
      },
    };
  });

  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
  });
  afterAll(async () => {
    await admin.quit();
  });

  /** The Redis clients called `name` (connections are named `parta-<nodeId>-pub|sub`). */
  async function clientsNamed(name: string): Promise<{ id: string; sub: number }[]> {
    const list = String(await admin.call('CLIENT', 'LIST'));
    return list
      .split('\n')
      .filter((line) => line.split(' ').includes(`name=${name}`))
      .map((line) => ({
        id: /(?:^| )id=(\d+)/.exec(line)?.[1] ?? '',
        sub: Number(/ sub=(\d+)/.exec(line)?.[1] ?? 'NaN'),
      }));
  }

  async function pairOnOnePrefix(): Promise<[RedisBus, RedisBus]> {
    const prefix = uniquePrefix();
    const a = makeBus({ prefix });
    const b = makeBus({ prefix });
    await waitFor(() => a.isHealthy() && b.isHealthy(), 'healthy');
    return [a, b];
  }

  it('is what createBus gives for a Redis URL', async () => {
    const bus = createBus(REDIS_URL, { prefix: uniquePrefix(), nodeId: 'node-x' });
    expect(bus).toBeInstanceOf(RedisBus);
    expect(bus.nodeId).toBe('node-x');
    await waitFor(() => bus.isHealthy(), 'healthy');
    await bus.close();
    expect(bus.isHealthy()).toBe(false);
  });

  it('multiplexes every topic of a node on one subscriber connection, and leaves channels it no longer needs', async () => {
    const prefix = uniquePrefix();
    const bus = makeBus({ prefix });
    const unsubscribes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => bus.subscribe(`t${i}`, () => undefined)),
    );
    const second = await bus.subscribe('t0', () => undefined);

    const connections = await clientsNamed(`parta-${bus.nodeId}-sub`);
    expect(connections).toHaveLength(1);
    expect(connections[0]?.sub).toBe(50);
    const channel = `parta:${prefix}:t0`;
    expect(await admin.call('PUBSUB', 'NUMSUB', channel)).toEqual([channel, 1]);

    await unsubscribes[0]?.();
    expect(await admin.call('PUBSUB', 'NUMSUB', channel)).toEqual([channel, 1]);
    await second();
    expect(await admin.call('PUBSUB', 'NUMSUB', channel)).toEqual([channel, 0]);
    await bus.close();
    expect(await clientsNamed(`parta-${bus.nodeId}-sub`)).toEqual([]);
  });

  it('keeps different prefixes apart, for messages and presence', async () => {
    const one = makeBus();
    const two = makeBus();
    const onOne = recorder();
    const onTwo = recorder();
    await one.subscribe('shared', onOne.handler);
    await two.subscribe('shared', onTwo.handler);
    await one.publish('shared', { n: 1 });
    await one.setPresence('k', 'one', 60_000);
    await two.publish('shared', { n: 2 });
    await waitFor(() => onOne.got.length === 1 && onTwo.got.length === 1, 'own messages');
    expect(onOne.values()).toEqual([1]);
    expect(onTwo.values()).toEqual([2]);
    expect((await two.getPresence(['k'])).size).toBe(0);
    await one.deletePresence('k');
    await Promise.all([one.close(), two.close()]);
  });

  it('restores subscriptions after the subscriber connection is killed, then signals the gap', async () => {
    const [a, b] = await pairOnOnePrefix();
    const onA = recorder();
    await a.subscribe('t', onA.handler);
    await a.subscribe('other', () => undefined);
    let gaps = 0;
    a.onDeliveryGap(() => gaps++);

    await b.publish('t', { n: 'before' });
    await waitFor(() => onA.got.length === 1, 'delivery before the kill');

    const [before] = await clientsNamed(`parta-${a.nodeId}-sub`);
    expect(before).toBeDefined();
    expect(await admin.call('CLIENT', 'KILL', 'ID', before?.id ?? '', 'TYPE', 'pubsub')).toBe(1);

    // The gap is announced only once Redis has confirmed the re-subscription,
    // so a publication from here on must arrive.
    await waitFor(() => gaps === 1, 'the delivery-gap signal');
    await b.publish('t', { n: 'after' });
    await waitFor(() => onA.got.length === 2, 'delivery after the reconnect');
    expect(onA.values()).toEqual(['before', 'after']);

    const [after] = await clientsNamed(`parta-${a.nodeId}-sub`);
    expect(after?.id).not.toBe(before?.id);
    expect(after?.sub).toBe(2);
    expect(a.isHealthy()).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('publishes again once the publisher connection is back after a kill', async () => {
    const [a, b] = await pairOnOnePrefix();
    const onB = recorder();
    await b.subscribe('t', onB.handler);

    const [pub] = await clientsNamed(`parta-${a.nodeId}-pub`);
    expect(await admin.call('CLIENT', 'KILL', 'ID', pub?.id ?? '', 'TYPE', 'normal')).toBe(1);

    const failures: unknown[] = [];
    await waitFor(async () => {
      try {
        await a.publish('t', { n: 'back' });
        return true;
      } catch (error) {
        failures.push(error);
        return false;
      }
    }, 'a publish that succeeds');
    for (const error of failures) expect(isBusError(error, 'BUS_UNAVAILABLE')).toBe(true);
    await waitFor(() => onB.got.length > 0, 'delivery');
    expect(onB.values()[0]).toBe('back');
    await Promise.all([a.close(), b.close()]);
  });

  it('rejects with BUS_UNAVAILABLE within 2 s when Redis refuses connections, and reports the outage once', async () => {
    const errors: { error: unknown; context: BusErrorContext }[] = [];
    const bus = makeBus({ url: 'redis://127.0.0.1:1', errors });

    const started = performance.now();
    const failure = await bus.publish('t', { n: 1 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(failure).toMatchObject({ code: 'BUS_UNAVAILABLE', retriable: true });

    await expect(bus.subscribe('t', () => undefined)).rejects.toMatchObject({
      code: 'BUS_UNAVAILABLE',
    });
    await expect(bus.setPresence('k', 'v', 1000)).rejects.toMatchObject({
      code: 'BUS_UNAVAILABLE',
    });
    await expect(bus.getPresence(['k'])).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
    expect(bus.isHealthy()).toBe(false);

    // Several reconnection attempts (100, 200, 400 ms …) later: still one report per connection.
    await sleep(800);
    const reported = errors.filter((e) => e.context.source === 'connection');
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.length).toBeLessThanOrEqual(2);

    const closing = performance.now();
    await bus.close();
    expect(performance.now() - closing).toBeLessThan(1000);
    await expect(bus.publish('t', { n: 1 })).rejects.toMatchObject({ code: 'BUS_CLOSED' });
  });

  it('rejects with BUS_UNAVAILABLE after commandTimeoutMs when the server accepts but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    const bus = makeBus({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 300, errors: [] });
    try {
      const started = performance.now();
      await expect(bus.publish('t', { n: 1 })).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
      await expect(bus.subscribe('t', () => undefined)).rejects.toMatchObject({
        code: 'BUS_UNAVAILABLE',
      });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(bus.isHealthy()).toBe(false);
    } finally {
      await bus.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
