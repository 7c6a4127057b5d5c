import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { AppInstance } from '../../app';
import type { Db } from '../../db/database';
import { signIn, type Session } from '../../../test/app';
import {
  buildClass,
  buildMunicipality,
  buildOrg,
  buildPerson,
  buildPosition,
  enrol,
  grant,
  linkParent,
} from '../../../test/factories';

/**
 * The small municipality the organisation and people API tests share (not a
 * test file itself): schools A and B, the authority U, and a neighbouring
 * municipality, with one person of each kind the access policy tells apart.
 */
export interface World {
  municipalityId: number;
  foreignMunicipalityId: number;
  schoolA: number;
  schoolB: number;
  authority: number;
  foreignSchool: number;
  classA1: number;
  classA2: number;
  classB1: number;
  foreignClass: number;
  /** Position ids by person key. */
  positions: Record<string, number>;
  ids: Record<WorldKey, number>;
  logins: Record<WorldKey, string>;
}

export const WORLD_KEYS = [
  'munAdmin',
  'orgAdminA',
  'headA',
  'teacherA',
  'teacherB',
  'authStaff',
  'pupilA1',
  'classmateA1',
  'pupilA2',
  'pupilB1',
  'parentA1',
  'parentA1b',
  'parentB1',
  'outsider',
  'foreignAdmin',
  'foreignPupil',
] as const;
export type WorldKey = (typeof WORLD_KEYS)[number];

export async function buildWorld(db: Db): Promise<World> {
  const municipalityId = await buildMunicipality(db, 'Кушвинский городской округ');
  const foreignMunicipalityId = await buildMunicipality(db, 'Соседний округ');
  const schoolA = await buildOrg(db, municipalityId, 'general', 'МАОУ СОШ № 1');
  const schoolB = await buildOrg(db, municipalityId, 'general', 'МАОУ СОШ № 2');
  const authority = await buildOrg(db, municipalityId, 'authority', 'Управление образования');
  const foreignSchool = await buildOrg(db, foreignMunicipalityId, 'general', 'Чужая школа');
  const classA1 = await buildClass(db, schoolA, '5А');
  const classA2 = await buildClass(db, schoolA, '7Б');
  const classB1 = await buildClass(db, schoolB, '5А');
  const foreignClass = await buildClass(db, foreignSchool, '1А');

  const ids = {} as Record<WorldKey, number>;
  const logins = {} as Record<WorldKey, string>;
  let n = 0;
  for (const key of WORLD_KEYS) {
    n += 1;
    const foreign = key.startsWith('foreign');
    const p = await buildPerson(db, foreign ? foreignMunicipalityId : municipalityId, {
      login: `w.${key.toLowerCase()}`,
      lastName: `Тестов${String(n).padStart(2, '0')}`,
      firstName: key,
      phone: `+7912000${String(n).padStart(4, '0')}`,
      email: `${key.toLowerCase()}@example.org`,
    });
    ids[key] = p.personId;
    logins[key] = p.login ?? '';
  }
  const positions: Record<string, number> = {
    headA: await buildPosition(db, ids.headA, schoolA, 'head'),
    teacherA: await buildPosition(db, ids.teacherA, schoolA, 'teacher'),
    teacherB: await buildPosition(db, ids.teacherB, schoolB, 'teacher'),
    authStaff: await buildPosition(db, ids.authStaff, authority, 'authority_staff'),
  };
  await enrol(db, ids.pupilA1, classA1);
  await enrol(db, ids.classmateA1, classA1);
  await enrol(db, ids.pupilA2, classA2);
  await enrol(db, ids.pupilB1, classB1);
  await enrol(db, ids.foreignPupil, foreignClass);
  await linkParent(db, ids.parentA1, ids.pupilA1);
  await linkParent(db, ids.parentA1b, ids.classmateA1);
  await linkParent(db, ids.parentB1, ids.pupilB1);
  await grant(db, ids.munAdmin, 'municipal_admin', { municipalityId });
  await grant(db, ids.orgAdminA, 'org_admin', { municipalityId, organizationId: schoolA });
  await grant(db, ids.foreignAdmin, 'municipal_admin', { municipalityId: foreignMunicipalityId });
  return {
    municipalityId,
    foreignMunicipalityId,
    schoolA,
    schoolB,
    authority,
    foreignSchool,
    classA1,
    classA2,
    classB1,
    foreignClass,
    positions,
    ids,
    logins,
  };
}

/** Requests as one of the world's people (signed in once, lazily) or anonymously. */
export function client(app: AppInstance, world: World) {
  const sessions = new Map<string, Promise<Session>>();
  const session = (key: WorldKey | string): Promise<Session> => {
    const login = (world.logins as Record<string, string>)[key] ?? key;
    let s = sessions.get(login);
    if (!s) {
      s = signIn(app, login);
      sessions.set(login, s);
    }
    return s;
  };
  const headersOf = async (as: WorldKey | string | null, write: boolean) => {
    if (as === null) return {};
    const s = await session(as);
    return write ? s.headers : { cookie: s.cookie };
  };
  return {
    session,
    get: async (url: string, as: WorldKey | string | null): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'GET', url, headers: await headersOf(as, false) }),
    send: async (
      method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: string,
      as: WorldKey | string | null,
      payload?: unknown,
    ): Promise<LightMyRequestResponse> =>
      app.inject({
        method,
        url,
        headers: await headersOf(as, true),
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      }),
  };
}

/** Audit entries of one action, oldest first. */
export function auditOf(db: Db, action: string) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

/** The `details[].path` values of a VALIDATION_FAILED answer. */
export function failedPaths(res: LightMyRequestResponse): string[] {
  const body = res.json() as { error?: { details?: { path: string }[] } };
  return (body.error?.details ?? []).map((d) => d.path);
}

/**
 * A 400 VALIDATION_FAILED that names an unknown field, in a detail's path or
 * in the message (zod reports unknown keys on the object, naming them in the
 * message).
 */
export function expectNamed(res: LightMyRequestResponse, field: string): void {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { error: { code: string; message: string; details?: unknown } };
  expect(body.error.code).toBe('VALIDATION_FAILED');
  expect(JSON.stringify(body.error)).toContain(field);
}
