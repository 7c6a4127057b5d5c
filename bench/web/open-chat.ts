/**
 * Web client benchmark (issue #7's budget: "opening a chat with 10,000
 * messages renders in ≤ 200 ms"). Starts the real server (`parta serve`,
 * demo district, SQLite) the way the e2e tests do, writes a chat history of
 * 10,000 messages into one of the demo teacher's chats, and opens that chat
 * in Debian's headless Chromium:
 *
 *   npm run build -w @parta/web        # the SPA the server serves
 *   node --import tsx bench/web/open-chat.ts [--runs 9] [--messages 10000] [--profile /tmp/open]
 *
 * Each run measures, on the page's own clock, from the click on the chat in
 * the list to the frame in which the newest message is rendered inside the
 * history's viewport:
 * - cold: a fresh browser context (no cache, no data), signed in, the chat
 *   list shown, then the chat opened for the first time;
 * - warm: the same page, another chat opened and then this one again (its
 *   history already in memory).
 * The chat is read (its read mark at the newest message), so it opens at the
 * bottom. `--profile FILE` records Chromium CPU profiles of one cold and one
 * warm open (FILE.cold.cpuprofile, FILE.warm.cpuprofile; open them in
 * Chrome DevTools), prints the functions that took the most time and the
 * requests the cold open waited for. `--trace FILE` records a Chromium
 * performance trace of one cold open (FILE.json, for DevTools' Performance
 * panel) and prints the main thread's work after the click: scripts, style,
 * layout, paint, each task from the click on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { connectDatabase } from '../../packages/server/src/db/connect';
import { launchBrowser, VIEWPORTS } from '../../packages/web/e2e/browser';
import { startServer } from '../../packages/web/e2e/server';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    messages: { type: 'string', default: '10000' },
    profile: { type: 'string' },
    trace: { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const MESSAGES = Number(args.messages);
const LOGIN = 'teacher';
const PASSWORD = 'parta-demo';
const MARK = 'BENCH-LAST';

const log = (line: string) => process.stdout.write(`${line}\n`);

const SENTENCES = [
  'Добрый день, коллеги!',
  'Напоминаю, что завтра в 15:00 педсовет в актовом зале.',
  'Прошу до пятницы сдать отчёты по успеваемости за четверть.',
  'Спасибо, приняла.',
  'Родительское собрание в 7А переносится на среду, 18:30, кабинет 12.',
  'Кто может заменить урок физкультуры у 5Б в четверг третьим уроком?',
  'Олимпиада по математике: списки участников — в таблице, проверьте своих учеников.',
  'ок',
  'Расписание на следующую неделю обновлено, изменения отмечены жёлтым.',
  'Коллеги, в столовой с понедельника новое меню, классным руководителям — довести до родителей.',
];

/** A chat history of `n` messages by the chat's members, over the last 60 days. */
async function seed(dbFile: string): Promise<{ chatId: number; title: string; other: string }> {
  const handle = await connectDatabase(`sqlite:${dbFile}`);
  const db = handle.db;
  try {
    const me = await db
      .selectFrom('accounts')
      .select('person_id')
      .where('login', '=', LOGIN)
      .executeTakeFirstOrThrow();
    // The demo teacher's chats with the most members: the biggest gets the history.
    const chats = await db
      .selectFrom('chat_members as cm')
      .innerJoin('chats as c', 'c.id', 'cm.chat_id')
      .select(['c.id', 'c.title', 'c.kind'])
      .where('cm.person_id', '=', me.person_id)
      .where('c.kind', '<>', 'direct')
      .where('c.title', 'is not', null)
      .execute();
    const sizes = await Promise.all(
      chats.map(async (c) => {
        const r = await db
          .selectFrom('chat_members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('chat_id', '=', c.id)
          .executeTakeFirstOrThrow();
        return { ...c, n: Number(r.n) };
      }),
    );
    sizes.sort((a, b) => b.n - a.n);
    const [target, other] = sizes;
    if (!target || !other) throw new Error(`${LOGIN} has fewer than two chats`);
    const members = (
      await db
        .selectFrom('chat_members')
        .select('person_id')
        .where('chat_id', '=', target.id)
        .orderBy('person_id')
        .execute()
    ).map((r) => r.person_id);
    const t0 = performance.now();
    const start = Date.now() - 60 * 86_400_000;
    await db.transaction().execute(async (trx) => {
      // A write first, so the transaction takes the write lock at once (the
      // running server writes too) and the seqs are ours.
      const chat = await trx
        .updateTable('chats')
        .set({ last_seq: sql`last_seq + ${MESSAGES}`, last_message_at: new Date() })
        .where('id', '=', target.id)
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      let seq = Number(chat.last_seq) - MESSAGES;
      const rows = [];
      for (let i = 1; i <= MESSAGES; i++) {
        seq += 1;
        const parts = 1 + (i % 3);
        const body =
          i === MESSAGES
            ? `${MARK}: последнее сообщение истории (${MESSAGES})`
            : Array.from(
                { length: parts },
                (_, k) => SENTENCES[(i * 7 + k * 3) % SENTENCES.length],
              ).join(i % 5 === 0 ? '\n' : ' ');
        rows.push({
          chat_id: target.id,
          seq,
          author_id: members[(i * 31) % members.length] as number,
          kind: 'text',
          client_message_id: null,
          body,
          reply_to_seq: i % 17 === 0 && seq > 2 ? seq - 2 : null,
          forwarded_from_id: null,
          mentions: null,
          substantive: true,
          created_at: new Date(start + Math.floor((i / MESSAGES) * 60 * 86_400_000)),
        });
        if (rows.length === 500) await trx.insertInto('messages').values(rows.splice(0)).execute();
      }
      if (rows.length) await trx.insertInto('messages').values(rows).execute();
      // The teacher has read it: the chat opens at its newest message.
      await trx
        .updateTable('chat_members')
        .set({ read_seq: seq })
        .where('chat_id', '=', target.id)
        .where('person_id', '=', me.person_id)
        .execute();
    });
    const count = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM messages WHERE chat_id = ${target.id}`.execute(db);
    log(
      `seeded «${target.title}» (${target.n} members): ${Number(count.rows[0]?.n)} messages in ` +
        `${((performance.now() - t0) / 1000).toFixed(1)} s; the other chat: «${other.title}»`,
    );
    return { chatId: target.id, title: target.title as string, other: other.title as string };
  } finally {
    await handle.close();
  }
}

const chatLink = (page: Page, title: string) =>
  page
    .getByRole('navigation', { name: 'Чаты' })
    .getByRole('link', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
    .first();

/**
 * Clicks the chat and returns the milliseconds, on the page's clock, from the
 * click to the first animation frame showing the newest message in the
 * history's viewport. The page watches for itself from the click on (a
 * requestAnimationFrame loop started by the click): waiting from here would
 * add the round trip to this process, which on a busy machine can come after
 * the chat is long on screen.
 */
async function openAndMeasure(page: Page, title: string): Promise<number> {
  // tsx compiles the named functions below with a `__name(fn, "name")` helper the page lacks.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  await page.evaluate((mark) => {
    const w = window as unknown as { __clickAt?: number; __shownAt?: number };
    delete w.__clickAt;
    delete w.__shownAt;
    const shown = () => {
      const region = document.querySelector('[role="region"][aria-label="Сообщения"]');
      if (!region) return false;
      const box = region.getBoundingClientRect();
      for (const el of region.querySelectorAll('.message__bubble')) {
        if (!el.textContent?.includes(mark)) continue;
        const r = el.getBoundingClientRect();
        if (r.height > 0 && r.bottom > box.top && r.top < box.bottom) return true;
      }
      return false;
    };
    document.addEventListener(
      'click',
      () => {
        const at = performance.now();
        w.__clickAt = at;
        const poll = () => {
          if (shown()) w.__shownAt = performance.now();
          else if (performance.now() - at < 30_000) requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      },
      { capture: true, once: true },
    );
  }, MARK);
  await chatLink(page, title).click();
  const handle = await page.waitForFunction(
    () => {
      const w = window as unknown as { __clickAt?: number; __shownAt?: number };
      return w.__shownAt !== undefined && w.__clickAt !== undefined
        ? w.__shownAt - w.__clickAt
        : false;
    },
    undefined,
    { polling: 50, timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function signedInPage(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ ...VIEWPORTS.desktop, locale: 'ru-RU' });
  const answer = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { login: LOGIN, password: PASSWORD },
  });
  if (answer.status() !== 200) throw new Error(`sign-in of ${LOGIN}: ${answer.status()}`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Чаты' }).waitFor();
  return { context, page, errors };
}

/** The functions of a CPU profile that took the most time (self time). */
function topFunctions(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    if (!n) return;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([k, ms]) => `${ms.toFixed(1).padStart(7)} ms  ${k}`);
}

type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { type?: string; url?: string; functionName?: string } };
};
type TraceFile = { traceEvents: TraceEvent[] } | TraceEvent[];

/**
 * The renderer main thread's work from the click on: the click's EventDispatch
 * is the zero; each top-level task (RunTask) with the time its scripts, style,
 * layout and paint took, and the totals of each kind.
 */
function traceSummary(trace: TraceFile): string[] {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const click = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  if (!click) return ['(no click in the trace)'];
  const main = events.filter((e) => e.pid === click.pid && e.tid === click.tid && e.ph === 'X');
  const kinds: Record<string, string> = {
    FunctionCall: 'script',
    EvaluateScript: 'script',
    EventDispatch: 'script',
    TimerFire: 'script',
    FireAnimationFrame: 'script',
    RunMicrotasks: 'script',
    'v8.run': 'script',
    XHRReadyStateChange: 'script',
    UpdateLayoutTree: 'style',
    Layout: 'layout',
    PrePaint: 'paint',
    Paint: 'paint',
    Layerize: 'paint',
    UpdateLayer: 'paint',
    Commit: 'paint',
  };
  const tasks = main
    .filter((e) => e.name === 'RunTask' && e.ts + (e.dur ?? 0) >= click.ts)
    .sort((a, b) => a.ts - b.ts);
  const total: Record<string, number> = {};
  const lines: string[] = [
    'main thread after the click (ms from the click, task length, inside it):',
  ];
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    const inside: Record<string, number> = {};
    // Top-level events of each kind only (not nested in another of a kind).
    const own = main.filter((e) => e !== task && e.ts >= task.ts && e.ts < end && kinds[e.name]);
    for (const e of own) {
      const kind = kinds[e.name] as string;
      const nested = own.some(
        (o) =>
          o !== e &&
          kinds[o.name] &&
          o.ts <= e.ts &&
          o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) &&
          (o.ts < e.ts || (o.dur ?? 0) > (e.dur ?? 0)),
      );
      if (nested && kind === 'script') continue;
      if (
        nested &&
        own.some(
          (o) =>
            o !== e &&
            kinds[o.name] === kind &&
            o.ts <= e.ts &&
            o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0),
        )
      )
        continue;
      inside[kind] = (inside[kind] ?? 0) + (e.dur ?? 0) / 1000;
    }
    for (const [k, v] of Object.entries(inside)) total[k] = (total[k] ?? 0) + v;
    const ms = (task.dur ?? 0) / 1000;
    if (ms < 1) continue;
    const parts = Object.entries(inside)
      .filter(([, v]) => v >= 0.5)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
    lines.push(
      `  ${((task.ts - click.ts) / 1000).toFixed(0).padStart(5)}  ${ms.toFixed(1).padStart(6)} ms  ${parts}`,
    );
  }
  lines.push(
    `  totals: ${Object.entries(total)
      .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
      .join(', ')}`,
  );
  return lines;
}

function summary(name: string, xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] as number;
  log(
    `${name}: median ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, ` +
      `min ${(s[0] as number).toFixed(0)} ms (${s.length} runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`,
  );
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'parta-bench-web-'));
  const dbFile = join(dataDir, 'parta.db');
  const server = await startServer({ env: { PARTA_DATABASE_URL: `sqlite:${dbFile}` } });
  const browser = await launchBrowser();
  try {
    const chat = await seed(dbFile);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { context, page, errors } = await signedInPage(browser, server.baseUrl);
      try {
        cold.push(await openAndMeasure(page, chat.title));
        await chatLink(page, chat.other).click();
        await page.getByRole('heading', { name: chat.other, level: 2 }).waitFor();
        warm.push(await openAndMeasure(page, chat.title));
        if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      } finally {
        await context.close();
      }
    }
    log(`opening «${chat.title}» (${MESSAGES} messages), Chromium headless, 1280×800:`);
    summary('cold (first open in a fresh context)', cold);
    summary('warm (reopened in the same page)', warm);

    if (args.trace) {
      const { context, page } = await signedInPage(browser, server.baseUrl);
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'blink.user_timing',
        ],
      });
      const ms = await openAndMeasure(page, chat.title);
      const buffer = await browser.stopTracing();
      const file = `${args.trace}.json`;
      writeFileSync(file, buffer);
      log(`traced cold open: ${ms.toFixed(0)} ms; trace in ${file}`);
      for (const line of traceSummary(JSON.parse(buffer.toString()) as TraceFile)) log(line);
      await context.close();
    }

    if (args.profile) {
      // One cold and one warm open under Chromium's CPU profiler (100 µs sampling).
      const { context, page } = await signedInPage(browser, server.baseUrl);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      const profiled = async (kind: 'cold' | 'warm') => {
        await cdp.send('Profiler.start');
        const ms = await openAndMeasure(page, chat.title);
        const { profile } = await cdp.send('Profiler.stop');
        const file = `${args.profile}.${kind}.cpuprofile`;
        writeFileSync(file, JSON.stringify(profile));
        log(`profiled ${kind} open: ${ms.toFixed(0)} ms; profile in ${file}; self time:`);
        for (const line of topFunctions(profile as Parameters<typeof topFunctions>[0])) log(line);
      };
      await profiled('cold');
      // What the cold open waited for: requests made after the click (ms from the click).
      const requests = await page.evaluate(() => {
        const w = window as unknown as { __clickAt?: number };
        const at = w.__clickAt ?? 0;
        return performance
          .getEntriesByType('resource')
          .filter((e) => e.startTime >= at)
          .map((e) => ({
            name: e.name.replace(location.origin, ''),
            start: e.startTime - at,
            end: e.startTime + e.duration - at,
          }));
      });
      log('requests after the click (start → end, ms from the click):');
      for (const r of requests)
        log(`  ${r.start.toFixed(0).padStart(5)} → ${r.end.toFixed(0).padStart(5)}  ${r.name}`);
      await chatLink(page, chat.other).click();
      await page.getByRole('heading', { name: chat.other, level: 2 }).waitFor();
      await profiled('warm');
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
