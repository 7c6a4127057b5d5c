import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildPerson, buildPosition, enrol, linkParent } from '../../../test/factories';
import { syncRosters } from '../chats';
import { auditOf, buildWorld, client, failedPaths, type World } from './people.test-world';

interface Link {
  personId: number;
  displayName: string;
  active: boolean;
  relation: string;
  createdAt: string;
  classes: { id: number; name: string; organizationId: number; organizationName: string }[];
}
interface Links {
  parents: Link[];
  children: Link[];
}

/**
 * A person's parents and children: listing them (`GET`), unlinking
 * (`DELETE`) with the class parents' chats following, and the `kinds` of a
 * person that these links make.
 */
describe.each(DIALECTS)('parents and children on %s', (dialect) => {
  let t: TestApp;
  let w: World;
  let api: ReturnType<typeof client>;
  /** A mother of four: two children in 5А, one in 7Б (school A), one in school B. */
  let mother = 0;
  let kidA1 = 0;
  let kidA1b = 0;
  let kidA2 = 0;
  let kidB = 0;
  /** A teacher of school A who is also the father of `kidA2`. */
  let teacherFather = 0;
  const list = (id: number | string) => `/api/v1/people/${id}/guardianships`;
  const unlink = (pupil: number | string, parent: number | string) =>
    `/api/v1/people/${pupil}/guardianships/${parent}`;

  async function inParentsChat(classId: number, personId: number): Promise<boolean> {
    const row = await t.tdb.db
      .selectFrom('chat_members as m')
      .innerJoin('chats as c', 'c.id', 'm.chat_id')
      .select('m.left_at')
      .where('c.class_id', '=', classId)
      .where('c.kind', '=', 'class_parents')
      .where('m.person_id', '=', personId)
      .executeTakeFirst();
    return row !== undefined && row.left_at === null;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildWorld(t.tdb.db);
    api = client(t.app, w);
    const db = t.tdb.db;
    const person = async (lastName: string, firstName: string) =>
      (await buildPerson(db, w.municipalityId, { login: null, lastName, firstName })).personId;
    mother = await person('Соколова', 'Ирина');
    kidA1 = await person('Соколов', 'Артём');
    kidA1b = await person('Соколова', 'Алиса');
    kidA2 = await person('Соколов', 'Борис');
    kidB = await person('Соколова', 'Вера');
    teacherFather = await person('Соколов', 'Семён');
    await buildPosition(db, teacherFather, w.schoolA, 'teacher');
    await enrol(db, kidA1, w.classA1);
    await enrol(db, kidA1b, w.classA1);
    await enrol(db, kidA2, w.classA2);
    await enrol(db, kidB, w.classB1);
    for (const kid of [kidA1, kidA1b, kidA2, kidB]) await linkParent(db, mother, kid);
    await linkParent(db, teacherFather, kidA2);
    await db
      .updateTable('organizations')
      .set({ short_name: 'СОШ № 2' })
      .where('id', '=', w.schoolB)
      .execute();
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

  describe('GET /people/:personId/guardianships', () => {
    it('401 without a session', async () => {
      expect((await api.get(list(mother), null)).statusCode).toBe(401);
    });

    it('400 for a malformed id', async () => {
      expect(failedPaths(await api.get(list('abc'), 'orgAdminA'))).toContain('params.personId');
    });

    it('403 for non-administrators and outside the administrator’s scope; 404 abroad', async () => {
      for (const who of ['teacherA', 'headA', 'parentA1', 'pupilA1'] as const) {
        expect((await api.get(list(w.ids.pupilA1), who)).statusCode, who).toBe(403);
      }
      expect((await api.get(list(w.ids.pupilB1), 'orgAdminA')).statusCode).toBe(403);
      expect((await api.get(list(w.ids.foreignPupil), 'munAdmin')).statusCode).toBe(404);
    });

    it('200: a pupil’s parents; a parent’s children with their classes (audited)', async () => {
      const before = (await auditOf(t.tdb.db, 'person.guardianships_viewed')).length;
      const pupil = await api.get(list(kidA2), 'orgAdminA');
      expect(pupil.statusCode).toBe(200);
      const links = pupil.json() as Links;
      expect(links.children).toEqual([]);
      expect(links.parents.map((p) => p.displayName)).toEqual([
        'Соколов Семён Петрович',
        'Соколова Ирина Петрович',
      ]);
      expect(links.parents[0]).toMatchObject({
        personId: teacherFather,
        active: true,
        relation: 'mother',
        classes: [],
      });

      const parent = (await api.get(list(mother), 'munAdmin')).json() as Links;
      expect(parent.parents).toEqual([]);
      expect(parent.children.map((c) => c.personId)).toEqual([kidA1, kidA2, kidA1b, kidB]);
      expect(parent.children.find((c) => c.personId === kidB)?.classes).toEqual([
        {
          id: w.classB1,
          name: '5А',
          organizationId: w.schoolB,
          organizationName: 'СОШ № 2',
        },
      ]);
      const entries = await auditOf(t.tdb.db, 'person.guardianships_viewed');
      expect(entries).toHaveLength(before + 2);
      expect(entries.at(-1)).toMatchObject({
        actor_person_id: w.ids.munAdmin,
        target_id: String(mother),
      });
    });

    it('200: a school’s administrator does not see the parent’s children in other schools', async () => {
      const parent = (await api.get(list(mother), 'orgAdminA')).json() as Links;
      expect(parent.children.map((c) => c.personId)).toEqual([kidA1, kidA2, kidA1b]);
    });

    it('the person card says what the person is: staff, pupil, parent', async () => {
      const kinds = async (id: number) =>
        ((await api.get(`/api/v1/people/${id}`, 'munAdmin')).json() as { kinds: string[] }).kinds;
      expect(await kinds(teacherFather)).toEqual(['staff', 'parent']);
      expect(await kinds(kidA1)).toEqual(['pupil']);
      expect(await kinds(mother)).toEqual(['parent']);
      expect(await kinds(w.ids.outsider)).toEqual([]);
      const me = (await api.get('/api/v1/me', 'parentA1')).json() as {
        person: { kinds: string[] };
      };
      expect(me.person.kinds).toEqual(['parent']);
    });

    it('the directory row says it too, and a name typed with «е» finds «ё» (and back)', async () => {
      const found = async (q: string) =>
        (
          (await api.get(`/api/v1/people?q=${encodeURIComponent(q)}`, 'munAdmin')).json() as {
            items: { id: number; kinds: string[] }[];
          }
        ).items;
      for (const q of ['соколов семен', 'Семён', 'СЕМЕН']) {
        expect(
          (await found(q)).map((p) => p.id),
          q,
        ).toEqual([teacherFather]);
      }
      expect((await found('Артем'))[0]).toMatchObject({ id: kidA1, kinds: ['pupil'] });
      expect((await found('семен'))[0]?.kinds).toEqual(['staff', 'parent']);
    });
  });

  describe('DELETE /people/:personId/guardianships/:parentId', () => {
    it('401 without a session', async () => {
      expect((await api.send('DELETE', unlink(kidA2, mother), null)).statusCode).toBe(401);
    });

    it('400 for malformed ids, naming them', async () => {
      expect(failedPaths(await api.send('DELETE', unlink(kidA2, 'x'), 'orgAdminA'))).toContain(
        'params.parentId',
      );
      expect(failedPaths(await api.send('DELETE', unlink(0, mother), 'orgAdminA'))).toContain(
        'params.personId',
      );
    });

    it('403 for non-administrators and for another school’s pupil; 404 abroad', async () => {
      for (const who of ['teacherA', 'headA', 'parentA1'] as const) {
        const res = await api.send('DELETE', unlink(kidA2, mother), who);
        expect(res.statusCode, who).toBe(403);
      }
      // The mother is administered by school A, her daughter in school B is not.
      const other = await api.send('DELETE', unlink(kidB, mother), 'orgAdminA');
      expect(other.statusCode).toBe(403);
      expect(errorCode(other)).toBe('FORBIDDEN');
      expect(
        (await api.send('DELETE', unlink(w.ids.foreignPupil, mother), 'munAdmin')).statusCode,
      ).toBe(404);
    });

    it('404 for a link that does not exist', async () => {
      const res = await api.send('DELETE', unlink(kidA1, w.ids.parentA1), 'orgAdminA');
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('NOT_FOUND');
    });

    it('204: the parent leaves a class parents’ chat only when no other child keeps them there', async () => {
      expect(await inParentsChat(w.classA1, mother)).toBe(true);
      expect(await inParentsChat(w.classA2, mother)).toBe(true);

      const res = await api.send('DELETE', unlink(kidA2, mother), 'orgAdminA');
      expect(res.statusCode).toBe(204);
      expect(await inParentsChat(w.classA2, mother)).toBe(false);
      // The other parent of the same pupil keeps their place.
      expect(await inParentsChat(w.classA2, teacherFather)).toBe(true);
      const entry = (await auditOf(t.tdb.db, 'guardianship.removed')).at(-1);
      expect(entry).toMatchObject({ actor_person_id: w.ids.orgAdminA, target_id: String(kidA2) });
      expect(JSON.parse(entry?.details ?? '{}')).toEqual({ parentId: mother, relation: 'mother' });
      expect((await api.send('DELETE', unlink(kidA2, mother), 'orgAdminA')).statusCode).toBe(404);

      // 5А: a sister keeps the mother in the chat; unlinking her too takes the mother out.
      expect((await api.send('DELETE', unlink(kidA1, mother), 'orgAdminA')).statusCode).toBe(204);
      expect(await inParentsChat(w.classA1, mother)).toBe(true);
      expect((await api.send('DELETE', unlink(kidA1b, mother), 'orgAdminA')).statusCode).toBe(204);
      expect(await inParentsChat(w.classA1, mother)).toBe(false);

      const left = (await api.get(list(mother), 'munAdmin')).json() as Links;
      expect(left.children.map((c) => c.personId)).toEqual([kidB]);
      // A municipal administrator unlinks in any school; the mother is then no parent at all.
      expect((await api.send('DELETE', unlink(kidB, mother), 'munAdmin')).statusCode).toBe(204);
      const card = (await api.get(`/api/v1/people/${mother}`, 'munAdmin')).json() as {
        kinds: string[];
      };
      expect(card.kinds).toEqual([]);
      expect(await inParentsChat(w.classB1, mother)).toBe(false);
    });
  });
});
