import type { Updateable } from 'kysely';
import { containsWord } from '../../db/contains';
import type { Database, DbOrTrx } from '../../db/database';
import { toBool, toInt } from '../../db/values';

export function selectMunicipality(db: DbOrTrx, id: number) {
  return db.selectFrom('municipalities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function selectOrganization(db: DbOrTrx, id: number) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The organisation directory of a municipality, by name; one page and the
 * total. Every word must occur in the full or short name or the external id.
 */
export async function listOrganizations(
  db: DbOrTrx,
  f: {
    municipalityId: number;
    kind?: string | undefined;
    words: string[];
    includeArchived: boolean;
    limit: number;
    offset: number;
  },
) {
  let base = db
    .selectFrom('organizations')
    .where('municipality_id', '=', f.municipalityId)
    .$if(f.kind !== undefined, (q) => q.where('kind', '=', f.kind ?? ''))
    .$if(!f.includeArchived, (q) => q.where('archived_at', 'is', null));
  for (const word of f.words)
    base = base.where(containsWord(['name', 'short_name', 'external_id'], word));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    base.selectAll().orderBy('name').orderBy('id').limit(f.limit).offset(f.offset).execute(),
  ]);
  return { rows, total: toInt(count?.n as number | string | undefined) };
}

export interface OrgCountRow {
  staff: number;
  pedagogical: number;
  pupils: number;
  classes: number;
}

/**
 * Registered counts per organisation: active people with an active
 * (pedagogical) position, active pupils with an open enrolment in a class not
 * archived, classes not archived. Each person counts once per organisation.
 */
export async function selectCounts(
  db: DbOrTrx,
  orgIds: number[],
): Promise<Map<number, OrgCountRow>> {
  const result = new Map<number, OrgCountRow>(
    orgIds.map((id) => [id, { staff: 0, pedagogical: 0, pupils: 0, classes: 0 }]),
  );
  if (orgIds.length === 0) return result;
  const staffQuery = (pedagogicalOnly: boolean) =>
    db
      .selectFrom('positions as ps')
      .innerJoin('people as pe', 'pe.id', 'ps.person_id')
      .select((eb) => ['ps.organization_id as org', eb.fn.count('ps.person_id').distinct().as('n')])
      .where('ps.organization_id', 'in', orgIds)
      .where('ps.ended_on', 'is', null)
      .where('pe.deactivated_at', 'is', null)
      .$if(pedagogicalOnly, (q) => q.where('ps.pedagogical', '=', true))
      .groupBy('ps.organization_id')
      .execute();
  const [staff, pedagogical, pupils, classes] = await Promise.all([
    staffQuery(false),
    staffQuery(true),
    db
      .selectFrom('enrolments as en')
      .innerJoin('classes as cl', 'cl.id', 'en.class_id')
      .innerJoin('people as pe', 'pe.id', 'en.pupil_id')
      .select((eb) => ['cl.organization_id as org', eb.fn.count('en.pupil_id').distinct().as('n')])
      .where('cl.organization_id', 'in', orgIds)
      .where('en.ended_on', 'is', null)
      .where('cl.archived_at', 'is', null)
      .where('pe.deactivated_at', 'is', null)
      .groupBy('cl.organization_id')
      .execute(),
    db
      .selectFrom('classes')
      .select((eb) => ['organization_id as org', eb.fn.countAll().as('n')])
      .where('organization_id', 'in', orgIds)
      .where('archived_at', 'is', null)
      .groupBy('organization_id')
      .execute(),
  ]);
  const put = (rows: { org: number; n: unknown }[], key: keyof OrgCountRow) => {
    for (const r of rows) {
      const c = result.get(r.org);
      if (c) c[key] = toInt(r.n as number | string);
    }
  };
  put(staff, 'staff');
  put(pedagogical, 'pedagogical');
  put(pupils, 'pupils');
  put(classes, 'classes');
  return result;
}

