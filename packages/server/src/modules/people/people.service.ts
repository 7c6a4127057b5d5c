import {
  normalizePhone,
  type AdminRole,
  type CreatePersonRequest,
  type CreatePosition,
  type Enrolment,
  type GuardianLink,
  type GuardianLinks,
  type GuardianRelation,
  type Guardianship,
  type Me,
  type MyChild,
  type PeopleQuery,
  type Person,
  type PersonDetails,
  type PersonKind,
  type PersonListItem,
  type Position,
  type PositionRole,
  type UpdatePerson,
} from '@parta/shared';
import type { Updateable } from 'kysely';
import type { Database, Db, DbOrTrx, Row } from '../../db/database';
import { toBool, toIso } from '../../db/values';
import type { Actor } from '../../platform/actor';
import { AppError, notFound } from '../../platform/errors';
import { audit, type AuditEntry } from '../audit';
import { revokeAllSessionsOf } from '../auth';
import {
  canViewPerson,
  canViewPersonDetails,
  isMunicipalAdmin,
  orgAdminIds,
  type ClassRef,
  type OrgRef,
  type PersonFacts,
  type ViewerFacts,
} from './people.policy';
import * as repo from './people.repository';

type PositionRow = Awaited<ReturnType<typeof repo.selectPositions>>[number];

export function displayName(p: {
  last_name: string;
  first_name: string;
  middle_name: string | null;
}): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}

function toPosition(r: PositionRow): Position {
  return {
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    organizationKind: r.organization_kind as Position['organizationKind'],
    role: r.role as Position['role'],
    title: r.title,
    pedagogical: toBool(r.pedagogical),
  };
}

export function toPerson(row: Row<'people'>, positions: PositionRow[]): Person {
  return {
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    displayName: displayName(row),
    positions: positions.filter((p) => p.person_id === row.id).map(toPosition),
    active: row.deactivated_at === null,
  };
}

/** `PersonKind`s in their fixed order. */
function kindsOf(staff: boolean, pupil: boolean, parent: boolean): PersonKind[] {
  const kinds: PersonKind[] = [];
  if (staff) kinds.push('staff');
  if (pupil) kinds.push('pupil');
  if (parent) kinds.push('parent');
  return kinds;
}

type RoleFlags = Awaited<ReturnType<typeof repo.selectRoleFlags>>;

export function toPersonDetails(
  row: Row<'people'>,
  positions: PositionRow[],
  hasAccount: boolean,
  flags: { pupil: boolean; parent: boolean },
): PersonDetails {
  const person = toPerson(row, positions);
  return {
    ...person,
    phone: row.phone,
    email: row.email,
    birthDate: row.birth_date,
    externalId: row.external_id,
    hasAccount,
    kinds: kindsOf(person.positions.length > 0, flags.pupil, flags.parent),
    createdAt: toIso(row.created_at),
  };
}

const flagsFor = (flags: RoleFlags, personId: number) => ({
  pupil: flags.pupils.has(personId),
  parent: flags.parents.has(personId),
});

/** People by id, in the order asked, with their positions (no contacts). */
export async function getPeople(db: DbOrTrx, ids: number[]): Promise<Person[]> {
  const [rows, positions] = await Promise.all([
    repo.selectPeople(db, ids),
    repo.selectPositions(db, ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toPerson(row, positions)] : [];
  });
}

export async function getPersonDetails(db: DbOrTrx, personId: number): Promise<PersonDetails> {
  const row = await repo.selectPerson(db, personId);
  if (!row) throw notFound('No such person.');
  const [positions, account, flags] = await Promise.all([
    repo.selectPositions(db, [personId]),
    repo.selectAccountOf(db, personId),
    repo.selectRoleFlags(db, [personId]),
  ]);
  return toPersonDetails(row, positions, account !== undefined, flagsFor(flags, personId));
}

