import { randomBytes } from 'node:crypto';
import { addDays, isoWeekRange, startOfLocalDay, type WeeklyReport } from '@parta/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database';
import { chatTopic, type EventSink } from '../../platform/events';
import { messagesAfter, postSystemMessage } from '../messages';
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
 *    message — once per week, whatever the number of nodes.
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

/**
 * Posts last week's report when due and not posted yet. The XLSX is not
 * attached yet: the files module stores uploads of people only; the post
 * names the report's address instead.
 */
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
  const report = await weeklyReport(deps.db, m, { kind: 'municipality' }, { week }, now);
  const text = weeklyPostText(report);
  const seq = await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.claimPost(trx, m.id, week, now))) return null;
    const s = await postSystemMessage(trx, chat.id, text, now, 'bot');
    await repo.recordPost(trx, m.id, week, chat.id, s);
    return s;
  });
  if (seq === null) return null;
  const [message] = await messagesAfter(deps.db, chat.id, seq - 1, 1, 0);
  if (message)
    await deps.events.publish(chatTopic(chat.id), {
      type: 'message.created',
      chatId: chat.id,
      message,
    });
  return { week, chatId: chat.id, seq };
}

/** The bot's message: the headline numbers in Russian, with the report's address. */
export function weeklyPostText(r: WeeklyReport): string {
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
    `Отчёт: /api/v1/monitoring/weekly?week=${r.week}&format=xlsx`,
  ].join('\n');
}

/** Runs the jobs every `intervalMs` until stopped; errors are logged, never thrown. */
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
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setImmediate(tick);
  return { stop: () => clearInterval(timer) };
}
