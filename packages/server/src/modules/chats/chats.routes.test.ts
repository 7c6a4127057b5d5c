import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildPerson, grant, TEST_PASSWORD } from '../../../test/factories';
import { buildSchoolWorld } from '../../../test/world';

type ChatRow = {
  id: number;
  kind: string;
  title: string;
  memberCount: number;
  myRole: string;
  unread: number;
  lastMessage: { text: string } | null;
};

describe.each(DIALECTS)('chats on %s', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<string, Session>;

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    who?: Session,
    payload?: object,
  ) =>
    t.app.inject({ method, url, headers: who ? who.headers : {}, ...(payload ? { payload } : {}) });
  const chatsOf = async (who: Session) =>
    (await api('GET', '/api/v1/chats', who)).json().items as ChatRow[];
  const direct = (who: Session, personId: number) =>
    api('POST', '/api/v1/chats', who, { kind: 'direct', personId });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildSchoolWorld(t.tdb.db);
    s = {};
    for (const n of ['h', 't1', 't2', 'tb', 'u', 'p1', 'p2', 'p3', 'pb', 'r1', 'r3'])
      s[n] = await signIn(t.app, n);
  });
  afterAll(async () => t.close());

  it('creates class and staff chats from the rosters, with the class teacher as admin', async () => {
    const t1 = await chatsOf(s.t1!);
    const pupils = t1.find((c) => c.kind === 'class_pupils');
    expect(pupils).toMatchObject({ title: '5А · ученики', myRole: 'admin', memberCount: 3 });
    expect(t1.find((c) => c.kind === 'class_parents')).toMatchObject({
      title: '5А · родители',
      memberCount: 2,
    });
    expect(t1.find((c) => c.kind === 'org_staff')).toMatchObject({ memberCount: 3 });
    expect((await chatsOf(s.h!)).find((c) => c.kind === 'org_staff')?.myRole).toBe('admin');
    expect((await chatsOf(s.p1!)).map((c) => c.kind)).toEqual(['class_pupils']);
    expect((await chatsOf(s.r1!)).map((c) => c.kind)).toEqual(['class_parents']);
  });

  it('follows roster changes: a new enrolment adds the pupil and their parent', async () => {
    const admin = (await buildPerson(t.tdb.db, w.m, { login: 'orgadmin' })).personId;
    await grant(t.tdb.db, admin, 'org_admin', { organizationId: w.a });
    const sa = await signIn(t.app, 'orgadmin');
    const kid = await api('POST', '/api/v1/people', sa, {
      lastName: 'Новенький',
      firstName: 'Пётр',
      classId: w.c5a,
    });
    expect(kid.statusCode).toBe(201);
    const kidId = kid.json().id as number;
    const parent = await api('POST', '/api/v1/people', sa, {
      lastName: 'Новенькая',
      firstName: 'Анна',
      guardianOf: { pupilId: kidId, relation: 'mother' },
    });
    expect(parent.statusCode).toBe(201);
    const members = async (kind: string) => {
      const chat = (await chatsOf(s.t1!)).find((c) => c.kind === kind)!;
      return (
        (await api('GET', `/api/v1/chats/${chat.id}/members`, s.t1)).json().items as {
          personId: number;
        }[]
      ).map((m) => m.personId);
    };
    expect(await members('class_pupils')).toContain(kidId);
    expect(await members('class_parents')).toContain(parent.json().id);
    const end = await api('DELETE', `/api/v1/classes/${w.c5a}/enrolments/${kidId}`, sa);
    expect(end.statusCode).toBe(204);
    expect(await members('class_pupils')).not.toContain(kidId);
    expect(await members('class_parents')).not.toContain(parent.json().id);
  });

  it('opens direct chats inside the closed environment only', async () => {
    // staff ↔ staff of another school, staff ↔ own pupil, pupil ↔ classmate, parent ↔ teacher
    for (const [who, target] of [
      ['t1', w.tb],
      ['t1', w.p1],
      ['p1', w.p2],
      ['r1', w.t1],
      ['u', w.t1],
      ['p1', w.t2],
      ['p1', w.r1],
    ] as const) {
      const r = await direct(s[who]!, target);
      expect(r.statusCode, `${who} → ${target}`).toBe(201);
    }
    // the same pair again: the same chat, 200
    const again = await direct(s.t1!, w.tb);
    expect(again.statusCode).toBe(200);
    // a pupil and an outsider (teacher of another school), a pupil of another class, a stranger's parent
    for (const [who, target] of [
      ['pb', w.t1],
      ['p1', w.pb],
      ['p1', w.p3],
      ['r1', w.p2],
      ['r1', w.r3],
      ['tb', w.p1],
      ['u', w.p1],
    ] as const) {
      const r = await direct(s[who]!, target);
      expect(r.statusCode, `${who} → ${target}`).toBe(403);
      expect(errorCode(r)).toBe('DIRECT_NOT_ALLOWED');
    }
    expect((await direct(s.p1!, w.p1)).statusCode).toBe(403);
    expect((await direct(s.p1!, 99999999)).statusCode).toBe(404);
  });

  it('names direct chats after the other person and counts unread', async () => {
    const chat = (await direct(s.t2!, w.t1)).json() as ChatRow;
    const send = await api('POST', `/api/v1/chats/${chat.id}/messages`, s.t2, {
      text: 'Привет, есть минутка обсудить расписание?',
      clientMessageId: 'dm-000001',
    });
    expect(send.statusCode).toBe(201);
    const mine = (await chatsOf(s.t1!)).find((c) => c.id === chat.id)!;
    expect(mine.title).toContain('Предметник');
    expect(mine.unread).toBe(1);
    expect(mine.lastMessage?.text).toContain('расписание');
    expect((await chatsOf(s.t1!))[0]!.id).toBe(chat.id);
  });

  it('lets staff create groups of reachable people only; pupils cannot create groups', async () => {
    const g = await api('POST', '/api/v1/chats', s.t1, {
      kind: 'group',
      title: 'Проект «Экология»',
      memberIds: [w.p1, w.p2, w.t2],
    });
    expect(g.statusCode).toBe(201);
    expect(g.json()).toMatchObject({ kind: 'group', myRole: 'owner', memberCount: 4 });
    expect(
      errorCode(
        await api('POST', '/api/v1/chats', s.t1, { kind: 'group', title: 'x', memberIds: [w.pb] }),
      ),
    ).toBe('DIRECT_NOT_ALLOWED');
    expect(
      (
        await api('POST', '/api/v1/chats', s.p1, {
          kind: 'group',
          title: 'Наш чат',
          memberIds: [w.p2],
        })
      ).statusCode,
    ).toBe(403);
    const unknown = await api('POST', '/api/v1/chats', s.t1, {
      kind: 'group',
      title: 'x',
      memberIds: [],
      admin: true,
    });
    expect(errorCode(unknown)).toBe('VALIDATION_FAILED');
    const id = g.json().id;
    // rename (owner), not by a member
    expect(
      (await api('PATCH', `/api/v1/chats/${id}`, s.t1, { title: 'Проект «Экология» 5А' })).json()
        .title,
    ).toBe('Проект «Экология» 5А');
    expect(errorCode(await api('PATCH', `/api/v1/chats/${id}`, s.p1, { title: 'Мой чат' }))).toBe(
      'FORBIDDEN',
    );
    // remove a member: delivery stops (not a member any more)
    expect((await api('DELETE', `/api/v1/chats/${id}/members/${w.p2}`, s.t1)).statusCode).toBe(204);
    expect(errorCode(await api('GET', `/api/v1/chats/${id}/messages`, s.p2))).toBe(
      'NOT_CHAT_MEMBER',
    );
    // leave, mute, pin
    expect((await api('PUT', `/api/v1/chats/${id}/mute`, s.p1, { muted: true })).statusCode).toBe(
      204,
    );
    expect((await chatsOf(s.p1!)).find((c) => c.id === id)).toMatchObject({ muted: true });
    expect((await api('POST', `/api/v1/chats/${id}/leave`, s.p1)).statusCode).toBe(204);
    expect((await chatsOf(s.p1!)).find((c) => c.id === id)).toBeUndefined();
    const m = (
      await api('POST', `/api/v1/chats/${id}/messages`, s.t1, {
        text: 'Важное: сдаём проект в пятницу',
        clientMessageId: 'pin-000001',
      })
    ).json();
    expect((await api('PUT', `/api/v1/chats/${id}/pins/${m.seq}`, s.t1)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/chats/${id}/pins`, s.t2)).json().items[0].seq).toBe(m.seq);
    // archive: readable, not writable
    expect((await api('PATCH', `/api/v1/chats/${id}`, s.t1, { archived: true })).statusCode).toBe(
      200,
    );
    const late = await api('POST', `/api/v1/chats/${id}/messages`, s.t2, {
      text: 'Я опоздал',
      clientMessageId: 'late-00001',
    });
    expect(errorCode(late)).toBe('CHAT_ARCHIVED');
  });

  it('refuses leaving or editing membership of roster chats', async () => {
    const pupils = (await chatsOf(s.p1!)).find((c) => c.kind === 'class_pupils')!;
    expect(errorCode(await api('POST', `/api/v1/chats/${pupils.id}/leave`, s.p1))).toBe(
      'ROSTER_MANAGED',
    );
    expect(
      errorCode(
        await api('POST', `/api/v1/chats/${pupils.id}/members`, s.t1, { personIds: [w.t2] }),
      ),
    ).toBe('ROSTER_MANAGED');
  });

  it('removes a deactivated person from every roster chat', async () => {
    const ma = (await buildPerson(t.tdb.db, w.m, { login: 'muni' })).personId;
    await grant(t.tdb.db, ma, 'municipal_admin', { municipalityId: w.m });
    const sm = await signIn(t.app, 'muni');
    expect((await api('PATCH', `/api/v1/people/${w.p2}`, sm, { active: false })).statusCode).toBe(
      200,
    );
    const pupils = (await chatsOf(s.t1!)).find((c) => c.kind === 'class_pupils')!;
    const ids = (
      (await api('GET', `/api/v1/chats/${pupils.id}/members`, s.t1)).json().items as {
        personId: number;
      }[]
    ).map((m) => m.personId);
    expect(ids).not.toContain(w.p2);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { login: 'p2', password: TEST_PASSWORD },
        })
      ).statusCode,
    ).toBe(403);
  });
});
