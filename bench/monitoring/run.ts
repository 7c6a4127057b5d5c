/**
 * Monitoring benchmark at region scale: 50,000 pedagogical workers in 2,000
 * organisations and ~20 million messages, represented as `activity_daily`
 * rows (person × local day; ~7 M rows over 20 weeks) and their ISO-week
 * rollup `activity_weekly` (~1 M rows) — which is what the indicators read;
 * they never scan `messages` (only `parta monitoring rebuild` does).
 *
 *   node --import tsx bench/monitoring/run.ts --dialect sqlite
 *   node --import tsx bench/monitoring/run.ts --dialect postgres [--pg postgres://…]
 *   options: --weeks 20 (weeks of history) --runs 15 --sends 1000
 *   --keep FILE (SQLite) / --keep 1 (PostgreSQL): keep the generated data;
 *   --reuse FILE / --reuse SCHEMA: measure again on kept data, no generation
 *   --only send: measure only the increment on send (before/after a change of it)
 *
 * Measures: the weekly indicators of the whole region computed live
 * (target ≤ 100 ms), a frozen week as the API serves it (target ≤ 10 ms:
 * the stored JSON for the municipality; parsed and cut for a head), a
 * trend over the frozen weeks, and the cost of the
 * activity increment on send (a text message, which increments
 * `activity_daily` and `activity_weekly`, against a bot message on the same
 * path, which does not). Data is generated with set-based SQL in seconds;
 * the database is a temporary SQLite file or a fresh PostgreSQL schema,
 * dropped at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { addDays, isoWeekLabel, shiftIsoWeek } from '@parta/shared';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../packages/server/src/db/connect';
import { migrateToLatest } from '../../packages/server/src/db/migrate';
import { RateLimiter, sendMessage } from '../../packages/server/src/modules/messages';
import {
  computeStaffTotals,
  computeWeek,
  freezeWeek,
  frozenReportJson,
  getSettings,
  readWeek,
  requireMunicipality,
  trend,
  weeklyReport,
} from '../../packages/server/src/modules/monitoring/monitoring.service';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    weeks: { type: 'string', default: '20' },
    runs: { type: 'string', default: '15' },
    sends: { type: 'string', default: '1000' },
    keep: { type: 'string' },
    reuse: { type: 'string' },
    only: { type: 'string' },
  },
});
const dialect = args.dialect === 'postgres' ? 'postgres' : 'sqlite';
const WEEKS = Number(args.weeks);
const RUNS = Number(args.runs);
const SENDS = Number(args.sends);
if (args.only !== undefined && args.only !== 'send') {
  throw new Error(`--only: expected "send", got "${args.only}"`);
}
const ONLY_SEND = args.only === 'send';
const ORGS = 2000;
const TEACHERS = 50_000;
const SECOND_POSITIONS = 1_000;
const AUTHORITY_STAFF = 6;
const FIRST_MONDAY = '2024-01-08';

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

async function open(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (args.reuse) {
    const handle =
      dialect === 'sqlite'
        ? await connectDatabase(`sqlite:${args.reuse}`)
        : await connectDatabase(args.pg as string, { searchPath: args.reuse, poolSize: 5 });
    return { handle, drop: () => handle.close() };
  }
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-bench-monitoring-'));
    const file = args.keep ?? path.join(dir, 'bench.db');
    const handle = await connectDatabase(`sqlite:${file}`);
    return {
      handle,
      drop: async () => {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
        if (args.keep) log(`kept ${args.keep}`);
      },
    };
  }
  const schema = `bench_monitoring_${process.pid}`;
  const admin = new pg.Client({ connectionString: args.pg });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = await connectDatabase(args.pg as string, { searchPath: schema, poolSize: 5 });
  return {
    handle,
    drop: async () => {
      await handle.close();
      if (args.keep) return log(`kept schema ${schema}`);
      const c = new pg.Client({ connectionString: args.pg });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** `s(i)`, i = 1…n, as the first CTE of a statement. */
function series(n: number): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`s(i) AS (SELECT generate_series(1, ${sql.lit(n)}))`
    : sql`RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${sql.lit(n)})`;
}

const dayExpr = (d: RawBuilder<unknown>) =>
  dialect === 'postgres'
    ? sql`to_char(date ${sql.lit(FIRST_MONDAY)} + ${d}, 'YYYY-MM-DD')`
    : sql`date(${sql.lit(FIRST_MONDAY)}, '+' || ${d} || ' days')`;
const weekStartExpr =
  dialect === 'postgres'
    ? sql`to_char(date_trunc('week', day::date), 'YYYY-MM-DD')`
    : sql`date(day, 'weekday 0', '-6 days')`;

