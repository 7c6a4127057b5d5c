import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database';

/**
 * All SQL of network communities: communities, members, rules, exclusions,
 * join requests — and the community's own chats (`chats.community_id`),
 * whose membership follows the community's (chat member `source = community`).
 */

/* ---------------- communities ---------------- */

const communityColumns = [
  'c.id',
  'c.municipality_id',
  'c.kind',
  'c.title',
  'c.description',
  'c.owner_org_id',
  'c.created_by',
  'c.created_at',
  'c.archived_at',
  'o.name as owner_org_name',
  'o.short_name as owner_org_short_name',
] as const;

export function selectCommunity(db: DbOrTrx, id: number) {
  return db
    .selectFrom('communities as c')
    .leftJoin('organizations as o', 'o.id', 'c.owner_org_id')
    .select(communityColumns)
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export type CommunityRow = NonNullable<Awaited<ReturnType<typeof selectCommunity>>>;

/**
 * A page of communities of a municipality by title. `memberOf`: only those
 * the person is a current member of; `visibleToAll = false` means the same.
 */
export async function listCommunities(
  db: DbOrTrx,
  f: {
    municipalityId: number;
    personId: number;
    onlyMine: boolean;
    kind?: string | undefined;
    includeArchived: boolean;
    limit: number;
    offset: number;
  },
) {
  let base = db
    .selectFrom('communities as c')
    .leftJoin('organizations as o', 'o.id', 'c.owner_org_id')
    .where('c.municipality_id', '=', f.municipalityId);
  if (f.kind !== undefined) base = base.where('c.kind', '=', f.kind);
  if (!f.includeArchived) base = base.where('c.archived_at', 'is', null);
  if (f.onlyMine)
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('community_members as m')
          .select('m.person_id')
          .whereRef('m.community_id', '=', 'c.id')
          .where('m.person_id', '=', f.personId)
          .where('m.left_at', 'is', null),
      ),
    );
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(communityColumns)
      .orderBy('c.title')
      .orderBy('c.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function insertCommunity(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    kind: string;
    title: string;
    description: string | null;
    ownerOrgId: number | null;
    createdBy: number | null;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('communities')
    .values({
      municipality_id: v.municipalityId,
      kind: v.kind,
      title: v.title,
      description: v.description,
      owner_org_id: v.ownerOrgId,
      created_by: v.createdBy,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateCommunity(
  db: DbOrTrx,
  id: number,
  set: { title?: string; description?: string | null; kind?: string; archived_at?: Date | null },
) {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('communities').set(set).where('id', '=', id).execute();
}

/** Communities with at least one rule, not archived (optionally one municipality or one community). */
export async function communitiesWithRules(
  db: DbOrTrx,
  scope: { municipalityId?: number | undefined; communityId?: number | undefined },
) {
  let q = db
    .selectFrom('communities as c')
    .select(['c.id', 'c.municipality_id'])
    .where('c.archived_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('community_rules as r')
          .select('r.id')
          .whereRef('r.community_id', '=', 'c.id'),
      ),
    );
  if (scope.municipalityId !== undefined)
    q = q.where('c.municipality_id', '=', scope.municipalityId);
  if (scope.communityId !== undefined) q = q.where('c.id', '=', scope.communityId);
  return q.orderBy('c.id').execute();
}

/* ---------------- members ---------------- */

export function selectMembership(db: DbOrTrx, communityId: number, personId: number) {
  return db
    .selectFrom('community_members')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** The person's current memberships among these communities. */
export function membershipsOf(db: DbOrTrx, personId: number, communityIds: number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('community_members')
    .select(['community_id', 'role'])
    .where('person_id', '=', personId)
    .where('community_id', 'in', communityIds)
    .where('left_at', 'is', null)
    .execute();
}

export function memberCounts(db: DbOrTrx, communityIds: number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('community_members')
    .select(['community_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('community_id', 'in', communityIds)
    .where('left_at', 'is', null)
    .groupBy('community_id')
    .execute();
}

/** Current members with names, by role then name. */
export function listMembers(
  db: DbOrTrx,
  communityId: number,
  page: { limit: number; offset: number },
) {
  return db
    .selectFrom('community_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select([
      'm.person_id',
      'm.role',
      'm.source',
      'm.joined_at',
      'p.last_name',
      'p.first_name',
      'p.middle_name',
    ])
    .where('m.community_id', '=', communityId)
    .where('m.left_at', 'is', null)
    .orderBy(
      sql`case m.role when 'owner' then 0 when 'admin' then 1 when 'moderator' then 2 else 3 end`,
    )
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .orderBy('m.person_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Current members: id, role, source. */
export function currentMembers(db: DbOrTrx, communityId: number) {
  return db
    .selectFrom('community_members')
    .select(['person_id', 'role', 'source'])
    .where('community_id', '=', communityId)
    .where('left_at', 'is', null)
    .execute();
}

/** Adds a member or brings back one who left. A current member is left as they are. */
export async function upsertMember(
  db: DbOrTrx,
  v: { communityId: number; personId: number; role: string; source: string; at: Date },
) {
  await db
    .insertInto('community_members')
    .values({
      community_id: v.communityId,
      person_id: v.personId,
      role: v.role,
      source: v.source,
      joined_at: v.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['community_id', 'person_id'])
        .doUpdateSet({ role: v.role, source: v.source, joined_at: v.at, left_at: null })
        .where('community_members.left_at', 'is not', null),
    )
    .execute();
}

export async function setMemberRole(
  db: DbOrTrx,
  communityId: number,
  personId: number,
  set: { role: string; source?: string },
) {
  await db
    .updateTable('community_members')
    .set(set)
    .where('community_id', '=', communityId)
    .where('person_id', '=', personId)
    .execute();
}

export async function markLeft(db: DbOrTrx, communityId: number, personIds: number[], at: Date) {
  if (personIds.length === 0) return;
  await db
    .updateTable('community_members')
    .set({ left_at: at })
    .where('community_id', '=', communityId)
    .where('person_id', 'in', personIds)
    .where('left_at', 'is', null)
    .execute();
}

/* ---------------- exclusions ---------------- */

export async function exclusionsOf(db: DbOrTrx, communityId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('community_exclusions')
    .select('person_id')
    .where('community_id', '=', communityId)
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

export async function upsertExclusion(
  db: DbOrTrx,
  v: { communityId: number; personId: number; reason: 'left' | 'removed'; at: Date },
) {
  await db
    .insertInto('community_exclusions')
    .values({
      community_id: v.communityId,
      person_id: v.personId,
      reason: v.reason,
      created_at: v.at,
    })
    .onConflict((oc) =>
      oc.columns(['community_id', 'person_id']).doUpdateSet({ reason: v.reason, created_at: v.at }),
    )
    .execute();
}

export async function deleteExclusion(db: DbOrTrx, communityId: number, personId: number) {
  await db
    .deleteFrom('community_exclusions')
    .where('community_id', '=', communityId)
    .where('person_id', '=', personId)
    .execute();
}

/* ---------------- rules ---------------- */

export function listRules(db: DbOrTrx, communityId: number) {
  return db
    .selectFrom('community_rules')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('id')
    .execute();
}

export function selectRule(db: DbOrTrx, ruleId: number) {
  return db.selectFrom('community_rules').selectAll().where('id', '=', ruleId).executeTakeFirst();
}

export async function insertRule(
  db: DbOrTrx,
  v: { communityId: number; spec: string; createdBy: number | null; at: Date },
): Promise<number> {
  const r = await db
    .insertInto('community_rules')
    .values({
      community_id: v.communityId,
      spec: v.spec,
      created_by: v.createdBy,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function deleteRule(db: DbOrTrx, ruleId: number) {
  await db.deleteFrom('community_rules').where('id', '=', ruleId).execute();
}

/**
 * Active holders of active positions of these roles, in active organisations
 * of the municipality, optionally of these kinds or these organisations.
 */
export async function peopleByPositions(
  db: DbOrTrx,
  f: {
    municipalityId: number;
    roles: string[];
    orgKinds?: string[] | undefined;
    orgIds?: number[] | undefined;
  },
): Promise<number[]> {
  let q = db
    .selectFrom('positions as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .select('s.person_id')
    .distinct()
    .where('o.municipality_id', '=', f.municipalityId)
    .where('o.archived_at', 'is', null)
    .where('s.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .where('s.role', 'in', f.roles);
  if (f.orgKinds?.length) q = q.where('o.kind', 'in', f.orgKinds);
  if (f.orgIds?.length) q = q.where('o.id', 'in', f.orgIds);
  return (await q.execute()).map((r) => r.person_id);
}

/** Active legal representatives of the class's current pupils (the class not archived). */
export async function parentsOfClass(db: DbOrTrx, classId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('enrolments as e')
    .innerJoin('classes as c', 'c.id', 'e.class_id')
    .innerJoin('guardianships as g', 'g.pupil_id', 'e.pupil_id')
    .innerJoin('people as p', 'p.id', 'g.parent_id')
    .select('g.parent_id')
    .distinct()
    .where('e.class_id', '=', classId)
    .where('e.ended_on', 'is', null)
    .where('c.archived_at', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .execute();
  return rows.map((r) => r.parent_id);
}

/* ---------------- references a rule or request names ---------------- */

export function selectOrg(db: DbOrTrx, orgId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'municipality_id', 'kind', 'name', 'short_name', 'archived_at'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}

export function selectOrgs(db: DbOrTrx, orgIds: number[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organizations')
    .select(['id', 'municipality_id', 'kind', 'name', 'short_name'])
    .where('id', 'in', orgIds)
    .execute();
}

export function selectClass(db: DbOrTrx, classId: number) {
  return db
    .selectFrom('classes as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select([
      'c.id',
      'c.name',
      'c.organization_id',
      'c.class_teacher_id',
      'c.archived_at',
      'o.municipality_id',
      'o.short_name',
      'o.name as org_name',
    ])
    .where('c.id', '=', classId)
    .executeTakeFirst();
}

/** The authority of a municipality (its first, if there were several). */
export function selectAuthority(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', 'authority')
    .where('archived_at', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
}

export function municipalities(db: DbOrTrx) {
  return db.selectFrom('municipalities').select(['id', 'name']).orderBy('id').execute();
}

/** Holders of a position role in an organisation (the demo's owners). */
export async function holdersOf(db: DbOrTrx, orgId: number, role: string): Promise<number[]> {
  const rows = await db
    .selectFrom('positions')
    .select('person_id')
    .where('organization_id', '=', orgId)
    .where('role', '=', role)
    .where('ended_on', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.person_id);
}

/** Admin grants of a municipality of one role (the demo's community admins). */
export async function grantHolders(db: DbOrTrx, municipalityId: number, role: string) {
  const rows = await db
    .selectFrom('admin_grants as g')
    .innerJoin('people as p', 'p.id', 'g.person_id')
    .select('g.person_id')
    .where('p.municipality_id', '=', municipalityId)
    .where('g.role', '=', role)
    .orderBy('g.id')
    .execute();
  return rows.map((r) => r.person_id);
}

/** Classes of an organisation, by name (the demo's parents' communities). */
export function classesOfOrg(db: DbOrTrx, orgId: number) {
  return db
    .selectFrom('classes')
    .select(['id', 'name', 'kind', 'class_teacher_id'])
    .where('organization_id', '=', orgId)
    .where('archived_at', 'is', null)
    .orderBy('grade')
    .orderBy('name')
    .execute();
}

export function orgsOfKind(db: DbOrTrx, municipalityId: number, kind: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', kind)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute();
}

/* ---------------- join requests ---------------- */

export function pendingRequestOf(db: DbOrTrx, communityId: number, personId: number) {
  return db
    .selectFrom('community_requests')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('person_id', '=', personId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function pendingRequestsOf(
  db: DbOrTrx,
  personId: number,
  communityIds: number[],
): Promise<Set<number>> {
  if (communityIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('community_requests')
    .select('community_id')
    .where('person_id', '=', personId)
    .where('community_id', 'in', communityIds)
    .where('status', '=', 'pending')
    .execute();
  return new Set(rows.map((r) => r.community_id));
}

export function selectRequest(db: DbOrTrx, requestId: number) {
  return db
    .selectFrom('community_requests as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'r.id',
      'r.community_id',
      'r.person_id',
      'r.message',
      'r.status',
      'r.created_at',
      'r.decided_at',
      'p.last_name',
      'p.first_name',
      'p.middle_name',
    ])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
}

export function listRequests(db: DbOrTrx, communityId: number, status: string | undefined) {
  let q = db
    .selectFrom('community_requests as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'r.id',
      'r.community_id',
      'r.person_id',
      'r.message',
      'r.status',
      'r.created_at',
      'r.decided_at',
      'p.last_name',
      'p.first_name',
      'p.middle_name',
    ])
    .where('r.community_id', '=', communityId);
  if (status !== undefined) q = q.where('r.status', '=', status);
  return q.orderBy('r.created_at').orderBy('r.id').limit(500).execute();
}

export async function insertRequest(
  db: DbOrTrx,
  v: { communityId: number; personId: number; message: string | null; at: Date },
): Promise<number> {
  const r = await db
    .insertInto('community_requests')
    .values({
      community_id: v.communityId,
      person_id: v.personId,
      message: v.message,
      status: 'pending',
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Decides a pending request; 0 when it was no longer pending (decided by someone else). */
export async function decideRequest(
  db: DbOrTrx,
  v: { requestId: number; status: string; by: number | null; at: Date },
): Promise<number> {
  const r = await db
    .updateTable('community_requests')
    .set({ status: v.status, decided_at: v.at, decided_by: v.by })
    .where('id', '=', v.requestId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/* ---------------- the community's chats ---------------- */

export function communityChats(db: DbOrTrx, communityId: number) {
  return db
    .selectFrom('chats')
    .select(['id', 'kind', 'last_seq'])
    .where('community_id', '=', communityId)
    .where('kind', 'in', ['community', 'announcement'])
    .execute();
}

export function chatsOfCommunities(db: DbOrTrx, communityIds: number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('chats')
    .select(['id', 'kind', 'community_id'])
    .where('community_id', 'in', communityIds)
    .where('kind', 'in', ['community', 'announcement'])
    .execute();
}

export async function insertCommunityChat(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    communityId: number;
    kind: 'community' | 'announcement';
    title: string;
    description: string | null;
    organizationId: number | null;
    createdBy: number | null;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('chats')
    .values({
      municipality_id: v.municipalityId,
      kind: v.kind,
      title: v.title,
      description: v.description,
      organization_id: v.organizationId,
      community_id: v.communityId,
      created_by: v.createdBy,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateCommunityChats(
  db: DbOrTrx,
  communityId: number,
  set: { archived_at?: Date | null },
) {
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('chats')
    .set(set)
    .where('community_id', '=', communityId)
    .where('kind', 'in', ['community', 'announcement'])
    .execute();
}

export async function renameCommunityChat(
  db: DbOrTrx,
  chatId: number,
  set: { title?: string; description?: string | null },
) {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('chats').set(set).where('id', '=', chatId).execute();
}

export function chatMember(db: DbOrTrx, chatId: number, personId: number) {
  return db
    .selectFrom('chat_members')
    .select(['role', 'source', 'left_at'])
    .where('chat_id', '=', chatId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/**
 * Adds a chat member (source `community`) or brings back one who left; new
 * members start with the history before `readSeq` read.
 */
export async function upsertChatMember(
  db: DbOrTrx,
  v: { chatId: number; personId: number; role: string; at: Date; readSeq: number },
) {
  await db
    .insertInto('chat_members')
    .values({
      chat_id: v.chatId,
      person_id: v.personId,
      role: v.role,
      source: 'community',
      joined_at: v.at,
      joined_seq: v.readSeq,
      read_seq: v.readSeq,
    })
    .onConflict((oc) =>
      oc
        .columns(['chat_id', 'person_id'])
        .doUpdateSet({ role: v.role, source: 'community', left_at: null, joined_at: v.at })
        .where('chat_members.left_at', 'is not', null),
    )
    .execute();
}

export async function setChatRole(db: DbOrTrx, chatId: number, personId: number, role: string) {
  await db
    .updateTable('chat_members')
    .set({ role })
    .where('chat_id', '=', chatId)
    .where('person_id', '=', personId)
    .where('left_at', 'is', null)
    .execute();
}

export async function markChatLeft(db: DbOrTrx, chatId: number, personId: number, at: Date) {
  const r = await db
    .updateTable('chat_members')
    .set({ left_at: at })
    .where('chat_id', '=', chatId)
    .where('person_id', '=', personId)
    .where('left_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/* ---------------- facts for the closed environment ---------------- */

/** Is the person a pupil (an open enrolment) without any position? */
export async function isPupilOnly(db: DbOrTrx, personId: number): Promise<boolean> {
  const [enrolled, position] = await Promise.all([
    db
      .selectFrom('enrolments')
      .select('id')
      .where('pupil_id', '=', personId)
      .where('ended_on', 'is', null)
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('positions')
      .select('id')
      .where('person_id', '=', personId)
      .where('ended_on', 'is', null)
      .limit(1)
      .executeTakeFirst(),
  ]);
  return enrolled !== undefined && position === undefined;
}

/* ---------------- the demo ---------------- */

export async function countCommunities(db: DbOrTrx, municipalityId: number): Promise<number> {
  const r = await db
    .selectFrom('communities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Classes of the pupils who hold an account (the demo's pupil), first first. */
export async function classesOfPupilsWithAccounts(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('enrolments as e', 'e.pupil_id', 'a.person_id')
    .innerJoin('classes as c', 'c.id', 'e.class_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.id', 'c.organization_id'])
    .where('o.municipality_id', '=', municipalityId)
    .where('e.ended_on', 'is', null)
    .orderBy('a.id')
    .execute();
}
