import { describe, expect, it } from 'vitest';
import { runBusContract, recorder, sleep, waitFor } from './bus.contract';
import { MemoryBus, MemoryBusHub, createBus } from './index';

runBusContract('memory', async () => {
  const hub = new MemoryBusHub();
  const handlerErrors: unknown[] = [];
  const onError = (error: unknown) => void handlerErrors.push(error);
  const a = new MemoryBus({ hub, onError });
  const b = new MemoryBus({ hub, onError });
  return {
    a,
    b,
    handlerErrors,
    cleanup: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
});

describe('MemoryBus', () => {
  it('is what createBus gives for an empty Redis URL', async () => {
    const bus = createBus('  ', { nodeId: 'node-1' });
    expect(bus).toBeInstanceOf(MemoryBus);
    expect(bus.nodeId).toBe('node-1');
    await bus.close();
  });

  it('keeps separate hubs apart', async () => {
    const a = new MemoryBus();
    const b = new MemoryBus();
    const onB = recorder();
    const onA = recorder();
    await b.subscribe('t', onB.handler);
    await a.subscribe('t', onA.handler);
    await a.publish('t', { n: 1 });
    await a.setPresence('k', 'v', 60_000);
    await waitFor(() => onA.got.length === 1, 'own delivery');
    expect(onB.got).toEqual([]);
    expect((await b.getPresence(['k'])).size).toBe(0);
    await Promise.all([a.close(), b.close()]);
  });

  it('sweeps expired presence on later writes, so the map does not grow without bound', async () => {
    const hub = new MemoryBusHub();
    const bus = new MemoryBus({ hub });
    for (let i = 0; i < 100; i++) await bus.setPresence(`k${i}`, 'v', 1);
    expect(hub.presenceSize).toBe(100);
    await sleep(1100);
    await bus.setPresence('fresh', 'v', 60_000);
    expect(hub.presenceSize).toBe(1);
    await bus.close();
  });

  it('lets a handler publish without starving the event loop', async () => {
    const bus = new MemoryBus();
    let hops = 0;
    await bus.subscribe('ping', () => {
      if (++hops < 1000) void bus.publish('ping', {});
    });
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    await bus.publish('ping', {});
    await waitFor(() => hops === 1000, '1,000 hops');
    expect(timerFired).toBe(true);
    await bus.close();
  });
});
