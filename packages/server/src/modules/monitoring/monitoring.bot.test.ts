import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildPerson, grant } from '../../../test/factories';
import { buildSchoolWorld } from '../../../test/world';
import { toBool } from '../../db/values';
import { BOT_NAME, postWeeklyReport } from './monitoring.scheduler';
import { requireMunicipality } from './monitoring.service';

const WEEK = '2023-W50';
const NOW = new Date('2023-12-19T06:00:00Z');

/**
 * The monitoring bot is a system sender: it authors the weekly post (its
 * name shows in the chat) but is no person anywhere people are listed,
 * found, looked up or written to.
 */
describe.each(DIALECTS)('the monitoring bot as a system sender, on %s', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<'admin' | 'u' | 'h', Session>;
  let bot: number;
  let post: { chatId: number; seq: number };

  const api = (method: 'GET' | 'POST', url: string, who: Session, payload?: object) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, () => NOW);
    const db = t.tdb.db;
    w = await buildSchoolWorld(db);
    const admin = await buildPerson(db, w.m, { login: 'madmin', lastName: 'Админова' });
    await grant(db, admin.personId, 'municipal_admin', { municipalityId: w.m });
    const m = await requireMunicipality(db, w.m);
    const deps = { db, events: { publish: async () => undefined }, now: () => NOW };
    const posted = await postWeeklyReport(deps, m, WEEK, NOW);
    if (!posted) throw new Error('the weekly report was not posted');
    post = posted;
    const row = await db
      .selectFrom('monitoring_bots as b')
      .innerJoin('people as p', 'p.id', 'b.person_id')
      .select(['p.id', 'p.system_sender'])
      .where('b.municipality_id', '=', w.m)
      .executeTakeFirstOrThrow();
    expect(toBool(row.system_sender)).toBe(true);
    bot = row.id;
    s = {
      admin: await signIn(t.app, 'madmin'),
      u: await signIn(t.app, 'u'),
      h: await signIn(t.app, 'h'),
    };
  });
  afterAll(() => t.close());

  it('is not in the administrators’ people directory, its total or its name search', async () => {
    const all = await api('GET', '/api/v1/people?limit=100', s.admin);
    expect(all.statusCode).toBe(200);
    const page = all.json() as { items: { id: number }[]; total: number };
    expect(page.items.length).toBeGreaterThan(10);
    expect(page.items.map((p) => p.id)).not.toContain(bot);
    expect(page.total).toBe(page.items.length);
    const byName = await api('GET', `/api/v1/people?q=${encodeURIComponent('Бот')}`, s.admin);
    expect(byName.json()).toMatchObject({ items: [], total: 0 });
  });

  it('is not found by people search, for an administrator or for staff', async () => {
    for (const who of [s.admin, s.u, s.h]) {
      const res = await api('GET', `/api/v1/search/people?q=${encodeURIComponent('Бот')}`, who);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ items: [] });
    }
    // The same search finds a real person, so the query itself works.
    const real = await api('GET', `/api/v1/search/people?q=${encodeURIComponent('Дир')}`, s.u);
    expect((real.json() as { items: { id: number }[] }).items.map((p) => p.id)).toEqual([w.h]);
  });

  it('has no person card, cannot be written to directly or added to a group', async () => {
    const card = await api('GET', `/api/v1/people/${bot}`, s.admin);
    expect(card.statusCode).toBe(404);
    expect(errorCode(card)).toBe('NOT_FOUND');
    const direct = await api('POST', '/api/v1/chats', s.u, { kind: 'direct', personId: bot });
    expect(direct.statusCode).toBe(404);
    expect(errorCode(direct)).toBe('NOT_FOUND');
    const group = await api('POST', '/api/v1/chats', s.u, {
      kind: 'group',
      title: 'С ботом',
      memberIds: [bot],
    });
    expect(group.statusCode).toBe(400);
    expect(errorCode(group)).toBe('VALIDATION_FAILED');
    expect(group.json().error.message).toContain(`no person ${bot}`);
    expect(
      await t.tdb.db.selectFrom('chats').select('id').where('kind', '=', 'direct').execute(),
    ).toHaveLength(0);
  });

  it('still signs its weekly post with its name in the chat', async () => {
    const res = await api('GET', `/api/v1/chats/${post.chatId}/messages?limit=50`, s.u);
    expect(res.statusCode).toBe(200);
    const items = (
      res.json() as {
        items: { seq: number; kind: string; author: { id: number; displayName: string } | null }[];
      }
    ).items;
    const message = items.find((i) => i.seq === post.seq);
    expect(message?.kind).toBe('bot');
    expect(message?.author).toEqual({ id: bot, displayName: BOT_NAME.lastName });
  });
});
