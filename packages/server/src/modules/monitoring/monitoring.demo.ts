import {
  addDays,
  isoWeekLabel,
  isoWeekRange,
  isoWeekStart,
  localDay,
  startOfLocalDay,
} from '@parta/shared';
import type { Db } from '../../db/database';
import * as repo from './monitoring.repository';
import { freezeWeek, isClosed, getSettings, type MunicipalityRef } from './monitoring.service';

/**
 * The demo district's adoption story, April 2023 → May 2024, written
 * straight into the rollups (`activity_daily`, `activity_weekly`) instead of
 * millions of messages, with the staff's registration dates (account
 * creation) to match. Deterministic for a seed.
 *
 * The curve: the authority and the heads start in April 2023; schools
 * register slowly in spring, pause in summer, and grow fast after the
 * autumn campaign (September–October); preschools lag a month or two and
 * level off lower; a few organisations stay behind (the red zone); holidays
 * (summer, the autumn and spring breaks, New Year) dip. Only days before
 * `now` are written, and only closed weeks are frozen.
 */

export const DEMO_HISTORY = { from: '2023-W14', to: '2024-W22' } as const;

/** mulberry32: small, fast, deterministic. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

/** When the demo's communities were made (roadmap items 1, 4, 7), and over how many days people joined. */
const DEMO_COMMUNITY_DATES: readonly (readonly [kind: string, day: string, spreadDays: number])[] =
  [
    ['heads', '2023-04-10', 12],
    ['deputies', '2023-10-09', 10],
    ['parents', '2023-10-16', 30],
  ];

type Knot = readonly [day: string, adopted: number];

/** Share of staff who have started using the platform by a day, per organisation kind. */
const ADOPTION: Record<string, readonly Knot[]> = {
  general: [
    ['2023-04-03', 0.02],
    ['2023-05-31', 0.2],
    ['2023-08-28', 0.24],
    ['2023-09-30', 0.62],
    ['2023-10-31', 0.84],
    ['2023-12-25', 0.93],
    ['2024-05-31', 0.97],
  ],
  additional: [
    ['2023-04-03', 0],
    ['2023-05-31', 0.1],
    ['2023-08-28', 0.14],
    ['2023-09-30', 0.42],
    ['2023-10-31', 0.72],
    ['2023-12-25', 0.86],
    ['2024-05-31', 0.93],
  ],
  preschool: [
    ['2023-04-03', 0],
    ['2023-05-31', 0.05],
    ['2023-09-30', 0.14],
    ['2023-10-31', 0.42],
    ['2023-11-30', 0.64],
    ['2023-12-25', 0.75],
    ['2024-03-01', 0.84],
    ['2024-05-31', 0.89],
  ],
};

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The day by which a share `u` of the kind has adopted; null: never in the history. */
function adoptionDay(knots: readonly Knot[], u: number): string | null {
  let prev: Knot = knots[0] as Knot;
  if (u <= prev[1]) return prev[0];
  for (const k of knots.slice(1)) {
    if (u <= k[1]) {
      const f = (u - prev[1]) / (k[1] - prev[1]);
      const n = Math.round(dayNumber(prev[0]) + f * (dayNumber(k[0]) - dayNumber(prev[0])));
      return addDays('1970-01-01', n);
    }
    prev = k;
  }
  return null;
}

/** Activity factor of a day: holidays and weekends. */
function seasonal(day: string, kind: string): number {
  const md = day.slice(5);
  const school = kind !== 'preschool';
  if (md >= '12-30' || md <= '01-08') return 0.08;
  if (md >= '06-01' && md <= '08-27') return school ? 0.12 : 0.45;
  if (md >= '08-28' && md <= '08-31') return 0.7;
  if (school && day >= '2023-10-30' && day <= '2023-11-05') return 0.35;
  if (school && day >= '2024-03-25' && day <= '2024-03-31') return 0.4;
  const holidays = ['05-01', '05-08', '05-09', '06-12', '11-06', '02-23', '03-08', '05-10'];
  if (holidays.includes(md)) return 0.1;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (dow === 0) return 0.08;
  if (dow === 6) return 0.2;
  return 1;
}

