import type { Roadmap, RoadmapItem } from '@parta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildSchoolWorld } from '../../../test/world';
import { loadDemoDistrict } from '../demo';
import { createTestDatabase } from '../../../test/db';
import { requireMunicipality, weeklyReport } from '../monitoring';
import { getRoadmap } from './roadmap.service';

const NOW = new Date('2023-12-20T06:00:00Z');

describe.each(DIALECTS)('roadmaps on %s', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<'h' | 't1' | 'u' | 'p1', Session>;
  let roadmap: Roadmap;
  const api = (method: 'GET' | 'POST', url: string, who?: Session, payload?: object) =>
    t.app.inject({ method, url, headers: who ? who.headers : {}, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, () => NOW);
    w = await buildSchoolWorld(t.tdb.db);
    await t.tdb.db
      .insertInto('org_baselines')
      .values([
        { organization_id: w.a, category: 'pedagogical', headcount: 3, valid_from: '2023-01-01' },
        { organization_id: w.b, category: 'pedagogical', headcount: 1, valid_from: '2023-01-01' },
      ])
      .execute();
    // Everybody active in 2023-W45 (6–12 Nov), nobody before.
    await t.tdb.db
      .insertInto('activity_weekly')
      .values(
        [w.h, w.t1, w.t2, w.tb].map((p) => ({
          week_start: '2023-11-06',
          person_id: p,
          messages: 12,
          substantive: 6,
          replies_received: 0,
          parent_conversation: 0,
        })),
      )
      .execute();
    s = {
      h: await signIn(t.app, 'h'),
      t1: await signIn(t.app, 't1'),
      u: await signIn(t.app, 'u'),
      p1: await signIn(t.app, 'p1'),
    };
  });
  afterAll(async () => t.close());

  it('creates from the 2023 template: 401 → 400 → 403 → 201', async () => {
    expect(
      (await api('POST', '/api/v1/roadmaps', undefined, { template: 'kushva-2023' })).statusCode,
    ).toBe(401);
    expect(errorCode(await api('POST', '/api/v1/roadmaps', s.u, { template: 'nope' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(errorCode(await api('POST', '/api/v1/roadmaps', s.u, {}))).toBe('VALIDATION_FAILED');
    expect(
      (await api('POST', '/api/v1/roadmaps', s.h, { template: 'kushva-2023' })).statusCode,
    ).toBe(403);
    const res = await api('POST', '/api/v1/roadmaps', s.u, { template: 'kushva-2023' });
    expect(res.statusCode).toBe(201);
    roadmap = res.json() as Roadmap;
    expect(roadmap.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(roadmap.items[0]?.title).toContain('сетевых сообществ руководителей');
    expect(roadmap.goals).toHaveLength(2);
    expect(roadmap.dueDate).toBe('2023-12-30');
  });

  it('computes statuses from live data: achieved with the date first met, overdue, in progress', async () => {
    const r = (await api('GET', `/api/v1/roadmaps/${roadmap.id}`, s.t1)).json() as Roadmap;
    expect(r.asOf).toBe('2023-12-20');
    const goal = r.goals.find((g) => g.indicator === 'pedagogical_active_share');
    expect(goal).toMatchObject({
      met: true,
      firstMetWeek: '2023-W45',
      firstMetOn: '2023-11-12',
      status: 'achieved',
    });
    expect(goal?.current).toBe(0); // the last closed week, 2023-W50: nobody wrote
    const item = (n: number) => r.items.find((i) => i.number === n) as RoadmapItem;
    // No communities here: items 1 and 2 are overdue, 3 (no metric, Sep–May) in progress.
    expect(item(1)).toMatchObject({ status: 'overdue', achievedOn: null });
    expect(item(1).target).toMatchObject({
      indicator: 'communities',
      params: { kind: 'heads' },
      current: 0,
    });
    expect(item(3)).toMatchObject({ status: 'in_progress', target: null });
    const before = (
      await api('GET', `/api/v1/roadmaps/${roadmap.id}/status?asOf=2023-03-15`, s.h)
    ).json();
    expect(before.items.every((i: { status: string }) => i.status === 'not_started')).toBe(true);
  });

  it('answers "is item 5 achieved" in one request once deputies join the authority’s community', async () => {
    const db = t.tdb.db;
    const c = await db
      .insertInto('communities')
      .values({
        municipality_id: w.m,
        kind: 'deputies',
        title: 'Заместители — УО',
        description: null,
        owner_org_id: w.authority,
        created_by: null,
        created_at: new Date('2023-10-03T05:00:00Z'),
        archived_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('community_members')
      .values(
        [w.t1, w.t2, w.tb].map((p) => ({
          community_id: c.id,
          person_id: p,
          role: 'member',
          source: 'manual',
          joined_at: new Date('2023-10-10T05:00:00Z'),
          left_at: null,
        })),
      )
      .execute();
    await api('POST', `/api/v1/roadmaps/${roadmap.id}/items`, s.u, {
      number: 9,
      title: 'Подключить заместителей к сообществу',
      responsible: 'УО',
      periodFrom: '2023-10-01',
      periodTo: '2023-10-31',
      expectedResult: 'Подключено не менее 3 пользователей',
      target: { indicator: 'deputies_connected', comparator: '>=', value: 3 },
    });
    const status = (await api('GET', `/api/v1/roadmaps/${roadmap.id}/status`, s.h)).json();
    expect(status.items.find((i: { number: number }) => i.number === 9)).toMatchObject({
      status: 'achieved',
      achievedOn: '2023-10-15',
      current: 3,
      late: false,
    });
    expect(status.items.find((i: { number: number }) => i.number === 4)).toMatchObject({
      status: 'overdue',
      current: 1,
    });
  });

  it('closes an item without a metric with evidence; refuses one with a metric', async () => {
    const item3 = roadmap.items.find((i) => i.number === 3) as RoadmapItem;
    const item1 = roadmap.items.find((i) => i.number === 1) as RoadmapItem;
    const close = (
      id: number,
      who?: Session,
      payload: object = { note: 'Обучение проведено, протокол № 5 от 01.12.2023' },
    ) => api('POST', `/api/v1/roadmaps/${roadmap.id}/items/${id}/close`, who, payload);
    expect((await close(item3.id)).statusCode).toBe(401);
    expect(errorCode(await close(item3.id, s.u, { note: '' }))).toBe('VALIDATION_FAILED');
    expect((await close(item3.id, s.t1)).statusCode).toBe(403);
    expect(errorCode(await close(item1.id, s.u))).toBe('ROADMAP_ITEM_MEASURED');
    expect((await close(999_999, s.u)).statusCode).toBe(404);
    const ok = await close(item3.id, s.u);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'achieved',
      achievedOn: '2023-12-20',
      closure: { closedBy: w.u, note: expect.stringContaining('протокол') },
    });
    const audited = await t.tdb.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'roadmap.item_closed')
      .execute();
    expect(audited).toHaveLength(1);
    const reopened = await api(
      'POST',
      `/api/v1/roadmaps/${roadmap.id}/items/${item3.id}/reopen`,
      s.u,
    );
    expect(reopened.json()).toMatchObject({ status: 'in_progress', closure: null });
  });

  it('lists roadmaps and templates for staff, not for pupils', async () => {
    expect((await api('GET', '/api/v1/roadmaps')).statusCode).toBe(401);
    expect(errorCode(await api('GET', '/api/v1/roadmaps?asOf=yesterday', s.t1))).toBe(
      'VALIDATION_FAILED',
    );
    expect((await api('GET', '/api/v1/roadmaps', s.p1)).statusCode).toBe(403);
    const list = await api('GET', '/api/v1/roadmaps', s.t1);
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({ id: roadmap.id, template: 'kushva-2023' });
    expect((await api('GET', '/api/v1/roadmap-templates', s.h)).json().items[0]).toMatchObject({
      key: 'kushva-2023',
      items: 8,
      goals: 2,
    });
    expect((await api('GET', '/api/v1/roadmaps/999999', s.t1)).statusCode).toBe(404);
  });
});

describe.each(DIALECTS)('the demo district’s monitoring story on %s', (dialect) => {
  it('loads April 2023 → May 2024 in time, frozen, with the roadmap', async () => {
    const tdb = await createTestDatabase(dialect);
    try {
      const now = new Date('2024-06-05T06:00:00Z');
      const summary = await loadDemoDistrict(tdb.db, { password: 'parta-demo-password', now });
      console.log(`[demo+monitoring] ${dialect}: ${summary.elapsedMs} ms`);
      expect(summary.elapsedMs).toBeLessThan(30_000);
      const m = await requireMunicipality(tdb.db, summary.municipality.id);
      const frozen = await tdb.db
        .selectFrom('monitoring_weeks')
        .select('week')
        .orderBy('week')
        .execute();
      expect(frozen[0]?.week).toBe('2023-W14');
      expect(frozen.at(-1)?.week).toBe('2024-W22');
      const report = (week: string) =>
        weeklyReport(tdb.db, m, { kind: 'municipality' }, { week }, now);
      const april = await report('2023-W16');
      const december = await report('2023-W50');
      const may = await report('2024-W20');
      expect(december.frozen).toBe(true);
      expect(december.totals.pedagogical.baseline).toBe(582);
      expect(december.totals.authority.baseline).toBe(6);
      // Slow start, growth after the autumn campaign; preschools behind schools.
      expect(april.totals.pedagogical.share ?? 1).toBeLessThan(0.1);
      expect(december.totals.pedagogical.share ?? 0).toBeGreaterThan(0.45);
      expect(may.totals.pedagogical.share ?? 0).toBeGreaterThan(
        december.totals.pedagogical.share ?? 1,
      );
      const share = (r: typeof december, type: string) =>
        r.byType.find((b) => b.type === type)?.share ?? 0;
      expect(share(december, 'preschool')).toBeLessThan(share(december, 'general'));
      expect(december.organizations.some((o) => o.zone === 'red')).toBe(true);
      const [rm] = await tdb.db.selectFrom('roadmaps').select('id').execute();
      const roadmap = await getRoadmap(tdb.db, m, rm?.id as number, '2024-06-05', now);
      expect(roadmap.items).toHaveLength(8);
      expect(roadmap.goals.find((g) => g.indicator === 'pedagogical_active_share')?.status).toBe(
        'overdue',
      );
    } finally {
      await tdb.drop();
    }
  }, 60_000);
});