async function generate(h: DatabaseHandle) {
  const db = h.db;
  const t0 = performance.now();
  const now = new Date('2024-06-01T00:00:00Z');
  await db
    .insertInto('municipalities')
    .values({ name: 'Регион (бенчмарк)', time_zone: 'Asia/Yekaterinburg', created_at: now })
    .execute();
  const people = TEACHERS + AUTHORITY_STAFF;
  await sql`WITH ${series(ORGS)}
    INSERT INTO organizations (municipality_id, kind, name, created_at)
    SELECT 1, CASE WHEN i = 1 THEN 'authority' WHEN i % 10 < 5 THEN 'general'
      WHEN i % 10 < 8 THEN 'preschool' ELSE 'additional' END, 'Организация ' || i, ${now} FROM s`.execute(
    db,
  );
  await sql`WITH ${series(people)}
    INSERT INTO people (municipality_id, last_name, first_name, created_at)
    SELECT 1, 'Педагогова ' || i, 'Анна', ${now} FROM s`.execute(db);
  // 25 teachers per organisation (2…2000), 1,000 of them in a second one, 6 in the authority.
  await sql`WITH ${series(TEACHERS)}
    INSERT INTO positions (person_id, organization_id, role, pedagogical, created_at)
    SELECT i, 2 + (i - 1) % ${sql.lit(ORGS - 1)}, 'teacher', ${true}, ${now} FROM s`.execute(db);
  await sql`WITH ${series(SECOND_POSITIONS)}
    INSERT INTO positions (person_id, organization_id, role, pedagogical, created_at)
    SELECT i, 2 + (i + 500) % ${sql.lit(ORGS - 1)}, 'teacher', ${true}, ${now} FROM s`.execute(db);
  await sql`WITH ${series(AUTHORITY_STAFF)}
    INSERT INTO positions (person_id, organization_id, role, pedagogical, created_at)
    SELECT ${sql.lit(TEACHERS)} + i, 1, 'authority_staff', ${false}, ${now} FROM s`.execute(db);
  await sql`WITH ${series(people)}
    INSERT INTO accounts (person_id, login, password_hash, status, created_at, password_changed_at)
    SELECT i, 'u' || i, 'x', 'active', ${new Date('2023-09-01T00:00:00Z')}, ${now} FROM s WHERE i % 10 <> 3`.execute(
    db,
  );
  await sql`WITH ${series(ORGS - 1)}
    INSERT INTO org_baselines (organization_id, category, headcount, valid_from)
    SELECT i + 1, 'pedagogical', 26, '2023-01-01' FROM s`.execute(db);
  await db
    .insertInto('org_baselines')
    .values({
      organization_id: 1,
      category: 'authority_staff',
      headcount: 6,
      valid_from: '2023-01-01',
    })
    .execute();
  const t1 = performance.now();
  // ~3.5 messages a day on average; every tenth person writes nothing.
  const days = WEEKS * 7;
  await sql`WITH ${series(people * days)}
    INSERT INTO activity_daily (person_id, day, messages, substantive, replies_received, parent_conversation)
    SELECT p, ${dayExpr(sql`d`)}, m, (m * 2) / 3, m / 3, m / 4
    FROM (SELECT (i - 1) % ${sql.lit(people)} + 1 AS p, (i - 1) / ${sql.lit(people)} AS d,
                 (((i % 9973) * 7919) % 15) / 2 AS m FROM s) x
    WHERE m > 0 AND p % 10 <> 0`.execute(db);
  const t2 = performance.now();
  // Week by week, as the send path writes them: a week's rows lie together.
  await sql`INSERT INTO activity_weekly (week_start, person_id, messages, substantive, replies_received, parent_conversation)
    SELECT ${weekStartExpr}, person_id, sum(messages), sum(substantive), sum(replies_received), sum(parent_conversation)
    FROM activity_daily GROUP BY ${weekStartExpr}, person_id ORDER BY 1, 2`.execute(db);
  // What autovacuum does on a server (visibility map, statistics).
  if (dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(db);
  else await sql`ANALYZE`.execute(db);
  const t3 = performance.now();
  const counts = await sql<{ rows: number | string; messages: number | string }>`
    SELECT count(*) AS rows, sum(messages) AS messages FROM activity_daily`.execute(db);
  const weekly = await sql<{
    rows: number | string;
  }>`SELECT count(*) AS rows FROM activity_weekly`.execute(db);
  log(
    `generated: ${ORGS} organisations, ${TEACHERS} pedagogical workers (+${SECOND_POSITIONS} second positions), ` +
      `${Number(counts.rows[0]?.rows)} daily rows = ${Number(counts.rows[0]?.messages)} messages over ${WEEKS} weeks, ` +
      `${Number(weekly.rows[0]?.rows)} weekly rows; rosters ${((t1 - t0) / 1000).toFixed(1)} s, ` +
      `daily ${((t2 - t1) / 1000).toFixed(1)} s, weekly ${((t3 - t2) / 1000).toFixed(1)} s`,
  );
}

async function measure(name: string, runs: number, fn: () => Promise<unknown>) {
  await fn();
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) =>
    times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
  log(`${name}: median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms (${runs} runs)`);
  return q(0.5);
}

async function main() {
  const { handle, drop } = await open();
  try {
    await migrateToLatest(handle.db);
    if (!args.reuse) await generate(handle);
    if (!ONLY_SEND) await measureIndicators(handle.db);
    await measureIncrement(handle.db);
  } finally {
    await drop();
  }
}

