/**
 * The one contract every {@link Bus} implementation passes (STYLE: centrifuge
 * `map_broker_shared_test.go`). Implementation test files call
 * {@link runBusContract}; behaviour that only one backplane can show (a lost
 * Redis connection) is tested beside it, not here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus, BusDelivery, BusHandler, BusMessage, Unsubscribe } from './bus';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './bus';

/** Two nodes on one backplane. */
export interface BusPair {
  a: Bus;
  b: Bus;
  /** Where the factory's `onError` reports; checked when given. */
  handlerErrors?: unknown[];
  cleanup(): Promise<void>;
}

export type BusPairFactory = () => Promise<BusPair>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms for at most `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 100_000; i++) {
    if (await condition()) return;
    if (Date.now() > deadline) break;
    await sleep(5);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface Received {
  payload: BusMessage;
  delivery: BusDelivery;
}

/** A handler that records what it receives. */
export function recorder(): {
  handler: BusHandler;
  got: Received[];
  values(field?: string): unknown[];
} {
  const got: Received[] = [];
  return {
    got,
    handler: (payload, delivery) => {
      got.push({ payload, delivery });
    },
    values: (field = 'n') => got.map((r) => r.payload[field]),
  };
}

export function runBusContract(name: string, factory: BusPairFactory): void {
  describe(`Bus contract: ${name}`, () => {
    let pair: BusPair;
    let a: Bus;
    let b: Bus;
    let seq = 0;
    /** A topic no other test uses. */
    const topic = (label = 'topic') => `${label}-${++seq}`;

    beforeEach(async () => {
      pair = await factory();
      ({ a, b } = pair);
      await waitFor(() => a.isHealthy() && b.isHealthy(), 'both nodes healthy');
    });

    afterEach(async () => {
      await pair.cleanup();
    });

    /** Publishes an end marker from `from` and waits until `probe` has it: everything `from` published to `t` before has been delivered by then. */
    async function flush(from: Bus, t: string, probe: ReturnType<typeof recorder>): Promise<void> {
      const marker = `end-${++seq}`;
      await from.publish(t, { marker });
      await waitFor(() => probe.got.some((r) => r.payload.marker === marker), `marker on ${t}`);
    }

    it('gives each node its own non-empty nodeId', () => {
      expect(a.nodeId).toEqual(expect.any(String));
      expect(a.nodeId.length).toBeGreaterThan(0);
      expect(a.nodeId).not.toBe(b.nodeId);
    });

    it('delivers to subscribers on every node, the publisher’s own included, with the origin', async () => {
      const t = topic();
      const onA = recorder();
      const onB = recorder();
      await a.subscribe(t, onA.handler);
      await b.subscribe(t, onB.handler);

      await a.publish(t, { n: 1 });
      await waitFor(() => onA.got.length === 1 && onB.got.length === 1, 'delivery on a and b');

      for (const r of [onA.got[0], onB.got[0]]) {
        expect(r?.payload).toEqual({ n: 1 });
        expect(r?.delivery).toEqual({ topic: t, origin: a.nodeId });
      }
    });

    it('never runs a handler inside publish', async () => {
      const t = topic();
      let publishing = false;
      const seenWhilePublishing: boolean[] = [];
      await a.subscribe(t, () => void seenWhilePublishing.push(publishing));
      await b.subscribe(t, () => void seenWhilePublishing.push(publishing));
      publishing = true;
      const done = a.publish(t, { n: 1 });
      publishing = false;
      await done;
      await waitFor(() => seenWhilePublishing.length === 2, 'two deliveries');
      expect(seenWhilePublishing).toEqual([false, false]);
    });

    it('keeps the publish order of 1,000 messages from one publisher', async () => {
      const t = topic();
      const onA = recorder();
      const onB = recorder();
      await a.subscribe(t, onA.handler);
      await b.subscribe(t, onB.handler);

      const count = 1000;
      const expected = Array.from({ length: count }, (_, i) => i);
      // Not awaited one by one: the order is that of the calls.
      await Promise.all(expected.map((n) => a.publish(t, { n })));
      await waitFor(
        () => onA.got.length === count && onB.got.length === count,
        '1,000 on both',
        10_000,
      );

      expect(onA.values()).toEqual(expected);
      expect(onB.values()).toEqual(expected);
    });

    it('keeps each publisher’s order when two publish to one topic at once', async () => {
      const t = topic();
      const onA = recorder();
      await a.subscribe(t, onA.handler);
      const count = 300;
      const calls: Promise<void>[] = [];
      for (let n = 0; n < count; n++) calls.push(a.publish(t, { n }), b.publish(t, { n }));
      await Promise.all(calls);
      await waitFor(() => onA.got.length === 2 * count, 'both publishers’ messages');

      const expected = Array.from({ length: count }, (_, i) => i);
      for (const origin of [a.nodeId, b.nodeId]) {
        const fromOrigin = onA.got
          .filter((r) => r.delivery.origin === origin)
          .map((r) => r.payload.n);
        expect(fromOrigin).toEqual(expected);
      }
    });

    it('stops delivery on unsubscribe, which is idempotent', async () => {
      const t = topic();
      const gone = recorder();
      const probe = recorder();
      const unsubscribe = await a.subscribe(t, gone.handler);
      await a.subscribe(t, probe.handler);

      await b.publish(t, { n: 1 });
      await waitFor(() => gone.got.length === 1, 'first message');

      await unsubscribe();
      await Promise.all([unsubscribe(), unsubscribe()]);
      await b.publish(t, { n: 2 });
      await flush(b, t, probe);

      expect(gone.values()).toEqual([1]);
      expect(probe.values().filter((n) => n !== undefined)).toEqual([1, 2]);
    });

    it('stops delivery at once when a handler unsubscribes itself mid-stream', async () => {
      const t = topic();
      const probe = recorder();
      const seen: unknown[] = [];
      const unsubscribe: Unsubscribe = await a.subscribe(t, (payload) => {
        seen.push(payload.n);
        void unsubscribe();
      });
      await a.subscribe(t, probe.handler);
      await Promise.all([1, 2, 3].map((n) => b.publish(t, { n })));
      await flush(b, t, probe);
      expect(seen).toEqual([1]);
    });

    it('calls every handler of a topic, one subscription at a time', async () => {
      const t = topic();
      const first = recorder();
      const second = recorder();
      const calls: string[] = [];
      const shared: BusHandler = (payload) => {
        if (payload.n !== undefined) calls.push(String(payload.n));
      };
      await a.subscribe(t, first.handler);
      await a.subscribe(t, second.handler);
      await a.subscribe(t, shared);
      const unsubscribeShared = await a.subscribe(t, shared);

      await b.publish(t, { n: 1 });
      await waitFor(() => first.got.length === 1 && second.got.length === 1, 'both handlers');
      await waitFor(() => calls.length === 2, 'the twice-subscribed handler twice');

      await unsubscribeShared();
      await b.publish(t, { n: 2 });
      await waitFor(() => first.got.length === 2 && second.got.length === 2, 'second message');
      await flush(b, t, first);
      expect(calls).toEqual(['1', '1', '2']);
    });

    it('isolates a throwing or rejecting handler from the others and from later messages', async () => {
      const t = topic();
      const before = recorder();
      const after = recorder();
      let thrown = 0;
      let rejected = 0;
      await a.subscribe(t, before.handler);
      await a.subscribe(t, () => {
        thrown++;
        throw new Error('handler failure (expected in this test)');
      });
      await a.subscribe(t, async () => {
        rejected++;
        throw new Error('async handler failure (expected in this test)');
      });
      await a.subscribe(t, after.handler);

      await b.publish(t, { n: 1 });
      await b.publish(t, { n: 2 });
      await waitFor(() => after.got.length === 2, 'both messages after the failing handlers');

      expect(before.values()).toEqual([1, 2]);
      expect(after.values()).toEqual([1, 2]);
      expect(thrown).toBe(2);
      await waitFor(() => rejected === 2, 'the async handler twice');
      if (pair.handlerErrors) {
        const errors = pair.handlerErrors;
        await waitFor(() => errors.length === 4, 'four reported handler errors');
      }
    });

    it('keeps topics apart', async () => {
      const one = topic('one');
      const two = topic('two');
      const onOne = recorder();
      const onTwo = recorder();
      await a.subscribe(one, onOne.handler);
      await a.subscribe(two, onTwo.handler);

      await b.publish(one, { n: 1 });
      await flush(b, one, onOne);
      await flush(b, two, onTwo);

      expect(onOne.values()[0]).toBe(1);
      expect(onTwo.values().filter((n) => n !== undefined)).toEqual([]);
    });

    it('multiplexes many topics on one node', async () => {
      const topics = Array.from({ length: 200 }, () => topic('many'));
      const got = new Map<string, unknown[]>();
      await Promise.all(
        topics.map((t) =>
          a.subscribe(
            t,
            (payload, d) => void got.set(d.topic, [...(got.get(d.topic) ?? []), payload.t]),
          ),
        ),
      );
      await Promise.all(topics.map((t) => b.publish(t, { t })));
      await waitFor(() => got.size === topics.length, 'one message per topic');
      for (const t of topics) expect(got.get(t)).toEqual([t]);
    });

    it('delivers the payload as it was when publish was called', async () => {
      const t = topic();
      const onB = recorder();
      await b.subscribe(t, onB.handler);
      const payload: BusMessage = {
        n: 1,
        nested: { list: [1, 'two', null, true] },
        absent: undefined,
      };
      const sent = a.publish(t, payload);
      payload.n = 2;
      await sent;
      await waitFor(() => onB.got.length === 1, 'delivery');
      expect(onB.got[0]?.payload).toEqual({ n: 1, nested: { list: [1, 'two', null, true] } });
      expect('absent' in (onB.got[0]?.payload ?? {})).toBe(false);
    });

    it('round-trips a 64 KiB payload', async () => {
      const t = topic();
      const onB = recorder();
      await b.subscribe(t, onB.handler);
      const text = 'x'.repeat(64 * 1024);
      await a.publish(t, { text });
      await waitFor(() => onB.got.length === 1, 'delivery');
      expect(onB.got[0]?.payload.text).toBe(text);
    });

    it('round-trips Cyrillic text in payload and topic', async () => {
      const t = `чат-${topic()}`;
      const onB = recorder();
      await b.subscribe(t, onB.handler);
      const text = 'Привет, мир! Съешь же ещё этих мягких французских булок — «Ёлка» 🎄';
      await a.publish(t, { text, [text]: 'ключ' });
      await waitFor(() => onB.got.length === 1, 'delivery');
      expect(onB.got[0]?.payload).toEqual({ text, [text]: 'ключ' });
      expect(onB.got[0]?.delivery.topic).toBe(t);
    });

    it('rejects what can never be delivered with BUS_INVALID', async () => {
      const t = topic();
      const invalid = { code: 'BUS_INVALID', retriable: false };
      await expect(a.publish('', { n: 1 })).rejects.toMatchObject(invalid);
      await expect(a.publish(t, { n: 1n } as unknown as BusMessage)).rejects.toMatchObject(invalid);
      await expect(a.publish(t, [1] as unknown as BusMessage)).rejects.toMatchObject(invalid);
      const tooBig = { text: 'x'.repeat(DEFAULT_MAX_PAYLOAD_BYTES) };
      await expect(a.publish(t, tooBig)).rejects.toMatchObject(invalid);
      await expect(a.subscribe('', () => undefined)).rejects.toMatchObject(invalid);
      await expect(a.setPresence(t, 'v', 0)).rejects.toMatchObject(invalid);
      await expect(a.setPresence(t, 'v', 1.5)).rejects.toMatchObject(invalid);
      await expect(a.setPresence('', 'v', 1000)).rejects.toMatchObject(invalid);
    });

    it('shares presence between nodes: set, get, overwrite, delete', async () => {
      const k1 = topic('presence');
      const k2 = topic('presence');
      const missing = topic('presence');
      await a.setPresence(k1, 'online', 60_000);
      await a.setPresence(k2, 'typing', 60_000);

      const seen = await b.getPresence([k1, k2, missing, k1]);
      expect(Object.fromEntries(seen)).toEqual({ [k1]: 'online', [k2]: 'typing' });
      expect((await b.getPresence([])).size).toBe(0);

      await b.setPresence(k1, 'away', 60_000);
      expect((await a.getPresence([k1])).get(k1)).toBe('away');

      await b.deletePresence(k1);
      await b.deletePresence(k1);
      await b.deletePresence(missing);
      expect(Object.fromEntries(await a.getPresence([k1, k2]))).toEqual({ [k2]: 'typing' });
      await a.deletePresence(k2);
    });

    it('expires presence after its TTL, and setting again restarts the TTL', async () => {
      const short = topic('presence');
      const refreshed = topic('presence');
      await a.setPresence(short, 'v', 100);
      await a.setPresence(refreshed, 'v1', 100);
      await a.setPresence(refreshed, 'v2', 60_000);

      let remaining = new Map<string, string>();
      await waitFor(async () => {
        remaining = await b.getPresence([short, refreshed]);
        return !remaining.has(short);
      }, 'expiry of the short entry');
      // Well past the first TTL of 100 ms, which the second set replaced.
      await sleep(150);
      remaining = await b.getPresence([short, refreshed]);
      expect(Object.fromEntries(remaining)).toEqual({ [refreshed]: 'v2' });
      await a.deletePresence(refreshed);
    });

    it('closes idempotently; afterwards it delivers nothing and every call rejects with BUS_CLOSED', async () => {
      const t = topic();
      const onA = recorder();
      const probe = recorder();
      await a.subscribe(t, onA.handler);
      await b.subscribe(t, probe.handler);

      const first = a.close();
      const second = a.close();
      await Promise.all([first, second]);
      await a.close();
      expect(a.isHealthy()).toBe(false);

      const closed = { code: 'BUS_CLOSED', retriable: false };
      await expect(a.publish(t, { n: 1 })).rejects.toMatchObject(closed);
      await expect(a.publish(t, { n: 1 })).rejects.toThrow(/closed/i);
      await expect(a.subscribe(t, () => undefined)).rejects.toMatchObject(closed);
      await expect(a.setPresence('k', 'v', 1000)).rejects.toMatchObject(closed);
      await expect(a.getPresence(['k'])).rejects.toMatchObject(closed);
      await expect(a.deletePresence('k')).rejects.toMatchObject(closed);

      // The other node is unaffected, and the closed one hears nothing.
      await b.publish(t, { n: 2 });
      await flush(b, t, probe);
      expect(probe.values()[0]).toBe(2);
      expect(onA.got).toEqual([]);
      expect(b.isHealthy()).toBe(true);
    });
  });
}
