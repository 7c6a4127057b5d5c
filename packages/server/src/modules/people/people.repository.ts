import type { PeopleRoleFilter } from '@parta/shared';
import type { Expression, SelectQueryBuilder, SqlBool, Updateable } from 'kysely';
import { containsWord } from '../../db/contains';
import type { Database, DbOrTrx } from '../../db/database';
import { toInt } from '../../db/values';

/** Active positions of people, with their organisation. */
export function selectPositions(db: DbOrTrx, personIds: number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('positions as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select([
      'p.id',
      'p.person_id',
      'p.organization_id',
      'p.role',
      'p.title',
      'p.pedagogical',
      'o.name as organization_name',
      'o.kind as organization_kind',
    ])
    .where('p.person_id', 'in', personIds)
    .where('p.ended_on', 'is', null)
    .orderBy('p.id')
    .execute();
}

export function selectPerson(db: DbOrTrx, personId: number) {
  return db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirst();
}

export function selectPeople(db: DbOrTrx, personIds: number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('people').selectAll().where('id', 'in', personIds).execute();
}

export function selectAccountOf(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('accounts')
    .select(['id', 'login', 'status'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export function selectAccountHolders(db: DbOrTrx, personIds: number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('accounts')
    .select(['person_id'])
    .where('person_id', 'in', personIds)
    .execute();
}

export function selectAdminGrants(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('admin_grants')
    .select(['role', 'municipality_id', 'organization_id'])
    .where('person_id', '=', personId)
    .execute();
}

/** Current class of each pupil (open enrolment, class not archived). */
export function selectPupilClasses(db: DbOrTrx, pupilIds: number[]) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enrolments as e')
    .innerJoin('classes as c', 'c.id', 'e.class_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select([
      'e.pupil_id',
      'c.id as class_id',
      'c.name as class_name',
      'c.organization_id',
      'c.class_teacher_id',
      'o.name as organization_name',
      'o.short_name as organization_short_name',
    ])
    .where('e.pupil_id', 'in', pupilIds)
    .where('e.ended_on', 'is', null)
    .where('c.archived_at', 'is', null)
    .execute();
}

export function selectChildren(db: DbOrTrx, parentId: number) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.pupil_id')
    .select(['p.id', 'p.last_name', 'p.first_name', 'p.middle_name', 'g.relation'])
    .where('g.parent_id', '=', parentId)
    .orderBy('p.id')
    .execute();
}

export function selectParentsOf(db: DbOrTrx, pupilIds: number[]) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('guardianships')
    .select(['parent_id', 'pupil_id'])
    .where('pupil_id', 'in', pupilIds)
    .execute();
}

