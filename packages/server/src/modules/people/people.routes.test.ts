import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildPerson, buildPosition, enrol, linkParent } from '../../../test/factories';
import {
  auditOf,
  buildWorld,
  client,
  expectNamed,
  failedPaths,
  type World,
} from './people.test-world';

interface PersonBody {
  id: number;
  displayName: string;
  active: boolean;
  phone?: string | null;
  email?: string | null;
  positions: { id: number; organizationId: number; role: string }[];
}
interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

describe.each(DIALECTS)('people API on %s', (dialect) => {
  let t: TestApp;
  let w: World;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildWorld(t.tdb.db);
    api = client(t.app, w);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /people/:personId', () => {
    const url = (id: number | string) => `/api/v1/people/${id}`;

    it('401 without a session', async () => {
      const res = await api.get(url(w.ids.teacherA), null);
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    });

    it('400 for a malformed id, naming the parameter', async () => {
      const res = await api.get(url('abc'), 'parentA1');
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
      expect(failedPaths(res)).toContain('params.personId');
    });

    it('404 for unknown ids and for people of another municipality', async () => {
      expect((await api.get(url(999_999), 'munAdmin')).statusCode).toBe(404);
      const foreign = await api.get(url(w.ids.foreignPupil), 'munAdmin');
      expect(foreign.statusCode).toBe(404);
      expect(errorCode(foreign)).toBe('NOT_FOUND');
    });

    it('403: a parent cannot read another family (another pupil, another parent)', async () => {
      for (const other of [w.ids.pupilA2, w.ids.classmateA1, w.ids.pupilB1, w.ids.parentB1]) {
        const res = await api.get(url(other), 'parentA1');
        expect(res.statusCode).toBe(403);
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
    });

    it('403: pupils see no other school, authority staff see no pupils or parents', async () => {
      expect((await api.get(url(w.ids.pupilB1), 'pupilA1')).statusCode).toBe(403);
      expect((await api.get(url(w.ids.teacherB), 'pupilA1')).statusCode).toBe(403);
      expect((await api.get(url(w.ids.parentA1), 'pupilA1')).statusCode).toBe(403);
      expect((await api.get(url(w.ids.pupilA1), 'authStaff')).statusCode).toBe(403);
      expect((await api.get(url(w.ids.parentA1), 'authStaff')).statusCode).toBe(403);
      expect((await api.get(url(w.ids.pupilA1), 'teacherB')).statusCode).toBe(403);
      expect((await api.get(url(w.ids.teacherA), 'outsider')).statusCode).toBe(403);
    });

    it('200 without contacts for ordinary viewers', async () => {
      const cases: [string, number][] = [
        ['parentA1', w.ids.pupilA1],
        ['parentA1', w.ids.teacherA],
        ['parentA1', w.ids.parentA1b],
        ['pupilA1', w.ids.classmateA1],
        ['pupilA1', w.ids.headA],
        ['teacherA', w.ids.parentA1],
        ['authStaff', w.ids.teacherB],
      ];
      for (const [viewer, target] of cases) {
        const res = await api.get(url(target), viewer);
        expect(res.statusCode, `${viewer} → ${target}`).toBe(200);
        const body = res.json() as PersonBody;
        expect(body.id).toBe(target);
        expect(body).not.toHaveProperty('phone');
        expect(body).not.toHaveProperty('email');
      }
    });

    it('200 with contacts for oneself (not audited) and for administrators (audited)', async () => {
      const self = await api.get(url(w.ids.parentA1), 'parentA1');
      expect(self.statusCode).toBe(200);
      expect((self.json() as PersonBody).phone).toMatch(/^\+7912/);

      const before = (await auditOf(t.tdb.db, 'person.details_viewed')).length;
      const res = await api.get(url(w.ids.teacherA), 'orgAdminA');
      expect(res.statusCode).toBe(200);
      const body = res.json() as PersonBody;
      expect(body.phone).toMatch(/^\+7912/);
      expect(body.email).toBe('teachera@example.org');
      const entries = await auditOf(t.tdb.db, 'person.details_viewed');
      expect(entries).toHaveLength(before + 1);
      const last = entries.at(-1);
      expect(last?.actor_person_id).toBe(w.ids.orgAdminA);
      expect(last?.target_id).toBe(String(w.ids.teacherA));
      expect(last?.municipality_id).toBe(w.municipalityId);

      const forbidden = await api.get(url(w.ids.teacherB), 'orgAdminA');
      expect(forbidden.statusCode).toBe(403);
      expect(await auditOf(t.tdb.db, 'person.details_viewed')).toHaveLength(before + 1);
    });
  });

  describe('GET /people', () => {
    it('401 without a session', async () => {
      expect((await api.get('/api/v1/people', null)).statusCode).toBe(401);
    });

    it('400 for unknown or bad query parameters, naming them', async () => {
      const unknown = await api.get('/api/v1/people?colour=red', 'munAdmin');
      expect(unknown.statusCode).toBe(400);
      expectNamed(unknown, 'colour');
      const role = await api.get('/api/v1/people?role=king', 'munAdmin');
      expect(role.statusCode).toBe(400);
      expect(failedPaths(role)).toContain('querystring.role');
      const org = await api.get(`/api/v1/people?orgId=${w.foreignSchool}`, 'munAdmin');
      expect(org.statusCode).toBe(400);
      expect(failedPaths(org)).toContain('querystring.orgId');
    });

    it('403 for non-administrators and for an org admin outside their organisation', async () => {
      for (const who of ['teacherA', 'headA', 'authStaff', 'pupilA1', 'parentA1'] as const) {
        const res = await api.get('/api/v1/people', who);
        expect(res.statusCode, who).toBe(403);
      }
      const res = await api.get(`/api/v1/people?orgId=${w.schoolB}`, 'orgAdminA');
      expect(res.statusCode).toBe(403);
    });

    it('200: a municipal admin lists the whole municipality, without contacts', async () => {
      const res = await api.get('/api/v1/people?limit=200', 'munAdmin');
      expect(res.statusCode).toBe(200);
      const page = res.json() as Page<PersonBody & { hasAccount: boolean; kinds: string[] }>;
      const ids = page.items.map((p) => p.id);
      expect(ids).toContain(w.ids.teacherB);
      expect(ids).toContain(w.ids.outsider);
      expect(ids).not.toContain(w.ids.foreignPupil);
      expect(page.total).toBe(ids.length);
      expect(page.items[0]).not.toHaveProperty('phone');
      const kinds = (key: keyof World['ids']) => page.items.find((p) => p.id === w.ids[key])?.kinds;
      expect(kinds('pupilA1')).toEqual(['pupil']);
      expect(kinds('parentA1')).toEqual(['parent']);
      expect(kinds('teacherB')).toEqual(['staff']);
      expect(kinds('outsider')).toEqual([]);
      expect(page.items.every((p) => p.hasAccount)).toBe(true);
    });

    it('200: pagination, name search (any case) and role filters', async () => {
      const first = (
        await api.get('/api/v1/people?limit=2&offset=0', 'munAdmin')
      ).json() as Page<PersonBody>;
      const second = (
        await api.get('/api/v1/people?limit=2&offset=2', 'munAdmin')
      ).json() as Page<PersonBody>;
      expect(first.items).toHaveLength(2);
      expect(first.limit).toBe(2);
      expect(second.offset).toBe(2);
      expect(second.items.map((p) => p.id)).not.toContain(first.items[0]?.id);

      for (const q of ['тестов05', 'ТЕСТОВ05', 'Тестов05', 'teacherB']) {
        const res = await api.get(`/api/v1/people?q=${encodeURIComponent(q)}`, 'munAdmin');
        expect(
          (res.json() as Page<PersonBody>).items.map((p) => p.id),
          q,
        ).toEqual([w.ids.teacherB]);
      }
      const pct = await api.get(`/api/v1/people?q=${encodeURIComponent('%')}`, 'munAdmin');
      expect((pct.json() as Page<PersonBody>).total).toBe(0);

      const parentsB = await api.get(`/api/v1/people?orgId=${w.schoolB}&role=parent`, 'munAdmin');
      expect((parentsB.json() as Page<PersonBody>).items.map((p) => p.id)).toEqual([
        w.ids.parentB1,
      ]);
      const pupilsA = await api.get(`/api/v1/people?orgId=${w.schoolA}&role=pupil`, 'munAdmin');
      expect(new Set((pupilsA.json() as Page<PersonBody>).items.map((p) => p.id))).toEqual(
        new Set([w.ids.pupilA1, w.ids.classmateA1, w.ids.pupilA2]),
      );
      const heads = await api.get('/api/v1/people?role=head', 'munAdmin');
      expect((heads.json() as Page<PersonBody>).items.map((p) => p.id)).toEqual([w.ids.headA]);
    });

    it('200: an org admin sees only the people of their organisation', async () => {
      const res = await api.get('/api/v1/people?limit=200', 'orgAdminA');
      expect(res.statusCode).toBe(200);
      const ids = (res.json() as Page<PersonBody>).items.map((p) => p.id);
      for (const k of [
        'headA',
        'teacherA',
        'pupilA1',
        'classmateA1',
        'pupilA2',
        'parentA1',
        'parentA1b',
      ] as const) {
        expect(ids, k).toContain(w.ids[k]);
      }
      for (const k of [
        'teacherB',
        'pupilB1',
        'parentB1',
        'authStaff',
        'munAdmin',
        'outsider',
      ] as const) {
        expect(ids, k).not.toContain(w.ids[k]);
      }
    });
  });

  describe('POST /people', () => {
    const url = '/api/v1/people';

    it('401 without a session', async () => {
      expect(
        (await api.send('POST', url, null, { lastName: 'Новиков', firstName: 'Пётр' })).statusCode,
      ).toBe(401);
    });

    it('400 for unknown fields and bad values, naming the field', async () => {
      const unknown = await api.send('POST', url, 'munAdmin', {
        lastName: 'Новиков',
        firstName: 'Пётр',
        nickname: 'x',
      });
      expect(unknown.statusCode).toBe(400);
      expect(errorCode(unknown)).toBe('VALIDATION_FAILED');
      expectNamed(unknown, 'nickname');
      const missing = await api.send('POST', url, 'munAdmin', { firstName: 'Пётр' });
      expect(failedPaths(missing)).toContain('body.lastName');
      const phone = await api.send('POST', url, 'munAdmin', {
        lastName: 'Новиков',
        firstName: 'Пётр',
        phone: '12-34',
      });
      expect(phone.statusCode).toBe(400);
      expect(errorCode(phone)).toBe('VALIDATION_FAILED');
      expect(failedPaths(phone)).toEqual(['body.phone']);
      const cls = await api.send('POST', url, 'orgAdminA', {
        lastName: 'Новиков',
        firstName: 'Пётр',
        classId: w.foreignClass,
      });
      expect(failedPaths(cls)).toEqual(['body.classId']);
    });

    it('403 for non-administrators, and for an org admin not placing the person in their organisation', async () => {
      const body = { lastName: 'Новиков', firstName: 'Пётр' };
      expect((await api.send('POST', url, 'teacherA', body)).statusCode).toBe(403);
      expect((await api.send('POST', url, 'orgAdminA', body)).statusCode).toBe(403);
      const elsewhere = await api.send('POST', url, 'orgAdminA', {
        ...body,
        position: { organizationId: w.schoolB, role: 'teacher', pedagogical: true },
      });
      expect(elsewhere.statusCode).toBe(403);
      const otherPupil = await api.send('POST', url, 'orgAdminA', {
        ...body,
        guardianOf: { pupilId: w.ids.pupilB1 },
      });
      expect(otherPupil.statusCode).toBe(403);
    });

    it('201: a municipal admin creates a person, phone normalised, audited', async () => {
      const res = await api.send('POST', url, 'munAdmin', {
        lastName: 'Новиков',
        firstName: 'Пётр',
        middleName: 'Ильич',
        phone: '8 (912) 345-67-89',
        email: 'Novikov@Example.org',
        birthDate: '1980-05-01',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json() as PersonBody & { hasAccount: boolean };
      expect(body.phone).toBe('+79123456789');
      expect(body.email).toBe('novikov@example.org');
      expect(body.displayName).toBe('Новиков Пётр Ильич');
      expect(body.hasAccount).toBe(false);
      const audit = (await auditOf(t.tdb.db, 'person.created')).at(-1);
      expect(audit?.actor_person_id).toBe(w.ids.munAdmin);
      expect(audit?.target_id).toBe(String(body.id));
    });

    it('201: an org admin creates a pupil in a class and a parent of their pupil, and then sees them', async () => {
      const pupil = await api.send('POST', url, 'orgAdminA', {
        lastName: 'Ученикова',
        firstName: 'Анна',
        classId: w.classA2,
      });
      expect(pupil.statusCode).toBe(201);
      const pupilId = (pupil.json() as PersonBody).id;
      const parent = await api.send('POST', url, 'orgAdminA', {
        lastName: 'Ученикова',
        firstName: 'Ольга',
        guardianOf: { pupilId, relation: 'mother' },
      });
      expect(parent.statusCode).toBe(201);
      const parentId = (parent.json() as PersonBody).id;
      expect((await api.get(`/api/v1/people/${parentId}`, 'orgAdminA')).statusCode).toBe(200);
      expect((await api.get(`/api/v1/people/${pupilId}`, 'pupilA2')).statusCode).toBe(200);
      expect((await api.get(`/api/v1/people/${pupilId}`, 'pupilA1')).statusCode).toBe(403);
      const teacher = await api.send('POST', url, 'orgAdminA', {
        lastName: 'Учителев',
        firstName: 'Олег',
        position: {
          organizationId: w.schoolA,
          role: 'teacher',
          title: 'учитель физики',
          pedagogical: true,
        },
      });
      expect(teacher.statusCode).toBe(201);
      expect((teacher.json() as PersonBody).positions).toMatchObject([
        { organizationId: w.schoolA, role: 'teacher' },
      ]);
    });
  });

  describe('PATCH /people/:personId', () => {
    const url = (id: number | string) => `/api/v1/people/${id}`;

    it('401 without a session', async () => {
      expect(
        (await api.send('PATCH', url(w.ids.teacherA), null, { firstName: 'Иван' })).statusCode,
      ).toBe(401);
    });

    it('400 for unknown fields, bad values and a bad phone', async () => {
      const unknown = await api.send('PATCH', url(w.ids.teacherA), 'orgAdminA', { salary: 1 });
      expectNamed(unknown, 'salary');
      const date = await api.send('PATCH', url(w.ids.teacherA), 'orgAdminA', {
        birthDate: '2023-02-30x',
      });
      expect(failedPaths(date)).toContain('body.birthDate');
      const phone = await api.send('PATCH', url(w.ids.teacherA), 'orgAdminA', {
        phone: '+1 555 123',
      });
      expect(phone.statusCode).toBe(400);
      expect(failedPaths(phone)).toEqual(['body.phone']);
    });

    it('403 outside the administrator’s scope, and to non-administrators', async () => {
      expect(
        (await api.send('PATCH', url(w.ids.pupilA1), 'teacherA', { firstName: 'Пётр' })).statusCode,
      ).toBe(403);
      expect(
        (await api.send('PATCH', url(w.ids.teacherB), 'orgAdminA', { firstName: 'Пётр' }))
          .statusCode,
      ).toBe(403);
      expect(
        (await api.send('PATCH', url(w.ids.pupilA1), 'parentA1', { firstName: 'Пётр' })).statusCode,
      ).toBe(403);
    });

    it('200: an org admin corrects a teacher; audited with the field names only', async () => {
      const res = await api.send('PATCH', url(w.ids.teacherA), 'orgAdminA', {
        middleName: null,
        phone: '9123330000',
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as PersonBody & { middleName: string | null };
      expect(body.phone).toBe('+79123330000');
      expect(body.middleName).toBeNull();
      const audit = (await auditOf(t.tdb.db, 'person.updated')).at(-1);
      expect(audit?.actor_person_id).toBe(w.ids.orgAdminA);
      expect(JSON.parse(audit?.details ?? '{}')).toEqual({ fields: ['middleName', 'phone'] });
    });

    it('409: nobody deactivates themselves', async () => {
      const res = await api.send('PATCH', url(w.ids.munAdmin), 'munAdmin', { active: false });
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('CONFLICT');
    });

    it('deactivation ends the person’s session on the very next request; reactivation is audited', async () => {
      const leaver = await buildPerson(t.tdb.db, w.municipalityId, { login: 'w.leaver' });
      await buildPosition(t.tdb.db, leaver.personId, w.schoolA, 'teacher');
      expect((await api.get('/api/v1/me', 'w.leaver')).statusCode).toBe(200);

      const res = await api.send('PATCH', url(leaver.personId), 'orgAdminA', { active: false });
      expect(res.statusCode).toBe(200);
      expect((res.json() as PersonBody).active).toBe(false);
      const next = await api.get('/api/v1/me', 'w.leaver');
      expect(next.statusCode).toBe(401);
      expect(
        (await api.get(`/api/v1/organizations/${w.schoolA}/staff`, 'w.leaver')).statusCode,
      ).toBe(401);
      expect((await auditOf(t.tdb.db, 'person.deactivated')).at(-1)?.target_id).toBe(
        String(leaver.personId),
      );

      const back = await api.send('PATCH', url(leaver.personId), 'orgAdminA', { active: true });
      expect((back.json() as PersonBody).active).toBe(true);
      expect((await auditOf(t.tdb.db, 'person.reactivated')).at(-1)?.target_id).toBe(
        String(leaver.personId),
      );
    });
  });

  describe('POST /people/:personId/positions and DELETE /positions/:positionId', () => {
    const url = (id: number | string) => `/api/v1/people/${id}/positions`;
    const staff = { organizationId: 0, role: 'staff', pedagogical: false };
    let created = 0;

    it('401 without a session', async () => {
      expect(
        (await api.send('POST', url(w.ids.parentA1), null, { ...staff, organizationId: w.schoolA }))
          .statusCode,
      ).toBe(401);
      expect(
        (await api.send('DELETE', `/api/v1/positions/${w.positions.teacherA}`, null)).statusCode,
      ).toBe(401);
    });

    it('400 for bad bodies and ids, naming the field', async () => {
      const role = await api.send('POST', url(w.ids.parentA1), 'orgAdminA', {
        ...staff,
        organizationId: w.schoolA,
        role: 'king',
      });
      expect(failedPaths(role)).toContain('body.role');
      const org = await api.send('POST', url(w.ids.parentA1), 'orgAdminA', {
        ...staff,
        organizationId: w.foreignSchool,
      });
      expect(failedPaths(org)).toEqual(['body.organizationId']);
      const authority = await api.send('POST', url(w.ids.parentA1), 'orgAdminA', {
        ...staff,
        organizationId: w.schoolA,
        role: 'authority_staff',
      });
      expect(failedPaths(authority)).toEqual(['body.role']);
      const id = await api.send('DELETE', '/api/v1/positions/0', 'orgAdminA');
      expect(failedPaths(id)).toContain('params.positionId');
    });

    it('403: only an administrator of the organisation who administers the person', async () => {
      expect(
        (
          await api.send('POST', url(w.ids.teacherA), 'orgAdminA', {
            ...staff,
            organizationId: w.schoolB,
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await api.send('POST', url(w.ids.teacherB), 'orgAdminA', {
            ...staff,
            organizationId: w.schoolA,
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await api.send('POST', url(w.ids.parentA1), 'headA', {
            ...staff,
            organizationId: w.schoolA,
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (await api.send('DELETE', `/api/v1/positions/${w.positions.teacherB}`, 'orgAdminA'))
          .statusCode,
      ).toBe(403);
      expect(
        (await api.send('DELETE', `/api/v1/positions/${w.positions.teacherA}`, 'teacherA'))
          .statusCode,
      ).toBe(403);
    });

    it('201 then 409 for the same position again', async () => {
      const res = await api.send('POST', url(w.ids.parentA1), 'orgAdminA', {
        ...staff,
        organizationId: w.schoolA,
        title: 'вахтёр',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json() as {
        id: number;
        organizationId: number;
        role: string;
        title: string;
        pedagogical: boolean;
      };
      expect(body).toMatchObject({
        organizationId: w.schoolA,
        role: 'staff',
        title: 'вахтёр',
        pedagogical: false,
      });
      created = body.id;
      expect((await auditOf(t.tdb.db, 'position.created')).at(-1)?.target_id).toBe(String(created));
      const again = await api.send('POST', url(w.ids.parentA1), 'orgAdminA', {
        ...staff,
        organizationId: w.schoolA,
      });
      expect(again.statusCode).toBe(409);
      expect(errorCode(again)).toBe('ALREADY_EXISTS');
    });

    it('204 ends the position (kept in history), 409 the second time, 404 for unknown', async () => {
      const res = await api.send('DELETE', `/api/v1/positions/${created}`, 'orgAdminA');
      expect(res.statusCode).toBe(204);
      const row = await t.tdb.db
        .selectFrom('positions')
        .selectAll()
        .where('id', '=', created)
        .executeTakeFirstOrThrow();
      expect(row.ended_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const person = (
        await api.get(`/api/v1/people/${w.ids.parentA1}`, 'parentA1')
      ).json() as PersonBody;
      expect(person.positions.map((p) => p.id)).not.toContain(created);
      expect((await auditOf(t.tdb.db, 'position.ended')).at(-1)?.target_id).toBe(String(created));
      expect(
        (await api.send('DELETE', `/api/v1/positions/${created}`, 'orgAdminA')).statusCode,
      ).toBe(409);
      expect((await api.send('DELETE', '/api/v1/positions/999999', 'orgAdminA')).statusCode).toBe(
        404,
      );
    });
  });

  describe('POST /people/:personId/guardianships', () => {
    const url = (id: number | string) => `/api/v1/people/${id}/guardianships`;

    it('401 without a session', async () => {
      expect(
        (await api.send('POST', url(w.ids.pupilA2), null, { parentId: w.ids.parentA1 })).statusCode,
      ).toBe(401);
    });

    it('400 for bad bodies, naming the field', async () => {
      expect(failedPaths(await api.send('POST', url(w.ids.pupilA2), 'orgAdminA', {}))).toContain(
        'body.parentId',
      );
      const relation = await api.send('POST', url(w.ids.pupilA2), 'orgAdminA', {
        parentId: w.ids.parentA1,
        relation: 'uncle',
      });
      expect(failedPaths(relation)).toContain('body.relation');
      const self = await api.send('POST', url(w.ids.pupilA2), 'orgAdminA', {
        parentId: w.ids.pupilA2,
      });
      expect(failedPaths(self)).toEqual(['body.parentId']);
      const foreign = await api.send('POST', url(w.ids.pupilA2), 'orgAdminA', {
        parentId: w.ids.foreignAdmin,
      });
      expect(failedPaths(foreign)).toEqual(['body.parentId']);
    });

    it('403 for a pupil of another organisation, a parent outside the scope, or a non-admin', async () => {
      expect(
        (await api.send('POST', url(w.ids.pupilB1), 'orgAdminA', { parentId: w.ids.parentA1 }))
          .statusCode,
      ).toBe(403);
      expect(
        (await api.send('POST', url(w.ids.pupilA2), 'orgAdminA', { parentId: w.ids.parentB1 }))
          .statusCode,
      ).toBe(403);
      expect(
        (await api.send('POST', url(w.ids.pupilA2), 'teacherA', { parentId: w.ids.parentA1 }))
          .statusCode,
      ).toBe(403);
    });

    it('201 links a parent, 409 the second time; the parent then sees the child', async () => {
      const db = t.tdb.db;
      const kid = await buildPerson(db, w.municipalityId, { login: null });
      const sibling = await buildPerson(db, w.municipalityId, { login: null });
      const mother = await buildPerson(db, w.municipalityId, { login: 'w.mother' });
      await enrol(db, kid.personId, w.classA1);
      await enrol(db, sibling.personId, w.classA2);
      await linkParent(db, mother.personId, kid.personId);

      const res = await api.send('POST', url(sibling.personId), 'orgAdminA', {
        parentId: mother.personId,
        relation: 'mother',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        parentId: mother.personId,
        pupilId: sibling.personId,
        relation: 'mother',
      });
      expect((await auditOf(db, 'guardianship.created')).at(-1)?.target_id).toBe(
        String(sibling.personId),
      );
      const again = await api.send('POST', url(sibling.personId), 'orgAdminA', {
        parentId: mother.personId,
      });
      expect(again.statusCode).toBe(409);
      expect((await api.get(`/api/v1/people/${sibling.personId}`, 'w.mother')).statusCode).toBe(
        200,
      );
      const children = (await api.get('/api/v1/me/children', 'w.mother')).json() as Page<{
        id: number;
      }>;
      expect(children.items.map((c) => c.id).sort()).toEqual(
        [kid.personId, sibling.personId].sort(),
      );
    });
  });

  describe('GET /me/children', () => {
    it('401 without a session', async () => {
      expect((await api.get('/api/v1/me/children', null)).statusCode).toBe(401);
    });

    it('400 for bad paging', async () => {
      expect(failedPaths(await api.get('/api/v1/me/children?limit=0', 'parentA1'))).toContain(
        'querystring.limit',
      );
    });

    it('200: own children with class and school; nothing for people without children', async () => {
      const res = await api.get('/api/v1/me/children', 'parentA1');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        items: [
          expect.objectContaining({
            id: w.ids.pupilA1,
            relation: 'mother',
            classes: [
              {
                id: w.classA1,
                name: '5А',
                organizationId: w.schoolA,
                organizationName: 'МАОУ СОШ № 1',
              },
            ],
          }),
        ],
        total: 1,
        limit: 50,
        offset: 0,
      });
      const none = (await api.get('/api/v1/me/children', 'teacherA')).json() as Page<unknown>;
      expect(none.total).toBe(0);
    });
  });
});
