import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database';

/**
 * All SQL of invitations, their acceptance (people, accounts' owners,
 * positions, enrolments, guardianships made in the accepting transaction),
 * printable sheets, onboarding counts and the outbox.
 */

/* ---------------- scope references ---------------- */

export function selectMunicipality(db: DbOrTrx, id: number) {
  return db
    .selectFrom('municipalities')
    .select(['id', 'name', 'time_zone'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function selectOrg(db: DbOrTrx, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'municipality_id', 'kind', 'name', 'short_name', 'archived_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function selectClass(db: DbOrTrx, id: number) {
  return db
    .selectFrom('classes as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select([
      'c.id',
      'c.name',
      'c.kind',
      'c.organization_id',
      'c.class_teacher_id',
      'c.archived_at',
      'o.municipality_id',
      'o.kind as org_kind',
      'o.name as org_name',
      'o.short_name as org_short_name',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export function selectPerson(db: DbOrTrx, id: number) {
  return db
    .selectFrom('people')
    .select([
      'id',
      'municipality_id',
      'last_name',
      'first_name',
      'middle_name',
      'phone',
      'email',
      'deactivated_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The pupil's current class (open enrolment, class not archived). */
export function currentClassOf(db: DbOrTrx, pupilId: number) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('classes as c', 'c.id', 'e.class_id')
    .select(['c.id', 'c.organization_id'])
    .where('e.pupil_id', '=', pupilId)
    .where('e.ended_on', 'is', null)
    .where('c.archived_at', 'is', null)
    .orderBy('e.id', 'desc')
    .executeTakeFirst();
}

export function activePositionIn(db: DbOrTrx, personId: number, orgId: number) {
  return db
    .selectFrom('positions')
    .select(['id', 'role', 'title'])
    .where('person_id', '=', personId)
    .where('organization_id', '=', orgId)
    .where('ended_on', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
}

export async function hasAccount(db: DbOrTrx, personId: number): Promise<boolean> {
  const r = await db
    .selectFrom('accounts')
    .select('id')
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return r !== undefined;
}

export function loginOf(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('accounts')
    .select('login')
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/* ---------------- invitations ---------------- */

export async function insertInvitation(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    kind: string;
    role: string;
    organizationId: number | null;
    classId: number | null;
    pupilId: number | null;
    personId: number | null;
    communityId: number | null;
    positionTitle: string | null;
    pedagogical: boolean | null;
    tokenHash: string;
    code: string;
    maxUses: number;
    expiresAt: Date;
    note: string | null;
    createdBy: number | null;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('invitations')
    .values({
      municipality_id: v.municipalityId,
      kind: v.kind,
      role: v.role,
      organization_id: v.organizationId,
      class_id: v.classId,
      pupil_id: v.pupilId,
      person_id: v.personId,
      community_id: v.communityId,
      position_title: v.positionTitle,
      pedagogical: v.pedagogical,
      token_hash: v.tokenHash,
      code: v.code,
      max_uses: v.maxUses,
      expires_at: v.expiresAt,
      note: v.note,
      created_by: v.createdBy,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

function invitationQuery(db: DbOrTrx) {
  return db
    .selectFrom('invitations as i')
    .leftJoin('organizations as o', 'o.id', 'i.organization_id')
    .leftJoin('classes as c', 'c.id', 'i.class_id')
    .leftJoin('people as pu', 'pu.id', 'i.pupil_id')
    .leftJoin('people as pe', 'pe.id', 'i.person_id')
    .leftJoin('communities as k', 'k.id', 'i.community_id')
    .selectAll('i')
    .select([
      'o.name as org_name',
      'o.short_name as org_short_name',
      'o.kind as org_kind',
      'c.name as class_name',
      'c.class_teacher_id',
      'pu.last_name as pupil_last_name',
      'pu.first_name as pupil_first_name',
      'pu.middle_name as pupil_middle_name',
      'pe.last_name as person_last_name',
      'pe.first_name as person_first_name',
      'pe.middle_name as person_middle_name',
      'k.title as community_title',
    ]);
}

export type InvitationRow = NonNullable<Awaited<ReturnType<typeof selectInvitation>>>;

export function selectInvitation(db: DbOrTrx, id: number) {
  return invitationQuery(db).where('i.id', '=', id).executeTakeFirst();
}

export function selectInvitations(db: DbOrTrx, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return invitationQuery(db).where('i.id', 'in', ids).execute();
}

export function selectByCode(db: DbOrTrx, code: string) {
  return invitationQuery(db).where('i.code', '=', code).executeTakeFirst();
}

export function selectByTokenHash(db: DbOrTrx, hash: string) {
  return invitationQuery(db).where('i.token_hash', '=', hash).executeTakeFirst();
}

export async function codeTaken(db: DbOrTrx, code: string): Promise<boolean> {
  const r = await db
    .selectFrom('invitations')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * A page of invitations of a municipality. `orgIds`/`classIds`/`communityIds`:
 * the scopes the viewer manages (null: all); `createdBy`: also those they issued.
 */
export async function listInvitations(
  db: DbOrTrx,
  f: {
    municipalityId: number;
    organizationId?: number | undefined;
    classId?: number | undefined;
    communityId?: number | undefined;
    kind?: string | undefined;
    status?: string | undefined;
    createdBy?: number | undefined;
    now: Date;
    limit: number;
    offset: number;
  },
) {
  let base = db.selectFrom('invitations as i').where('i.municipality_id', '=', f.municipalityId);
  if (f.createdBy !== undefined) base = base.where('i.created_by', '=', f.createdBy);
  if (f.organizationId !== undefined) base = base.where('i.organization_id', '=', f.organizationId);
  if (f.classId !== undefined) base = base.where('i.class_id', '=', f.classId);
  if (f.communityId !== undefined) base = base.where('i.community_id', '=', f.communityId);
  if (f.kind !== undefined) base = base.where('i.kind', '=', f.kind);
  switch (f.status) {
    case 'revoked':
      base = base.where('i.revoked_at', 'is not', null);
      break;
    case 'expired':
      base = base.where('i.revoked_at', 'is', null).where('i.expires_at', '<=', f.now);
      break;
    case 'used_up':
      base = base
        .where('i.revoked_at', 'is', null)
        .where('i.expires_at', '>', f.now)
        .whereRef('i.use_count', '>=', 'i.max_uses');
      break;
    case 'active':
      base = base
        .where('i.revoked_at', 'is', null)
        .where('i.expires_at', '>', f.now)
        .whereRef('i.use_count', '<', 'i.max_uses');
      break;
  }
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select('i.id')
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(count.n) };
}

/**
 * Takes one use, atomically: only while the invitation is neither revoked,
 * expired nor used up. 0 when it could not (a concurrent acceptance took
 * the last use, or it was revoked meanwhile).
 */
export async function consumeUse(db: DbOrTrx, id: number, now: Date): Promise<number> {
  const r = await db
    .updateTable('invitations')
    .set((eb) => ({ use_count: eb('use_count', '+', 1) }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .whereRef('use_count', '<', 'max_uses')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function revokeInvitation(db: DbOrTrx, id: number, by: number, at: Date) {
  const r = await db
    .updateTable('invitations')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertUse(
  db: DbOrTrx,
  v: {
    invitationId: number;
    personId: number;
    personCreated: boolean;
    accountCreated: boolean;
    at: Date;
    ip: string | null;
  },
) {
  await db
    .insertInto('invitation_uses')
    .values({
      invitation_id: v.invitationId,
      person_id: v.personId,
      person_created: v.personCreated,
      account_created: v.accountCreated,
      used_at: v.at,
      ip: v.ip,
    })
    .execute();
}

/**
 * Serialises the issuing of one class's (or organisation's) sheet: a write
 * that changes nothing takes the row's lock (PostgreSQL) or the database's
 * write lock (SQLite) until the transaction ends, so two people preparing the
 * same sheet at once do not both issue an invitation for the same pupil.
 */
export async function lockClass(trx: DbOrTrx, classId: number): Promise<void> {
  await trx
    .updateTable('classes')
    .set((eb) => ({ archived_at: eb.ref('archived_at') }))
    .where('id', '=', classId)
    .execute();
}

export async function lockOrg(trx: DbOrTrx, orgId: number): Promise<void> {
  await trx
    .updateTable('organizations')
    .set((eb) => ({ archived_at: eb.ref('archived_at') }))
    .where('id', '=', orgId)
    .execute();
}

/**
 * The personal parent invitations of a class that can still be used (not
 * revoked, not expired, uses left), newest first: a sheet prints the first
 * one of each pupil.
 */
export function usableParentPersonal(db: DbOrTrx, classId: number, now: Date) {
  return db
    .selectFrom('invitations')
    .select(['id', 'pupil_id', 'code', 'expires_at'])
    .where('kind', '=', 'parent_personal')
    .where('class_id', '=', classId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .whereRef('use_count', '<', 'max_uses')
    .orderBy('id', 'desc')
    .execute();
}

/** The personal staff invitations of an organisation that can still be used, newest first. */
export function usableStaffPersonal(db: DbOrTrx, orgId: number, now: Date) {
  return db
    .selectFrom('invitations')
    .select(['id', 'person_id', 'code', 'expires_at'])
    .where('kind', '=', 'staff_personal')
    .where('organization_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .whereRef('use_count', '<', 'max_uses')
    .orderBy('id', 'desc')
    .execute();
}

/* ---------------- guessing throttle ---------------- */

export function findThrottle(db: DbOrTrx, key: string) {
  return db.selectFrom('invitation_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function upsertThrottle(
  db: DbOrTrx,
  v: { key: string; failures: number; windowStartedAt: Date; lockedUntil: Date | null },
) {
  await db
    .insertInto('invitation_throttle')
    .values({
      key: v.key,
      failures: v.failures,
      window_started_at: v.windowStartedAt,
      locked_until: v.lockedUntil,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: v.failures,
        window_started_at: v.windowStartedAt,
        locked_until: v.lockedUntil,
      }),
    )
    .execute();
}

/* ---------------- acceptance: people and their places ---------------- */

export async function insertPerson(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    lastName: string;
    firstName: string;
    middleName: string | null;
    phone: string | null;
    email: string | null;
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
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Fills contacts the roster lacked (never overwrites one). */
export async function fillContacts(
  db: DbOrTrx,
  personId: number,
  v: { phone: string | null; email: string | null },
) {
  if (v.phone)
    await db
      .updateTable('people')
      .set({ phone: v.phone })
      .where('id', '=', personId)
      .where('phone', 'is', null)
      .execute();
  if (v.email)
    await db
      .updateTable('people')
      .set({ email: v.email })
      .where('id', '=', personId)
      .where('email', 'is', null)
      .execute();
}

export function activePositionOf(db: DbOrTrx, personId: number, orgId: number, role: string) {
  return db
    .selectFrom('positions')
    .select('id')
    .where('person_id', '=', personId)
    .where('organization_id', '=', orgId)
    .where('role', '=', role)
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
) {
  await db
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
    .execute();
}

export function openEnrolmentsOf(db: DbOrTrx, pupilId: number) {
  return db
    .selectFrom('enrolments')
    .select(['id', 'class_id'])
    .where('pupil_id', '=', pupilId)
    .where('ended_on', 'is', null)
    .execute();
}

export async function insertEnrolment(
  db: DbOrTrx,
  v: { pupilId: number; classId: number; startedOn: string },
) {
  await db
    .insertInto('enrolments')
    .values({ pupil_id: v.pupilId, class_id: v.classId, started_on: v.startedOn })
    .execute();
}

export async function guardianshipExists(
  db: DbOrTrx,
  parentId: number,
  pupilId: number,
): Promise<boolean> {
  const r = await db
    .selectFrom('guardianships')
    .select('id')
    .where('parent_id', '=', parentId)
    .where('pupil_id', '=', pupilId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertGuardianship(
  db: DbOrTrx,
  v: { parentId: number; pupilId: number; relation: string; at: Date },
) {
  await db
    .insertInto('guardianships')
    .values({
      parent_id: v.parentId,
      pupil_id: v.pupilId,
      relation: v.relation,
      created_at: v.at,
    })
    .execute();
}

/** Positions, open enrolments and children: what kind of person this is. */
export async function roleFlags(db: DbOrTrx, personId: number) {
  const [position, enrolment, child] = await Promise.all([
    db
      .selectFrom('positions')
      .select('id')
      .where('person_id', '=', personId)
      .where('ended_on', 'is', null)
      .executeTakeFirst(),
    db
      .selectFrom('enrolments')
      .select('id')
      .where('pupil_id', '=', personId)
      .where('ended_on', 'is', null)
      .executeTakeFirst(),
    db
      .selectFrom('guardianships')
      .select('id')
      .where('parent_id', '=', personId)
      .executeTakeFirst(),
  ]);
  return {
    staff: position !== undefined,
    pupil: enrolment !== undefined,
    parent: child !== undefined,
  };
}

/** Active pupils of a class with the names and birth dates the roster has. */
export function pupilNames(db: DbOrTrx, classId: number) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('people as p', 'p.id', 'e.pupil_id')
    .select(['p.id', 'p.last_name', 'p.first_name', 'p.birth_date'])
    .where('e.class_id', '=', classId)
    .where('e.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .execute();
}

/** Of these people, the active ones without an account, with names and contacts. */
export function withoutAccount(db: DbOrTrx, candidateIds: number[]) {
  if (candidateIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.last_name', 'p.first_name', 'p.phone', 'p.email'])
    .where('p.id', 'in', candidateIds)
    .where('p.deactivated_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('accounts as a').select('a.id').whereRef('a.person_id', '=', 'p.id'),
        ),
      ),
    )
    .execute();
}

export async function staffIdsOf(db: DbOrTrx, orgId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('positions')
    .select('person_id')
    .distinct()
    .where('organization_id', '=', orgId)
    .where('ended_on', 'is', null)
    .execute();
  return rows.map((r) => r.person_id);
}

export async function pupilIdsOf(db: DbOrTrx, classId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('enrolments')
    .select('pupil_id')
    .where('class_id', '=', classId)
    .where('ended_on', 'is', null)
    .execute();
  return rows.map((r) => r.pupil_id);
}

export async function guardianIdsOf(db: DbOrTrx, pupilIds: number[]): Promise<number[]> {
  if (pupilIds.length === 0) return [];
  const rows = await db
    .selectFrom('guardianships')
    .select('parent_id')
    .distinct()
    .where('pupil_id', 'in', pupilIds)
    .execute();
  return rows.map((r) => r.parent_id);
}

/* ---------------- sheets ---------------- */

/** Active pupils of a class, by name. */
export function pupilsOfClass(db: DbOrTrx, classId: number) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('people as p', 'p.id', 'e.pupil_id')
    .select(['p.id', 'p.last_name', 'p.first_name', 'p.middle_name'])
    .where('e.class_id', '=', classId)
    .where('e.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .orderBy('p.id')
    .execute();
}

/** Active staff of an organisation without an account, by name, with one title each. */
export async function staffWithoutAccount(db: DbOrTrx, orgId: number) {
  const rows = await db
    .selectFrom('positions as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .select(['p.id', 'p.last_name', 'p.first_name', 'p.middle_name', 's.title', 's.role'])
    .where('s.organization_id', '=', orgId)
    .where('s.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('accounts as a').select('a.id').whereRef('a.person_id', '=', 'p.id'),
        ),
      ),
    )
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .orderBy('p.id')
    .orderBy('s.id')
    .execute();
  const seen = new Set<number>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/* ---------------- onboarding counts ---------------- */

const hasAccountOf = (ref: 'p.id' | 'pp.id') =>
  sql<
    boolean | number
  >`exists (select 1 from accounts a where a.person_id = ${sql.ref(ref)} and a.status = 'active')`;

/** Classes of an organisation (or one class), not archived. */
export function classesOf(db: DbOrTrx, f: { orgId?: number; classId?: number }) {
  let q = db
    .selectFrom('classes')
    .select(['id', 'name', 'organization_id'])
    .where('archived_at', 'is', null);
  if (f.orgId !== undefined) q = q.where('organization_id', '=', f.orgId);
  if (f.classId !== undefined) q = q.where('id', '=', f.classId);
  return q.orderBy('grade').orderBy('name').orderBy('id').execute();
}

/** Current pupils of the classes: with an account, with a connected parent. */
export function pupilFacts(db: DbOrTrx, classIds: number[]) {
  if (classIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enrolments as e')
    .innerJoin('people as p', 'p.id', 'e.pupil_id')
    .select([
      'e.class_id',
      'e.pupil_id',
      hasAccountOf('p.id').as('has_account'),
      sql<boolean | number>`exists (
        select 1 from guardianships g
        join people gp on gp.id = g.parent_id and gp.deactivated_at is null
        join accounts ga on ga.person_id = g.parent_id and ga.status = 'active'
        where g.pupil_id = p.id)`.as('parent_connected'),
    ])
    .where('e.class_id', 'in', classIds)
    .where('e.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .execute();
}

/** Legal representatives of the classes' current pupils, per class. */
export function parentFacts(db: DbOrTrx, classIds: number[]) {
  if (classIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enrolments as e')
    .innerJoin('people as p', 'p.id', 'e.pupil_id')
    .innerJoin('guardianships as g', 'g.pupil_id', 'e.pupil_id')
    .innerJoin('people as pp', 'pp.id', 'g.parent_id')
    .select(['e.class_id', 'g.parent_id', hasAccountOf('pp.id').as('has_account')])
    .where('e.class_id', 'in', classIds)
    .where('e.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .where('pp.deactivated_at', 'is', null)
    .execute();
}

/** Personal parent invitations of the classes, not revoked: issued, accepted at least once. */
export function parentInvitationFacts(db: DbOrTrx, classIds: number[]) {
  if (classIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('invitations')
    .select(['class_id', 'use_count'])
    .where('kind', '=', 'parent_personal')
    .where('class_id', 'in', classIds)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Active staff of organisations: with an account, joined through an invitation of the organisation. */
export function staffFacts(db: DbOrTrx, orgIds: number[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('positions as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .select([
      's.organization_id',
      's.person_id',
      hasAccountOf('p.id').as('has_account'),
      sql<boolean | number>`exists (
        select 1 from invitation_uses u join invitations i on i.id = u.invitation_id
        where u.person_id = p.id and i.organization_id = s.organization_id
          and i.kind in ('staff', 'staff_personal'))`.as('accepted'),
    ])
    .where('s.organization_id', 'in', orgIds)
    .where('s.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .execute();
}

export function orgsOfMunicipality(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'short_name', 'kind'])
    .where('municipality_id', '=', municipalityId)
    .where('archived_at', 'is', null)
    .orderBy('kind')
    .orderBy('name')
    .execute();
}

/* ---------------- outbox ---------------- */

export async function insertOutbox(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    organizationId: number | null;
    channel: string;
    recipient: string;
    subject: string | null;
    body: string;
    status: string;
    sender: string;
    invitationId: number | null;
    createdBy: number | null;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('outbox')
    .values({
      municipality_id: v.municipalityId,
      organization_id: v.organizationId,
      channel: v.channel,
      recipient: v.recipient,
      subject: v.subject,
      body: v.body,
      status: v.status,
      sender: v.sender,
      invitation_id: v.invitationId,
      created_by: v.createdBy,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function markOutbox(
  db: DbOrTrx,
  id: number,
  v: { status: string; error: string | null; sentAt: Date | null },
) {
  await db
    .updateTable('outbox')
    .set({ status: v.status, error: v.error, sent_at: v.sentAt })
    .where('id', '=', id)
    .execute();
}

export function selectOutbox(db: DbOrTrx, id: number) {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function listOutbox(
  db: DbOrTrx,
  f: {
    municipalityId: number;
    orgIds: number[] | null;
    status?: string | undefined;
    organizationId?: number | undefined;
    limit: number;
    offset: number;
  },
) {
  let base = db.selectFrom('outbox').where('municipality_id', '=', f.municipalityId);
  if (f.orgIds !== null)
    base = f.orgIds.length
      ? base.where('organization_id', 'in', f.orgIds)
      : base.where(sql<boolean>`1 = 0`);
  if (f.organizationId !== undefined) base = base.where('organization_id', '=', f.organizationId);
  if (f.status !== undefined) base = base.where('status', '=', f.status);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
  ]);
  return { rows, total: Number(count.n) };
}
