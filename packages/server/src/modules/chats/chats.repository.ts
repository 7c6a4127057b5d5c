import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database';

export type ChatRow = Awaited<ReturnType<typeof findChat>> & {};

export function findChat(db: DbOrTrx, chatId: number) {
  return db.selectFrom('chats').selectAll().where('id', '=', chatId).executeTakeFirst();
}

export function findChatByDirectKey(db: DbOrTrx, key: string) {
  return db.selectFrom('chats').selectAll().where('direct_key', '=', key).executeTakeFirst();
}

export function findChatOfClass(
  db: DbOrTrx,
  classId: number,
  kind: 'class_pupils' | 'class_parents',
) {
  return db
    .selectFrom('chats')
    .selectAll()
    .where('class_id', '=', classId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

export function findStaffChat(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('chats')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'org_staff')
    .executeTakeFirst();
}

export async function insertChat(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    kind: string;
    title: string | null;
    description?: string | null;
    organizationId?: number | null;
    classId?: number | null;
    communityId?: number | null;
    directKey?: string | null;
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
      description: v.description ?? null,
      organization_id: v.organizationId ?? null,
      class_id: v.classId ?? null,
      community_id: v.communityId ?? null,
      direct_key: v.directKey ?? null,
      created_by: v.createdBy,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateChat(
  db: DbOrTrx,
  chatId: number,
  set: {
    title?: string;
    description?: string | null;
    avatar?: string | null;
    archived_at?: Date | null;
  },
) {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('chats').set(set).where('id', '=', chatId).execute();
}

export function findMember(db: DbOrTrx, chatId: number, personId: number) {
  return db
    .selectFrom('chat_members')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** Current members (not left). */
export function listMembers(db: DbOrTrx, chatId: number) {
  return db
    .selectFrom('chat_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select([
      'm.person_id',
      'm.role',
      'm.read_seq',
      'm.source',
      'p.last_name',
      'p.first_name',
      'p.middle_name',
    ])
    .where('m.chat_id', '=', chatId)
    .where('m.left_at', 'is', null)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
}

export function listMemberIds(db: DbOrTrx, chatId: number) {
  return db
    .selectFrom('chat_members')
    .select(['person_id', 'role', 'source'])
    .where('chat_id', '=', chatId)
    .where('left_at', 'is', null)
    .execute();
}

/**
 * Adds a member, or brings back one who left (keeping their read position).
 * A current member is left as they are. New members start with everything
 * before `readSeq` read: joining a busy chat does not bury them in unread.
 */
export async function upsertMember(
  db: DbOrTrx,
  v: { chatId: number; personId: number; role: string; source: string; at: Date; readSeq: number },
) {
  await db
    .insertInto('chat_members')
    .values({
      chat_id: v.chatId,
      person_id: v.personId,
      role: v.role,
      source: v.source,
      joined_at: v.at,
      joined_seq: v.readSeq,
      read_seq: v.readSeq,
    })
    .onConflict((oc) =>
      oc
        .columns(['chat_id', 'person_id'])
        .doUpdateSet({ role: v.role, source: v.source, left_at: null, joined_at: v.at })
        .where('chat_members.left_at', 'is not', null),
    )
    .execute();
}

export async function setMemberRole(db: DbOrTrx, chatId: number, personId: number, role: string) {
  await db
    .updateTable('chat_members')
    .set({ role })
    .where('chat_id', '=', chatId)
    .where('person_id', '=', personId)
    .execute();
}

export async function markLeft(db: DbOrTrx, chatId: number, personIds: number[], at: Date) {
  if (personIds.length === 0) return;
  await db
    .updateTable('chat_members')
    .set({ left_at: at })
    .where('chat_id', '=', chatId)
    .where('person_id', 'in', personIds)
    .where('left_at', 'is', null)
    .execute();
}

export async function setMuted(db: DbOrTrx, chatId: number, personId: number, muted: boolean) {
  await db
    .updateTable('chat_members')
    .set({ muted })
    .where('chat_id', '=', chatId)
    .where('person_id', '=', personId)
    .execute();
}

/** Chats of a person, most recently active first; keyset pagination by activity time. */
export function listChatsOf(
  db: DbOrTrx,
  personId: number,
  opts: { limit: number; before?: string; archived: boolean },
) {
  let q = db
    .selectFrom('chat_members as m')
    .innerJoin('chats as c', 'c.id', 'm.chat_id')
    .select([
      'c.id',
      'c.kind',
      'c.title',
      'c.description',
      'c.avatar',
      'c.organization_id',
      'c.class_id',
      'c.last_seq',
      'c.last_message_at',
      'c.created_at',
      'c.archived_at',
      'c.direct_key',
      'm.read_seq',
      'm.muted',
      'm.role',
      sql<string>`coalesce(c.last_message_at, c.created_at)`.as('activity_at'),
    ])
    .where('m.person_id', '=', personId)
    .where('m.left_at', 'is', null)
    .where('c.archived_at', opts.archived ? 'is not' : 'is', null)
    .orderBy(sql`coalesce(c.last_message_at, c.created_at)`, 'desc')
    .orderBy('c.id', 'desc')
    .limit(opts.limit);
  if (opts.before) q = q.where(sql`coalesce(c.last_message_at, c.created_at)`, '<', opts.before);
  return q.execute();
}

export function memberCounts(db: DbOrTrx, chatIds: number[]) {
  if (chatIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('chat_members')
    .select(['chat_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('chat_id', 'in', chatIds)
    .where('left_at', 'is', null)
    .groupBy('chat_id')
    .execute();
}

/** Names for direct chats: the other member of each. */
export function otherMembers(db: DbOrTrx, chatIds: number[], personId: number) {
  if (chatIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('chat_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['m.chat_id', 'p.id', 'p.last_name', 'p.first_name', 'p.middle_name'])
    .where('m.chat_id', 'in', chatIds)
    .where('m.person_id', '!=', personId)
    .execute();
}

/** Ids of all chats a person is currently a member of (realtime subscriptions). */
export async function chatIdsOf(db: DbOrTrx, personId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('chat_members')
    .select('chat_id')
    .where('person_id', '=', personId)
    .where('left_at', 'is', null)
    .execute();
  return rows.map((r) => r.chat_id);
}

export async function insertPin(
  db: DbOrTrx,
  chatId: number,
  messageId: number,
  by: number,
  at: Date,
) {
  await db
    .insertInto('chat_pins')
    .values({ chat_id: chatId, message_id: messageId, pinned_by: by, pinned_at: at })
    .onConflict((oc) => oc.columns(['chat_id', 'message_id']).doNothing())
    .execute();
}

export async function deletePin(db: DbOrTrx, chatId: number, messageId: number) {
  await db
    .deleteFrom('chat_pins')
    .where('chat_id', '=', chatId)
    .where('message_id', '=', messageId)
    .execute();
}

export function listPins(db: DbOrTrx, chatId: number) {
  return db
    .selectFrom('chat_pins as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .select(['m.seq', 'p.pinned_at', 'p.pinned_by'])
    .where('p.chat_id', '=', chatId)
    .orderBy('p.pinned_at', 'desc')
    .execute();
}

/* ---- rosters (class, staff chats follow them) ---- */

export function classesOf(db: DbOrTrx, organizationId?: number) {
  let q = db
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
      'o.short_name',
      'o.name as org_name',
    ]);
  if (organizationId !== undefined) q = q.where('c.organization_id', '=', organizationId);
  return q.execute();
}

export function classById(db: DbOrTrx, classId: number) {
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
      'o.short_name',
      'o.name as org_name',
    ])
    .where('c.id', '=', classId)
    .executeTakeFirst();
}

export async function pupilsOfClass(db: DbOrTrx, classId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('enrolments as e')
    .innerJoin('people as p', 'p.id', 'e.pupil_id')
    .select('e.pupil_id')
    .where('e.class_id', '=', classId)
    .where('e.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .execute();
  return rows.map((r) => r.pupil_id);
}

export async function parentsOfClass(db: DbOrTrx, classId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('enrolments as e')
    .innerJoin('guardianships as g', 'g.pupil_id', 'e.pupil_id')
    .innerJoin('people as p', 'p.id', 'g.parent_id')
    .select('g.parent_id')
    .distinct()
    .where('e.class_id', '=', classId)
    .where('e.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .execute();
  return rows.map((r) => r.parent_id);
}

export function staffOfOrg(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom('positions as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .select(['s.person_id', 's.role'])
    .where('s.organization_id', '=', organizationId)
    .where('s.ended_on', 'is', null)
    .where('p.deactivated_at', 'is', null)
    .execute();
}

export function organizationsOf(db: DbOrTrx, municipalityId?: number) {
  let q = db
    .selectFrom('organizations')
    .select(['id', 'municipality_id', 'name', 'short_name'])
    .where('archived_at', 'is', null);
  if (municipalityId !== undefined) q = q.where('municipality_id', '=', municipalityId);
  return q.execute();
}

export function organizationById(db: DbOrTrx, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'municipality_id', 'name', 'short_name', 'archived_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function messageIdBySeq(db: DbOrTrx, chatId: number, seq: number) {
  return db
    .selectFrom('messages')
    .select('id')
    .where('chat_id', '=', chatId)
    .where('seq', '=', seq)
    .executeTakeFirst();
}

/* ---- one person's place in the rosters ---- */

export function enrolledClassesOf(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('classes as c', 'c.id', 'e.class_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.id', 'c.name', 'c.kind', 'c.organization_id', 'o.municipality_id'])
    .where('e.pupil_id', '=', personId)
    .where('e.ended_on', 'is', null)
    .where('c.archived_at', 'is', null)
    .execute();
}

export function taughtClassesOf(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('classes as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.id', 'c.name', 'c.kind', 'c.organization_id', 'o.municipality_id'])
    .where('c.class_teacher_id', '=', personId)
    .where('c.archived_at', 'is', null)
    .execute();
}

export function childrenClassesOf(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('enrolments as e', 'e.pupil_id', 'g.pupil_id')
    .innerJoin('classes as c', 'c.id', 'e.class_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.id', 'c.name', 'c.kind', 'c.organization_id', 'o.municipality_id'])
    .where('g.parent_id', '=', personId)
    .where('e.ended_on', 'is', null)
    .where('c.archived_at', 'is', null)
    .execute();
}

export function positionsOf(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('positions as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.organization_id', 'p.role', 'o.municipality_id', 'o.name', 'o.short_name'])
    .where('p.person_id', '=', personId)
    .where('p.ended_on', 'is', null)
    .where('o.archived_at', 'is', null)
    .execute();
}

export function isDeactivated(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('people')
    .select(['deactivated_at'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** The person's memberships that the rosters manage. */
export function rosterMembershipsOf(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('chat_members as m')
    .innerJoin('chats as c', 'c.id', 'm.chat_id')
    .select(['m.chat_id', 'm.role', 'c.kind', 'c.class_id', 'c.organization_id'])
    .where('m.person_id', '=', personId)
    .where('m.source', '=', 'roster')
    .where('m.left_at', 'is', null)
    .execute();
}

export async function guardiansOf(db: DbOrTrx, pupilIds: number[]): Promise<number[]> {
  if (pupilIds.length === 0) return [];
  const rows = await db
    .selectFrom('guardianships')
    .select('parent_id')
    .distinct()
    .where('pupil_id', 'in', pupilIds)
    .execute();
  return rows.map((r) => r.parent_id);
}

/** Adds many members at once (roster sync); people who left come back with their read position. */
export async function insertMembers(
  db: DbOrTrx,
  chatId: number,
  rows: { personId: number; role: string }[],
  v: { source: string; at: Date; readSeq: number },
) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('chat_members')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          chat_id: chatId,
          person_id: r.personId,
          role: r.role,
          source: v.source,
          joined_at: v.at,
          joined_seq: v.readSeq,
          read_seq: v.readSeq,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['chat_id', 'person_id']).doUpdateSet((eb) => ({
          role: eb.ref('excluded.role'),
          source: eb.ref('excluded.source'),
          left_at: null,
          joined_at: eb.ref('excluded.joined_at'),
        })),
      )
      .execute();
  }
}