export function selectMunicipality(db: DbOrTrx, id: number) {
  return db.selectFrom('municipalities').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person's municipality and its time zone, for the access policy. */
export function selectPersonCore(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('people as p')
    .innerJoin('municipalities as m', 'm.id', 'p.municipality_id')
    .select(['p.id', 'p.municipality_id', 'p.deactivated_at', 'p.system_sender', 'm.time_zone'])
    .where('p.id', '=', personId)
    .executeTakeFirst();
}

export async function selectChildIds(db: DbOrTrx, parentId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('guardianships')
    .select('pupil_id')
    .where('parent_id', '=', parentId)
    .execute();
  return rows.map((r) => r.pupil_id);
}

export interface PeopleFilter {
  municipalityId: number;
  /** Only people belonging to one of these organisations (position, enrolment, child); null: all. */
  orgIds: number[] | null;
  role?: PeopleRoleFilter | undefined;
  /** Every word must occur in the last, first or middle name. */
  words: string[];
  limit: number;
  offset: number;
}

/** The administrators' people directory (no system senders), ordered by name; one page and the total. */
export async function listPeople(
  db: DbOrTrx,
  f: PeopleFilter,
): Promise<{ ids: number[]; total: number }> {
  const base = db.selectFrom('people as pe').where((eb) => {
    const staffIn = (orgIds: number[] | null, role?: string) =>
      eb.exists(
        eb
          .selectFrom('positions as ps')
          .select('ps.id')
          .whereRef('ps.person_id', '=', 'pe.id')
          .where('ps.ended_on', 'is', null)
          .$if(orgIds !== null, (q) => q.where('ps.organization_id', 'in', orgIds ?? []))
          .$if(role !== undefined, (q) => q.where('ps.role', '=', role ?? '')),
      );
    const pupilIn = (orgIds: number[] | null) =>
      eb.exists(
        eb
          .selectFrom('enrolments as en')
          .innerJoin('classes as cl', 'cl.id', 'en.class_id')
          .select('en.id')
          .whereRef('en.pupil_id', '=', 'pe.id')
          .where('en.ended_on', 'is', null)
          .where('cl.archived_at', 'is', null)
          .$if(orgIds !== null, (q) => q.where('cl.organization_id', 'in', orgIds ?? [])),
      );
    const parentIn = (orgIds: number[] | null) =>
      eb.exists(
        eb
          .selectFrom('guardianships as gu')
          .innerJoin('enrolments as en', 'en.pupil_id', 'gu.pupil_id')
          .innerJoin('classes as cl', 'cl.id', 'en.class_id')
          .select('gu.id')
          .whereRef('gu.parent_id', '=', 'pe.id')
          .where('en.ended_on', 'is', null)
          .where('cl.archived_at', 'is', null)
          .$if(orgIds !== null, (q) => q.where('cl.organization_id', 'in', orgIds ?? [])),
      );
    const conds: Expression<SqlBool>[] = [
      eb('pe.municipality_id', '=', f.municipalityId),
      eb('pe.system_sender', '=', false),
    ];
    if (f.role === 'pupil') conds.push(pupilIn(f.orgIds));
    else if (f.role === 'parent') {
      conds.push(
        f.orgIds === null
          ? eb.exists(
              eb
                .selectFrom('guardianships as gu')
                .select('gu.id')
                .whereRef('gu.parent_id', '=', 'pe.id'),
            )
          : parentIn(f.orgIds),
      );
    } else if (f.role !== undefined) conds.push(staffIn(f.orgIds, f.role));
    else if (f.orgIds !== null)
      conds.push(eb.or([staffIn(f.orgIds), pupilIn(f.orgIds), parentIn(f.orgIds)]));
    for (const word of f.words)
      conds.push(containsWord(['pe.last_name', 'pe.first_name', 'pe.middle_name'], word));
    return eb.and(conds);
  });
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    base
      .select('pe.id')
      .orderBy('pe.last_name')
      .orderBy('pe.first_name')
      .orderBy('pe.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return { ids: rows.map((r) => r.id), total: toInt(count?.n as number | string | undefined) };
}

/** Active people with an active position in the organisation, ordered by name. */
export async function listStaff(
  db: DbOrTrx,
  f: { organizationId: number; role?: string | undefined; limit: number; offset: number },
): Promise<{ ids: number[]; total: number }> {
  const base = db
    .selectFrom('people as pe')
    .where('pe.deactivated_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('positions as ps')
          .select('ps.id')
          .whereRef('ps.person_id', '=', 'pe.id')
          .where('ps.organization_id', '=', f.organizationId)
          .where('ps.ended_on', 'is', null)
          .$if(f.role !== undefined, (q) => q.where('ps.role', '=', f.role ?? '')),
      ),
    );
  return page(base, f);
}

/** Active pupils with an open enrolment in the class, ordered by name. */
export async function listClassPupils(
  db: DbOrTrx,
  f: { classId: number; limit: number; offset: number },
): Promise<{ ids: number[]; total: number }> {
  const base = db
    .selectFrom('people as pe')
    .where('pe.deactivated_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('enrolments as en')
          .select('en.id')
          .whereRef('en.pupil_id', '=', 'pe.id')
          .where('en.class_id', '=', f.classId)
          .where('en.ended_on', 'is', null),
      ),
    );
  return page(base, f);
}

type PeopleBase = SelectQueryBuilder<Database & { pe: Database['people'] }, 'pe', object>;

