import {
  addDays,
  isoWeekRange,
  localDay,
  startOfLocalDay,
  type StaffIndicators,
  type WeeklyReport,
} from '@parta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { toBool } from '../../db/values';
import type { Actor } from '../../platform/actor';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/db';
import {
  buildClass,
  buildMunicipality,
  buildOrg,
  buildPerson,
  buildPosition,
  enrol,
  linkParent,
} from '../../../test/factories';
import { syncRosters } from '../chats';
import { deleteMessage, postSystemMessage, RateLimiter, sendMessage } from '../messages';
import { rebuildActivity } from './monitoring.rebuild';
import {
  computeWeek,
  DEFAULT_SETTINGS,
  freezeWeek,
  readWeek,
  requireMunicipality,
  type MunicipalityRef,
} from './monitoring.service';

const TZ = 'Asia/Yekaterinburg';
const N = 10;

/** mulberry32, for reproducible "random" activity. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const actorOf = (personId: number, municipalityId: number): Actor => ({
  personId,
  accountId: 0,
  municipalityId,
  login: `p${personId}`,
  sessionId: 's',
  sessionKind: 'bearer',
  adminGrants: [],
});

/**
 * A small district: schools A and B, kindergarten K, the authority U.
 * `both` teaches in A and B (counted once in totals, in each school's row);
 * `twice` holds two pedagogical positions in A; `cook` is not pedagogical;
 * `late` has no account until week 2; `gone` left A before the range.
 */