/** The signed-in person's view of themselves (`GET /api/v1/me`, login response). */
export async function getMe(db: DbOrTrx, personId: number, csrfToken: string): Promise<Me> {
  const row = await repo.selectPerson(db, personId);
  if (!row) throw notFound('No such person.');
  const [positions, account, grants, children, ownClasses, municipality] = await Promise.all([
    repo.selectPositions(db, [personId]),
    repo.selectAccountOf(db, personId),
    repo.selectAdminGrants(db, personId),
    repo.selectChildren(db, personId),
    repo.selectPupilClasses(db, [personId]),
    repo.selectMunicipality(db, row.municipality_id),
  ]);
  if (!municipality) throw notFound('No such municipality.');
  const childClasses = await repo.selectPupilClasses(
    db,
    children.map((c) => c.id),
  );
  return {
    person: toPersonDetails(row, positions, account !== undefined, {
      pupil: ownClasses.length > 0,
      parent: children.length > 0,
    }),
    login: account?.login ?? '',
    adminRoles: grants.map((g) => ({
      role: g.role as Me['adminRoles'][number]['role'],
      organizationId: g.organization_id,
    })),
    children: children.map((c) => {
      const cls = childClasses.find((k) => k.pupil_id === c.id);
      return {
        id: c.id,
        displayName: displayName(c),
        className: cls?.class_name ?? null,
        organizationName: cls?.organization_name ?? null,
      };
    }),
    classes: ownClasses.map((c) => ({
      id: c.class_id,
      name: c.class_name,
      organizationName: c.organization_name,
    })),
    municipality: {
      id: municipality.id,
      name: municipality.name,
      timeZone: municipality.time_zone,
    },
    csrfToken,
  };
}

// ---------------------------------------------------------------------------
// Access-policy facts

type FactsWithZone = PersonFacts & { timeZone: string };

async function loadFacts(db: DbOrTrx, personId: number): Promise<FactsWithZone | null> {
  const core = await repo.selectPersonCore(db, personId);
  // A system sender (the monitoring bot) is no person to the policy: not
  // found, not viewable, not to be written to, added, placed or invited.
  if (!core || toBool(core.system_sender)) return null;
  const [positions, classes, childIds, grants] = await Promise.all([
    repo.selectPositions(db, [personId]),
    repo.selectPupilClasses(db, [personId]),
    repo.selectChildIds(db, personId),
    repo.selectAdminGrants(db, personId),
  ]);
  const childClasses = await repo.selectPupilClasses(db, childIds);
  return {
    personId,
    municipalityId: core.municipality_id,
    timeZone: core.time_zone,
    staffOrgIds: new Set(positions.map((p) => p.organization_id)),
    leadOrgIds: new Set(
      positions
        .filter((p) => p.role === 'head' || p.role === 'deputy')
        .map((p) => p.organization_id),
    ),
    authorityStaff: positions.some(
      (p) => p.organization_kind === 'authority' || p.role === 'authority_staff',
    ),
    pupilClassIds: new Set(classes.map((c) => c.class_id)),
    pupilOrgIds: new Set(classes.map((c) => c.organization_id)),
    childIds: new Set(childIds),
    childClassIds: new Set(childClasses.map((c) => c.class_id)),
    childOrgIds: new Set(childClasses.map((c) => c.organization_id)),
    adminGrants: grants.map((g) => ({
      role: g.role as AdminRole,
      municipalityId: g.municipality_id,
      organizationId: g.organization_id,
    })),
  };
}

/** The policy facts of any person, or null when there is no such person (or a system sender). */
export async function getPersonFacts(db: DbOrTrx, personId: number): Promise<PersonFacts | null> {
  return loadFacts(db, personId);
}

const viewers = new WeakMap<Actor, Promise<ViewerFacts>>();

/**
 * The signed-in person's policy facts, loaded once per request (the auth
 * hook builds a fresh `Actor` for every request, so it keys the memo). The
 * session's grants are authoritative.
 */
export function viewerOf(db: DbOrTrx, actor: Actor): Promise<ViewerFacts> {
  let facts = viewers.get(actor);
  if (!facts) {
    facts = loadFacts(db, actor.personId).then((f) => {
      if (!f) throw new AppError('UNAUTHENTICATED');
      return { ...f, adminGrants: actor.adminGrants };
    });
    viewers.set(actor, facts);
  }
  return facts;
}

/** A person of the viewer's municipality, or 404 (foreign people do not exist for the viewer). */
export async function requirePersonFacts(
  db: DbOrTrx,
  viewer: ViewerFacts,
  personId: number,
): Promise<PersonFacts> {
  const facts = await loadFacts(db, personId);
  if (!facts || facts.municipalityId !== viewer.municipalityId) throw notFound('No such person.');
  return facts;
}