interface CalendarDay {
  day: string;
  number: number;
  /** Activity factors of the day (holidays, weekends) for schools and preschools. */
  school: number;
  preschool: number;
  /** Above 1 from the autumn campaign (October 2023) on. */
  campaign: number;
}

interface Person {
  personId: number;
  accountIds: number[];
  kind: string;
  role: string;
  lagging: boolean;
}

export interface DemoActivitySummary {
  days: number;
  dailyRows: number;
  frozenWeeks: number;
}

/**
 * Writes the demo district's history. Call once, right after the district is
 * loaded (the rollups of its people must be empty).
 */
export async function generateDemoActivity(
  db: Db,
  m: MunicipalityRef,
  opts: { seed: number; now: Date },
): Promise<DemoActivitySummary> {
  const rng = new Rng(opts.seed ^ 0x5eed);
  const first = (isoWeekRange(DEMO_HISTORY.from) as { from: string }).from;
  const last = (isoWeekRange(DEMO_HISTORY.to) as { to: string }).to;
  const today = localDay(opts.now, m.timeZone);
  const end = today <= last ? addDays(today, -1) : last;
  if (end < first) return { days: 0, dailyRows: 0, frozenWeeks: 0 };

  // One entry per person: their "main" position decides the curve.
  const positions = await repo.demoPositions(db, m.id);
  const orgIds = [
    ...new Set(positions.filter((p) => p.orgKind !== 'authority').map((p) => p.organizationId)),
  ];
  // A few organisations stay behind: every seventh, from a seeded offset.
  const offset = rng.int(0, 6);
  const lagging = new Set(orgIds.filter((_, i) => i % 7 === offset));
  const people = new Map<number, Person>();
  for (const p of positions) {
    if (people.has(p.personId)) continue;
    people.set(p.personId, {
      personId: p.personId,
      accountIds: p.accountId === null ? [] : [p.accountId],
      kind: p.orgKind,
      role: p.role,
      lagging: lagging.has(p.organizationId),
    });
  }

  const registrations = new Map<string, number[]>();
  const register = (day: string, ids: number[]) => {
    if (ids.length === 0 || day > end) return;
    registrations.set(day, [...(registrations.get(day) ?? []), ...ids]);
  };
  const daily: (repo.ActivityRow & { day: string })[] = [];
  const calendar: CalendarDay[] = [];
  for (let day = first; day <= end; day = addDays(day, 1)) {
    calendar.push({
      day,
      number: dayNumber(day),
      school: seasonal(day, 'general'),
      preschool: seasonal(day, 'preschool'),
      campaign: day >= '2023-10-01' ? 1.15 : 1,
    });
  }
  const dayIndex = new Map(calendar.map((d, i) => [d.day, i]));

  for (const person of people.values()) {
    const leader = person.role === 'head' || person.role === 'deputy';
    let start: string | null;
    if (person.kind === 'authority') start = addDays(first, rng.int(0, 6));
    else {
      let u = rng.next();
      if (leader) u *= 0.35;
      if (person.lagging) u = u / 0.62;
      start = u > 1 ? null : adoptionDay(ADOPTION[person.kind] ?? ADOPTION.general ?? [], u);
      if (start !== null && start < first) start = first;
    }
    // Some register and then hardly write: the gap between formal and real use.
    const r = rng.next();
    const base =
      person.kind === 'authority' || leader
        ? rng.int(14, 40)
        : r < 0.18
          ? rng.int(3, 8)
          : r < 0.68
            ? rng.int(9, 18)
            : rng.int(18, 38);
    const substantiveShare = 0.45 + rng.next() * 0.4;
    const replyShare = 0.15 + rng.next() * 0.35;
    const talksToParents = person.role === 'teacher' && person.kind !== 'additional';
    if (start === null) {
      // Never started within the history; about a third registered anyway.
      if (rng.next() < 0.35) register(addDays(first, rng.int(150, 400)), person.accountIds);
      continue;
    }
    register(addDays(start, -rng.int(0, 10)), person.accountIds);
    const talks = talksToParents ? 1 : 0;
    for (let i = dayIndex.get(start) ?? 0; i < calendar.length; i++) {
      const d = calendar[i] as CalendarDay;
      // Nobody writes every day: about three days in five, more on those days.
      if (rng.next() > 0.6) continue;
      const weeks = (d.number - dayNumber(start)) / 7;
      const ramp = Math.min(1, 0.45 + weeks * 0.18);
      const factor = person.kind === 'preschool' ? d.preschool : d.school;
      const expected = (base / 3) * ramp * d.campaign * factor;
      const n = Math.round(expected * (0.4 + rng.next() * 1.2));
      if (n <= 0) continue;
      const part = (share: number) => Math.min(n, Math.round(n * share * (0.8 + rng.next() * 0.4)));
      daily.push({
        person_id: person.personId,
        day: d.day,
        messages: n,
        substantive: part(substantiveShare),
        replies_received: part(replyShare),
        parent_conversation: part(talks * (d.campaign > 1 ? 0.35 : 0.08)),
      });
    }
  }

  // The demo parent and pupil: connected with the autumn campaign, writing a little.
  for (const a of await repo.nonStaffAccounts(db, m.id)) {
    const start = '2023-10-02';
    register(start, [a.id]);
    for (const d of calendar.slice(dayIndex.get(start) ?? calendar.length)) {
      const n = Math.round(d.school * rng.next() * 2);
      if (n > 0) {
        daily.push({
          person_id: a.person_id,
          day: d.day,
          messages: n,
          substantive: rng.next() < 0.5 ? 1 : 0,
          replies_received: 0,
          parent_conversation: 0,
        });
      }
    }
  }

  const weekly = new Map<string, repo.ActivityRow & { week_start: string }>();
  for (const row of daily) {
    const weekStart = isoWeekStart(row.day);
    const key = `${row.person_id}|${weekStart}`;
    const w = weekly.get(key) ?? {
      person_id: row.person_id,
      week_start: weekStart,
      messages: 0,
      substantive: 0,
      replies_received: 0,
      parent_conversation: 0,
    };
    w.messages += row.messages;
    w.substantive += row.substantive;
    w.replies_received += row.replies_received;
    w.parent_conversation += row.parent_conversation;
    weekly.set(key, w);
  }

  await db.transaction().execute(async (trx) => {
    for (const [day, ids] of [...registrations].sort(([a], [b]) => a.localeCompare(b))) {
      // Registered during the working day, local time.
      const at = new Date(startOfLocalDay(day, m.timeZone).getTime() + 10 * 3_600_000);
      await repo.setAccountsCreated(trx, at, ids);
    }
    await repo.insertDaily(trx, daily);
    await repo.insertWeekly(trx, [...weekly.values()]);
  });

  // The roadmap's communities (made by the communities module's demo just now) get their history.
  for (const [kind, day, spread] of DEMO_COMMUNITY_DATES) {
    const at = new Date(startOfLocalDay(day, m.timeZone).getTime() + 9 * 3_600_000);
    if (at.getTime() < opts.now.getTime()) {
      await repo.backdateDemoCommunities(db, m.id, kind, at, spread);
    }
  }

  const settings = await getSettings(db, m.id);
  const closed: string[] = [];
  for (let monday = first; monday <= end; monday = addDays(monday, 7)) {
    const week = isoWeekLabel(monday);
    if (isClosed(m, week, opts.now)) closed.push(week);
  }
  // Four weeks at a time: PostgreSQL computes them on separate connections.
  for (let i = 0; i < closed.length; i += 4) {
    await Promise.all(
      closed.slice(i, i + 4).map((week) => freezeWeek(db, m, week, settings.threshold, opts.now)),
    );
  }
  const frozenWeeks = closed.length;
  return {
    days: Math.round(dayNumber(end) - dayNumber(first)) + 1,
    dailyRows: daily.length,
    frozenWeeks,
  };
}