async function buildWorld(db: Db) {
  const m = await buildMunicipality(db);
  const A = await buildOrg(db, m, 'general', 'Школа А');
  const B = await buildOrg(db, m, 'general', 'Школа Б');
  const K = await buildOrg(db, m, 'preschool', 'Детский сад К');
  const U = await buildOrg(db, m, 'authority', 'Управление образования');
  const person = async (last: string, login: string | null = null) =>
    (
      await buildPerson(db, m, {
        lastName: last,
        login: login ?? `${last.toLowerCase()}${Math.random().toString(36).slice(2, 7)}`,
      })
    ).personId;
  const staff = {
    a1: await person('Аленина'),
    a2: await person('Арбузова'),
    both: await person('Двоякова'),
    twice: await person('Дважды'),
    b1: await person('Борисова'),
    k1: await person('Кашина'),
    k2: await person('Кудрина'),
    u1: await person('Управова'),
    u2: await person('Уставова'),
    cook: await person('Поварова'),
    late: await person('Позднякова'),
    gone: await person('Ушедшая'),
  };
  await buildPosition(db, staff.a1, A, 'head');
  await buildPosition(db, staff.a2, A, 'teacher');
  await buildPosition(db, staff.both, A, 'teacher');
  await buildPosition(db, staff.both, B, 'teacher');
  await buildPosition(db, staff.twice, A, 'teacher');
  await buildPosition(db, staff.twice, A, 'deputy');
  await buildPosition(db, staff.b1, B, 'teacher');
  await buildPosition(db, staff.k1, K, 'head');
  await buildPosition(db, staff.k2, K, 'teacher');
  await buildPosition(db, staff.u1, U, 'authority_staff');
  await buildPosition(db, staff.u2, U, 'head', false);
  await buildPosition(db, staff.cook, K, 'staff');
  await buildPosition(db, staff.late, B, 'teacher');
  const gonePos = await buildPosition(db, staff.gone, A, 'teacher');
  await db
    .updateTable('positions')
    .set({ ended_on: '2023-12-01' })
    .where('id', '=', gonePos)
    .execute();
  const pupil = await person('Ученикова');
  const parent = await person('Родителева');
  const cls = await buildClass(db, A, '5А', staff.a2);
  await enrol(db, pupil, cls);
  await linkParent(db, parent, pupil);
  // `late` registers during week 2.
  await db
    .updateTable('accounts')
    .set({ created_at: new Date('2023-12-13T06:00:00Z') })
    .where('person_id', '=', staff.late)
    .execute();
  await db
    .updateTable('accounts')
    .set({ created_at: new Date('2023-01-01T00:00:00Z') })
    .where('person_id', '!=', staff.late)
    .execute();
  const base = (org: number, category: string, headcount: number, validFrom: string) =>
    db
      .insertInto('org_baselines')
      .values({ organization_id: org, category, headcount, valid_from: validFrom })
      .execute();
  await base(A, 'pedagogical', 6, '2023-01-01');
  await base(A, 'pedagogical', 8, '2023-12-13'); // changes mid-range (a Wednesday of week 2)
  await base(B, 'pedagogical', 4, '2023-01-01');
  await base(K, 'pedagogical', 3, '2023-01-01');
  await base(U, 'authority_staff', 2, '2023-01-01');
  await base(A, 'pupils', 1, '2023-01-01');
  await syncRosters(
    db,
    { events: { publish: async () => undefined }, now: () => new Date('2023-01-01T00:00:00Z') },
    {},
    { silent: true },
  );
  const chats = await db.selectFrom('chats').select(['id', 'kind', 'organization_id']).execute();
  const staffChat = (org: number) =>
    (chats.find((c) => c.kind === 'org_staff' && c.organization_id === org) as { id: number }).id;
  const parentsChat = (chats.find((c) => c.kind === 'class_parents') as { id: number }).id;
  return { m, A, B, K, U, staff, pupil, parent, staffChat, parentsChat };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

/** The brute-force answer: every number recounted from `messages` and the rosters, in plain code. */
async function recount(db: Db, w: World, week: string) {
  const range = isoWeekRange(week) as { from: string; to: string };
  const endsAt = startOfLocalDay(addDays(range.to, 1), TZ).getTime();
  const messages = await db
    .selectFrom('messages')
    .select(['author_id', 'kind', 'created_at', 'substantive'])
    .execute();
  const perPerson = new Map<number, { m: number; s: number }>();
  for (const msg of messages) {
    if (msg.author_id === null || (msg.kind !== 'text' && msg.kind !== 'poll')) continue;
    const day = localDay(new Date(msg.created_at), TZ);
    if (day < range.from || day > range.to) continue;
    const p = perPerson.get(msg.author_id) ?? { m: 0, s: 0 };
    p.m += 1;
    if (toBool(msg.substantive)) p.s += 1;
    perPerson.set(msg.author_id, p);
  }
  const positions = await db
    .selectFrom('positions as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.person_id', 'p.organization_id', 'o.kind', 'p.pedagogical', 'p.ended_on'])
    .execute();
  const accounts = await db.selectFrom('accounts').select(['person_id', 'created_at']).execute();
  const registered = new Set(
    accounts.filter((a) => new Date(a.created_at).getTime() < endsAt).map((a) => a.person_id),
  );
  const baselines = await db.selectFrom('org_baselines').selectAll().execute();
  const baseline = (org: number, cat: string) =>
    baselines
      .filter((b) => b.organization_id === org && b.category === cat && b.valid_from <= range.to)
      .sort((a, b) => b.valid_from.localeCompare(a.valid_from))[0]?.headcount ?? 0;
  const eligible = positions.filter(
    (p) =>
      (p.ended_on === null || p.ended_on >= range.from) &&
      (p.kind === 'authority' || toBool(p.pedagogical)),
  );
  const group = (people: Set<number>, base: number) => {
    const ms = [...people].map((id) => perPerson.get(id)?.m ?? 0);
    const active = ms.filter((x) => x >= N).length;
    return {
      baseline: base,
      staff: people.size,
      registered: [...people].filter((id) => registered.has(id)).length,
      active,
      share: base > 0 ? Math.round((active / base) * 10_000) / 10_000 : null,
      zero: ms.filter((x) => x === 0).length,
      distribution: {
        none: ms.filter((x) => x === 0).length,
        from1to4: ms.filter((x) => x >= 1 && x <= 4).length,
        from5to9: ms.filter((x) => x >= 5 && x <= 9).length,
        from10to19: ms.filter((x) => x >= 10 && x <= 19).length,
        from20: ms.filter((x) => x >= 20).length,
      },
      messages: ms.reduce((a, b) => a + b, 0),
      substantive: [...people].reduce((a, id) => a + (perPerson.get(id)?.s ?? 0), 0),
    };
  };
  const peopleOf = (pred: (p: (typeof eligible)[number]) => boolean) =>
    new Set(eligible.filter(pred).map((p) => p.person_id));
  const schools = [w.A, w.B, w.K];
  return {
    pedagogical: group(
      peopleOf((p) => p.kind !== 'authority'),
      schools.reduce((a, o) => a + baseline(o, 'pedagogical'), 0),
    ),
    authority: group(
      peopleOf((p) => p.kind === 'authority'),
      baseline(w.U, 'authority_staff'),
    ),
    general: group(
      peopleOf((p) => p.kind === 'general'),
      baseline(w.A, 'pedagogical') + baseline(w.B, 'pedagogical'),
    ),
    orgs: Object.fromEntries(
      schools.map((o) => [
        o,
        group(
          peopleOf((p) => p.organization_id === o),
          baseline(o, 'pedagogical'),
        ),
      ]),
    ),
  };
}