export function selectOrgByExternalId(db: DbOrTrx, municipalityId: number, externalId: string) {
  return db
    .selectFrom('organizations')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function insertOrganization(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    kind: string;
    name: string;
    shortName: string | null;
    externalId: string | null;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('organizations')
    .values({
      municipality_id: v.municipalityId,
      kind: v.kind,
      name: v.name,
      short_name: v.shortName,
      external_id: v.externalId,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateOrganization(
  db: DbOrTrx,
  id: number,
  patch: Updateable<Database['organizations']>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('organizations').set(patch).where('id', '=', id).execute();
}

/** Every baseline row of the organisation, per category newest first. */
export function selectBaselines(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('org_baselines')
    .select(['organization_id', 'category', 'headcount', 'valid_from'])
    .where('organization_id', '=', organizationId)
    .orderBy('category')
    .orderBy('valid_from', 'desc')
    .execute();
}

/** Sets the headcount of a category from a date; the same category and date is replaced. */
export async function upsertBaseline(
  db: DbOrTrx,
  v: { organizationId: number; category: string; headcount: number; validFrom: string },
): Promise<void> {
  await db
    .insertInto('org_baselines')
    .values({
      organization_id: v.organizationId,
      category: v.category,
      headcount: v.headcount,
      valid_from: v.validFrom,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'category', 'valid_from'])
        .doUpdateSet({ headcount: v.headcount }),
    )
    .execute();
}

const classColumns = [
  'c.id',
  'c.organization_id',
  'c.name',
  'c.kind',
  'c.grade',
  'c.academic_year',
  'c.class_teacher_id',
  'c.archived_at',
  'o.municipality_id',
] as const;

export function selectClass(db: DbOrTrx, classId: number) {
  return db
    .selectFrom('classes as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(classColumns)
    .where('c.id', '=', classId)
    .executeTakeFirst();
}

/** Classes of an organisation not archived, newest year first, by name. */
export async function listClasses(
  db: DbOrTrx,
  f: { organizationId: number; academicYear?: number | undefined; limit: number; offset: number },
) {
  const base = db
    .selectFrom('classes as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .where('c.organization_id', '=', f.organizationId)
    .where('c.archived_at', 'is', null)
    .$if(f.academicYear !== undefined, (q) => q.where('c.academic_year', '=', f.academicYear ?? 0));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    base
      .select(classColumns)
      .orderBy('c.academic_year', 'desc')
      .orderBy('c.name')
      .orderBy('c.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return { rows, total: toInt(count?.n as number | string | undefined) };
}

/** Open enrolments of active pupils per class. */
export async function selectPupilCounts(
  db: DbOrTrx,
  classIds: number[],
): Promise<Map<number, number>> {
  if (classIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('enrolments as en')
    .innerJoin('people as pe', 'pe.id', 'en.pupil_id')
    .select((eb) => ['en.class_id', eb.fn.count('en.pupil_id').distinct().as('n')])
    .where('en.class_id', 'in', classIds)
    .where('en.ended_on', 'is', null)
    .where('pe.deactivated_at', 'is', null)
    .groupBy('en.class_id')
    .execute();
  return new Map(rows.map((r) => [r.class_id, toInt(r.n as number | string)]));
}

export function selectClassByName(
  db: DbOrTrx,
  v: { organizationId: number; academicYear: number; name: string },
) {
  return db
    .selectFrom('classes')
    .select('id')
    .where('organization_id', '=', v.organizationId)
    .where('academic_year', '=', v.academicYear)
    .where('name', '=', v.name)
    .executeTakeFirst();
}

export async function insertClass(
  db: DbOrTrx,
  v: {
    organizationId: number;
    name: string;
    kind: string;
    grade: number | null;
    academicYear: number;
    classTeacherId: number | null;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('classes')
    .values({
      organization_id: v.organizationId,
      name: v.name,
      kind: v.kind,
      grade: v.grade,
      academic_year: v.academicYear,
      class_teacher_id: v.classTeacherId,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * What a would-be class teacher is in the organisation: whether the person
 * exists in the municipality and is active, and whether they hold an active
 * position there, pedagogical or not.
 */
export async function selectTeacherStanding(
  db: DbOrTrx,
  v: { personId: number; organizationId: number; municipalityId: number },
) {
  const [person, positions] = await Promise.all([
    db
      .selectFrom('people')
      .select(['id', 'deactivated_at'])
      .where('id', '=', v.personId)
      .where('municipality_id', '=', v.municipalityId)
      .executeTakeFirst(),
    db
      .selectFrom('positions')
      .select(['pedagogical'])
      .where('person_id', '=', v.personId)
      .where('organization_id', '=', v.organizationId)
      .where('ended_on', 'is', null)
      .execute(),
  ]);
  return {
    exists: person !== undefined,
    active: person !== undefined && person.deactivated_at === null,
    staff: positions.length > 0,
    pedagogical: positions.some((p) => toBool(p.pedagogical)),
  };
}

export async function updateClass(
  db: DbOrTrx,
  classId: number,
  patch: Updateable<Database['classes']>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('classes').set(patch).where('id', '=', classId).execute();
}

/** Pupils with an open enrolment in the class, active or not. */
export async function selectEnrolledPupilIds(db: DbOrTrx, classId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('enrolments')
    .select('pupil_id')
    .distinct()
    .where('class_id', '=', classId)
    .where('ended_on', 'is', null)
    .execute();
  return rows.map((r) => r.pupil_id);
}
