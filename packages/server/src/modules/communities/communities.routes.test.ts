import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildOrg, buildPerson, buildPosition, grant } from '../../../test/factories';
import { buildSchoolWorld } from '../../../test/world';
import { syncCommunityRules } from './index';

type CommunityView = {
  id: number;
  title: string;
  memberCount: number;
  myRole: string | null;
  chatId: number | null;
  announcementChatId: number | null;
  canManage: boolean;
  requestPending: boolean;
};
type MemberView = { personId: number; role: string; source: string };

describe.each(DIALECTS)('communities on %s', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<string, Session>;
  let ids: { adm: number; oa: number; hb: number; hp: number; preschool: number };
  let heads: CommunityView;

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    who?: Session,
    payload?: object,
  ) =>
    t.app.inject({ method, url, headers: who ? who.headers : {}, ...(payload ? { payload } : {}) });
  const members = async (id: number, who: Session | undefined) =>
    (await api('GET', `/api/v1/communities/${id}/members?limit=200`, who)).json()
      .items as MemberView[];
  const sync = () =>
    syncCommunityRules(t.tdb.db, {
      events: { publish: async () => undefined },
      now: () => new Date(),
    });
  const chatsOf = async (who: Session) =>
    (await api('GET', '/api/v1/chats', who)).json().items as {
      id: number;
      kind: string;
      myRole: string;
    }[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.tdb.db;
    w = await buildSchoolWorld(db);
    const adm = (await buildPerson(db, w.m, { login: 'adm', lastName: 'Админова' })).personId;
    await grant(db, adm, 'municipal_admin', { municipalityId: w.m });
    await buildPosition(db, adm, w.authority, 'authority_staff');
    const oa = (await buildPerson(db, w.m, { login: 'oa', lastName: 'Оргадмин' })).personId;
    await grant(db, oa, 'org_admin', { organizationId: w.a });
    const hb = (await buildPerson(db, w.m, { login: 'hb', lastName: 'Бэшкина' })).personId;
    await buildPosition(db, hb, w.b, 'head');
    const preschool = await buildOrg(db, w.m, 'preschool', 'Детский сад № 1');
    const hp = (await buildPerson(db, w.m, { login: 'hp', lastName: 'Заведующая' })).personId;
    await buildPosition(db, hp, preschool, 'head');
    ids = { adm, oa, hb, hp, preschool };
    s = {};
    for (const n of ['adm', 'oa', 'hb', 'hp', 'h', 't1', 't2', 'tb', 'u', 'p1', 'r1', 'r3'])
      s[n] = await signIn(t.app, n);
  });
  afterAll(async () => t.close());

  it('401 → 400 → 403 → 201: creating a cross-organisation community', async () => {
    const body = {
      kind: 'heads',
      title: 'Руководители ОО',
      ownerOrganizationId: w.authority,
      rules: [{ roles: ['head'], orgKinds: ['general', 'preschool'] }],
    };
    expect((await api('POST', '/api/v1/communities', undefined, body)).statusCode).toBe(401);
    const bad = await api('POST', '/api/v1/communities', s.adm, { ...body, kind: 'bogus' });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    const badRule = await api('POST', '/api/v1/communities', s.adm, {
      ...body,
      rules: [{ parentsOfClass: 999999 }],
    });
    expect(badRule.statusCode).toBe(400);
    // a teacher may not create the authority's community; an org admin may not make cross-org rules
    expect((await api('POST', '/api/v1/communities', s.t1, body)).statusCode).toBe(403);
    const oaCross = await api('POST', '/api/v1/communities', s.oa, {
      ...body,
      ownerOrganizationId: w.a,
    });
    expect(oaCross.statusCode).toBe(403);
    const res = await api('POST', '/api/v1/communities', s.adm, body);
    expect(res.statusCode).toBe(201);
    heads = res.json() as CommunityView;
    expect(heads).toMatchObject({ myRole: 'owner', canManage: true, memberCount: 4 });
    expect(heads.chatId).not.toBeNull();
    expect(heads.announcementChatId).not.toBeNull();
    const m = await members(heads.id, s.adm);
    expect(m.map((x) => x.personId).sort()).toEqual([ids.adm, w.h, ids.hb, ids.hp].sort());
    expect(m.find((x) => x.personId === w.h)).toMatchObject({ role: 'member', source: 'rule' });
  });

  it('gives the community its chats: heads write in discussion, read announcements', async () => {
    const chats = await chatsOf(s.h!);
    expect(chats.find((c) => c.id === heads.chatId)?.myRole).toBe('member');
    expect(chats.find((c) => c.id === heads.announcementChatId)?.myRole).toBe('readonly');
    const owner = await chatsOf(s.adm!);
    expect(owner.find((c) => c.id === heads.announcementChatId)?.myRole).toBe('owner');
    const post = await api('POST', `/api/v1/chats/${heads.announcementChatId}/messages`, s.h, {
      text: 'Можно мне?',
      clientMessageId: 'ann-head-1',
    });
    expect(post.statusCode).toBe(403);
  });

  it('rule membership follows the rosters, and leaving is respected', async () => {
    const db = t.tdb.db;
    const newHead = (await buildPerson(db, w.m, { login: 'newhead' })).personId;
    const pos = await buildPosition(db, newHead, w.b, 'head');
    expect((await sync()).added).toBeGreaterThanOrEqual(1);
    expect((await members(heads.id, s.adm)).map((x) => x.personId)).toContain(newHead);
    // the position ends: they leave the community and its chats
    await db
      .updateTable('positions')
      .set({ ended_on: '2024-01-01' })
      .where('id', '=', pos)
      .execute();
    const r = await api('POST', `/api/v1/communities/${heads.id}/sync`, s.adm);
    expect(r.statusCode).toBe(200);
    expect(r.json().removed).toBe(1);
    expect((await members(heads.id, s.adm)).map((x) => x.personId)).not.toContain(newHead);
    const left = await db
      .selectFrom('chat_members')
      .select('left_at')
      .where('chat_id', '=', heads.chatId!)
      .where('person_id', '=', newHead)
      .executeTakeFirstOrThrow();
    expect(left.left_at).not.toBeNull();
    // hb leaves on purpose: the rule does not bring them back
    expect((await api('POST', `/api/v1/communities/${heads.id}/leave`, s.hb)).statusCode).toBe(204);
    await sync();
    expect((await members(heads.id, s.adm)).map((x) => x.personId)).not.toContain(ids.hb);
    // the owner cannot leave without handing over
    const ownerLeaves = await api('POST', `/api/v1/communities/${heads.id}/leave`, s.adm);
    expect(ownerLeaves.statusCode).toBe(409);
  });

  it('closed environment: pupils and parents see only their own communities', async () => {
    const list = await api('GET', '/api/v1/communities', s.p1);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);
    expect((await api('GET', `/api/v1/communities/${heads.id}`, s.p1)).statusCode).toBe(404);
    // parents' community of 5А (org admin of school A, rule on the class)
    const res = await api('POST', '/api/v1/communities', s.oa, {
      kind: 'parents',
      title: 'Родители 5А',
      ownerOrganizationId: w.a,
      rules: [{ parentsOfClass: w.c5a }],
    });
    expect(res.statusCode).toBe(201);
    const parents = res.json() as CommunityView;
    const r1 = (await api('GET', '/api/v1/communities', s.r1)).json().items as CommunityView[];
    expect(r1.map((c) => c.id)).toEqual([parents.id]);
    expect(r1[0]?.myRole).toBe('member');
    expect((await api('GET', `/api/v1/communities/${parents.id}`, s.r3)).statusCode).toBe(404);
    expect((await api('GET', '/api/v1/communities', s.r3)).json().items).toEqual([]);
    // a pupil cannot be added by a teacher of another school
    const tbAdd = await api('POST', `/api/v1/communities/${parents.id}/members`, s.oa, {
      personIds: [w.pb],
    });
    expect(tbAdd.statusCode).toBe(403);
    expect(errorCode(tbAdd)).toBe('DIRECT_NOT_ALLOWED');
  });

  it('join by request: directory, request, approve', async () => {
    const dir = (await api('GET', '/api/v1/communities', s.t2)).json().items as CommunityView[];
    const seen = dir.find((c) => c.id === heads.id);
    expect(seen).toMatchObject({ myRole: null, chatId: null, canManage: false });
    expect((await api('GET', `/api/v1/communities/${heads.id}/members`, s.t2)).statusCode).toBe(
      403,
    );
    const req = await api('POST', `/api/v1/communities/${heads.id}/requests`, s.t2, {
      message: 'Хочу участвовать',
    });
    expect(req.statusCode).toBe(201);
    const again = await api('POST', `/api/v1/communities/${heads.id}/requests`, s.t2, {});
    expect(again.statusCode).toBe(409);
    expect((await api('GET', `/api/v1/communities/${heads.id}/requests`, s.t2)).statusCode).toBe(
      403,
    );
    const pending = await api(
      'GET',
      `/api/v1/communities/${heads.id}/requests?status=pending`,
      s.adm,
    );
    expect(pending.json().items).toHaveLength(1);
    const ok = await api(
      'POST',
      `/api/v1/communities/${heads.id}/requests/${req.json().id}/approve`,
      s.adm,
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('approved');
    const twice = await api(
      'POST',
      `/api/v1/communities/${heads.id}/requests/${req.json().id}/reject`,
      s.adm,
    );
    expect(twice.statusCode).toBe(409);
    expect((await members(heads.id, s.adm)).find((m) => m.personId === w.t2)).toMatchObject({
      role: 'member',
      source: 'request',
    });
  });

  it('roles never rise above the granter’s own', async () => {
    const url = (p: number) => `/api/v1/communities/${heads.id}/members/${p}/role`;
    expect((await api('PUT', url(w.h), s.adm, { role: 'admin' })).statusCode).toBe(204);
    // h (admin) may not make someone owner or act on another admin
    expect((await api('PUT', url(w.t2), s.h, { role: 'owner' })).statusCode).toBe(403);
    expect((await api('PUT', url(w.t2), s.h, { role: 'moderator' })).statusCode).toBe(204);
    expect(
      (await api('DELETE', `/api/v1/communities/${heads.id}/members/${ids.adm}`, s.h)).statusCode,
    ).toBe(403);
    // a plain member manages nothing
    expect((await api('PUT', url(w.h), s.hp, { role: 'member' })).statusCode).toBe(403);
    // the promoted rule member is pinned: the rule no longer removes them
    expect((await members(heads.id, s.adm)).find((m) => m.personId === w.h)).toMatchObject({
      role: 'admin',
      source: 'manual',
    });
    // a moderator moderates the discussion (chat admin), reads announcements
    const chats = await chatsOf(s.t2!);
    expect(chats.find((c) => c.id === heads.chatId)?.myRole).toBe('admin');
    expect(chats.find((c) => c.id === heads.announcementChatId)?.myRole).toBe('readonly');
  });

  it('rules CRUD: described in Russian, scoped, deleting one removes its members', async () => {
    const rules = await api('GET', `/api/v1/communities/${heads.id}/rules`, s.adm);
    expect(rules.statusCode).toBe(200);
    expect(rules.json().items[0]).toMatchObject({
      description:
        'Руководители: общеобразовательные организации, дошкольные образовательные организации',
    });
    expect(
      (
        await api('POST', `/api/v1/communities/${heads.id}/rules`, s.t1, {
          spec: { staffOfOrg: w.authority },
        })
      ).statusCode,
    ).toBe(403);
    const add = await api('POST', `/api/v1/communities/${heads.id}/rules`, s.adm, {
      spec: { staffOfOrg: w.authority },
    });
    expect(add.statusCode).toBe(201);
    expect(add.json().sync.added).toBe(1);
    expect((await members(heads.id, s.adm)).map((m) => m.personId)).toContain(w.u);
    const del = await api(
      'DELETE',
      `/api/v1/communities/${heads.id}/rules/${add.json().rule.id}`,
      s.adm,
    );
    expect(del.statusCode).toBe(200);
    expect(del.json().removed).toBe(1);
    expect((await members(heads.id, s.adm)).map((m) => m.personId)).not.toContain(w.u);
  });

  it('archiving freezes the community', async () => {
    const res = await api('POST', `/api/v1/communities/${heads.id}/archive`, s.adm);
    expect(res.statusCode).toBe(200);
    expect(res.json().archivedAt).not.toBeNull();
    const req = await api('POST', `/api/v1/communities/${heads.id}/requests`, s.hp, {});
    expect(req.statusCode).toBe(409);
    expect(errorCode(req)).toBe('COMMUNITY_ARCHIVED');
    expect((await api('GET', `/api/v1/communities/${heads.id}`, s.tb)).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/communities/${heads.id}/unarchive`, s.adm)).statusCode).toBe(
      200,
    );
  });
});
