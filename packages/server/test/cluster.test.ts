import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChatSummary } from '@parta/shared';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isFrame,
  SocketClosedError,
  sleep,
  TestSocket,
  waitFor,
} from '../src/realtime/realtime.test-world';
import { createTestDatabase, DIALECTS, type TestDatabase } from './db';
import {
  buildMunicipality,
  buildOrg,
  buildPerson,
  buildPosition,
  TEST_PASSWORD,
} from './factories';

/**
 * Two real `parta serve` processes on one PostgreSQL schema and one Redis:
 * the delivery guarantees of DESIGN §4 across nodes, and across the loss of
 * a node. Needs PostgreSQL in the run's dialects and Redis; skipped without
 * them unless TEST_REQUIRE_REDIS=1, which fails instead.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUIRED = process.env.TEST_REQUIRE_REDIS === '1';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/parta.js');

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

const hasPostgres = DIALECTS.includes('postgres');
const hasRedis = await redisReachable();
const runnable = hasPostgres && hasRedis;
if (!runnable && !REQUIRED) {
  console.warn(
    `cluster test skipped: needs PostgreSQL (${hasPostgres ? 'ok' : 'missing'}) and Redis at ${REDIS_URL} (${hasRedis ? 'ok' : 'missing'}); TEST_REQUIRE_REDIS=1 fails instead.`,
  );
}

describe.runIf(!runnable && REQUIRED)('cluster prerequisites', () => {
  it('has PostgreSQL and Redis', () => {
    throw new Error(`TEST_REQUIRE_REDIS=1, but postgres=${hasPostgres} redis=${hasRedis}.`);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** One `parta serve` process; its output is kept (bounded) for failure messages. */