async function measureIndicators(db: DatabaseHandle['db']) {
  const now = new Date('2024-06-01T00:00:00Z');
  const m = await requireMunicipality(db, 1);
  const settings = await getSettings(db, 1);
  const week = isoWeekLabel(addDays(FIRST_MONDAY, Math.floor(WEEKS / 2) * 7));
  const r = await computeWeek(db, m, week, 10, settings, now);
  log(
    `check ${week}: ${r.totals.pedagogical.active} of ${r.totals.pedagogical.baseline} active ` +
      `(staff ${r.totals.pedagogical.staff}, registered ${r.totals.pedagogical.registered}), ` +
      `${r.totals.pedagogical.messages} messages, ${r.organizations.length} organisation rows`,
  );
  await measure('weekly indicators, whole region, computed live (computeWeek)', RUNS, () =>
    computeWeek(db, m, week, 10, settings, now),
  );
  await measure('staff totals only, computed live (roadmap targets)', RUNS, () =>
    computeStaffTotals(db, m, week, 10),
  );
  await freezeWeek(db, m, shiftIsoWeek(week, -1), 10, now);
  await freezeWeek(db, m, week, 10, now);
  const json = await frozenReportJson(db, m, { week }, now);
  log(`frozen ${week}: ${((json?.length ?? 0) / 1024).toFixed(0)} KiB of JSON as served`);
  await measure(
    'frozen week as the API serves it to the municipality (frozenReportJson: the stored JSON)',
    RUNS * 3,
    () => frozenReportJson(db, m, { week }, now),
  );
  const head = { kind: 'organizations' as const, organizationIds: new Set([2]) };
  await measure('frozen week as a head sees it (weeklyReport, one organisation)', RUNS, () =>
    weeklyReport(db, m, head, { week }, now),
  );
  await measure('frozen week parsed whole (readWeek)', RUNS, () =>
    readWeek(db, m, week, 10, settings, now),
  );
  for (let i = 0; i < WEEKS - 1; i++) {
    const w = isoWeekLabel(addDays(FIRST_MONDAY, i * 7));
    if (w !== week && w !== shiftIsoWeek(week, -1)) await freezeWeek(db, m, w, 10, now);
  }
  const first = isoWeekLabel(FIRST_MONDAY);
  const last = isoWeekLabel(addDays(FIRST_MONDAY, (WEEKS - 2) * 7));
  await measure(`trend ${first}…${last} (${WEEKS - 1} frozen weeks: their summaries)`, RUNS, () =>
    trend(db, m, { from: first, to: last }, now),
  );
}

/** The increment on send: a text message (increments activity) against a bot message (does not). */
async function measureIncrement(db: DatabaseHandle['db']) {
  const now = new Date('2024-06-01T00:00:00Z');
  const chat = await db
    .insertInto('chats')
    .values({ municipality_id: 1, kind: 'group', title: 'bench', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('chat_members')
    .values([1, 2].map((p) => ({ chat_id: chat.id, person_id: p, role: 'owner', joined_at: now })))
    .execute();
  const deps = {
    events: { publish: async () => undefined },
    now: () => new Date(),
    limiter: new RateLimiter(10_000_000, 10_000_000),
  };
  const actor = {
    personId: 1,
    accountId: 1,
    municipalityId: 1,
    login: 'u1',
    sessionId: 'bench',
    sessionKind: 'bearer' as const,
    adminGrants: [],
  };
  let n = 0;
  const send =
    (kind: 'text' | 'bot', replyToSeq?: number, who = actor) =>
    () =>
      sendMessage(
        db,
        deps,
        who,
        chat.id,
        {
          text: 'Проверка скорости отправки сообщения с учётом активности',
          clientMessageId: `b-${kind}-${n++}`,
          replyToSeq,
        },
        { kind },
      );
  // Person 2 writes once; the reply variant answers it, so the send counts
  // into two people's rows (the author's messages, person 2's replies).
  const target = await send('text', undefined, { ...actor, personId: 2, login: 'u2' })();
  const variants = [
    { name: 'send, text (with the activity increment)', fn: send('text') },
    { name: 'send, bot (same path, no increment)', fn: send('bot') },
    {
      name: "send, text replying to another's message (increments two people)",
      fn: send('text', target.message.seq),
    },
  ];
  // Interleaved, so that the load of a shared machine falls on all three alike.
  for (const v of variants) for (let i = 0; i < 5; i++) await v.fn();
  const times = variants.map(() => [] as number[]);
  for (let i = 0; i < SENDS; i++) {
    for (let k = 0; k < variants.length; k++) {
      const at = (i + k) % variants.length;
      const t = performance.now();
      await (variants[at] as (typeof variants)[number]).fn();
      (times[at] as number[]).push(performance.now() - t);
    }
  }
  const medians = variants.map((v, k) => {
    const sorted = (times[k] as number[]).sort((a, b) => a - b);
    const q = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
    log(`${v.name}: median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms (${SENDS} sends)`);
    return q(0.5);
  });
  const [text, bot, reply] = medians as [number, number, number];
  log(`increment cost: ${(text - bot).toFixed(2)} ms per message (median difference)`);
  log(`increment cost of a reply: ${(reply - bot).toFixed(2)} ms per message (median difference)`);
}

await main();
