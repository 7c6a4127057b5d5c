/**
 * Search benchmark: full-text search over 1 million messages of Russian-ish
 * text, through the real service (`searchMessages`: access filter, index,
 * ranking, highlighted fragments, chat titles and authors).
 *
 *   node --import tsx bench/search/run.ts --dialect sqlite
 *   node --import tsx bench/search/run.ts --dialect postgres
 *   options: --messages N (default 1000000) --chats N (5000) --rounds N (10)
 *            --reuse (keep the loaded database between runs: a SQLite file in
 *            the temp directory / the PostgreSQL schema bench_search)
 *            --pg postgres://… (default: the test server on loopback)
 *
 * Readers: a teacher in 50 chats (three of them among the busiest), a heavy
 * reader in 500 chats, and the teacher searching one busy chat. Each query
 * runs `rounds` times after one warm-up round; the figure is the median (and
 * p95) of every timed call. Loops are bounded; nothing leaves the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { SearchMessagesQuery } from '@parta/shared';
import { connectDatabase, type DatabaseHandle } from '../../packages/server/src/db/connect';
import type { Db } from '../../packages/server/src/db/database';
import { migrateToLatest } from '../../packages/server/src/db/migrate';
import type { Actor } from '../../packages/server/src/platform/actor';
import { searchMessages } from '../../packages/server/src/modules/search';
import { message, prng, vocabulary } from './corpus';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    messages: { type: 'string', default: '1000000' },
    chats: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '10' },
    reuse: { type: 'boolean', default: false },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const dialect = args.dialect === 'postgres' ? 'postgres' : 'sqlite';
const TOTAL = Math.min(Math.max(Number(args.messages), 1000), 5_000_000);
const CHATS = Math.min(Math.max(Number(args.chats), 600), 50_000);
const ROUNDS = Math.min(Math.max(Number(args.rounds), 1), 100);
const PEOPLE = 2000;
const SCHEMA = 'bench_search';

const log = (...a: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

async function open(): Promise<{ handle: DatabaseHandle; file?: string }> {
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: args.pg });
    await admin.connect();
    if (!args.reuse) await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await admin.end();
    return { handle: await connectDatabase(args.pg as string, { searchPath: SCHEMA }) };
  }
  const file = path.join(os.tmpdir(), `parta-search-bench-${TOTAL}.db`);
  if (!args.reuse)
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  return { handle: await connectDatabase(`sqlite:${file}`), file };
}

async function count(db: Db): Promise<number> {
  const r = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

interface World {
  municipalityId: number;
  teacher: number;
  heavy: number;
  busiestOfTeacher: number;
}

/** Zipf ranks over chats: a few busy class chats, many quiet ones. */
function chatPicker(rnd: () => number, n: number): () => number {
  const cum = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    sum += 1 / Math.pow(i + 10, 0.9);
    cum[i] = sum;
  }
  return () => {
    const x = rnd() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

async function load(db: Db): Promise<World> {
  const rnd = prng(42);
  const now = new Date('2026-01-01T00:00:00Z');
  const m = await db
    .insertInto('municipalities')
    .values({ name: 'Бенчмарк', time_zone: 'Asia/Yekaterinburg', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const municipalityId = Number(m.id);
  const people: number[] = [];
  for (let i = 0; i < PEOPLE; i += 500) {
    const rows = Array.from({ length: Math.min(500, PEOPLE - i) }, (_, k) => ({
      municipality_id: municipalityId,
      last_name: `Фамилия${i + k}`,
      first_name: 'Имя',
      created_at: now,
    }));
    const ids = await db.insertInto('people').values(rows).returning('id').execute();
    people.push(...ids.map((r) => Number(r.id)).sort((a, b) => a - b));
  }
  const chats: number[] = [];
  for (let i = 0; i < CHATS; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, CHATS - i) }, (_, k) => ({
      municipality_id: municipalityId,
      kind: 'group',
      title: `Чат ${i + k + 1}`,
      created_at: now,
    }));
    const ids = await db.insertInto('chats').values(rows).returning('id').execute();
    chats.push(...ids.map((r) => Number(r.id)).sort((a, b) => a - b));
  }
  // Members: 3–30 authors per chat; the two readers join their chats.
  const members: number[][] = chats.map(() => {
    const n = 3 + Math.floor(rnd() * 28);
    return Array.from({ length: n }, () => people[Math.floor(rnd() * (PEOPLE - 2)) + 2] as number);
  });
  const teacher = people[0] as number;
  const heavy = people[1] as number;
  const teacherChats = new Set<number>([0, 5, 17]);
  while (teacherChats.size < 50) teacherChats.add(Math.floor(rnd() * CHATS));
  const heavyChats = new Set<number>([0, 1, 2, 3, 4]);
  while (heavyChats.size < 500) heavyChats.add(Math.floor(rnd() * CHATS));
  const memberRows: { chat_id: number; person_id: number; role: string; joined_at: Date }[] = [];
  chats.forEach((chatId, i) => {
    const set = new Set(members[i]);
    if (teacherChats.has(i)) set.add(teacher);
    if (heavyChats.has(i)) set.add(heavy);
    for (const p of set)
      memberRows.push({ chat_id: chatId, person_id: p, role: 'member', joined_at: now });
  });
  for (let i = 0; i < memberRows.length; i += 2000) {
    await db
      .insertInto('chat_members')
      .values(memberRows.slice(i, i + 2000))
      .execute();
  }
  log(`people ${PEOPLE}, chats ${CHATS}, memberships ${memberRows.length}`);

  const vocab = vocabulary();
  const pickChat = chatPicker(rnd, CHATS);
  const seqs = new Int32Array(CHATS);
  const start = now.getTime() - 365 * 86_400_000;
  const step = (365 * 86_400_000) / TOTAL;
  const BATCH = 1000;
  const PER_TX = 20;
  const t0 = performance.now();
  for (let done = 0; done < TOTAL;) {
    await db.transaction().execute(async (trx) => {
      for (let b = 0; b < PER_TX && done < TOTAL; b += 1) {
        const rows = [];
        for (let k = 0; k < BATCH && done < TOTAL; k += 1, done += 1) {
          const c = pickChat();
          seqs[c] = (seqs[c] as number) + 1;
          const authors = members[c] as number[];
          rows.push({
            chat_id: chats[c] as number,
            seq: seqs[c] as number,
            author_id: authors[Math.floor(rnd() * authors.length)] as number,
            kind: 'text',
            body: message(vocab, rnd),
            substantive: false,
            created_at: new Date(start + done * step),
          });
        }
        await trx.insertInto('messages').values(rows).execute();
      }
    });
    if (done % 100_000 === 0) {
      const s = (performance.now() - t0) / 1000;
      log(`messages ${done} (${Math.round(done / s)}/s)`);
    }
  }
  for (let i = 0; i < CHATS; i += 1) {
    if ((seqs[i] as number) > 0)
      await db
        .updateTable('chats')
        .set({ last_seq: seqs[i] as number })
        .where('id', '=', chats[i] as number)
        .execute();
  }
  log(`loaded ${TOTAL} messages in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const busiest = [...teacherChats].sort(
    (a, b) => (seqs[b] as number) - (seqs[a] as number),
  )[0] as number;
  return { municipalityId, teacher, heavy, busiestOfTeacher: chats[busiest] as number };
}

async function world(db: Db): Promise<World> {
  const m = await db.selectFrom('municipalities').select('id').executeTakeFirstOrThrow();
  const people = await db.selectFrom('people').select('id').orderBy('id').limit(2).execute();
  const teacher = Number(people[0]?.id);
  const busiest = await db
    .selectFrom('chat_members as cm')
    .innerJoin('chats as c', 'c.id', 'cm.chat_id')
    .select('c.id')
    .where('cm.person_id', '=', teacher)
    .orderBy('c.last_seq', 'desc')
    .executeTakeFirstOrThrow();
  return {
    municipalityId: Number(m.id),
    teacher,
    heavy: Number(people[1]?.id),
    busiestOfTeacher: Number(busiest.id),
  };
}

const QUERIES = [
  'урок', // among the most frequent words
  'задания',
  'экскурсия',
  'сообщение',
  'олимпиады',
  'медсестре',
  'кубок',
  'zoom',
  'урок задание',
  'экскурсия -музей',
  'театр or музей',
  '"сдать сочинение"',
  'сообщение родителям',
  'грамоты победителям',
];

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function measure(db: Db, actor: Actor, extra: Record<string, string>) {
  const times: number[] = [];
  const perQuery: { q: string; median: number; hits: number }[] = [];
  for (const q of QUERIES) {
    const query = SearchMessagesQuery.parse({ q, ...extra });
    const first = await searchMessages(db, dialect, actor, query);
    const mine: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const t = performance.now();
      await searchMessages(db, dialect, actor, query);
      mine.push(performance.now() - t);
    }
    mine.sort((a, b) => a - b);
    times.push(...mine);
    perQuery.push({ q, median: pct(mine, 50), hits: first.items.length + (first.hasMore ? 1 : 0) });
  }
  times.sort((a, b) => a - b);
  return { median: pct(times, 50), p95: pct(times, 95), max: times.at(-1) as number, perQuery };
}

async function main() {
  const { handle, file } = await open();
  const db = handle.db;
  try {
    await migrateToLatest(db);
    const existing = await count(db);
    let w: World;
    if (args.reuse && existing === TOTAL) {
      log(`reusing ${existing} messages`);
      w = await world(db);
    } else {
      if (existing > 0) throw new Error('the bench database is not empty: run without --reuse');
      w = await load(db);
      // Autovacuum's steady state: statistics, and GIN's pending list merged.
      if (dialect === 'postgres') await sql`VACUUM ANALYZE messages`.execute(db);
      else await sql`PRAGMA optimize`.execute(db);
    }
    if (file) log(`SQLite file: ${(fs.statSync(file).size / 1024 / 1024).toFixed(0)} MiB`);
    else {
      const r = await sql<{ size: string }>`
        SELECT pg_size_pretty(pg_relation_size('messages_search_idx')) AS size`.execute(db);
      log(`GIN index: ${r.rows[0]?.size}`);
    }
    const actor = (personId: number): Actor => ({
      personId,
      accountId: 0,
      municipalityId: w.municipalityId,
      login: 'bench',
      sessionId: 'bench',
      sessionKind: 'bearer',
      adminGrants: [],
    });
    const scenarios: [string, Actor, Record<string, string>][] = [
      ['teacher, 50 chats', actor(w.teacher), {}],
      ['heavy reader, 500 chats', actor(w.heavy), {}],
      ['teacher, one busy chat', actor(w.teacher), { chatId: String(w.busiestOfTeacher) }],
    ];
    const rows: string[] = [];
    for (const [name, a, extra] of scenarios) {
      const r = await measure(db, a, extra);
      log(
        `${name}: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`,
      );
      for (const q of r.perQuery)
        log(
          `    ${q.q.padEnd(24)} ${q.median.toFixed(1).padStart(7)} ms  ${q.hits > 20 ? '20+' : q.hits} hits`,
        );
      rows.push(`| ${dialect} | ${name} | ${r.median.toFixed(1)} ms | ${r.p95.toFixed(1)} ms |`);
    }
    console.log(
      `\n| dialect | reader | median | p95 |\n| --- | --- | --- | --- |\n${rows.join('\n')}`,
    );
  } finally {
    await handle.close();
  }
}

await main();
