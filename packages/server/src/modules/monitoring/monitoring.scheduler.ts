import { randomBytes } from 'node:crypto';
import { addDays, isoWeekRange, startOfLocalDay, type WeeklyReport } from '@parta/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database';
import { chatTopic, type EventSink } from '../../platform/events';
import { attachFiles, discardGeneratedFile, storeGeneratedFile, type FileStorage } from '../files';
import { messagesAfter, postSystemMessage } from '../messages';
import { reportFile } from './monitoring.reports';
import * as repo from './monitoring.repository';
import {
  currentWeek,
  freezeClosedWeeks,
  getSettings,
  lastClosedWeek,
  listMunicipalities,
  weeklyReport,
  type MunicipalityRef,
} from './monitoring.service';
import {
  atLeastMessages,
  employees,
  organizations as orgsRu,
  pedagogicalWorkers,
  percent,
  ruRange,
} from './monitoring.text';

/**
 * Monitoring's scheduled jobs, run in-process every minute:
 * 1. freeze closed weeks not frozen yet (the default threshold);
 * 2. on the configured weekday and hour (Monday 09:00 local by default),
 *    post last week's report into the authority's staff chat as a bot
 *    message with the XLSX attached — once per week, whatever the number
 *    of nodes.
 *
 * Leader election is portable: a lease row in `monitoring_job_leases`
 * (taken with a conditional UPDATE, renewed each tick, expiring after five
 * minutes) lets one node of a cluster run the jobs; SQLite has one node
 * anyway. Both jobs are idempotent besides: freezing writes the same
 * numbers again, and `monitoring_posts` has one row per municipality and
 * week, claimed in the posting transaction.
 */

export interface JobsDeps {
  db: Db;
  events: EventSink;
  now: () => Date;
  /** Where the attached XLSX is stored; without it the post names the report's address. */
  storage?: FileStorage | undefined;
  log?: FastifyBaseLogger | undefined;
}

export interface TickResult {
  leader: boolean;
  frozen: { municipalityId: number; weeks: string[] }[];
  posted: { municipalityId: number; week: string; chatId: number; seq: number }[];
}

const LEASE = 'monitoring';
const LEASE_MS = 5 * 60_000;

/** One run of the jobs; `holder` names this node for the lease. */
export async function runMonitoringJobs(deps: JobsDeps, holder: string): Promise<TickResult> {
  const now = deps.now();
  const result: TickResult = { leader: false, frozen: [], posted: [] };
  result.leader = await repo.takeLease(
    deps.db,
    LEASE,
    holder,
    now,
    new Date(now.getTime() + LEASE_MS),
  );
  if (!result.leader) return result;
  for (const m of await listMunicipalities(deps.db)) {
    const weeks = await freezeClosedWeeks(deps.db, m, now);
    if (weeks.length) result.frozen.push({ municipalityId: m.id, weeks });
    const post = await postWeeklyReportIfDue(deps, m, now);
    if (post) result.posted.push({ municipalityId: m.id, ...post });
  }
  return result;
}

/** The instant this week's post falls due: the configured weekday and hour, local. */
export function postDueAt(
  m: MunicipalityRef,
  now: Date,
  s: { weeklyPostWeekday: number; weeklyPostHour: number },
): Date {
  const monday = (isoWeekRange(currentWeek(m, now)) as { from: string }).from;
  const day = addDays(monday, s.weeklyPostWeekday - 1);
  // The hour is counted from local midnight (exact except on a DST-change day).
  return new Date(startOfLocalDay(day, m.timeZone).getTime() + s.weeklyPostHour * 3_600_000);
}

/** Posts last week's report when due and not posted yet. */
export async function postWeeklyReportIfDue(
  deps: JobsDeps,
  m: MunicipalityRef,
  now: Date,
): Promise<{ week: string; chatId: number; seq: number } | null> {
  const settings = await getSettings(deps.db, m.id);
  if (!settings.weeklyPost) return null;
  if (now.getTime() < postDueAt(m, now, settings).getTime()) return null;
  const week = lastClosedWeek(m, now);
  return postWeeklyReport(deps, m, week, now);
}

/** Names the system sender of the weekly post in the chat. */
export const BOT_NAME = { lastName: 'Бот мониторинга', firstName: '' };

/** The municipality's system sender, created on its first post. */
async function botSender(db: Db, m: MunicipalityRef, now: Date): Promise<number> {
  const existing = await repo.botPerson(db, m.id);
  if (existing !== null) return existing;
  return db.transaction().execute((trx) => repo.createBotPerson(trx, m.id, BOT_NAME, now));
}