const pick = (s: StaffIndicators) => ({
  baseline: s.baseline,
  staff: s.staff,
  registered: s.registered,
  active: s.active,
  share: s.share,
  zero: s.zero,
  distribution: s.distribution,
  messages: s.messages,
  substantive: s.substantive,
});

/** The numbers of a report, without the instants it was computed or frozen at. */
const numbers = (r: WeeklyReport) => {
  const { computedAt: _c, frozen: _f, frozenAt: _a, closed: _x, ...rest } = r;
  return rest;
};

describe.each(DIALECTS)('weekly indicators on %s', (dialect) => {
  let tdb: TestDatabase;
  let w: World;
  let m: MunicipalityRef;
  let clock = new Date();
  // The clock jumps back and forth between weeks: a fresh rate limiter for every send.
  const deps = {
    events: { publish: async () => undefined },
    now: () => clock,
    get limiter() {
      return new RateLimiter(100_000, 100_000);
    },
  };
  const send = async (
    personId: number,
    chatId: number,
    at: Date,
    text: string,
    replyToSeq?: number,
  ) => {
    clock = at;
    const r = await sendMessage(tdb.db, deps, actorOf(personId, w.m), chatId, {
      text,
      clientMessageId: `m-${Math.random().toString(36).slice(2, 14)}`,
      ...(replyToSeq ? { replyToSeq } : {}),
    });
    return r.message;
  };
  const WEEKS = ['2023-W49', '2023-W50', '2023-W51'];
  const NOW = new Date('2024-01-10T00:00:00Z');

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    w = await buildWorld(tdb.db);
    m = await requireMunicipality(tdb.db, w.m);
    const random = rng(dialect === 'sqlite' ? 7 : 11);
    const writers = [
      w.staff.a1,
      w.staff.a2,
      w.staff.both,
      w.staff.twice,
      w.staff.b1,
      w.staff.k1,
      w.staff.k2,
      w.staff.u1,
      w.staff.u2,
      w.staff.cook,
      w.staff.late,
      w.parent,
    ];
    const chatOf = (p: number) =>
      p === w.staff.u1 || p === w.staff.u2
        ? w.staffChat(w.U)
        : p === w.staff.k1 || p === w.staff.k2 || p === w.staff.cook
          ? w.staffChat(w.K)
          : p === w.staff.b1 || p === w.staff.late
            ? w.staffChat(w.B)
            : p === w.parent
              ? w.parentsChat
              : w.staffChat(w.A);
    const texts = [
      'ок',
      '👍',
      'Завтра родительское собрание в 18:00, кабинет 12',
      'спасибо',
      'Прошу сдать отчёты по успеваемости до пятницы',
    ];
    for (const week of WEEKS) {
      const { from } = isoWeekRange(week) as { from: string };
      const weekStart = startOfLocalDay(from, TZ).getTime();
      for (const p of writers) {
        const count = Math.floor(random() * 26);
        const sent: number[] = [];
        for (let i = 0; i < count; i++) {
          const at = new Date(weekStart + Math.floor(random() * 7 * 86_400_000));
          const chat = p === w.staff.a2 && random() < 0.3 ? w.parentsChat : chatOf(p);
          const reply =
            chat === chatOf(p) && sent.length > 0 && random() < 0.2 ? sent[0] : undefined;
          const msg = await send(
            p,
            chat,
            at,
            texts[Math.floor(random() * texts.length)] as string,
            reply,
          );
          if (chat === chatOf(p)) sent.push(msg.seq);
          if (random() < 0.1) await deleteMessage(tdb.db, deps, actorOf(p, w.m), chat, msg.seq);
        }
      }
      // System and bot lines count as nobody's.
      await postSystemMessage(
        tdb.db,
        w.staffChat(w.A),
        'Иванова добавила Петрову',
        new Date(weekStart + 3_600_000),
      );
      await postSystemMessage(
        tdb.db,
        w.staffChat(w.A),
        'Еженедельный отчёт',
        new Date(weekStart + 7_200_000),
        'bot',
      );
    }
  });
  afterAll(async () => tdb.drop());

  it('equals a brute-force recount from messages, week by week (person in two organisations once)', async () => {
    for (const week of WEEKS) {
      const r = await computeWeek(tdb.db, m, week, N, DEFAULT_SETTINGS, NOW);
      const expected = await recount(tdb.db, w, week);
      expect(pick(r.totals.pedagogical), week).toEqual(expected.pedagogical);
      expect(pick(r.totals.authority), week).toEqual(expected.authority);
      expect(pick(r.byType.find((t) => t.type === 'general') as StaffIndicators), week).toEqual(
        expected.general,
      );
      for (const org of [w.A, w.B, w.K]) {
        const row = r.organizations.find((o) => o.id === org) as StaffIndicators;
        expect(pick(row), `${week} org ${org}`).toEqual(expected.orgs[org]);
      }
    }
  });

  it('counts `both` in A, in B and once in the totals; `twice` once in A', async () => {
    const r = await computeWeek(tdb.db, m, '2023-W50', N, DEFAULT_SETTINGS, NOW);
    const a = r.organizations.find((o) => o.id === w.A) as StaffIndicators;
    const b = r.organizations.find((o) => o.id === w.B) as StaffIndicators;
    expect(a.staff).toBe(4); // a1, a2, both, twice (gone left before the week)
    expect(b.staff).toBe(3); // both, b1, late
    expect(r.totals.pedagogical.staff).toBe(4 + 3 - 1 + 2);
    expect(r.totals.authority.staff).toBe(2);
  });

  it('uses the baseline valid in each week and registration as of the week', async () => {
    const w49 = await computeWeek(tdb.db, m, '2023-W49', N, DEFAULT_SETTINGS, NOW);
    const w50 = await computeWeek(tdb.db, m, '2023-W50', N, DEFAULT_SETTINGS, NOW);
    expect(w49.organizations.find((o) => o.id === w.A)?.baseline).toBe(6);
    expect(w50.organizations.find((o) => o.id === w.A)?.baseline).toBe(8);
    expect(w49.totals.pedagogical.baseline).toBe(13);
    expect(w50.totals.pedagogical.baseline).toBe(15);
    expect(w49.organizations.find((o) => o.id === w.B)?.registered).toBe(2);
    expect(w50.organizations.find((o) => o.id === w.B)?.registered).toBe(3);
  });

  it('rebuilds from messages idempotently, reproducing the frozen weeks exactly', async () => {
    const frozen: WeeklyReport[] = [];
    for (const week of WEEKS) frozen.push(await freezeWeek(tdb.db, m, week, N, NOW));
    // Damage the rollups, then rebuild twice.
    await tdb.db.updateTable('activity_weekly').set({ messages: 999 }).execute();
    await tdb.db.deleteFrom('activity_daily').execute();
    await rebuildActivity(tdb.db, m, { from: WEEKS[0] as string, to: WEEKS.at(-1) as string }, NOW);
    const daily1 = await tdb.db
      .selectFrom('activity_daily')
      .selectAll()
      .orderBy(['person_id', 'day'])
      .execute();
    const summary = await rebuildActivity(
      tdb.db,
      m,
      { from: WEEKS[0] as string, to: WEEKS.at(-1) as string },
      NOW,
    );
    const daily2 = await tdb.db
      .selectFrom('activity_daily')
      .selectAll()
      .orderBy(['person_id', 'day'])
      .execute();
    expect(daily2).toEqual(daily1);
    expect(summary.refrozen).toEqual(WEEKS);
    for (const [i, week] of WEEKS.entries()) {
      const again = await readWeek(tdb.db, m, week, N, DEFAULT_SETTINGS, NOW);
      expect(again.frozen).toBe(true);
      expect(numbers(again)).toEqual(numbers(frozen[i] as WeeklyReport));
    }
  });

  it('puts Sunday 23:30 local in its week though it is 18:30 UTC', async () => {
    const before = await computeWeek(tdb.db, m, '2024-W02', N, DEFAULT_SETTINGS, NOW);
    await send(
      w.staff.b1,
      w.staffChat(w.B),
      new Date('2024-01-14T18:30:00Z'),
      'Воскресное сообщение перед новой неделей',
    );
    await send(
      w.staff.b1,
      w.staffChat(w.B),
      new Date('2024-01-14T19:30:00Z'),
      'Понедельник уже наступил по местному времени',
    );
    const w02 = await computeWeek(tdb.db, m, '2024-W02', N, DEFAULT_SETTINGS, NOW);
    const w03 = await computeWeek(tdb.db, m, '2024-W03', N, DEFAULT_SETTINGS, NOW);
    expect(w02.totals.pedagogical.messages - before.totals.pedagogical.messages).toBe(1);
    expect(w03.totals.pedagogical.messages).toBe(1);
    expect(w02.to).toBe('2024-01-14');
  });

  it('handles ISO week 53 (2020-W53, 2026-W53)', async () => {
    await send(
      w.staff.k2,
      w.staffChat(w.K),
      new Date('2020-12-31T10:00:00Z'),
      'Сообщение в пятьдесят третьей неделе',
    );
    await send(
      w.staff.k2,
      w.staffChat(w.K),
      new Date('2027-01-03T18:00:00Z'),
      'Воскресенье пятьдесят третьей недели',
    );
    const w2020 = await computeWeek(tdb.db, m, '2020-W53', N, DEFAULT_SETTINGS, NOW);
    const w2026 = await computeWeek(tdb.db, m, '2026-W53', N, DEFAULT_SETTINGS, NOW);
    expect([w2020.from, w2020.to]).toEqual(['2020-12-28', '2021-01-03']);
    expect([w2026.from, w2026.to]).toEqual(['2026-12-28', '2027-01-03']);
    expect(w2020.totals.pedagogical.messages).toBe(1);
    expect(w2026.totals.pedagogical.messages).toBe(1);
    await rebuildActivity(tdb.db, m, { from: '2026-W53', to: '2026-W53' }, NOW);
    expect(
      (await computeWeek(tdb.db, m, '2026-W53', N, DEFAULT_SETTINGS, NOW)).totals.pedagogical
        .messages,
    ).toBe(1);
  });
});
