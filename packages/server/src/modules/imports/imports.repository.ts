import { sql, type Insertable, type Updateable } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database';
import { toInt } from '../../db/values';

/**
 * All SQL of roster imports. Reads and writes are batched (multi-row
 * inserts, `IN` lists) and chunked under both dialects' parameter limits;
 * the service runs the writes of one import in one transaction.
 */

/** Bound parameters per statement, below SQLite's 32766 with headroom. */
const MAX_PARAMS = 30_000;
const MAX_ROWS = 2_000;
/** Values per `IN (…)` list. */
const IN_CHUNK = 2_000;

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const rowChunk = (columns: number) =>
  Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns)));

/**
 * Inserts rows chunk by chunk and returns their ids in the order of `rows`.
 * Both dialects hand out identity values in the order of a multi-row VALUES
 * list, but neither promises the order of RETURNING rows: each chunk's ids
 * are sorted ascending, which restores the order of the rows.
 */
async function insertWithIds<T>(
  rows: readonly T[],
  columns: number,
  insert: (chunk: T[]) => Promise<{ id: number | string }[]>,
): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(rows, rowChunk(columns))) {
    const returned = (await insert(chunk)).map((r) => Number(r.id)).sort((a, b) => a - b);
    if (returned.length !== chunk.length)
      throw new Error(`insert returned ${returned.length} ids for ${chunk.length} rows`);
    ids.push(...returned);
  }
  return ids;
}

async function inChunks<T, R>(values: readonly T[], query: (chunk: T[]) => Promise<R[]>) {
  const out: R[] = [];
  for (const chunk of chunks([...new Set(values)], IN_CHUNK)) out.push(...(await query(chunk)));
  return out;
}

// ---------------------------------------------------------------------------
// Organisations

export function selectOrganization(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('organizations as o')
    .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
    .select([
      'o.id',
      'o.municipality_id',
      'o.kind',
      'o.name',
      'o.short_name',
      'o.archived_at',
      'm.time_zone',
    ])
    .where('o.id', '=', organizationId)
    .executeTakeFirst();
}

/** Organisations named on the command line: by id, external id, short name or full name. */
export function findOrganizations(db: DbOrTrx, ref: string) {
  const id = /^\d{1,15}$/.test(ref) ? Number(ref) : -1;
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'short_name', 'external_id'])
    .where((eb) =>
      eb.or([
        eb('id', '=', id),
        eb('external_id', '=', ref),
        eb('short_name', '=', ref),
        eb('name', '=', ref),
      ]),
    )
    .orderBy('id')
    .execute();
}

/**
 * Takes the organisation's row lock for the rest of the transaction (a no-op
 * update): two imports into one organisation run one after the other, so
 * neither plans against data the other is changing. Portable: PostgreSQL
 * locks the row, SQLite the database.
 */
export async function lockOrganization(db: DbOrTrx, organizationId: number): Promise<void> {
  await db
    .updateTable('organizations')
    .set((eb) => ({ kind: eb.ref('kind') }))
    .where('id', '=', organizationId)
    .execute();
}

// ---------------------------------------------------------------------------
// The organisation's rosters

/** The organisation's classes, archived ones too (their names stay taken for their year). */
export function selectClasses(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('classes')
    .select(['id', 'name', 'kind', 'grade', 'academic_year', 'archived_at', 'class_teacher_id'])
    .where('organization_id', '=', organizationId)
    .orderBy('academic_year', 'desc')
    .orderBy('id')
    .execute();
}

/** Active positions in the organisation. */
export function selectPositions(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('positions')
    .select(['id', 'person_id', 'role', 'title', 'pedagogical'])
    .where('organization_id', '=', organizationId)
    .where('ended_on', 'is', null)
    .orderBy('id')
    .execute();
}

/** Open enrolments in the organisation's classes (not archived). */
export function selectEnrolments(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('classes as c', 'c.id', 'e.class_id')
    .select(['e.id', 'e.pupil_id', 'e.class_id'])
    .where('c.organization_id', '=', organizationId)
    .where('c.archived_at', 'is', null)
    .where('e.ended_on', 'is', null)
    .orderBy('e.id')
    .execute();
}

/** People whose positions here ended (staff) or whose enrolments here ended (pupils). */
export async function selectFormerMembers(
  db: DbOrTrx,
  organizationId: number,
  kind: 'staff' | 'pupils',
): Promise<number[]> {
  const rows =
    kind === 'staff'
      ? await db
          .selectFrom('positions')
          .select('person_id as id')
          .distinct()
          .where('organization_id', '=', organizationId)
          .where('ended_on', 'is not', null)
          .execute()
      : await db
          .selectFrom('enrolments as e')
          .innerJoin('classes as c', 'c.id', 'e.class_id')
          .select('e.pupil_id as id')
          .distinct()
          .where('c.organization_id', '=', organizationId)
          .where('e.ended_on', 'is not', null)
          .execute();
  return rows.map((r) => r.id);
}

