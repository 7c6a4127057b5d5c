import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildPerson, buildPosition } from '../../../test/factories';
import { syncRosters } from '../chats';
import {
  auditOf,
  buildWorld,
  client,
  expectNamed,
  failedPaths,
  type World,
} from '../people/people.test-world';

interface ClassBody {
  id: number;
  organizationId: number;
  name: string;
  kind: string;
  grade: number | null;
  academicYear: number;
  classTeacherId: number | null;
  pupilCount: number;
  archived: boolean;
}

/**
 * `PATCH /classes/:classId`: who may change a class, what is checked, and how
 * the class's chats follow (titles, the class teacher, archiving, the kind).
 */
describe.each(DIALECTS)('changing a class on %s', (dialect) => {
  let t: TestApp;
  let w: World;
  let api: ReturnType<typeof client>;
  /** A second pedagogical worker of school A, a secretary (not pedagogical), a deactivated teacher. */
  let teacherA2 = 0;
  let secretaryA = 0;
  let formerA = 0;
  const url = (id: number | string) => `/api/v1/classes/${id}`;

  /** The class's chat of a kind: its title and its current members with their roles. */
  async function chatOf(classId: number, kind: 'class_pupils' | 'class_parents') {
    const db = t.tdb.db;
    const chat = await db
      .selectFrom('chats')
      .select(['id', 'title'])
      .where('class_id', '=', classId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (!chat) return null;
    const members = await db
      .selectFrom('chat_members')
      .select(['person_id', 'role'])
      .where('chat_id', '=', chat.id)
      .where('left_at', 'is', null)
      .execute();
    return {
      id: chat.id,
      title: chat.title,
      members: new Map(members.map((m) => [m.person_id, m.role])),
    };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildWorld(t.tdb.db);
    api = client(t.app, w);
    const db = t.tdb.db;
    teacherA2 = (await buildPerson(db, w.municipalityId, { login: null })).personId;
    await buildPosition(db, teacherA2, w.schoolA, 'teacher');
    secretaryA = (await buildPerson(db, w.municipalityId, { login: null })).personId;
    await buildPosition(db, secretaryA, w.schoolA, 'staff', false);
    formerA = (await buildPerson(db, w.municipalityId, { login: null })).personId;
    await buildPosition(db, formerA, w.schoolA, 'teacher');
    await db
      .updateTable('people')
      .set({ deactivated_at: new Date() })
      .where('id', '=', formerA)
      .execute();
    // The class chats exist, as after any roster import.
    await syncRosters(
      db,
      { events: { publish: async () => undefined }, now: () => new Date() },
      {},
      { silent: true },
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('401 without a session', async () => {
    const res = await api.send('PATCH', url(w.classA1), null, { name: '5В' });
    expect(res.statusCode).toBe(401);
  });

  it('400 for bad ids and bodies, naming the field', async () => {
    expect(failedPaths(await api.send('PATCH', url('abc'), 'orgAdminA', {}))).toContain(
      'params.classId',
    );
    expectNamed(await api.send('PATCH', url(w.classA1), 'orgAdminA', { room: 12 }), 'room');
    const bad = async (body: Record<string, unknown>) =>
      failedPaths(await api.send('PATCH', url(w.classA1), 'orgAdminA', body));
    expect(await bad({ name: '   ' })).toContain('body.name');
    expect(await bad({ name: 'x'.repeat(101) })).toContain('body.name');
    expect(await bad({ grade: 13 })).toContain('body.grade');
    expect(await bad({ academicYear: 1900 })).toContain('body.academicYear');
    expect(await bad({ kind: 'course' })).toContain('body.kind');
    expect(await bad({ archived: 'yes' })).toContain('body.archived');
    expect(await bad({ classTeacherId: 0 })).toContain('body.classTeacherId');
  });

  it('400: the class teacher must be an active pedagogical worker of the organisation', async () => {
    const teacher = async (id: number) => {
      const res = await api.send('PATCH', url(w.classA1), 'orgAdminA', {
        name: '5Я',
        classTeacherId: id,
      });
      expect(res.statusCode, String(id)).toBe(400);
      expect(failedPaths(res), String(id)).toEqual(['body.classTeacherId']);
      return (res.json() as { error: { message: string } }).error.message;
    };
    expect(await teacher(w.ids.teacherB)).toMatch(/not a staff member of this organisation/);
    expect(await teacher(w.ids.parentA1)).toMatch(/not a staff member/);
    expect(await teacher(secretaryA)).toMatch(/no pedagogical position/);
    expect(await teacher(formerA)).toMatch(/deactivated/);
    expect(await teacher(999_999)).toMatch(/no such person/);
    expect(await teacher(w.ids.foreignAdmin)).toMatch(/no such person/);
    // Nothing was written: the name stayed.
    const cls = (await api.get(url(w.classA1), 'orgAdminA')).json() as ClassBody;
    expect(cls.name).toBe('5А');
    // Creating a class checks the teacher the same way.
    const created = await api.send(
      'POST',
      `/api/v1/organizations/${w.schoolA}/classes`,
      'orgAdminA',
      {
        name: '9Я',
        academicYear: 2023,
        classTeacherId: secretaryA,
      },
    );
    expect(failedPaths(created)).toEqual(['body.classTeacherId']);
  });

  it('403 for everyone but the administrators of the organisation; 404 outside the municipality', async () => {
    for (const who of [
      'teacherA',
      'headA',
      'authStaff',
      'pupilA1',
      'parentA1',
      'outsider',
    ] as const) {
      const res = await api.send('PATCH', url(w.classA1), who, { name: '5В' });
      expect(res.statusCode, who).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    expect((await api.send('PATCH', url(w.classB1), 'orgAdminA', { name: '5В' })).statusCode).toBe(
      403,
    );
    expect(
      (await api.send('PATCH', url(w.foreignClass), 'munAdmin', { name: '1Б' })).statusCode,
    ).toBe(404);
  });

  it('200: a new class teacher joins both class chats as admin; the previous one leaves them', async () => {
    const res = await api.send('PATCH', url(w.classA1), 'orgAdminA', {
      classTeacherId: w.ids.teacherA,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: w.classA1,
      classTeacherId: w.ids.teacherA,
      pupilCount: 2,
    });
    for (const kind of ['class_pupils', 'class_parents'] as const) {
      expect((await chatOf(w.classA1, kind))?.members.get(w.ids.teacherA), kind).toBe('admin');
    }
    const entry = (await auditOf(t.tdb.db, 'class.updated')).at(-1);
    expect(entry).toMatchObject({ actor_person_id: w.ids.orgAdminA, target_id: String(w.classA1) });
    expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({
      fields: ['classTeacherId'],
      classTeacherId: { from: null, to: w.ids.teacherA },
    });

    const next = await api.send('PATCH', url(w.classA1), 'munAdmin', { classTeacherId: teacherA2 });
    expect(next.statusCode).toBe(200);
    for (const kind of ['class_pupils', 'class_parents'] as const) {
      const chat = await chatOf(w.classA1, kind);
      expect(chat?.members.get(teacherA2), kind).toBe('admin');
      expect(chat?.members.has(w.ids.teacherA), kind).toBe(false);
    }
    // Pupils and parents stay where they were.
    const pupils = await chatOf(w.classA1, 'class_pupils');
    expect(pupils?.members.get(w.ids.pupilA1)).toBe('member');
    expect((await chatOf(w.classA1, 'class_parents'))?.members.get(w.ids.parentA1)).toBe('member');

    // Removing the class teacher takes them out of the chats.
    const none = await api.send('PATCH', url(w.classA1), 'orgAdminA', { classTeacherId: null });
    expect((none.json() as ClassBody).classTeacherId).toBeNull();
    expect((await chatOf(w.classA1, 'class_parents'))?.members.has(teacherA2)).toBe(false);
  });

  it('200: a renamed class renames its chats, except a title its admins chose', async () => {
    const pupils = await chatOf(w.classA1, 'class_pupils');
    expect(pupils?.title).toBe('5А · ученики');
    const parents = await chatOf(w.classA1, 'class_parents');
    await t.tdb.db
      .updateTable('chats')
      .set({ title: 'Родители нашего класса' })
      .where('id', '=', parents?.id ?? 0)
      .execute();

    const res = await api.send('PATCH', url(w.classA1), 'orgAdminA', { name: ' 5В ', grade: 5 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '5В', grade: 5 });
    expect((await chatOf(w.classA1, 'class_pupils'))?.title).toBe('5В · ученики');
    expect((await chatOf(w.classA1, 'class_parents'))?.title).toBe('Родители нашего класса');
    const entry = (await auditOf(t.tdb.db, 'class.updated')).at(-1);
    expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({
      fields: ['name'],
      name: { from: '5А', to: '5В' },
    });
  });

  it('409 for a name the organisation already has in that year; another year is fine', async () => {
    const taken = await api.send('PATCH', url(w.classA1), 'orgAdminA', { name: '7Б' });
    expect(taken.statusCode).toBe(409);
    expect(errorCode(taken)).toBe('ALREADY_EXISTS');
    expect((taken.json() as { error: { message: string } }).error.message).toContain('2023/24');
    // School B's 5А is another organisation's.
    const ok = await api.send('PATCH', url(w.classA1), 'orgAdminA', {
      name: '7Б',
      academicYear: 2024,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: '7Б', academicYear: 2024 });
    const moveBack = await api.send('PATCH', url(w.classA1), 'orgAdminA', { academicYear: 2023 });
    expect(moveBack.statusCode).toBe(409);
    const back = await api.send('PATCH', url(w.classA1), 'orgAdminA', {
      name: '5А',
      academicYear: 2023,
    });
    expect(back.statusCode).toBe(200);
  });

  it('200: an unchanged or empty change writes nothing', async () => {
    const before = (await auditOf(t.tdb.db, 'class.updated')).length;
    const same = await api.send('PATCH', url(w.classA1), 'orgAdminA', {
      name: '5А',
      kind: 'class',
      academicYear: 2023,
    });
    expect(same.statusCode).toBe(200);
    expect((await api.send('PATCH', url(w.classA1), 'orgAdminA', {})).statusCode).toBe(200);
    expect(await auditOf(t.tdb.db, 'class.updated')).toHaveLength(before);
  });

  it('archiving empties the class chats and hides the class; restoring brings everyone back', async () => {
    await api.send('PATCH', url(w.classA2), 'orgAdminA', { classTeacherId: w.ids.teacherA });
    const res = await api.send('PATCH', url(w.classA2), 'orgAdminA', { archived: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ archived: true, pupilCount: 1 });
    for (const kind of ['class_pupils', 'class_parents'] as const) {
      expect((await chatOf(w.classA2, kind))?.members.size, kind).toBe(0);
    }
    const list = (
      await api.get(`/api/v1/organizations/${w.schoolA}/classes`, 'orgAdminA')
    ).json() as {
      items: ClassBody[];
    };
    expect(list.items.map((c) => c.id)).not.toContain(w.classA2);
    expect(((await api.get(url(w.classA2), 'orgAdminA')).json() as ClassBody).archived).toBe(true);

    const restored = await api.send('PATCH', url(w.classA2), 'orgAdminA', { archived: false });
    expect(restored.json()).toMatchObject({ archived: false });
    const pupils = await chatOf(w.classA2, 'class_pupils');
    expect(pupils?.members.get(w.ids.pupilA2)).toBe('member');
    expect(pupils?.members.get(w.ids.teacherA)).toBe('admin');
  });

  it('a class that becomes a group loses its pupils’ chat, and gets it back as a class', async () => {
    const group = await api.send('PATCH', url(w.classA2), 'orgAdminA', { kind: 'group' });
    expect(group.json()).toMatchObject({ kind: 'group' });
    expect((await chatOf(w.classA2, 'class_pupils'))?.members.size).toBe(0);
    expect((await chatOf(w.classA2, 'class_parents'))?.members.get(w.ids.teacherA)).toBe('admin');
    await api.send('PATCH', url(w.classA2), 'orgAdminA', { kind: 'class' });
    const pupils = await chatOf(w.classA2, 'class_pupils');
    expect(pupils?.members.get(w.ids.pupilA2)).toBe('member');
    expect(pupils?.members.get(w.ids.teacherA)).toBe('admin');
  });

  it('409: an archived organisation’s classes may only be archived', async () => {
    await api.send('PATCH', `/api/v1/organizations/${w.schoolB}`, 'munAdmin', { archived: true });
    const rename = await api.send('PATCH', url(w.classB1), 'munAdmin', { name: '5Г' });
    expect(rename.statusCode).toBe(409);
    expect(errorCode(rename)).toBe('CONFLICT');
    const archive = await api.send('PATCH', url(w.classB1), 'munAdmin', { archived: true });
    expect(archive.statusCode).toBe(200);
    expect(archive.json()).toMatchObject({ archived: true });
  });
});
