/**
 * Messaging load benchmark: real WebSocket clients on loopback against a real
 * `parta serve` process (a separate process from this load generator).
 *
 *   node --import tsx bench/messaging/run.ts --scenario classes    # 5,000 clients, 200 chats × 25, 1,000 msg/s
 *   node --import tsx bench/messaging/run.ts --scenario community  # 500 members, 20 msg/s
 *   node --import tsx bench/messaging/run.ts --scenario throughput # 100 senders, as fast as acknowledged
 *   node --import tsx bench/messaging/run.ts --scenario idle       # 10,000 idle connections, server memory
 *   options: --dialect sqlite|postgres (default sqlite) --duration S (default 20)
 *
 * Reports acknowledged messages/s, deliveries/s, send→receive latency
 * p50/p95/p99, and lost / duplicated / reordered deliveries. Every loop is
 * bounded in count and time; all traffic is on 127.0.0.1.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import { connectDatabase, type DatabaseHandle } from '../../packages/server/src/db/connect';
import { migrateToLatest } from '../../packages/server/src/db/migrate';
import { startServerProcess, type ServerProcess } from '../../packages/server/test/process';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'classes' },
    dialect: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '20' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});

interface Scenario {
  clients: number;
  chats: number;
  membersPerChat: number;
  /** Target send rate, messages/s; 0 = as fast as acknowledgements come (closed loop). */
  rate: number;
  senders: number;
  idle?: boolean;
}

const SCENARIOS: Record<string, Scenario> = {
  classes: { clients: 5000, chats: 200, membersPerChat: 25, rate: 1000, senders: 5000 },
  community: { clients: 500, chats: 1, membersPerChat: 500, rate: 20, senders: 500 },
  throughput: { clients: 100, chats: 100, membersPerChat: 1, rate: 0, senders: 100 },
  idle: { clients: 10000, chats: 400, membersPerChat: 25, rate: 0, senders: 0, idle: true },
};