/** Guardianships of the organisation's current pupils. */
export function selectGuardianships(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('guardianships as g')
    .select(['g.id', 'g.parent_id', 'g.pupil_id', 'g.relation'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('enrolments as e')
          .innerJoin('classes as c', 'c.id', 'e.class_id')
          .select('e.id')
          .whereRef('e.pupil_id', '=', 'g.pupil_id')
          .where('c.organization_id', '=', organizationId)
          .where('c.archived_at', 'is', null)
          .where('e.ended_on', 'is', null),
      ),
    )
    .orderBy('g.id')
    .execute();
}

const PERSON_COLUMNS = [
  'id',
  'last_name',
  'first_name',
  'middle_name',
  'phone',
  'email',
  'birth_date',
  'external_id',
  'deactivated_at',
] as const;

export type PersonRow = Awaited<ReturnType<typeof selectPeople>>[number];

export function selectPeople(db: DbOrTrx, ids: readonly number[]) {
  return inChunks(ids, (chunk) =>
    db.selectFrom('people').select(PERSON_COLUMNS).where('id', 'in', chunk).execute(),
  );
}

export interface CandidateKeys {
  municipalityId: number;
  /** Only people linked (now or before) to these organisations; null: the whole municipality. */
  scopeOrgIds: number[] | null;
  externalIds: string[];
  phones: string[];
  emails: string[];
  /** Surnames as they may be stored: as written, lower case, capitalised, upper case. */
  lastNames: string[];
}

/**
 * People who may be the ones in the file: same external id, phone, e-mail or
 * surname, within the importer's reach (the municipality for its
 * administrators; people ever linked to their organisations for an
 * organisation's administrator — nobody is pulled in from outside).
 */
export async function selectCandidates(db: DbOrTrx, k: CandidateKeys) {
  const base = () => {
    let q = db
      .selectFrom('people as pe')
      .select(PERSON_COLUMNS.map((c) => `pe.${c}` as const))
      .where('pe.municipality_id', '=', k.municipalityId);
    const scope = k.scopeOrgIds;
    if (scope !== null) {
      const orgs = scope.length > 0 ? scope : [-1];
      q = q.where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('positions as ps')
              .select('ps.id')
              .whereRef('ps.person_id', '=', 'pe.id')
              .where('ps.organization_id', 'in', orgs),
          ),
          eb.exists(
            eb
              .selectFrom('enrolments as en')
              .innerJoin('classes as cl', 'cl.id', 'en.class_id')
              .select('en.id')
              .whereRef('en.pupil_id', '=', 'pe.id')
              .where('cl.organization_id', 'in', orgs),
          ),
          eb.exists(
            eb
              .selectFrom('guardianships as gu')
              .innerJoin('enrolments as en', 'en.pupil_id', 'gu.pupil_id')
              .innerJoin('classes as cl', 'cl.id', 'en.class_id')
              .select('gu.id')
              .whereRef('gu.parent_id', '=', 'pe.id')
              .where('cl.organization_id', 'in', orgs),
          ),
        ]),
      );
    }
    return q;
  };
  const rows = [
    ...(await inChunks(k.externalIds, (c) => base().where('pe.external_id', 'in', c).execute())),
    ...(await inChunks(k.phones, (c) => base().where('pe.phone', 'in', c).execute())),
    ...(await inChunks(k.emails, (c) =>
      base()
        .where(sql<string>`lower(pe.email)`, 'in', c)
        .execute(),
    )),
    ...(await inChunks(k.lastNames, (c) => base().where('pe.last_name', 'in', c).execute())),
  ];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return [...byId.values()];
}

/** Administrative grants of these people (to protect those with powers the importer lacks). */
export function selectGrants(db: DbOrTrx, personIds: readonly number[]) {
  return inChunks(personIds, (chunk) =>
    db
      .selectFrom('admin_grants')
      .select(['person_id', 'role', 'municipality_id', 'organization_id'])
      .where('person_id', 'in', chunk)
      .execute(),
  );
}

/** Every current role of these people, anywhere: positions, enrolments, children. */
export async function selectLinks(db: DbOrTrx, personIds: readonly number[]) {
  const [positions, enrolments, guardianships] = await Promise.all([
    inChunks(personIds, (chunk) =>
      db
        .selectFrom('positions')
        .select(['id', 'person_id'])
        .where('person_id', 'in', chunk)
        .where('ended_on', 'is', null)
        .execute(),
    ),
    inChunks(personIds, (chunk) =>
      db
        .selectFrom('enrolments')
        .select(['id', 'pupil_id'])
        .where('pupil_id', 'in', chunk)
        .where('ended_on', 'is', null)
        .execute(),
    ),
    inChunks(personIds, (chunk) =>
      db
        .selectFrom('guardianships')
        .select(['id', 'parent_id'])
        .where('parent_id', 'in', chunk)
        .execute(),
    ),
  ]);
  return { positions, enrolments, guardianships };
}

