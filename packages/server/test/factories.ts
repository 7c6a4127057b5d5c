import type { OrgKind, PositionRole } from '@parta/shared';
import type { Db } from '../src/db/database';
import { hashPassword } from '../src/modules/auth';

/**
 * Small factories for test data (STYLE: no large fixtures). Each returns the
 * ids it made. Passwords are hashed once per process: scrypt is slow on purpose.
 */
export const TEST_PASSWORD = 'Correct-Horse-42';
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));
let seq = 0;
const next = () => ++seq;

export async function buildMunicipality(db: Db, name = 'Тестовый округ'): Promise<number> {
  const r = await db
    .insertInto('municipalities')
    .values({ name, time_zone: 'Asia/Yekaterinburg', created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function buildOrg(
  db: Db,
  municipalityId: number,
  kind: OrgKind = 'general',
  name?: string,
): Promise<number> {
  const r = await db
    .insertInto('organizations')
    .values({
      municipality_id: municipalityId,
      kind,
      name: name ?? `Школа № ${next()}`,
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface BuiltPerson {
  personId: number;
  login: string | null;
}

export async function buildPerson(
  db: Db,
  municipalityId: number,
  opts: {
    login?: string | null;
    lastName?: string;
    firstName?: string;
    phone?: string;
    email?: string;
  } = {},
): Promise<BuiltPerson> {
  const n = next();
  const r = await db
    .insertInto('people')
    .values({
      municipality_id: municipalityId,
      last_name: opts.lastName ?? `Тестов${n}`,
      first_name: opts.firstName ?? 'Иван',
      middle_name: 'Петрович',
      phone: opts.phone ?? null,
      email: opts.email ?? null,
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const login = opts.login === null ? null : (opts.login ?? `user${n}`);
  if (login) {
    const now = new Date();
    await db
      .insertInto('accounts')
      .values({
        person_id: r.id,
        login,
        password_hash: await passwordHash(),
        status: 'active',
        created_at: now,
        password_changed_at: now,
      })
      .execute();
  }
  return { personId: r.id, login };
}

export async function buildPosition(
  db: Db,
  personId: number,
  organizationId: number,
  role: PositionRole = 'teacher',
  pedagogical = role !== 'staff' && role !== 'authority_staff',
): Promise<number> {
  const r = await db
    .insertInto('positions')
    .values({
      person_id: personId,
      organization_id: organizationId,
      role,
      title: null,
      pedagogical,
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function buildClass(
  db: Db,
  organizationId: number,
  name = '5А',
  classTeacherId: number | null = null,
): Promise<number> {
  const r = await db
    .insertInto('classes')
    .values({
      organization_id: organizationId,
      name,
      kind: 'class',
      grade: Number.parseInt(name, 10) || null,
      academic_year: 2023,
      class_teacher_id: classTeacherId,
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function enrol(db: Db, pupilId: number, classId: number): Promise<void> {
  await db.insertInto('enrolments').values({ pupil_id: pupilId, class_id: classId }).execute();
}

export async function linkParent(db: Db, parentId: number, pupilId: number): Promise<void> {
  await db
    .insertInto('guardianships')
    .values({ parent_id: parentId, pupil_id: pupilId, relation: 'mother', created_at: new Date() })
    .execute();
}

export async function grant(
  db: Db,
  personId: number,
  role: 'platform_admin' | 'municipal_admin' | 'org_admin',
  scope: { municipalityId?: number; organizationId?: number },
): Promise<void> {
  await db
    .insertInto('admin_grants')
    .values({
      person_id: personId,
      role,
      municipality_id: scope.municipalityId ?? null,
      organization_id: scope.organizationId ?? null,
      created_at: new Date(),
    })
    .execute();
}
