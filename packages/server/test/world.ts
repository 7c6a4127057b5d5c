import type { Db } from '../src/db/database';
import { syncRosters } from '../src/modules/chats';
import {
  buildClass,
  buildMunicipality,
  buildOrg,
  buildPerson,
  buildPosition,
  enrol,
  linkParent,
} from './factories';

/**
 * A small school world for messaging tests:
 * school A: head `h`, class teacher `t1` of 5А (pupils `p1`, `p2`), teacher `t2`,
 *           pupil `p3` in 6Б; parent `r1` of `p1`, parent `r3` of `p3`;
 * school B: teacher `tb`, pupil `pb` in 5А;
 * the authority: `u` (authority staff).
 * Rosters are synced, so class and staff chats exist.
 */
export async function buildSchoolWorld(db: Db, tag = '') {
  const m = await buildMunicipality(db);
  const a = await buildOrg(db, m, 'general', 'Школа А');
  const b = await buildOrg(db, m, 'general', 'Школа Б');
  const authority = await buildOrg(db, m, 'authority', 'Управление образования');
  const person = async (login: string, last: string) =>
    (await buildPerson(db, m, { login: `${login}${tag}`, lastName: last })).personId;
  const h = await person('h', 'Директорова');
  const t1 = await person('t1', 'Классная');
  const t2 = await person('t2', 'Предметник');
  const tb = await person('tb', 'Чужая');
  const u = await person('u', 'Управленцева');
  const p1 = await person('p1', 'Ученик');
  const p2 = await person('p2', 'Одноклассник');
  const p3 = await person('p3', 'Шестиклассник');
  const pb = await person('pb', 'Посторонний');
  const r1 = await person('r1', 'Родительница');
  const r3 = await person('r3', 'Мамашева');
  await buildPosition(db, h, a, 'head');
  await buildPosition(db, t1, a, 'teacher');
  await buildPosition(db, t2, a, 'teacher');
  await buildPosition(db, tb, b, 'teacher');
  await buildPosition(db, u, authority, 'authority_staff');
  const c5a = await buildClass(db, a, '5А', t1);
  const c6b = await buildClass(db, a, '6Б', t2);
  const cb = await buildClass(db, b, '5А', tb);
  await enrol(db, p1, c5a);
  await enrol(db, p2, c5a);
  await enrol(db, p3, c6b);
  await enrol(db, pb, cb);
  await linkParent(db, r1, p1);
  await linkParent(db, r3, p3);
  await syncRosters(
    db,
    { events: { publish: async () => undefined }, now: () => new Date() },
    {},
    { silent: true },
  );
  const login = (name: string) => `${name}${tag}`;
  return { m, a, b, authority, h, t1, t2, tb, u, p1, p2, p3, pb, r1, r3, c5a, c6b, cb, login };
}