// ---------------------------------------------------------------------------
// Writes (inside the import's transaction)

type New<T extends keyof Database> = Insertable<Database[T]>;

export function insertClasses(db: DbOrTrx, rows: New<'classes'>[]): Promise<number[]> {
  return insertWithIds(rows, 7, (chunk) =>
    db.insertInto('classes').values(chunk).returning('id').execute(),
  );
}

export function insertPeople(db: DbOrTrx, rows: New<'people'>[]): Promise<number[]> {
  return insertWithIds(rows, 10, (chunk) =>
    db.insertInto('people').values(chunk).returning('id').execute(),
  );
}

export async function updatePerson(
  db: DbOrTrx,
  personId: number,
  patch: Updateable<Database['people']>,
): Promise<void> {
  await db.updateTable('people').set(patch).where('id', '=', personId).execute();
}

/** Makes the person the class teacher of the class; null leaves it without one. */
export async function setClassTeacher(db: DbOrTrx, classId: number, personId: number | null) {
  await db
    .updateTable('classes')
    .set({ class_teacher_id: personId })
    .where('id', '=', classId)
    .execute();
}

export async function deactivatePeople(db: DbOrTrx, ids: readonly number[], at: Date) {
  for (const chunk of chunks(ids, IN_CHUNK))
    await db.updateTable('people').set({ deactivated_at: at }).where('id', 'in', chunk).execute();
}

export async function insertPositions(db: DbOrTrx, rows: New<'positions'>[]): Promise<void> {
  for (const chunk of chunks(rows, rowChunk(8)))
    await db.insertInto('positions').values(chunk).execute();
}

export async function endPositions(db: DbOrTrx, ids: readonly number[], on: string) {
  for (const chunk of chunks(ids, IN_CHUNK))
    await db
      .updateTable('positions')
      .set({ ended_on: on })
      .where('id', 'in', chunk)
      .where('ended_on', 'is', null)
      .execute();
}

export async function insertEnrolments(db: DbOrTrx, rows: New<'enrolments'>[]): Promise<void> {
  for (const chunk of chunks(rows, rowChunk(3)))
    await db.insertInto('enrolments').values(chunk).execute();
}

export async function endEnrolments(db: DbOrTrx, ids: readonly number[], on: string) {
  for (const chunk of chunks(ids, IN_CHUNK))
    await db
      .updateTable('enrolments')
      .set({ ended_on: on })
      .where('id', 'in', chunk)
      .where('ended_on', 'is', null)
      .execute();
}

export async function insertGuardianships(
  db: DbOrTrx,
  rows: New<'guardianships'>[],
): Promise<void> {
  for (const chunk of chunks(rows, rowChunk(4)))
    await db.insertInto('guardianships').values(chunk).execute();
}

export async function setGuardianshipRelation(db: DbOrTrx, id: number, relation: string) {
  await db.updateTable('guardianships').set({ relation }).where('id', '=', id).execute();
}

export async function deleteGuardianships(db: DbOrTrx, ids: readonly number[]) {
  for (const chunk of chunks(ids, IN_CHUNK))
    await db.deleteFrom('guardianships').where('id', 'in', chunk).execute();
}

// ---------------------------------------------------------------------------
// The import log

export async function insertImportRun(db: DbOrTrx, row: New<'imports'>): Promise<number> {
  const r = await db.insertInto('imports').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listImportRuns(
  db: DbOrTrx,
  organizationId: number,
  page: { limit: number; offset: number },
) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('imports as i')
      .leftJoin('people as p', 'p.id', 'i.actor_person_id')
      .selectAll('i')
      .select(['p.last_name', 'p.first_name', 'p.middle_name'])
      .where('i.organization_id', '=', organizationId)
      .orderBy('i.at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('imports')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toInt(total.n as number | string | bigint) };
}

// ---------------------------------------------------------------------------
// The municipality's job titles

export function selectJobTitles(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('job_titles')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('pattern')
    .orderBy('match_kind')
    .execute();
}

export function selectJobTitle(db: DbOrTrx, id: number) {
  return db.selectFrom('job_titles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts or replaces the rule for (municipality, pattern, match); returns its id. */
export async function upsertJobTitle(db: DbOrTrx, row: New<'job_titles'>): Promise<number> {
  const r = await db
    .insertInto('job_titles')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'pattern', 'match_kind']).doUpdateSet({
        title: row.title,
        role: row.role,
        pedagogical: row.pedagogical,
        created_by: row.created_by ?? null,
        updated_at: row.updated_at,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function deleteJobTitle(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('job_titles').where('id', '=', id).execute();
}