class Node {
  readonly url: string;
  readonly wsUrl: string;
  output = '';
  exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    port: number,
    databaseUrl: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/api/v1/ws`;
    this.child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        PARTA_DATABASE_URL: databaseUrl,
        PARTA_DATABASE_POOL: '5',
        PARTA_REDIS_URL: REDIS_URL,
        PARTA_DEMO: '0',
        PARTA_LOG_LEVEL: 'warn',
        PARTA_SEND_BURST: '100000',
        PARTA_SEND_RATE_PER_MINUTE: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits for /readyz (bounded); fails with the node's output. */
  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) break;
      try {
        const res = await fetch(`${this.url}/readyz`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`node ${this.name} not ready:\n${this.output}`);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited within the bound. */
  async stop(): Promise<void> {
    this.kill('SIGTERM');
    const code = await Promise.race([this.exited, sleep(15_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      this.kill('SIGKILL');
      await this.exited;
    }
  }
}

interface Login {
  personId: number;
  cookie: string;
  csrf: string;
}

async function login(node: Node, name: string): Promise<Omit<Login, 'personId'>> {
  const res = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: name, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

async function connect(node: Node, who: Login): Promise<TestSocket> {
  const socket = await TestSocket.open(node.wsUrl, { headers: { cookie: who.cookie } });
  await socket.ready();
  return socket;
}

type Ack = { seq: number; duplicate: boolean };

/** Sends and waits for the ack; null when the socket closed first (the node died). */
async function send(
  socket: TestSocket,
  chatId: number,
  clientMessageId: string,
  text: string,
): Promise<Ack | null> {
  try {
    const answer = await socket.request({ type: 'send', chatId, text, clientMessageId });
    if (answer.type !== 'ack') throw new Error(`send refused: ${JSON.stringify(answer)}`);
    return { seq: answer.message.seq, duplicate: answer.duplicate };
  } catch (err) {
    if (err instanceof SocketClosedError) return null;
    throw err;
  }
}

describe.runIf(runnable)('cluster: two nodes, one database, one Redis', () => {
  let tdb: TestDatabase;
  let one: Node;
  let two: Node;
  let anna: Login;
  let boris: Login;
  let vera: Login;
  const sockets: TestSocket[] = [];
  const track = (s: TestSocket) => (sockets.push(s), s);

  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    // Ids far from other runs': topics `chat:<id>`/`person:<id>` on the shared Redis never meet.
    const base = randomInt(1_000_000_000, 900_000_000_000);
    for (const table of ['chats', 'people', 'messages']) {
      await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN id RESTART WITH ${sql.lit(base)}`.execute(
        tdb.db,
      );
    }
    const mun = await buildMunicipality(tdb.db);
    const org = await buildOrg(tdb.db, mun);
    const names = ['anna', 'boris', 'vera'].map((n) => `${n}-${randomUUID().slice(0, 8)}`);
    const ids: number[] = [];
    for (const name of names) {
      const p = await buildPerson(tdb.db, mun, { login: name });
      await buildPosition(tdb.db, p.personId, org, 'teacher');
      ids.push(p.personId);
    }
    const [p1, p2] = await Promise.all([freePort(), freePort()]);
    one = new Node('one', p1, tdb.url);
    two = new Node('two', p2 === p1 ? p1 + 1 : p2, tdb.url);
    await Promise.all([one.ready(), two.ready()]);
    const logins = await Promise.all(names.map((n) => login(one, n)));
    [anna, boris, vera] = logins.map((l, i) => ({ ...l, personId: ids[i] ?? 0 })) as [
      Login,
      Login,
      Login,
    ];
  }, 90_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await Promise.all([one?.stop(), two?.stop()]);
    await tdb?.drop();
  }, 60_000);

  async function group(owner: Login, members: Login[], node: Node): Promise<number> {
    const res = await fetch(`${node.url}/api/v1/chats`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: owner.cookie,
        'x-csrf-token': owner.csrf,
      },
      body: JSON.stringify({
        kind: 'group',
        title: 'Кластер',
        memberIds: members.map((m) => m.personId),
      }),
    });
    if (res.status !== 201) throw new Error(`group: ${res.status} ${await res.text()}`);
    return ((await res.json()) as ChatSummary).id;
  }

  async function stored(chatId: number) {
    const rows = await tdb.db
      .selectFrom('messages')
      .select(['seq', 'client_message_id'])
      .where('chat_id', '=', chatId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), clientMessageId: r.client_message_id }));
  }

  it('clients on different nodes talk and see one order', async () => {
    const chatId = await group(anna, [boris], one);
    const a = track(await connect(one, anna));
    const b = track(await connect(two, boris));
    for (const s of [a, b]) {
      s.send({ type: 'resume', positions: { [chatId]: 0 } });
      await s.next(isFrame('resumed'), 'resumed');
    }
    // Both write at once, from both nodes: the seqs interleave.
    const sends: Promise<Ack | null>[] = [];
    for (let i = 0; i < 30; i++) {
      sends.push(send(a, chatId, randomUUID(), `с первого узла ${i}`));
      sends.push(send(b, chatId, randomUUID(), `со второго узла ${i}`));
    }
    const acks = await Promise.all(sends);
    expect(acks.every((x) => x !== null && !x.duplicate)).toBe(true);
    await waitFor(
      () => a.seqs(chatId).length >= 60 && b.seqs(chatId).length >= 60,
      '60 on both',
      15_000,
    );
    await sleep(100);
    const expected = Array.from({ length: 60 }, (_, i) => i + 1);
    expect(a.seqs(chatId)).toEqual(expected);
    expect(b.seqs(chatId)).toEqual(expected);
    const order = (s: TestSocket) => s.messages(chatId).map((m) => m.clientMessageId);
    expect(order(a)).toEqual(order(b));
    expect(order(a)).toEqual((await stored(chatId)).map((r) => r.clientMessageId));
  });

  it('a retry on the other node is deduplicated: one row, the same seq', async () => {
    const chatId = await group(anna, [boris], two);
    const onOne = track(await connect(one, anna));
    const onTwo = track(await connect(two, anna));
    const id = randomUUID();
    const first = await send(onOne, chatId, id, 'один раз');
    const retry = await send(onTwo, chatId, id, 'один раз');
    expect(first).toEqual({ seq: 1, duplicate: false });
    expect(retry).toEqual({ seq: 1, duplicate: true });
    // Two racing retries on both nodes at once.
    const raced = randomUUID();
    const both = await Promise.all([
      send(onOne, chatId, raced, 'гонка'),
      send(onTwo, chatId, raced, 'гонка'),
    ]);
    expect(both.map((x) => x?.seq)).toEqual([2, 2]);
    expect(both.filter((x) => x?.duplicate === false)).toHaveLength(1);
    expect(await stored(chatId)).toEqual([
      { seq: 1, clientMessageId: id },
      { seq: 2, clientMessageId: raced },
    ]);
  });

  it('SIGKILL of a node during sustained sends: every acknowledged message stored once, seqs without gaps', async () => {
    const chatId = await group(anna, [boris, vera], one);
    const reader = track(await connect(two, vera));
    reader.send({ type: 'resume', positions: { [chatId]: 0 } });
    await reader.next(isFrame('resumed'), 'resumed');

    const acked = new Map<string, number>();
    let killed = false;
    /**
     * A writer sends one message at a time (paced under the frame-rate limit);
     * when its node dies it reconnects to the survivor and retries the
     * unacknowledged message with the same clientMessageId.
     */
    async function writer(who: Login, start: Node, total: number): Promise<{ retried: number }> {
      let node = start;
      let socket = track(await connect(node, who));
      let retried = 0;
      const deadline = Date.now() + 40_000;
      for (let i = 0; i < total && Date.now() < deadline; i++) {
        const id = randomUUID();
        let ack: Ack | null = null;
        for (let attempt = 0; ack === null && attempt < 5 && Date.now() < deadline; attempt++) {
          if (attempt > 0) retried += 1;
          ack = await send(socket, chatId, id, `${who.personId}:${i}`);
          if (ack === null) {
            node = two; // the survivor
            await waitFor(() => killed, 'the kill to be known', 5000);
            socket = track(await connect(node, who));
          }
        }
        if (!ack) throw new Error(`message ${id} never acknowledged`);
        acked.set(id, ack.seq);
        await sleep(25);
      }
      return { retried };
    }

    const writers = [writer(anna, one, 120), writer(boris, two, 120)];
    await waitFor(() => acked.size >= 60, '60 acknowledged before the kill', 20_000);
    one.kill('SIGKILL');
    killed = true;
    const results = await Promise.all(writers);
    expect(await one.exited).toBeNull();

    const rows = await stored(chatId);
    // Exactly once: every acknowledged id is stored, once, at the acknowledged seq.
    const byId = new Map<string, number[]>();
    for (const r of rows)
      byId.set(r.clientMessageId ?? '', [...(byId.get(r.clientMessageId ?? '') ?? []), r.seq]);
    for (const [id, seq] of acked) expect(byId.get(id)).toEqual([seq]);
    // No gaps, nothing unacknowledged left behind (every sent id was acked in the end).
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows).toHaveLength(acked.size);
    expect(acked.size).toBe(240);

    // The reader on the surviving node saw one gapless order; a resume from 0 agrees.
    await waitFor(() => reader.seqs(chatId).length >= rows.length, 'the reader caught up', 15_000);
    expect(reader.seqs(chatId)).toEqual(rows.map((r) => r.seq));
    const late = track(await connect(two, vera));
    late.send({ type: 'resume', positions: { [chatId]: 0 } });
    await late.next(isFrame('resumed'), 'resumed from 0');
    expect(late.messages(chatId).map((m) => m.clientMessageId)).toEqual(
      rows.map((r) => r.clientMessageId),
    );
    console.log(
      `cluster kill: ${acked.size} acknowledged, ${results.reduce((n, r) => n + r.retried, 0)} retried after the kill, ` +
        `${rows.length} rows, last seq ${rows.at(-1)?.seq}`,
    );
  }, 90_000);
});