/**
 * Posts a week's report into the authority's staff chat: the headline
 * numbers as a `bot` message of the municipality's system sender, with the
 * report's XLSX attached. Once per week: a week already posted is left
 * alone before anything is made, and the claim in the posting transaction
 * settles a race (the loser's file is removed again).
 */
export async function postWeeklyReport(
  deps: JobsDeps,
  m: MunicipalityRef,
  week: string,
  now: Date,
): Promise<{ week: string; chatId: number; seq: number } | null> {
  const chat = await repo.authorityStaffChat(deps.db, m.id);
  if (!chat) {
    deps.log?.warn(
      { municipalityId: m.id },
      'no staff chat of the authority: weekly report not posted',
    );
    return null;
  }
  if (await repo.postOf(deps.db, m.id, week)) return null;
  const report = await weeklyReport(deps.db, m, { kind: 'municipality' }, { week }, now);
  const bot = await botSender(deps.db, m, now);
  const storage = deps.storage;
  let fileId: number | null = null;
  if (storage) {
    const xlsx = await reportFile(deps.db, m, report, 'xlsx', now);
    fileId = await storeGeneratedFile(
      deps.db,
      { storage, now: () => now },
      { personId: bot, municipalityId: m.id, organizationId: null },
      { name: xlsx.name, mime: xlsx.contentType, bytes: xlsx.body },
    );
  }
  const text = weeklyPostText(report, fileId !== null);
  let seq: number | null;
  try {
    seq = await deps.db.transaction().execute(async (trx) => {
      if (!(await repo.claimPost(trx, m.id, week, now))) return null;
      const s = await postSystemMessage(trx, chat.id, text, now, 'bot', bot);
      if (fileId !== null) {
        await attachFiles(trx, bot, await repo.messageIdAt(trx, chat.id, s), [fileId], now);
      }
      await repo.recordPost(trx, m.id, week, chat.id, s);
      return s;
    });
  } catch (err) {
    if (storage && fileId !== null) await discardGeneratedFile(deps.db, storage, fileId);
    throw err;
  }
  if (seq === null) {
    if (storage && fileId !== null) await discardGeneratedFile(deps.db, storage, fileId);
    return null;
  }
  const [message] = await messagesAfter(deps.db, chat.id, seq - 1, 1, 0);
  if (message)
    await deps.events.publish(chatTopic(chat.id), {
      type: 'message.created',
      chatId: chat.id,
      message,
    });
  return { week, chatId: chat.id, seq };
}

/** The bot's message: the headline numbers in Russian; the report attached, or its address. */
export function weeklyPostText(r: WeeklyReport, attached = false): string {
  const p = r.totals.pedagogical;
  const a = r.totals.authority;
  const zones = { red: 0, yellow: 0, green: 0 };
  for (const o of r.organizations) if (o.zone) zones[o.zone] += 1;
  const change = r.change
    ? ` (${r.change.pedagogicalActive >= 0 ? '+' : ''}${r.change.pedagogicalActive} к прошлой неделе)`
    : '';
  return [
    `Еженедельный мониторинг: неделя ${r.week} (${ruRange(r.from, r.to)}).`,
    `Написали ${atLeastMessages(r.threshold)}: ${pedagogicalWorkers(p.active)} из ${p.baseline} по штату — ${percent(p.share)}${change}.`,
    `Сотрудники УО: ${employees(a.active)} из ${a.baseline} — ${percent(a.share)}.`,
    `Зоны: красная — ${orgsRu(zones.red)}, жёлтая — ${orgsRu(zones.yellow)}, зелёная — ${orgsRu(zones.green)}.`,
    attached
      ? 'Отчёт по организациям — во вложении (XLSX).'
      : `Отчёт: /api/v1/monitoring/weekly?week=${r.week}&format=xlsx`,
  ].join('\n');
}

/** Runs the jobs every `intervalMs` (the first time after one interval) until stopped; errors are logged, never thrown. */
export function startScheduler(deps: JobsDeps, intervalMs = 60_000): { stop(): void } {
  const holder = `node-${randomBytes(6).toString('hex')}`;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runMonitoringJobs(deps, holder)
      .then((r) => {
        if (r.frozen.length || r.posted.length) deps.log?.info(r, 'monitoring jobs ran');
      })
      .catch((err: unknown) => deps.log?.warn({ err }, 'monitoring jobs failed'))
      .finally(() => {
        running = false;
      });
  };
  // The first run one interval after start, like the files' clean-up: a
  // server started for a moment (a test, a one-off command) makes no post.
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