async function page(base: PeopleBase, f: { limit: number; offset: number }) {
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    base
      .select('pe.id')
      .orderBy('pe.last_name')
      .orderBy('pe.first_name')
      .orderBy('pe.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return { ids: rows.map((r) => r.id), total: toInt(count?.n as number | string | undefined) };
}

/**
 * Which of these people are pupils (an open enrolment in a class not
 * archived) and which are parents (a guardianship): two queries for any
 * number of people.
 */
export async function selectRoleFlags(db: DbOrTrx, personIds: number[]) {
  if (personIds.length === 0) return { pupils: new Set<number>(), parents: new Set<number>() };
  const [pupils, parents] = await Promise.all([
    db
      .selectFrom('enrolments as en')
      .innerJoin('classes as cl', 'cl.id', 'en.class_id')
      .select('en.pupil_id')
      .where('en.pupil_id', 'in', personIds)
      .where('en.ended_on', 'is', null)
      .where('cl.archived_at', 'is', null)
      .execute(),
    db
      .selectFrom('guardianships')
      .select('parent_id')
      .where('parent_id', 'in', personIds)
      .execute(),
  ]);
  return {
    pupils: new Set(pupils.map((r) => r.pupil_id)),
    parents: new Set(parents.map((r) => r.parent_id)),
  };
}

/** The person's parents (as a pupil) and children (as a parent), with the link's relation. */
export async function selectGuardianLinks(db: DbOrTrx, personId: number) {
  const side = (other: 'parent_id' | 'pupil_id', own: 'parent_id' | 'pupil_id') =>
    db
      .selectFrom('guardianships as g')
      .innerJoin('people as p', 'p.id', `g.${other}`)
      .select([
        'p.id',
        'p.last_name',
        'p.first_name',
        'p.middle_name',
        'p.deactivated_at',
        'g.relation',
        'g.created_at',
      ])
      .where(`g.${own}`, '=', personId)
      .orderBy('p.last_name')
      .orderBy('p.first_name')
      .orderBy('p.id')
      .execute();
  const [parents, children] = await Promise.all([
    side('parent_id', 'pupil_id'),
    side('pupil_id', 'parent_id'),
  ]);
  return { parents, children };
}

/** Removes one parent ↔ pupil link; the number of rows removed (0 or 1). */
export async function deleteGuardianship(
  db: DbOrTrx,
  parentId: number,
  pupilId: number,
): Promise<number> {
  const r = await db
    .deleteFrom('guardianships')
    .where('parent_id', '=', parentId)
    .where('pupil_id', '=', pupilId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertPersonRecord(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    lastName: string;
    firstName: string;
    middleName: string | null;
    phone: string | null;
    email: string | null;
    birthDate: string | null;
    externalId: string | null;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('people')
    .values({
      municipality_id: v.municipalityId,
      last_name: v.lastName,
      first_name: v.firstName,
      middle_name: v.middleName,
      phone: v.phone,
      email: v.email,
      birth_date: v.birthDate,
      external_id: v.externalId,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePersonRecord(
  db: DbOrTrx,
  personId: number,
  patch: Updateable<Database['people']>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('people').set(patch).where('id', '=', personId).execute();
}

/** An organisation by id with what linking needs. */
export function selectOrgRef(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'municipality_id', 'kind', 'archived_at'])
    .where('id', '=', organizationId)
    .executeTakeFirst();
}

/** A class by id with its organisation's municipality. */
export function selectClassRef(db: DbOrTrx, classId: number) {
  return db
    .selectFrom('classes as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.id', 'c.organization_id', 'o.municipality_id', 'c.archived_at'])
    .where('c.id', '=', classId)
    .executeTakeFirst();
}

export function selectPositionById(db: DbOrTrx, positionId: number) {
  return db
    .selectFrom('positions as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select([
      'p.id',
      'p.person_id',
      'p.organization_id',
      'p.role',
      'p.ended_on',
      'o.municipality_id',
    ])
    .where('p.id', '=', positionId)
    .executeTakeFirst();
}

export function selectActivePosition(
  db: DbOrTrx,
  v: { personId: number; organizationId: number; role: string },
) {
  return db
    .selectFrom('positions')
    .select('id')
    .where('person_id', '=', v.personId)
    .where('organization_id', '=', v.organizationId)
    .where('role', '=', v.role)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
}

export async function insertPosition(
  db: DbOrTrx,
  v: {
    personId: number;
    organizationId: number;
    role: string;
    title: string | null;
    pedagogical: boolean;
    startedOn: string;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('positions')
    .values({
      person_id: v.personId,
      organization_id: v.organizationId,
      role: v.role,
      title: v.title,
      pedagogical: v.pedagogical,
      started_on: v.startedOn,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function endPosition(
  db: DbOrTrx,
  positionId: number,
  endedOn: string,
): Promise<number> {
  const r = await db
    .updateTable('positions')
    .set({ ended_on: endedOn })
    .where('id', '=', positionId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function selectOpenEnrolment(db: DbOrTrx, pupilId: number, classId: number) {
  return db
    .selectFrom('enrolments')
    .select(['id', 'pupil_id', 'class_id', 'started_on', 'ended_on'])
    .where('pupil_id', '=', pupilId)
    .where('class_id', '=', classId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
}

export async function insertEnrolment(
  db: DbOrTrx,
  v: { pupilId: number; classId: number; startedOn: string },
): Promise<void> {
  await db
    .insertInto('enrolments')
    .values({ pupil_id: v.pupilId, class_id: v.classId, started_on: v.startedOn })
    .execute();
}

export async function endEnrolment(
  db: DbOrTrx,
  enrolmentId: number,
  endedOn: string,
): Promise<void> {
  await db
    .updateTable('enrolments')
    .set({ ended_on: endedOn })
    .where('id', '=', enrolmentId)
    .execute();
}

export function selectGuardianship(db: DbOrTrx, parentId: number, pupilId: number) {
  return db
    .selectFrom('guardianships')
    .selectAll()
    .where('parent_id', '=', parentId)
    .where('pupil_id', '=', pupilId)
    .executeTakeFirst();
}

export async function insertGuardianship(
  db: DbOrTrx,
  v: { parentId: number; pupilId: number; relation: string; at: Date },
): Promise<void> {
  await db
    .insertInto('guardianships')
    .values({ parent_id: v.parentId, pupil_id: v.pupilId, relation: v.relation, created_at: v.at })
    .execute();
}