/** A person named in a request, or 400 VALIDATION_FAILED naming the field. */
export async function personFactsForField(
  db: DbOrTrx,
  viewer: ViewerFacts,
  personId: number,
  field: string,
): Promise<PersonFacts> {
  const facts = await loadFacts(db, personId);
  if (!facts || facts.municipalityId !== viewer.municipalityId)
    throw invalid(field, 'no such person');
  return facts;
}

// ---------------------------------------------------------------------------
// Helpers

export interface ChangeContext {
  actorPersonId: number;
  municipalityId: number;
  ip: string | null;
  now: Date;
}

export interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** 400 VALIDATION_FAILED about one field, in the shape schema failures have. */
export function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path}: ${message}`, { details: [{ path, message }] });
}

/** The calendar date `YYYY-MM-DD` at `at` in the time zone. */
export function localDateIn(timeZone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * A phone from a request: absent stays absent, empty clears, anything else
 * is normalised to `+7XXXXXXXXXX` or refused naming the field.
 */
export function phoneInput(
  value: string | null | undefined,
  field: string,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const phone = normalizePhone(value);
  if (!phone) throw invalid(field, 'not a Russian phone number');
  return phone;
}

function auditOf(
  ctx: ChangeContext,
  action: string,
  target: { type: string; id: number | string },
  details?: Record<string, unknown>,
): AuditEntry {
  return {
    actorPersonId: ctx.actorPersonId,
    action,
    targetType: target.type,
    targetId: target.id,
    municipalityId: ctx.municipalityId,
    ip: ctx.ip,
    details: details ?? null,
  };
}

async function pagedPeople(
  db: DbOrTrx,
  page: { ids: number[]; total: number },
  q: { limit: number; offset: number },
): Promise<Paged<Person>> {
  return {
    items: await getPeople(db, page.ids),
    total: page.total,
    limit: q.limit,
    offset: q.offset,
  };
}

// ---------------------------------------------------------------------------
// Reading people

/**
 * One person as the viewer may see them (authorize `canViewPerson` first):
 * `PersonDetails` for themselves and their administrators, `Person` for
 * everyone else. An administrator's read of someone else is audited.
 */
export async function viewPerson(
  db: Db,
  viewer: ViewerFacts,
  target: PersonFacts,
  ctx: ChangeContext,
): Promise<Person | PersonDetails> {
  if (!canViewPersonDetails(viewer, target)) {
    const [person] = await getPeople(db, [target.personId]);
    if (!person) throw notFound('No such person.');
    return person;
  }
  const details = await getPersonDetails(db, target.personId);
  if (target.personId !== viewer.personId) {
    await audit(
      db,
      auditOf(ctx, 'person.details_viewed', { type: 'person', id: target.personId }),
      ctx.now,
    );
  }
  return details;
}

/** The administrators' directory (authorize `canListPeople` first). No contacts, so not audited per row. */
export async function listPeopleDirectory(
  db: DbOrTrx,
  viewer: ViewerFacts,
  query: PeopleQuery,
): Promise<Paged<PersonListItem>> {
  const orgIds =
    query.orgId !== undefined
      ? [query.orgId]
      : isMunicipalAdmin(viewer)
        ? null
        : [...orgAdminIds(viewer)];
  const words = (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5);
  const page = await repo.listPeople(db, {
    municipalityId: viewer.municipalityId,
    orgIds,
    role: query.role,
    words,
    limit: query.limit,
    offset: query.offset,
  });
  const [people, holders, flags] = await Promise.all([
    getPeople(db, page.ids),
    repo.selectAccountHolders(db, page.ids),
    repo.selectRoleFlags(db, page.ids),
  ]);
  const withAccount = new Set(holders.map((h) => h.person_id));
  return {
    items: people.map((p) => ({
      ...p,
      hasAccount: withAccount.has(p.id),
      kinds: kindsOf(p.positions.length > 0, flags.pupils.has(p.id), flags.parents.has(p.id)),
    })),
    total: page.total,
    limit: query.limit,
    offset: query.offset,
  };
}

/** Active staff of an organisation (authorize the organisation first). */
export async function listStaff(
  db: DbOrTrx,
  organizationId: number,
  query: { role?: PositionRole | undefined; limit: number; offset: number },
): Promise<Paged<Person>> {
  return pagedPeople(db, await repo.listStaff(db, { organizationId, ...query }), query);
}

/** Active pupils of a class (authorize the class first). */
export async function listClassPupils(
  db: DbOrTrx,
  classId: number,
  query: { limit: number; offset: number },
): Promise<Paged<Person>> {
  return pagedPeople(db, await repo.listClassPupils(db, { classId, ...query }), query);
}

/** The signed-in parent's children with their current classes and schools. */
export async function listMyChildren(
  db: DbOrTrx,
  viewer: ViewerFacts,
  query: { limit: number; offset: number },
): Promise<Paged<MyChild>> {
  const children = await repo.selectChildren(db, viewer.personId);
  const shown = children.slice(query.offset, query.offset + query.limit);
  const classes = await repo.selectPupilClasses(
    db,
    shown.map((c) => c.id),
  );
  return {
    items: shown.map((c) => ({
      id: c.id,
      lastName: c.last_name,
      firstName: c.first_name,
      middleName: c.middle_name,
      displayName: displayName(c),
      relation: c.relation as MyChild['relation'],
      classes: classes
        .filter((k) => k.pupil_id === c.id)
        .map((k) => ({
          id: k.class_id,
          name: k.class_name,
          organizationId: k.organization_id,
          organizationName: k.organization_name,
        })),
    })),
    total: children.length,
    limit: query.limit,
    offset: query.offset,
  };
}

// ---------------------------------------------------------------------------
// Changing people (administrators; authorize first). One transaction each,
// with its audit entry.

type ClassRow = NonNullable<Awaited<ReturnType<typeof repo.selectClassRef>>>;

/** An organisation named in a request, in the viewer's municipality, or 400 naming the field. */
export async function orgForField(
  db: DbOrTrx,
  viewer: ViewerFacts,
  organizationId: number,
  field: string,
): Promise<OrgRef & { kind: string; archived: boolean }> {
  const org = await repo.selectOrgRef(db, organizationId);
  if (!org || org.municipality_id !== viewer.municipalityId)
    throw invalid(field, 'no such organisation');
  return {
    id: org.id,
    municipalityId: org.municipality_id,
    kind: org.kind,
    archived: org.archived_at !== null,
  };
}

function toClassRef(c: ClassRow): ClassRef & { archived: boolean } {
  return {
    id: c.id,
    organizationId: c.organization_id,
    municipalityId: c.municipality_id,
    archived: c.archived_at !== null,
  };
}

/** A class named in a request, in the viewer's municipality, or 400 naming the field. */
export async function classForField(
  db: DbOrTrx,
  viewer: ViewerFacts,
  classId: number,
  field: string,
): Promise<ClassRef & { archived: boolean }> {
  const cls = await repo.selectClassRef(db, classId);
  if (!cls || cls.municipality_id !== viewer.municipalityId) throw invalid(field, 'no such class');
  return toClassRef(cls);
}

function checkPositionFits(
  org: { kind: string; archived: boolean },
  role: PositionRole,
  field: string,
): void {
  if (org.archived) throw new AppError('CONFLICT', 'The organisation is archived.');
  if (role === 'authority_staff' && org.kind !== 'authority') {
    throw invalid(field, 'authority_staff is a position in the education authority only');
  }
}

export interface CreatePersonPlan {
  input: CreatePersonRequest;
  phone: string | null;
  positionOrg: (OrgRef & { kind: string; archived: boolean }) | null;
  cls: (ClassRef & { archived: boolean }) | null;
  parentOf: PersonFacts | null;
}

/** Validates `POST /people` against stored data (400 naming the field); authorize the plan next. */
export async function planCreatePerson(
  db: DbOrTrx,
  viewer: ViewerFacts,
  input: CreatePersonRequest,
): Promise<CreatePersonPlan> {
  const phone = phoneInput(input.phone, 'body.phone') ?? null;
  const positionOrg = input.position
    ? await orgForField(db, viewer, input.position.organizationId, 'body.position.organizationId')
    : null;
  if (positionOrg && input.position)
    checkPositionFits(positionOrg, input.position.role, 'body.position.role');
  const cls =
    input.classId !== undefined
      ? await classForField(db, viewer, input.classId, 'body.classId')
      : null;
  if (cls?.archived) throw new AppError('CONFLICT', 'The class is archived.');
  const parentOf = input.guardianOf
    ? await personFactsForField(db, viewer, input.guardianOf.pupilId, 'body.guardianOf.pupilId')
    : null;
  return { input, phone, positionOrg, cls, parentOf };
}

/** The organisations a plan places the new person in, for `canCreatePerson`. */
export function placementOf(plan: CreatePersonPlan): {
  orgs: OrgRef[];
  parentOf: PersonFacts | null;
} {
  const orgs: OrgRef[] = [];
  if (plan.positionOrg) orgs.push(plan.positionOrg);
  if (plan.cls) orgs.push({ id: plan.cls.organizationId, municipalityId: plan.cls.municipalityId });
  return { orgs, parentOf: plan.parentOf };
}

/** Creates the person and their placements in one transaction with the audit entry. */
export async function createPerson(
  db: Db,
  plan: CreatePersonPlan,
  ctx: ChangeContext,
  timeZone: string,
): Promise<PersonDetails> {
  const { input } = plan;
  const today = localDateIn(timeZone, ctx.now);
  return db.transaction().execute(async (trx) => {
    const personId = await repo.insertPersonRecord(trx, {
      municipalityId: ctx.municipalityId,
      lastName: input.lastName,
      firstName: input.firstName,
      middleName: input.middleName ?? null,
      phone: plan.phone,
      email: input.email ?? null,
      birthDate: input.birthDate ?? null,
      externalId: input.externalId ?? null,
      at: ctx.now,
    });
    if (input.position) {
      await repo.insertPosition(trx, {
        personId,
        organizationId: input.position.organizationId,
        role: input.position.role,
        title: input.position.title ?? null,
        pedagogical: input.position.pedagogical,
        startedOn: today,
        at: ctx.now,
      });
    }
    if (plan.cls)
      await repo.insertEnrolment(trx, {
        pupilId: personId,
        classId: plan.cls.id,
        startedOn: today,
      });
    if (input.guardianOf) {
      await repo.insertGuardianship(trx, {
        parentId: personId,
        pupilId: input.guardianOf.pupilId,
        relation: input.guardianOf.relation,
        at: ctx.now,
      });
    }
    await audit(
      trx,
      auditOf(
        ctx,
        'person.created',
        { type: 'person', id: personId },
        {
          position: input.position
            ? { organizationId: input.position.organizationId, role: input.position.role }
            : null,
          classId: input.classId ?? null,
          guardianOf: input.guardianOf?.pupilId ?? null,
        },
      ),
      ctx.now,
    );
    return getPersonDetails(trx, personId);
  });
}

/**
 * Changes a person's data; `active: false` sets `deactivated_at`, which the
 * auth layer checks on every request, so their sessions stop at once.
 * Nobody deactivates themselves (an administrator could lock everyone out).
 */
export async function updatePerson(
  db: Db,
  target: PersonFacts,
  input: UpdatePerson,
  phone: string | null | undefined,
  ctx: ChangeContext,
): Promise<PersonDetails> {
  if (input.active === false && target.personId === ctx.actorPersonId) {
    throw new AppError('CONFLICT', 'You cannot deactivate yourself.');
  }
  const row = await repo.selectPerson(db, target.personId);
  if (!row) throw notFound('No such person.');
  const patch: Updateable<Database['people']> = {};
  if (input.lastName !== undefined) patch.last_name = input.lastName;
  if (input.firstName !== undefined) patch.first_name = input.firstName;
  if (input.middleName !== undefined) patch.middle_name = input.middleName;
  if (phone !== undefined) patch.phone = phone;
  if (input.email !== undefined) patch.email = input.email;
  if (input.birthDate !== undefined) patch.birth_date = input.birthDate;
  if (input.externalId !== undefined) patch.external_id = input.externalId;
  const fields = Object.keys(input).filter((k) => k !== 'active');
  const wasActive = row.deactivated_at === null;
  const activeChange =
    input.active !== undefined && input.active !== wasActive ? input.active : undefined;
  if (activeChange !== undefined) patch.deactivated_at = activeChange ? null : ctx.now;
  return db.transaction().execute(async (trx) => {
    await repo.updatePersonRecord(trx, target.personId, patch);
    const ref = { type: 'person', id: target.personId };
    if (fields.length > 0)
      await audit(trx, auditOf(ctx, 'person.updated', ref, { fields }), ctx.now);
    if (activeChange === false) await revokeAllSessionsOf(trx, target.personId, ctx.now);
    if (activeChange !== undefined) {
      await audit(
        trx,
        auditOf(ctx, activeChange ? 'person.reactivated' : 'person.deactivated', ref),
        ctx.now,
      );
    }
    return getPersonDetails(trx, target.personId);
  });
}

/** Gives the person a position in the organisation (authorize `canAddPosition` first). */
export async function addPosition(
  db: Db,
  target: PersonFacts,
  org: { id: number; kind: string; archived: boolean },
  input: CreatePosition,
  ctx: ChangeContext,
  timeZone: string,
): Promise<Position> {
  checkPositionFits(org, input.role, 'body.role');
  return db.transaction().execute(async (trx) => {
    const existing = await repo.selectActivePosition(trx, {
      personId: target.personId,
      organizationId: org.id,
      role: input.role,
    });
    if (existing) throw new AppError('ALREADY_EXISTS', 'The person already holds this position.');
    const id = await repo.insertPosition(trx, {
      personId: target.personId,
      organizationId: org.id,
      role: input.role,
      title: input.title ?? null,
      pedagogical: input.pedagogical,
      startedOn: localDateIn(timeZone, ctx.now),
      at: ctx.now,
    });
    await audit(
      trx,
      auditOf(
        ctx,
        'position.created',
        { type: 'position', id },
        { personId: target.personId, organizationId: org.id, role: input.role },
      ),
      ctx.now,
    );
    const positions = await repo.selectPositions(trx, [target.personId]);
    const row = positions.find((p) => p.id === id);
    if (!row) throw new AppError('INTERNAL');
    return toPosition(row);
  });
}

/** A position of the viewer's municipality, or 404. */
export async function requirePosition(db: DbOrTrx, viewer: ViewerFacts, positionId: number) {
  const p = await repo.selectPositionById(db, positionId);
  if (!p || p.municipality_id !== viewer.municipalityId) throw notFound('No such position.');
  return {
    id: p.id,
    personId: p.person_id,
    org: { id: p.organization_id, municipalityId: p.municipality_id },
    ended: p.ended_on !== null,
  };
}

/** Ends a position today (authorize `canEndPosition` first); history is kept. */
export async function endPosition(
  db: Db,
  positionId: number,
  ctx: ChangeContext,
  timeZone: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const n = await repo.endPosition(trx, positionId, localDateIn(timeZone, ctx.now));
    if (n === 0) throw new AppError('CONFLICT', 'The position has already ended.');
    await audit(trx, auditOf(ctx, 'position.ended', { type: 'position', id: positionId }), ctx.now);
  });
}

/** Links a parent to a pupil (authorize `canLinkGuardian` first). */
export async function linkGuardian(
  db: Db,
  pupilId: number,
  input: { parentId: number; relation: GuardianRelation },
  ctx: ChangeContext,
): Promise<Guardianship> {
  return db.transaction().execute(async (trx) => {
    if (await repo.selectGuardianship(trx, input.parentId, pupilId)) {
      throw new AppError('ALREADY_EXISTS', 'This parent is already linked to the pupil.');
    }
    await repo.insertGuardianship(trx, {
      parentId: input.parentId,
      pupilId,
      relation: input.relation,
      at: ctx.now,
    });
    await audit(
      trx,
      auditOf(
        ctx,
        'guardianship.created',
        { type: 'person', id: pupilId },
        { parentId: input.parentId, relation: input.relation },
      ),
      ctx.now,
    );
    return {
      parentId: input.parentId,
      pupilId,
      relation: input.relation,
      createdAt: ctx.now.toISOString(),
    };
  });
}

/**
 * The person's parents and children (authorize `canViewPersonDetails` first).
 * Only links to people the viewer may see are listed: an organisation
 * administrator does not learn of a parent's children in other schools. An
 * administrator's read of someone else's family is audited.
 */
export async function listGuardianLinks(
  db: Db,
  viewer: ViewerFacts,
  target: PersonFacts,
  ctx: ChangeContext,
): Promise<GuardianLinks> {
  const links = await repo.selectGuardianLinks(db, target.personId);
  // A person has a handful of parents or children: one facts load each.
  const others = [...new Set([...links.parents, ...links.children].map((r) => r.id))];
  const facts = await Promise.all(others.map((id) => loadFacts(db, id)));
  const visible = new Set(
    facts.flatMap((f) => (f !== null && canViewPerson(viewer, f) ? [f.personId] : [])),
  );
  const parents = links.parents.filter((r) => visible.has(r.id));
  const children = links.children.filter((r) => visible.has(r.id));
  const classes = await repo.selectPupilClasses(
    db,
    children.map((c) => c.id),
  );
  const toLink = (r: (typeof parents)[number], withClasses: boolean): GuardianLink => ({
    personId: r.id,
    displayName: displayName(r),
    active: r.deactivated_at === null,
    relation: r.relation as GuardianRelation,
    createdAt: toIso(r.created_at),
    classes: withClasses
      ? classes
          .filter((k) => k.pupil_id === r.id)
          .map((k) => ({
            id: k.class_id,
            name: k.class_name,
            organizationId: k.organization_id,
            organizationName: k.organization_short_name ?? k.organization_name,
          }))
      : [],
  });
  if (target.personId !== viewer.personId) {
    await audit(
      db,
      auditOf(ctx, 'person.guardianships_viewed', { type: 'person', id: target.personId }),
      ctx.now,
    );
  }
  return {
    parents: parents.map((r) => toLink(r, false)),
    children: children.map((r) => toLink(r, true)),
  };
}

/**
 * Removes a parent ↔ pupil link (authorize `canUnlinkGuardian` first); 404
 * when there is none. The history stays in the audit log. Sync the parent's
 * roster chats after the commit: they leave the class parents' chat unless
 * another child keeps them there.
 */
export async function unlinkGuardian(
  db: Db,
  pupilId: number,
  parentId: number,
  ctx: ChangeContext,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const link = await repo.selectGuardianship(trx, parentId, pupilId);
    if (!link) throw notFound('This parent is not linked to the pupil.');
    await repo.deleteGuardianship(trx, parentId, pupilId);
    await audit(
      trx,
      auditOf(
        ctx,
        'guardianship.removed',
        { type: 'person', id: pupilId },
        { parentId, relation: link.relation },
      ),
      ctx.now,
    );
  });
}

/** Enrols a pupil in a class (authorize `canEnrol` first). */
export async function enrolPupil(
  db: Db,
  cls: ClassRef & { archived: boolean },
  pupilId: number,
  ctx: ChangeContext,
  timeZone: string,
): Promise<Enrolment> {
  if (cls.archived) throw new AppError('CONFLICT', 'The class is archived.');
  const startedOn = localDateIn(timeZone, ctx.now);
  return db.transaction().execute(async (trx) => {
    if (await repo.selectOpenEnrolment(trx, pupilId, cls.id)) {
      throw new AppError('ALREADY_EXISTS', 'The pupil is already enrolled in this class.');
    }
    await repo.insertEnrolment(trx, { pupilId, classId: cls.id, startedOn });
    await audit(
      trx,
      auditOf(ctx, 'enrolment.created', { type: 'class', id: cls.id }, { pupilId }),
      ctx.now,
    );
    return { pupilId, classId: cls.id, startedOn, endedOn: null };
  });
}

/** Ends a pupil's open enrolment in a class today (authorize `canEndEnrolment` first); 404 when none. */
export async function endEnrolment(
  db: Db,
  cls: ClassRef,
  pupilId: number,
  ctx: ChangeContext,
  timeZone: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const open = await repo.selectOpenEnrolment(trx, pupilId, cls.id);
    if (!open) throw notFound('The pupil is not enrolled in this class.');
    await repo.endEnrolment(trx, open.id, localDateIn(timeZone, ctx.now));
    await audit(
      trx,
      auditOf(ctx, 'enrolment.ended', { type: 'class', id: cls.id }, { pupilId }),
      ctx.now,
    );
  });
}

/** Who changes what, for the audit entry of a change. */
export function changeContext(viewer: PersonFacts, ip: string | null, now: Date): ChangeContext {
  return { actorPersonId: viewer.personId, municipalityId: viewer.municipalityId, ip, now };
}