const scenario = SCENARIOS[args.scenario ?? 'classes'];
if (!scenario) throw new Error(`unknown scenario ${args.scenario}`);
const durationS = Math.min(Math.max(Number(args.duration), 1), 300);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function prepareDatabase(): Promise<{
  url: string;
  handle: DatabaseHandle;
  cleanup: () => Promise<void>;
}> {
  if (args.dialect === 'postgres') {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: args.pg });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const u = new URL(args.pg as string);
    u.searchParams.set('options', `-c search_path=${schema}`);
    const handle = await connectDatabase(args.pg as string, { searchPath: schema });
    return {
      url: u.toString(),
      handle,
      cleanup: async () => {
        await handle.close();
        const c = new pg.Client({ connectionString: args.pg });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-bench-'));
  const url = `sqlite:${path.join(dir, 'bench.db')}`;
  const handle = await connectDatabase(url);
  return {
    url,
    handle,
    cleanup: async () => {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Seeds people (staff of one school, so everyone may talk), chats with
 * members, and live sessions. Sessions are written directly — signing 10,000
 * people in through scrypt would take minutes and measure nothing useful.
 */
async function seed(
  handle: DatabaseHandle,
  s: Scenario,
): Promise<{ tokens: string[]; chatMembers: number[][]; chatIds: number[] }> {
  const db = handle.db;
  const now = new Date();
  const m = await db
    .insertInto('municipalities')
    .values({ name: 'Бенчмарк', time_zone: 'Asia/Yekaterinburg', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const org = await db
    .insertInto('organizations')
    .values({ municipality_id: m.id, kind: 'general', name: 'Школа нагрузки', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const personIds: number[] = [];
  const tokens: string[] = [];
  const chunk = 500;
  for (let start = 0; start < s.clients; start += chunk) {
    const n = Math.min(chunk, s.clients - start);
    const rows = await db
      .insertInto('people')
      .values(
        Array.from({ length: n }, (_, i) => ({
          municipality_id: m.id,
          last_name: `Нагрузкин${start + i}`,
          first_name: 'Тест',
          created_at: now,
        })),
      )
      .returning('id')
      .execute();
    const ids = rows.map((r) => r.id);
    personIds.push(...ids);
    await db
      .insertInto('positions')
      .values(
        ids.map((id) => ({
          person_id: id,
          organization_id: org.id,
          role: 'teacher',
          pedagogical: true,
          created_at: now,
        })),
      )
      .execute();
    const accounts = await db
      .insertInto('accounts')
      .values(
        ids.map((id) => ({
          person_id: id,
          login: `bench${id}`,
          password_hash: 'scrypt$x',
          status: 'active',
          created_at: now,
          password_changed_at: now,
        })),
      )
      .returning(['id'])
      .execute();
    const expires = new Date(Date.now() + 24 * 3600_000);
    const batch = accounts.map((a) => {
      const token = randomBytes(32).toString('base64url');
      tokens.push(token);
      return {
        id: createHash('sha256').update(token).digest('hex'),
        public_id: randomBytes(12).toString('base64url'),
        account_id: a.id,
        kind: 'bearer',
        csrf_token: 'x',
        created_at: now,
        last_seen_at: now,
        expires_at: expires,
        ip: null,
        user_agent: 'bench',
      };
    });
    await db.insertInto('sessions').values(batch).execute();
  }
  const chatMembers: number[][] = [];
  const chatIds: number[] = [];
  for (let c = 0; c < s.chats; c++) {
    const chat = await db
      .insertInto('chats')
      .values({
        municipality_id: m.id,
        kind: 'group',
        title: `Класс ${c}`,
        created_by: personIds[0] ?? null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const members = Array.from(
      { length: s.membersPerChat },
      (_, i) => (c * s.membersPerChat + i) % s.clients,
    );
    await db
      .insertInto('chat_members')
      .values(
        members.map((idx, i) => ({
          chat_id: chat.id,
          person_id: personIds[idx] as number,
          role: i === 0 ? 'owner' : 'member',
          source: 'manual',
          joined_at: now,
        })),
      )
      .execute();
    chatMembers.push(members);
    chatIds.push(chat.id);
  }
  return { tokens, chatMembers, chatIds };
}

function rssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

interface Client {
  ws: WebSocket;
  index: number;
  lastSeq: Map<number, number>;
}

async function connectAll(
  baseUrl: string,
  tokens: string[],
  onEvent: (c: Client, frame: Record<string, unknown>) => void,
): Promise<Client[]> {
  const url = baseUrl.replace('http', 'ws') + '/api/v1/ws';
  const clients: Client[] = [];
  const batch = 250;
  for (let start = 0; start < tokens.length; start += batch) {
    const part = tokens.slice(start, start + batch).map(
      (token, i) =>
        new Promise<Client>((resolve, reject) => {
          const ws = new WebSocket(url, {
            headers: { authorization: `Bearer ${token}` },
            perMessageDeflate: false,
          });
          const client: Client = { ws, index: start + i, lastSeq: new Map() };
          const timer = setTimeout(() => reject(new Error('connect timeout')), 30_000);
          ws.on('message', (data) => {
            const frame = JSON.parse(data.toString()) as Record<string, unknown>;
            if (frame.type === 'ready') {
              clearTimeout(timer);
              resolve(client);
            } else onEvent(client, frame);
          });
          ws.on('error', reject);
        }),
    );
    clients.push(...(await Promise.all(part)));
  }
  return clients;
}

async function main(): Promise<void> {
  const s = scenario as Scenario;
  console.error(
    `scenario ${args.scenario} on ${args.dialect}: seeding ${s.clients} people, ${s.chats} chats…`,
  );
  const { url, handle, cleanup } = await prepareDatabase();
  let server: ServerProcess | undefined;
  try {
    await migrateToLatest(handle.db);
    const { tokens, chatMembers, chatIds } = await seed(handle, s);
    server = await startServerProcess({
      PARTA_DATABASE_URL: url,
      PARTA_SEND_RATE_PER_MINUTE: '100000',
      PARTA_SEND_BURST: '100000',
      PARTA_LOG_LEVEL: 'error',
      PARTA_DATABASE_POOL: '20',
    });
    const pid = server.child.pid as number;
    const rssBefore = rssKiB(pid);

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let deliveries = 0;
    let duplicates = 0;
    let reordered = 0;
    let acked = 0;
    let sendErrors = 0;
    const pendingAcks = new Map<string, (ok: boolean) => void>();
    const onEvent = (c: Client, f: Record<string, unknown>) => {
      if (f.type === 'event') {
        const ev = f.event as {
          type: string;
          chatId: number;
          message?: { seq: number; clientMessageId: string | null };
        };
        if (ev.type !== 'message.created' || !ev.message) return;
        deliveries++;
        const last = c.lastSeq.get(ev.chatId) ?? 0;
        if (ev.message.seq === last) duplicates++;
        else if (ev.message.seq < last) reordered++;
        else c.lastSeq.set(ev.chatId, ev.message.seq);
        const t = ev.message.clientMessageId ? sentAt.get(ev.message.clientMessageId) : undefined;
        if (t !== undefined) latencies.push(performance.now() - t);
      } else if (f.type === 'ack' || f.type === 'error') {
        const done = pendingAcks.get(f.requestId as string);
        if (done) {
          pendingAcks.delete(f.requestId as string);
          done(f.type === 'ack');
        }
      }
    };
    const t0 = performance.now();
    const clients = await connectAll(server.baseUrl, tokens, onEvent);
    console.error(
      `connected ${clients.length} clients in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    if (s.idle) {
      await new Promise((r) => setTimeout(r, 3000));
      const rssAfter = rssKiB(pid);
      const perConn = ((rssAfter - rssBefore) / clients.length).toFixed(1);
      console.log(
        JSON.stringify({
          scenario: args.scenario,
          dialect: args.dialect,
          connections: clients.length,
          rssBeforeKiB: rssBefore,
          rssAfterKiB: rssAfter,
          perConnectionKiB: Number(perConn),
        }),
      );
      for (const c of clients) c.ws.terminate();
      return;
    }

    // Members per chat, to pick senders and count expected deliveries.
    const chatOfClient = new Map<number, number[]>();
    chatMembers.forEach((members, ci) =>
      members.forEach((idx) => chatOfClient.set(idx, [...(chatOfClient.get(idx) ?? []), ci])),
    );
    let seq = 0;
    const sendOne = (clientIdx: number): Promise<boolean> => {
      const client = clients[clientIdx] as Client;
      const chats = chatOfClient.get(clientIdx) ?? [];
      const ci = chats[seq % chats.length] as number;
      const id = `b${++seq}x${clientIdx}aaaa`;
      sentAt.set(id, performance.now());
      return new Promise<boolean>((resolve) => {
        pendingAcks.set(id, resolve);
        client.ws.send(
          JSON.stringify({
            type: 'send',
            requestId: id,
            chatId: chatIds[ci],
            text: `сообщение нагрузки ${seq}`,
            clientMessageId: id,
          }),
        );
      }).then((ok) => {
        if (ok) acked++;
        else sendErrors++;
        return ok;
      });
    };

    const start = performance.now();
    const deadline = start + durationS * 1000;
    const inflight: Promise<boolean>[] = [];
    if (s.rate > 0) {
      // Open loop: a fixed rate regardless of acknowledgements.
      let sent = 0;
      while (performance.now() < deadline) {
        const due = Math.floor(((performance.now() - start) / 1000) * s.rate);
        while (sent < due) inflight.push(sendOne(sent++ % s.senders));
        await new Promise((r) => setTimeout(r, 5));
      }
    } else {
      // Closed loop: each sender sends again as soon as its last send is acknowledged.
      await Promise.all(
        Array.from({ length: s.senders }, async (_, i) => {
          while (performance.now() < deadline) await sendOne(i);
        }),
      );
    }
    const sendSeconds = (performance.now() - start) / 1000;
    await Promise.race([Promise.all(inflight), new Promise((r) => setTimeout(r, 10_000))]);
    await new Promise((r) => setTimeout(r, 2000)); // let deliveries drain
    const expected = acked * s.membersPerChat;
    latencies.sort((a, b) => a - b);
    const result = {
      scenario: args.scenario,
      dialect: args.dialect,
      clients: clients.length,
      seconds: Number(sendSeconds.toFixed(1)),
      ackedPerSecond: Math.round(acked / sendSeconds),
      deliveriesPerSecond: Math.round(deliveries / sendSeconds),
      latencyMs: {
        p50: Number(percentile(latencies, 50).toFixed(1)),
        p95: Number(percentile(latencies, 95).toFixed(1)),
        p99: Number(percentile(latencies, 99).toFixed(1)),
      },
      acked,
      sendErrors,
      unacknowledged: pendingAcks.size,
      deliveries,
      lost: Math.max(0, expected - deliveries),
      duplicated: duplicates,
      reordered,
      serverRssKiB: rssKiB(pid),
    };
    console.log(JSON.stringify(result));
    for (const c of clients) c.ws.terminate();
  } finally {
    await server?.stop();
    await cleanup();
  }
}

await main();
