import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import {
  auditOf,
  buildWorld,
  client,
  expectNamed,
  failedPaths,
  type World,
} from '../people/people.test-world';

interface Counts {
  staff: number;
  pedagogical: number;
  pupils: number;
  classes: number;
}
interface Entry {
  id: number;
  kind: string;
  name: string;
  shortName: string | null;
  archived: boolean;
  counts: Counts | null;
}
interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
interface ClassBody {
  id: number;
  organizationId: number;
  name: string;
  classTeacherId: number | null;
  pupilCount: number;
}
interface BaselinesBody {
  current: { category: string; headcount: number; validFrom: string }[];
  history: { category: string; headcount: number; validFrom: string }[];
}

describe.each(DIALECTS)('organisations API on %s', (dialect) => {
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

  describe('GET /municipality', () => {
    it('401 without a session', async () => {
      expect((await api.get('/api/v1/municipality', null)).statusCode).toBe(401);
    });

    it('200: own municipality, for anyone signed in', async () => {
      const res = await api.get('/api/v1/municipality', 'pupilA1');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        id: w.municipalityId,
        name: 'Кушвинский городской округ',
        shortName: null,
        timeZone: 'Asia/Yekaterinburg',
      });
      const foreign = (await api.get('/api/v1/municipality', 'foreignAdmin')).json() as {
        id: number;
      };
      expect(foreign.id).toBe(w.foreignMunicipalityId);
    });
  });

  describe('GET /organizations and /organizations/:orgId', () => {
    it('401 without a session', async () => {
      expect((await api.get('/api/v1/organizations', null)).statusCode).toBe(401);
      expect((await api.get(`/api/v1/organizations/${w.schoolA}`, null)).statusCode).toBe(401);
    });

    it('400 for bad filters and ids', async () => {
      const kind = await api.get('/api/v1/organizations?kind=university', 'pupilA1');
      expect(failedPaths(kind)).toContain('querystring.kind');
      expectNamed(await api.get('/api/v1/organizations?sort=name', 'pupilA1'), 'sort');
      expect(failedPaths(await api.get('/api/v1/organizations/abc', 'pupilA1'))).toContain(
        'params.orgId',
      );
    });

    it('404 for an organisation of another municipality', async () => {
      const res = await api.get(`/api/v1/organizations/${w.foreignSchool}`, 'munAdmin');
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('NOT_FOUND');
    });

    it('200: every member sees the directory of their municipality, without counts', async () => {
      for (const who of ['pupilA1', 'parentB1', 'teacherA', 'outsider'] as const) {
        const res = await api.get('/api/v1/organizations', who);
        expect(res.statusCode, who).toBe(200);
        const page = res.json() as Page<Entry>;
        expect(new Set(page.items.map((o) => o.id))).toEqual(
          new Set([w.schoolA, w.schoolB, w.authority]),
        );
        expect(page.total).toBe(3);
        expect(page.items.every((o) => o.counts === null)).toBe(true);
      }
      const one = await api.get(`/api/v1/organizations/${w.schoolB}`, 'pupilA1');
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({
        id: w.schoolB,
        kind: 'general',
        name: 'МАОУ СОШ № 2',
        counts: null,
      });
    });

    it('200: counts for administrators, authority staff and the head of their own organisation', async () => {
      const expectedA: Counts = { staff: 2, pedagogical: 2, pupils: 3, classes: 2 };
      for (const who of ['munAdmin', 'authStaff'] as const) {
        const page = (await api.get('/api/v1/organizations', who)).json() as Page<Entry>;
        expect(page.items.find((o) => o.id === w.schoolA)?.counts, who).toEqual(expectedA);
        expect(page.items.find((o) => o.id === w.authority)?.counts, who).toEqual({
          staff: 1,
          pedagogical: 0,
          pupils: 0,
          classes: 0,
        });
      }
      const head = (await api.get('/api/v1/organizations', 'headA')).json() as Page<Entry>;
      expect(head.items.find((o) => o.id === w.schoolA)?.counts).toEqual(expectedA);
      expect(head.items.find((o) => o.id === w.schoolB)?.counts).toBeNull();
      const orgAdmin = (
        await api.get(`/api/v1/organizations/${w.schoolA}`, 'orgAdminA')
      ).json() as Entry;
      expect(orgAdmin.counts).toEqual(expectedA);
      const other = (
        await api.get(`/api/v1/organizations/${w.schoolB}`, 'orgAdminA')
      ).json() as Entry;
      expect(other.counts).toBeNull();
    });

    it('200: kind filter and paging', async () => {
      const page = (
        await api.get('/api/v1/organizations?kind=authority', 'teacherA')
      ).json() as Page<Entry>;
      expect(page.items.map((o) => o.id)).toEqual([w.authority]);
      const first = (
        await api.get('/api/v1/organizations?limit=1&offset=1', 'teacherA')
      ).json() as Page<Entry>;
      expect(first).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(first.items).toHaveLength(1);
    });

    it('400 for an empty or overlong search', async () => {
      expect(failedPaths(await api.get('/api/v1/organizations?q=', 'teacherA'))).toContain(
        'querystring.q',
      );
      const long = encodeURIComponent('ш'.repeat(201));
      expect(failedPaths(await api.get(`/api/v1/organizations?q=${long}`, 'teacherA'))).toContain(
        'querystring.q',
      );
    });

    it('200: search by name in any case (Cyrillic on both dialects), every word, with the kind filter', async () => {
      const found = async (q: string, extra = '') => {
        const res = await api.get(
          `/api/v1/organizations?q=${encodeURIComponent(q)}${extra}`,
          'teacherA',
        );
        expect(res.statusCode, q).toBe(200);
        const page = res.json() as Page<Entry>;
        expect(page.total, q).toBe(page.items.length);
        return page.items.map((o) => o.id).sort((a, b) => a - b);
      };
      const schools = [w.schoolA, w.schoolB].sort((a, b) => a - b);
      expect(await found('сош')).toEqual(schools);
      expect(await found('  Маоу   СОШ ')).toEqual(schools);
      expect(await found('маоу 2')).toEqual([w.schoolB]);
      expect(await found('СОШ №1')).toEqual([w.schoolA]);
      expect(await found('«СОШ» № 1')).toEqual([w.schoolA]);
      expect(await found('управление')).toEqual([w.authority]);
      expect(await found('ОБРАЗОВАНИЯ')).toEqual([w.authority]);
      expect(await found('сош', '&kind=authority')).toEqual([]);
      expect(await found('школа')).toEqual([]);
      // LIKE wildcards are taken literally.
      expect(await found('%')).toEqual([]);
      expect(await found('_')).toEqual([]);
      // Another municipality's organisations are never found.
      expect(await found('Чужая')).toEqual([]);
    });
  });

  describe('POST /organizations and PATCH /organizations/:orgId', () => {
    let created = 0;

    it('401 without a session', async () => {
      expect(
        (
          await api.send('POST', '/api/v1/organizations', null, {
            kind: 'preschool',
            name: 'Д/с № 1',
          })
        ).statusCode,
      ).toBe(401);
      expect(
        (await api.send('PATCH', `/api/v1/organizations/${w.schoolA}`, null, { name: 'X' }))
          .statusCode,
      ).toBe(401);
    });

    it('400 for bad bodies, naming the field', async () => {
      expectNamed(
        await api.send('POST', '/api/v1/organizations', 'munAdmin', {
          kind: 'preschool',
          name: 'Д/с',
          colour: 'red',
        }),
        'colour',
      );
      const kind = await api.send('POST', '/api/v1/organizations', 'munAdmin', {
        kind: 'university',
        name: 'ВУЗ',
      });
      expect(failedPaths(kind)).toContain('body.kind');
      const name = await api.send('PATCH', `/api/v1/organizations/${w.schoolA}`, 'orgAdminA', {
        name: '',
      });
      expect(failedPaths(name)).toContain('body.name');
      expectNamed(
        await api.send('PATCH', `/api/v1/organizations/${w.schoolA}`, 'orgAdminA', {
          address: 'x',
        }),
        'address',
      );
    });

    it('403: only a municipal admin creates; an org admin renames only their own', async () => {
      for (const who of ['orgAdminA', 'headA', 'authStaff'] as const) {
        const res = await api.send('POST', '/api/v1/organizations', who, {
          kind: 'preschool',
          name: 'Д/с',
        });
        expect(res.statusCode, who).toBe(403);
      }
      expect(
        (
          await api.send('PATCH', `/api/v1/organizations/${w.schoolB}`, 'orgAdminA', {
            name: 'Школа',
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await api.send('PATCH', `/api/v1/organizations/${w.schoolA}`, 'orgAdminA', {
            kind: 'additional',
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await api.send('PATCH', `/api/v1/organizations/${w.schoolA}`, 'orgAdminA', {
            archived: true,
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (await api.send('PATCH', `/api/v1/organizations/${w.schoolA}`, 'headA', { name: 'Школа' }))
          .statusCode,
      ).toBe(403);
      expect(
        (
          await api.send('PATCH', `/api/v1/organizations/${w.foreignSchool}`, 'munAdmin', {
            name: 'Моя',
          })
        ).statusCode,
      ).toBe(404);
    });

    it('201: a municipal admin creates an organisation (audited); 409 for a taken external id', async () => {
      const body = {
        kind: 'preschool',
        name: 'МАДОУ детский сад № 5',
        shortName: 'Д/с № 5',
        externalId: 'ds-5',
      };
      const res = await api.send('POST', '/api/v1/organizations', 'munAdmin', body);
      expect(res.statusCode).toBe(201);
      const org = res.json() as {
        id: number;
        municipalityId: number;
        externalId: string;
        archivedAt: null;
      };
      expect(org).toMatchObject({
        municipalityId: w.municipalityId,
        externalId: 'ds-5',
        archivedAt: null,
      });
      created = org.id;
      const entry = (await auditOf(t.tdb.db, 'organization.created')).at(-1);
      expect(entry).toMatchObject({ actor_person_id: w.ids.munAdmin, target_id: String(created) });
      const again = await api.send('POST', '/api/v1/organizations', 'munAdmin', {
        ...body,
        name: 'Другой',
      });
      expect(again.statusCode).toBe(409);
      expect(errorCode(again)).toBe('ALREADY_EXISTS');
    });

    it('200: an org admin renames their organisation; a municipal admin archives one (audited)', async () => {
      const res = await api.send('PATCH', `/api/v1/organizations/${w.schoolA}`, 'orgAdminA', {
        shortName: 'СОШ 1',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: w.schoolA, name: 'МАОУ СОШ № 1', shortName: 'СОШ 1' });
      const renamed = (await auditOf(t.tdb.db, 'organization.updated')).at(-1);
      expect(renamed).toMatchObject({
        actor_person_id: w.ids.orgAdminA,
        target_id: String(w.schoolA),
      });
      expect(JSON.parse(renamed?.details ?? '{}')).toEqual({ fields: ['shortName'] });

      const archived = await api.send('PATCH', `/api/v1/organizations/${created}`, 'munAdmin', {
        archived: true,
      });
      expect(archived.statusCode).toBe(200);
      expect((archived.json() as { archivedAt: string | null }).archivedAt).not.toBeNull();
      const listed = (await api.get('/api/v1/organizations', 'teacherA')).json() as Page<Entry>;
      expect(listed.items.map((o) => o.id)).not.toContain(created);
      const all = (
        await api.get('/api/v1/organizations?includeArchived=true', 'teacherA')
      ).json() as Page<Entry>;
      expect(all.items.find((o) => o.id === created)?.archived).toBe(true);
    });
  });

  describe('GET/PUT /organizations/:orgId/baselines', () => {
    const url = (id: number | string) => `/api/v1/organizations/${id}/baselines`;

    it('401 without a session', async () => {
      expect((await api.get(url(w.schoolA), null)).statusCode).toBe(401);
      expect(
        (
          await api.send('PUT', url(w.schoolA), null, {
            items: [{ category: 'pupils', headcount: 1, validFrom: '2023-09-01' }],
          })
        ).statusCode,
      ).toBe(401);
    });

    it('400 for bad bodies, naming the field', async () => {
      const negative = await api.send('PUT', url(w.schoolA), 'munAdmin', {
        items: [{ category: 'pedagogical', headcount: -1, validFrom: '2023-09-01' }],
      });
      expect(failedPaths(negative)).toContain('body.items.0.headcount');
      const date = await api.send('PUT', url(w.schoolA), 'munAdmin', {
        items: [{ category: 'pedagogical', headcount: 1, validFrom: '01.09.2023' }],
      });
      expect(failedPaths(date)).toContain('body.items.0.validFrom');
      const twice = await api.send('PUT', url(w.schoolA), 'munAdmin', {
        items: [
          { category: 'pupils', headcount: 1, validFrom: '2023-09-01' },
          { category: 'pupils', headcount: 2, validFrom: '2023-09-01' },
        ],
      });
      expect(failedPaths(twice)).toContain('body.items');
      expect((await api.send('PUT', url(w.schoolA), 'munAdmin', { items: [] })).statusCode).toBe(
        400,
      );
    });

    it('403: read by the org admin, authority staff and municipal admin only; write by a municipal admin', async () => {
      for (const who of ['teacherA', 'headA', 'pupilA1', 'parentA1'] as const) {
        expect((await api.get(url(w.schoolA), who)).statusCode, who).toBe(403);
      }
      expect((await api.get(url(w.schoolB), 'orgAdminA')).statusCode).toBe(403);
      const body = { items: [{ category: 'pedagogical', headcount: 40, validFrom: '2023-09-01' }] };
      for (const who of ['orgAdminA', 'authStaff'] as const) {
        expect((await api.send('PUT', url(w.schoolA), who, body)).statusCode, who).toBe(403);
      }
    });

    it('200: each change from its date; history kept; a future row is not in force yet', async () => {
      const empty = await api.get(url(w.schoolA), 'orgAdminA');
      expect(empty.statusCode).toBe(200);
      expect(empty.json()).toEqual({ current: [], history: [] });

      const first = await api.send('PUT', url(w.schoolA), 'munAdmin', {
        items: [
          { category: 'pedagogical', headcount: 30, validFrom: '2023-09-01' },
          { category: 'pupils', headcount: 500, validFrom: '2023-09-01' },
        ],
      });
      expect(first.statusCode).toBe(200);
      await api.send('PUT', url(w.schoolA), 'munAdmin', {
        items: [
          { category: 'pedagogical', headcount: 32, validFrom: '2024-01-09' },
          { category: 'pedagogical', headcount: 99, validFrom: '2999-01-01' },
        ],
      });
      // The same category and date replaces the headcount.
      await api.send('PUT', url(w.schoolA), 'munAdmin', {
        items: [{ category: 'pupils', headcount: 510, validFrom: '2023-09-01' }],
      });
      for (const who of ['orgAdminA', 'authStaff', 'munAdmin'] as const) {
        const res = await api.get(url(w.schoolA), who);
        expect(res.statusCode, who).toBe(200);
        const body = res.json() as BaselinesBody;
        expect(body.current).toEqual([
          {
            organizationId: w.schoolA,
            category: 'pedagogical',
            headcount: 32,
            validFrom: '2024-01-09',
          },
          {
            organizationId: w.schoolA,
            category: 'pupils',
            headcount: 510,
            validFrom: '2023-09-01',
          },
        ]);
        expect(body.history.map((b) => `${b.category}:${b.validFrom}:${b.headcount}`)).toEqual([
          'pedagogical:2999-01-01:99',
          'pedagogical:2024-01-09:32',
          'pedagogical:2023-09-01:30',
          'pupils:2023-09-01:510',
        ]);
      }
      const entries = await auditOf(t.tdb.db, 'organization.baselines_set');
      expect(entries).toHaveLength(3);
      expect(entries.every((e) => e.actor_person_id === w.ids.munAdmin)).toBe(true);
    });
  });

  describe('GET /organizations/:orgId/staff', () => {
    const url = (id: number | string) => `/api/v1/organizations/${id}/staff`;

    it('401 without a session', async () => {
      expect((await api.get(url(w.schoolA), null)).statusCode).toBe(401);
    });

    it('400 for bad filters', async () => {
      expect(failedPaths(await api.get(`${url(w.schoolA)}?role=janitor`, 'teacherA'))).toContain(
        'querystring.role',
      );
      expect(failedPaths(await api.get(`${url(w.schoolA)}?limit=1000`, 'teacherA'))).toContain(
        'querystring.limit',
      );
    });

    it('403: a pupil or parent cannot list the staff of another school', async () => {
      expect((await api.get(url(w.schoolB), 'pupilA1')).statusCode).toBe(403);
      expect((await api.get(url(w.schoolB), 'parentA1')).statusCode).toBe(403);
      expect((await api.get(url(w.schoolA), 'pupilB1')).statusCode).toBe(403);
      expect((await api.get(url(w.schoolA), 'teacherB')).statusCode).toBe(403);
      expect((await api.get(url(w.schoolA), 'outsider')).statusCode).toBe(403);
      expect((await api.get(url(w.foreignSchool), 'foreignAdmin')).statusCode).toBe(200);
      expect((await api.get(url(w.foreignSchool), 'munAdmin')).statusCode).toBe(404);
    });

    it('200: staff, pupils and parents of the school, authority staff and admins', async () => {
      for (const who of [
        'teacherA',
        'pupilA1',
        'parentA1',
        'authStaff',
        'orgAdminA',
        'munAdmin',
      ] as const) {
        const res = await api.get(url(w.schoolA), who);
        expect(res.statusCode, who).toBe(200);
        const page = res.json() as Page<{
          id: number;
          positions: { organizationId: number; role: string }[];
        }>;
        expect(new Set(page.items.map((p) => p.id)), who).toEqual(
          new Set([w.ids.headA, w.ids.teacherA]),
        );
        expect(page.items[0]).not.toHaveProperty('phone');
      }
      const heads = (await api.get(`${url(w.schoolA)}?role=head`, 'pupilA1')).json() as Page<{
        id: number;
      }>;
      expect(heads.items.map((p) => p.id)).toEqual([w.ids.headA]);
      const b = await api.get(url(w.schoolB), 'authStaff');
      expect((b.json() as Page<{ id: number }>).items.map((p) => p.id)).toEqual([w.ids.teacherB]);
    });
  });

  describe('classes', () => {
    let created = 0;

    it('401 without a session', async () => {
      expect((await api.get(`/api/v1/organizations/${w.schoolA}/classes`, null)).statusCode).toBe(
        401,
      );
      expect(
        (
          await api.send('POST', `/api/v1/organizations/${w.schoolA}/classes`, null, {
            name: '6Б',
            academicYear: 2023,
          })
        ).statusCode,
      ).toBe(401);
      expect((await api.get(`/api/v1/classes/${w.classA1}`, null)).statusCode).toBe(401);
      expect((await api.get(`/api/v1/classes/${w.classA1}/pupils`, null)).statusCode).toBe(401);
    });

    it('400 for bad ids, filters and bodies', async () => {
      expect(
        failedPaths(
          await api.get(`/api/v1/organizations/${w.schoolA}/classes?academicYear=abc`, 'teacherA'),
        ),
      ).toContain('querystring.academicYear');
      expect(failedPaths(await api.get('/api/v1/classes/-1', 'teacherA'))).toContain(
        'params.classId',
      );
      expect(failedPaths(await api.get('/api/v1/classes/x/pupils', 'teacherA'))).toContain(
        'params.classId',
      );
      const year = await api.send(
        'POST',
        `/api/v1/organizations/${w.schoolA}/classes`,
        'orgAdminA',
        { name: '6Б', academicYear: 1900 },
      );
      expect(failedPaths(year)).toContain('body.academicYear');
      expectNamed(
        await api.send('POST', `/api/v1/organizations/${w.schoolA}/classes`, 'orgAdminA', {
          name: '6Б',
          academicYear: 2023,
          room: 12,
        }),
        'room',
      );
    });

    it('404 for classes of another municipality', async () => {
      expect((await api.get(`/api/v1/classes/${w.foreignClass}`, 'munAdmin')).statusCode).toBe(404);
      expect(
        (await api.get(`/api/v1/classes/${w.foreignClass}/pupils`, 'munAdmin')).statusCode,
      ).toBe(404);
    });

    it('403: class lists for staff and admins; a class for its pupils too; never for parents or other schools', async () => {
      for (const who of ['parentA1', 'pupilA1', 'teacherB', 'outsider'] as const) {
        expect(
          (await api.get(`/api/v1/organizations/${w.schoolA}/classes`, who)).statusCode,
          who,
        ).toBe(403);
      }
      for (const who of ['parentA1', 'pupilB1', 'pupilA2', 'teacherB'] as const) {
        expect((await api.get(`/api/v1/classes/${w.classA1}`, who)).statusCode, who).toBe(403);
      }
    });

    it('403: pupils of a class are hidden from parents, authority staff, other classes and other schools', async () => {
      for (const who of [
        'parentA1',
        'authStaff',
        'pupilA2',
        'pupilB1',
        'teacherB',
        'outsider',
      ] as const) {
        const res = await api.get(`/api/v1/classes/${w.classA1}/pupils`, who);
        expect(res.statusCode, who).toBe(403);
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
      // A pupil cannot read the pupils of a class of another school.
      expect((await api.get(`/api/v1/classes/${w.classB1}/pupils`, 'pupilA1')).statusCode).toBe(
        403,
      );
    });

    it('200: classes with pupil counts; a class; its pupils for classmates and staff', async () => {
      const list = await api.get(`/api/v1/organizations/${w.schoolA}/classes`, 'teacherA');
      expect(list.statusCode).toBe(200);
      const page = list.json() as Page<ClassBody>;
      expect(page.total).toBe(2);
      expect(Object.fromEntries(page.items.map((c) => [c.name, c.pupilCount]))).toEqual({
        '5А': 2,
        '7Б': 1,
      });
      expect(
        (
          await api.get(`/api/v1/organizations/${w.schoolA}/classes?academicYear=2022`, 'authStaff')
        ).json(),
      ).toMatchObject({
        total: 0,
      });

      for (const who of ['pupilA1', 'teacherA', 'authStaff', 'orgAdminA'] as const) {
        const res = await api.get(`/api/v1/classes/${w.classA1}`, who);
        expect(res.statusCode, who).toBe(200);
        expect(res.json()).toMatchObject({
          id: w.classA1,
          organizationId: w.schoolA,
          name: '5А',
          pupilCount: 2,
        });
      }
      for (const who of [
        'pupilA1',
        'classmateA1',
        'teacherA',
        'headA',
        'orgAdminA',
        'munAdmin',
      ] as const) {
        const res = await api.get(`/api/v1/classes/${w.classA1}/pupils`, who);
        expect(res.statusCode, who).toBe(200);
        const pupils = res.json() as Page<{ id: number }>;
        expect(new Set(pupils.items.map((p) => p.id)), who).toEqual(
          new Set([w.ids.pupilA1, w.ids.classmateA1]),
        );
        expect(pupils.total).toBe(2);
      }
    });

    it('POST classes: 403 for non-admins and other organisations; 201; 400 for a teacher of another school; 409 twice', async () => {
      const url = `/api/v1/organizations/${w.schoolA}/classes`;
      const body = { name: '6Б', grade: 6, academicYear: 2023, classTeacherId: w.ids.teacherA };
      expect((await api.send('POST', url, 'teacherA', body)).statusCode).toBe(403);
      expect(
        (await api.send('POST', `/api/v1/organizations/${w.schoolB}/classes`, 'orgAdminA', body))
          .statusCode,
      ).toBe(403);

      const wrongTeacher = await api.send('POST', url, 'orgAdminA', {
        ...body,
        classTeacherId: w.ids.teacherB,
      });
      expect(failedPaths(wrongTeacher)).toEqual(['body.classTeacherId']);

      const res = await api.send('POST', url, 'orgAdminA', body);
      expect(res.statusCode).toBe(201);
      const cls = res.json() as ClassBody & { kind: string };
      expect(cls).toMatchObject({
        organizationId: w.schoolA,
        name: '6Б',
        kind: 'class',
        classTeacherId: w.ids.teacherA,
        pupilCount: 0,
        archived: false,
      });
      created = cls.id;
      expect((await auditOf(t.tdb.db, 'class.created')).at(-1)).toMatchObject({
        actor_person_id: w.ids.orgAdminA,
        target_id: String(created),
      });
      const again = await api.send('POST', url, 'orgAdminA', body);
      expect(again.statusCode).toBe(409);
    });

    it('enrolments: 401, 400, 403, 201, 409, then DELETE 204 and 404', async () => {
      const url = `/api/v1/classes/${created}/enrolments`;
      expect((await api.send('POST', url, null, { pupilId: w.ids.pupilA2 })).statusCode).toBe(401);
      expect(failedPaths(await api.send('POST', url, 'orgAdminA', {}))).toContain('body.pupilId');
      expect(
        failedPaths(await api.send('POST', url, 'orgAdminA', { pupilId: w.ids.foreignPupil })),
      ).toEqual(['body.pupilId']);
      expectNamed(
        await api.send('POST', url, 'orgAdminA', { pupilId: w.ids.pupilA2, since: '2023-09-01' }),
        'since',
      );

      expect((await api.send('POST', url, 'teacherA', { pupilId: w.ids.pupilA2 })).statusCode).toBe(
        403,
      );
      // A pupil of another school cannot be pulled in by this school's admin.
      expect(
        (await api.send('POST', url, 'orgAdminA', { pupilId: w.ids.pupilB1 })).statusCode,
      ).toBe(403);
      expect(
        (
          await api.send('POST', `/api/v1/classes/${w.classB1}/enrolments`, 'orgAdminA', {
            pupilId: w.ids.pupilA2,
          })
        ).statusCode,
      ).toBe(403);

      const res = await api.send('POST', url, 'orgAdminA', { pupilId: w.ids.pupilA2 });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ pupilId: w.ids.pupilA2, classId: created, endedOn: null });
      expect((await auditOf(t.tdb.db, 'enrolment.created')).at(-1)?.target_id).toBe(
        String(created),
      );
      expect(
        (await api.send('POST', url, 'orgAdminA', { pupilId: w.ids.pupilA2 })).statusCode,
      ).toBe(409);
      const pupils = (
        await api.get(`/api/v1/classes/${created}/pupils`, 'pupilA2')
      ).json() as Page<{ id: number }>;
      expect(pupils.items.map((p) => p.id)).toEqual([w.ids.pupilA2]);

      const del = (
        pupilId: number | string,
        as: 'orgAdminA' | 'teacherA' | null,
        classId = created,
      ) => api.send('DELETE', `/api/v1/classes/${classId}/enrolments/${pupilId}`, as);
      expect((await del(w.ids.pupilA2, null)).statusCode).toBe(401);
      expect(failedPaths(await del('abc', 'orgAdminA'))).toContain('params.pupilId');
      expect((await del(w.ids.pupilA2, 'teacherA')).statusCode).toBe(403);
      expect((await del(w.ids.pupilB1, 'orgAdminA', w.classB1)).statusCode).toBe(403);
      expect((await del(w.ids.pupilA2, 'orgAdminA')).statusCode).toBe(204);
      expect((await auditOf(t.tdb.db, 'enrolment.ended')).at(-1)?.target_id).toBe(String(created));
      expect((await del(w.ids.pupilA2, 'orgAdminA')).statusCode).toBe(404);
      const after = (await api.get(`/api/v1/classes/${created}`, 'teacherA')).json() as ClassBody;
      expect(after.pupilCount).toBe(0);
      // The pupil has left the class: its pupil list is closed to them now.
      expect((await api.get(`/api/v1/classes/${created}/pupils`, 'pupilA2')).statusCode).toBe(403);
    });
  });

  it('publishes every endpoint in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    for (const p of [
      '/api/v1/municipality',
      '/api/v1/organizations',
      '/api/v1/organizations/{orgId}',
      '/api/v1/organizations/{orgId}/baselines',
      '/api/v1/organizations/{orgId}/staff',
      '/api/v1/organizations/{orgId}/classes',
      '/api/v1/classes/{classId}',
      '/api/v1/classes/{classId}/pupils',
      '/api/v1/classes/{classId}/enrolments',
      '/api/v1/classes/{classId}/enrolments/{pupilId}',
      '/api/v1/people',
      '/api/v1/people/{personId}',
      '/api/v1/people/{personId}/positions',
      '/api/v1/people/{personId}/guardianships',
      '/api/v1/people/{personId}/guardianships/{parentId}',
      '/api/v1/positions/{positionId}',
      '/api/v1/me/children',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
