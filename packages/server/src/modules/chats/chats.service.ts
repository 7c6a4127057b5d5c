import type { ChatKind, ChatMember, ChatSummary, CreateChat, MemberRole } from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { toBool, toIso, toIsoOrNull } from '../../db/values';
import type { Actor } from '../../platform/actor';
import { AppError, notFound } from '../../platform/errors';
import { chatTopic, personTopic, type EventSink } from '../../platform/events';
import { audit } from '../audit';
import { lastMessages, postSystemMessage, requireMember, unreadCounts } from '../messages';
import { displayName, getPersonFacts, type PersonFacts } from '../people';
import { canCreateGroup, canDirect, isChatAdmin, isRosterChat } from './chats.policy';
import * as repo from './chats.repository';

export interface ChatsDeps {
  events: EventSink;
  now: () => Date;
}

async function facts(db: DbOrTrx, personId: number): Promise<PersonFacts> {
  const f = await getPersonFacts(db, personId);
  if (!f) throw notFound('No such person.');
  return f;
}

/* ---------------- presentation ---------------- */

type ListRow = Awaited<ReturnType<typeof repo.listChatsOf>>[number];

async function summarise(db: DbOrTrx, personId: number, rows: ListRow[]): Promise<ChatSummary[]> {
  const ids = rows.map((r) => r.id);
  const chats = rows.map((r) => ({
    id: r.id,
    last_seq: Number(r.last_seq),
    read_seq: Number(r.read_seq),
  }));
  const [counts, others, last, unread] = await Promise.all([
    repo.memberCounts(db, ids),
    repo.otherMembers(
      db,
      rows.filter((r) => r.kind === 'direct').map((r) => r.id),
      personId,
    ),
    lastMessages(db, chats, personId),
    unreadCounts(db, personId, chats),
  ]);
  return rows.map((r) => {
    const other = r.kind === 'direct' ? others.find((o) => o.chat_id === r.id) : undefined;
    const u = unread.get(r.id) ?? { unread: 0, mentions: 0 };
    return {
      id: r.id,
      kind: r.kind as ChatKind,
      title: other ? displayName(other) : (r.title ?? ''),
      description: r.description,
      avatar: r.avatar,
      organizationId: r.organization_id,
      classId: r.class_id,
      lastSeq: Number(r.last_seq),
      readSeq: Number(r.read_seq),
      unread: u.unread,
      mentions: u.mentions,
      muted: toBool(r.muted),
      myRole: r.role as MemberRole,
      memberCount: Number(counts.find((c) => c.chat_id === r.id)?.n ?? 0),
      lastMessage: last.get(r.id) ?? null,
      lastMessageAt: toIsoOrNull(r.last_message_at),
      archived: r.archived_at !== null,
    };
  });
}

/** The person's chats, most recently active first (cursor: `before` = activity time of the last one). */
export async function listChats(
  db: Db,
  actor: Actor,
  q: { limit: number; before?: string | undefined; archived?: boolean },
) {
  const rows = await repo.listChatsOf(db, actor.personId, {
    limit: q.limit + 1,
    archived: q.archived ?? false,
    ...(q.before ? { before: q.before } : {}),
  });
  const page = rows.slice(0, q.limit);
  const items = await summarise(db, actor.personId, page);
  const lastRow = page.at(-1);
  return {
    items,
    nextBefore: rows.length > q.limit && lastRow ? toIso(lastRow.activity_at) : null,
  };
}

export async function getChat(db: Db, actor: Actor, chatId: number): Promise<ChatSummary> {
  await requireMember(db, chatId, actor.personId);
  const rows = await repo.listChatsOf(db, actor.personId, { limit: 1_000_000, archived: false });
  let row = rows.find((r) => r.id === chatId);
  if (!row) {
    const archived = await repo.listChatsOf(db, actor.personId, {
      limit: 1_000_000,
      archived: true,
    });
    row = archived.find((r) => r.id === chatId);
  }
  if (!row) throw notFound('No such chat.');
  const [summary] = await summarise(db, actor.personId, [row]);
  return summary as ChatSummary;
}

export async function listMembers(db: Db, actor: Actor, chatId: number): Promise<ChatMember[]> {
  await requireMember(db, chatId, actor.personId);
  const rows = await repo.listMembers(db, chatId);
  return rows.map((r) => ({
    personId: r.person_id,
    displayName: displayName(r),
    role: r.role as MemberRole,
    readSeq: Number(r.read_seq),
  }));
}

/* ---------------- creating ---------------- */

/**
 * Opens (or returns) the direct chat of two people, if the closed
 * environment allows them to talk (403 DIRECT_NOT_ALLOWED otherwise).
 * One direct chat per pair, enforced by a unique key.
 */
export async function openDirect(
  db: Db,
  deps: ChatsDeps,
  actor: Actor,
  personId: number,
): Promise<{ chat: ChatSummary; created: boolean }> {
  const [me, other] = await Promise.all([facts(db, actor.personId), getPersonFacts(db, personId)]);
  if (!other) throw notFound('No such person.');
  if (!canDirect(me, other)) throw new AppError('DIRECT_NOT_ALLOWED');
  const key = `${Math.min(me.personId, other.personId)}:${Math.max(me.personId, other.personId)}`;
  const existing = await repo.findChatByDirectKey(db, key);
  if (existing) {
    // A member who left a direct chat comes back when either side opens it again.
    const was = await repo.findMember(db, existing.id, actor.personId);
    await repo.upsertMember(db, {
      chatId: existing.id,
      personId: actor.personId,
      role: 'member',
      source: 'manual',
      at: deps.now(),
      readSeq: Number(existing.last_seq),
    });
    if (!was || was.left_at !== null) await announceNewChat(deps, existing.id, [actor.personId]);
    return { chat: await getChat(db, actor, existing.id), created: false };
  }
  const now = deps.now();
  let chatId: number;
  try {
    chatId = await db.transaction().execute(async (trx) => {
      const id = await repo.insertChat(trx, {
        municipalityId: me.municipalityId,
        kind: 'direct',
        title: null,
        directKey: key,
        createdBy: actor.personId,
        at: now,
      });
      for (const p of [me.personId, other.personId]) {
        await repo.upsertMember(trx, {
          chatId: id,
          personId: p,
          role: 'member',
          source: 'manual',
          at: now,
          readSeq: 0,
        });
      }
      return id;
    });
  } catch (err) {
    const raced = await repo.findChatByDirectKey(db, key);
    if (!raced) throw err;
    return { chat: await getChat(db, actor, raced.id), created: false };
  }
  await announceNewChat(deps, chatId, [me.personId, other.personId]);
  return { chat: await getChat(db, actor, chatId), created: true };
}

/** A group chat or an announcement channel, created by staff; members must be reachable by the creator. */
export async function createGroup(
  db: Db,
  deps: ChatsDeps,
  actor: Actor,
  input: Extract<CreateChat, { kind: 'group' | 'announcement' }>,
): Promise<ChatSummary> {
  const me = await facts(db, actor.personId);
  if (!canCreateGroup(me))
    throw new AppError('FORBIDDEN', 'Only staff create group chats and channels.');
  const memberIds = [...new Set(input.memberIds.filter((id) => id !== actor.personId))];
  for (const id of memberIds) {
    const f = await getPersonFacts(db, id);
    if (!f)
      throw new AppError('VALIDATION_FAILED', `body.memberIds: no person ${id}`, {
        details: [{ path: 'body.memberIds', message: `no person ${id}` }],
      });
    if (!canDirect(me, f))
      throw new AppError(
        'DIRECT_NOT_ALLOWED',
        `The closed environment does not allow adding person ${id}.`,
      );
  }
  const now = deps.now();
  const chatId = await db.transaction().execute(async (trx) => {
    const id = await repo.insertChat(trx, {
      municipalityId: me.municipalityId,
      kind: input.kind,
      title: input.title,
      description: input.description ?? null,
      createdBy: actor.personId,
      at: now,
    });
    await repo.upsertMember(trx, {
      chatId: id,
      personId: actor.personId,
      role: 'owner',
      source: 'manual',
      at: now,
      readSeq: 0,
    });
    for (const p of memberIds) {
      await repo.upsertMember(trx, {
        chatId: id,
        personId: p,
        role: input.kind === 'announcement' ? 'readonly' : 'member',
        source: 'manual',
        at: now,
        readSeq: 0,
      });
    }
    return id;
  });
  await announceNewChat(deps, chatId, [actor.personId, ...memberIds]);
  return getChat(db, actor, chatId);
}

/** Tells the new members' sockets (and clients) about a chat they are now in. */
async function announceNewChat(
  deps: ChatsDeps,
  chatId: number,
  personIds: number[],
): Promise<void> {
  for (const p of personIds) {
    await deps.events.publish(personTopic(p), {
      type: 'membership.changed',
      chatId,
      personId: p,
      change: 'added',
      role: null,
    });
  }
}

/* ---------------- changing ---------------- */

async function requireAdmin(db: Db, actor: Actor, chatId: number) {
  const ctx = await requireMember(db, chatId, actor.personId);
  if (!isChatAdmin(ctx.role))
    throw new AppError('FORBIDDEN', 'Only chat owners and admins may do this.');
  return ctx;
}

export async function updateChat(
  db: Db,
  deps: ChatsDeps,
  actor: Actor,
  chatId: number,
  input: {
    title?: string | undefined;
    description?: string | null | undefined;
    avatar?: string | null | undefined;
    archived?: boolean | undefined;
  },
): Promise<ChatSummary> {
  const ctx = await requireAdmin(db, actor, chatId);
  if (ctx.kind === 'direct' && (input.title !== undefined || input.description !== undefined)) {
    throw new AppError('CONFLICT', 'Direct chats have no title or description.');
  }
  const now = deps.now();
  const set: Parameters<typeof repo.updateChat>[2] = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.description !== undefined) set.description = input.description;
  if (input.avatar !== undefined) set.avatar = input.avatar;
  if (input.archived !== undefined) set.archived_at = input.archived ? now : null;
  await db.transaction().execute(async (trx) => {
    await repo.updateChat(trx, chatId, set);
    await audit(
      trx,
      {
        actorPersonId: actor.personId,
        action: 'chat.updated',
        targetType: 'chat',
        targetId: chatId,
        municipalityId: actor.municipalityId,
        details: { fields: Object.keys(input) },
      },
      now,
    );
  });
  await deps.events.publish(chatTopic(chatId), {
    type: 'chat.updated',
    chatId,
    changes: { ...input },
  });
  return getChat(db, actor, chatId);
}

export async function addMembers(
  db: Db,
  deps: ChatsDeps,
  actor: Actor,
  chatId: number,
  personIds: number[],
  role: MemberRole,
): Promise<ChatMember[]> {
  const ctx = await requireAdmin(db, actor, chatId);
  if (isRosterChat(ctx.kind, ctx.community_id) || ctx.kind === 'direct')
    throw new AppError('ROSTER_MANAGED');
  if (role === 'owner') throw new AppError('FORBIDDEN', 'A chat has one owner.');
  const me = await facts(db, actor.personId);
  for (const id of personIds) {
    const f = await getPersonFacts(db, id);
    if (!f)
      throw new AppError('VALIDATION_FAILED', `body.personIds: no person ${id}`, {
        details: [{ path: 'body.personIds', message: `no person ${id}` }],
      });
    if (!canDirect(me, f))
      throw new AppError(
        'DIRECT_NOT_ALLOWED',
        `The closed environment does not allow adding person ${id}.`,
      );
  }
  const now = deps.now();
  const effectiveRole = ctx.kind === 'announcement' && role === 'member' ? 'readonly' : role;
  await db.transaction().execute(async (trx) => {
    for (const id of personIds) {
      await repo.upsertMember(trx, {
        chatId,
        personId: id,
        role: effectiveRole,
        source: 'manual',
        at: now,
        readSeq: Number(ctx.last_seq),
      });
    }
    await postSystemMessage(trx, chatId, `Добавлены участники: ${personIds.length}`, now);
  });
  for (const id of personIds) {
    const ev = {
      type: 'membership.changed' as const,
      chatId,
      personId: id,
      change: 'added' as const,
      role: effectiveRole as MemberRole,
    };
    await deps.events.publish(personTopic(id), ev);
    await deps.events.publish(chatTopic(chatId), ev);
  }
  return listMembers(db, actor, chatId);
}

/** Removes a member (admin) or leaves (oneself). Delivery to them stops at once. */
export async function removeMember(
  db: Db,
  deps: ChatsDeps,
  actor: Actor,
  chatId: number,
  personId: number,
): Promise<void> {
  const ctx = await requireMember(db, chatId, actor.personId);
  const self = personId === actor.personId;
  if (!self && !isChatAdmin(ctx.role))
    throw new AppError('FORBIDDEN', 'Only chat owners and admins may remove members.');
  if (isRosterChat(ctx.kind, ctx.community_id)) throw new AppError('ROSTER_MANAGED');
  const target = await repo.findMember(db, chatId, personId);
  if (!target || target.left_at !== null) throw notFound('Not a member.');
  if (target.role === 'owner' && !self)
    throw new AppError('FORBIDDEN', 'The owner cannot be removed.');
  const now = deps.now();
  await db.transaction().execute(async (trx) => {
    await repo.markLeft(trx, chatId, [personId], now);
    if (target.role === 'owner') {
      // Hand the chat to the longest-standing admin or member, so it is never ownerless.
      const rest = (await repo.listMemberIds(trx, chatId)).filter((m) => m.person_id !== personId);
      const heir = rest.find((m) => m.role === 'admin') ?? rest.find((m) => m.role === 'member');
      if (heir) await repo.setMemberRole(trx, chatId, heir.person_id, 'owner');
    }
  });
  const ev = {
    type: 'membership.changed' as const,
    chatId,
    personId,
    change: 'removed' as const,
    role: null,
  };
  await deps.events.publish(personTopic(personId), ev);
  await deps.events.publish(chatTopic(chatId), ev);
}

export async function setRole(
  db: Db,
  deps: ChatsDeps,
  actor: Actor,
  chatId: number,
  personId: number,
  role: MemberRole,
): Promise<void> {
  const ctx = await requireAdmin(db, actor, chatId);
  if (ctx.kind === 'direct') throw new AppError('CONFLICT', 'Direct chats have no roles.');
  if (role === 'owner' && ctx.role !== 'owner')
    throw new AppError('FORBIDDEN', 'Only the owner hands over ownership.');
  const target = await repo.findMember(db, chatId, personId);
  if (!target || target.left_at !== null) throw notFound('Not a member.');
  await db.transaction().execute(async (trx) => {
    await repo.setMemberRole(trx, chatId, personId, role);
    if (role === 'owner') await repo.setMemberRole(trx, chatId, actor.personId, 'admin');
  });
  await deps.events.publish(chatTopic(chatId), {
    type: 'membership.changed',
    chatId,
    personId,
    change: 'role',
    role,
  });
}

export async function setMuted(
  db: Db,
  actor: Actor,
  chatId: number,
  muted: boolean,
): Promise<void> {
  await requireMember(db, chatId, actor.personId);
  await repo.setMuted(db, chatId, actor.personId, muted);
}

export async function pin(
  db: Db,
  deps: ChatsDeps,
  actor: Actor,
  chatId: number,
  seq: number,
  on: boolean,
): Promise<void> {
  const ctx = await requireMember(db, chatId, actor.personId);
  if (ctx.kind !== 'direct' && !isChatAdmin(ctx.role))
    throw new AppError('FORBIDDEN', 'Only chat owners and admins pin messages.');
  const msg = await repo.messageIdBySeq(db, chatId, seq);
  if (!msg) throw notFound('No such message.');
  if (on) await repo.insertPin(db, chatId, msg.id, actor.personId, deps.now());
  else await repo.deletePin(db, chatId, msg.id);
  await deps.events.publish(chatTopic(chatId), { type: 'message.pinned', chatId, seq, pinned: on });
}

export async function pins(db: Db, actor: Actor, chatId: number) {
  await requireMember(db, chatId, actor.personId);
  const rows = await repo.listPins(db, chatId);
  return rows.map((r) => ({
    seq: Number(r.seq),
    pinnedAt: toIso(r.pinned_at),
    pinnedBy: r.pinned_by,
  }));
}

/* ---------------- rosters ---------------- */

interface Desired {
  personId: number;
  role: 'admin' | 'member';
}

export interface RosterScope {
  organizationId?: number;
  classId?: number;
}

/**
 * Keeps class and staff chats in step with the rosters (DESIGN §3): every
 * class gets a parents' chat (and a pupils' chat, schools only — not
 * preschool groups), every organisation a staff chat; the class teacher and
 * the heads are admins. Only members the rosters put in (`source = roster`)
 * are removed when they leave the roster; people added by hand stay.
 * Idempotent; one transaction; events are published after commit unless
 * `silent` (bulk loads with nobody connected).
 */
export async function syncRosters(
  db: Db,
  deps: ChatsDeps,
  scope: RosterScope = {},
  opts: { silent?: boolean } = {},
): Promise<{ added: number; removed: number; chatsCreated: number }> {
  const now = deps.now();
  const changes: Change[] = [];
  let chatsCreated = 0;
  await db.transaction().execute(async (trx) => {
    const classes =
      scope.classId !== undefined
        ? [await repo.classById(trx, scope.classId)].filter((c) => c !== undefined)
        : await repo.classesOf(trx, scope.organizationId);
    for (const cls of classes) {
      const teacher = cls.class_teacher_id;
      const withTeacher = (ids: number[]): Desired[] => {
        const list: Desired[] = ids
          .filter((id) => id !== teacher)
          .map((personId) => ({ personId, role: 'member' }));
        if (teacher !== null) list.push({ personId: teacher, role: 'admin' });
        return list;
      };
      const archived = cls.archived_at !== null;
      if (cls.kind === 'class') {
        const r = await syncChat(
          trx,
          {
            kind: 'class_pupils',
            municipalityId: cls.municipality_id,
            organizationId: cls.organization_id,
            classId: cls.id,
            title: `${cls.name} · ученики`,
          },
          archived ? [] : withTeacher(await repo.pupilsOfClass(trx, cls.id)),
          now,
          changes,
        );
        chatsCreated += r;
      }
      chatsCreated += await syncChat(
        trx,
        {
          kind: 'class_parents',
          municipalityId: cls.municipality_id,
          organizationId: cls.organization_id,
          classId: cls.id,
          title: `${cls.name} · родители`,
        },
        archived ? [] : withTeacher(await repo.parentsOfClass(trx, cls.id)),
        now,
        changes,
      );
    }
    const orgs =
      scope.classId !== undefined
        ? []
        : scope.organizationId !== undefined
          ? [await repo.organizationById(trx, scope.organizationId)].filter((o) => o !== undefined)
          : await repo.organizationsOf(trx);
    for (const org of orgs) {
      const staff = await repo.staffOfOrg(trx, org.id);
      const byPerson = new Map<number, Desired>();
      for (const s of staff) {
        const admin = s.role === 'head' || s.role === 'deputy';
        const prev = byPerson.get(s.person_id);
        if (!prev || (admin && prev.role === 'member'))
          byPerson.set(s.person_id, { personId: s.person_id, role: admin ? 'admin' : 'member' });
      }
      chatsCreated += await syncChat(
        trx,
        {
          kind: 'org_staff',
          municipalityId: org.municipality_id,
          organizationId: org.id,
          classId: null,
          title: `Сотрудники · ${org.short_name ?? org.name}`,
        },
        [...byPerson.values()],
        now,
        changes,
      );
    }
  });
  if (!opts.silent) await publishChanges(deps, changes);
  return {
    added: changes.filter((c) => c.change === 'added').length,
    removed: changes.filter((c) => c.change === 'removed').length,
    chatsCreated,
  };
}

async function syncChat(
  trx: DbOrTrx,
  spec: {
    kind: 'class_pupils' | 'class_parents' | 'org_staff';
    municipalityId: number;
    organizationId: number;
    classId: number | null;
    title: string;
  },
  desired: Desired[],
  now: Date,
  changes: Change[],
): Promise<number> {
  let chat =
    spec.kind === 'org_staff'
      ? await repo.findStaffChat(trx, spec.organizationId)
      : await repo.findChatOfClass(trx, spec.classId as number, spec.kind);
  let created = 0;
  if (!chat) {
    if (desired.length === 0) return 0;
    const id = await repo.insertChat(trx, {
      municipalityId: spec.municipalityId,
      kind: spec.kind,
      title: spec.title,
      organizationId: spec.organizationId,
      classId: spec.classId,
      createdBy: null,
      at: now,
    });
    chat = await repo.findChat(trx, id);
    created = 1;
  }
  if (!chat) return created;
  const current = await repo.listMemberIds(trx, chat.id);
  const currentById = new Map(current.map((m) => [m.person_id, m]));
  const want = new Map(desired.map((d) => [d.personId, d]));
  const added: Desired[] = [];
  for (const d of desired) {
    const cur = currentById.get(d.personId);
    if (!cur) added.push(d);
    else if (cur.source === 'roster' && cur.role !== d.role && cur.role !== 'owner') {
      await repo.setMemberRole(trx, chat.id, d.personId, d.role);
    }
  }
  await repo.insertMembers(trx, chat.id, added, {
    source: 'roster',
    at: now,
    readSeq: Number(chat.last_seq),
  });
  for (const d of added)
    changes.push({ chatId: chat.id, personId: d.personId, change: 'added', role: d.role });
  const gone = current
    .filter((m) => m.source === 'roster' && !want.has(m.person_id))
    .map((m) => m.person_id);
  await repo.markLeft(trx, chat.id, gone, now);
  for (const p of gone)
    changes.push({ chatId: chat.id, personId: p, change: 'removed', role: null });
  return created;
}

type Change = {
  chatId: number;
  personId: number;
  change: 'added' | 'removed';
  role: MemberRole | null;
};

async function publishChanges(deps: ChatsDeps, changes: Change[]): Promise<void> {
  for (const c of changes) {
    const ev = {
      type: 'membership.changed' as const,
      chatId: c.chatId,
      personId: c.personId,
      change: c.change,
      role: c.role,
    };
    await deps.events.publish(personTopic(c.personId), ev);
    await deps.events.publish(chatTopic(c.chatId), ev);
  }
}

async function ensureRosterChat(
  trx: DbOrTrx,
  spec: {
    kind: 'class_pupils' | 'class_parents' | 'org_staff';
    municipalityId: number;
    organizationId: number;
    classId: number | null;
    title: string;
  },
  now: Date,
) {
  const found =
    spec.kind === 'org_staff'
      ? await repo.findStaffChat(trx, spec.organizationId)
      : await repo.findChatOfClass(trx, spec.classId as number, spec.kind);
  if (found) return found;
  const id = await repo.insertChat(trx, {
    municipalityId: spec.municipalityId,
    kind: spec.kind,
    title: spec.title,
    organizationId: spec.organizationId,
    classId: spec.classId,
    createdBy: null,
    at: now,
  });
  return (await repo.findChat(trx, id))!;
}

/**
 * Brings one person's roster-managed memberships in step with their current
 * enrolments, classes taught, children's classes and positions — cheap, for
 * every single roster change (enrolment, guardianship, position, class
 * teacher, deactivation). Manual memberships are never touched.
 * `withGuardians`: the people are pupils whose class changed — their parents'
 * class chats change too.
 */
export async function syncPeople(
  db: Db,
  deps: ChatsDeps,
  personIds: number[],
  opts: { withGuardians?: boolean } = {},
): Promise<void> {
  const now = deps.now();
  const changes: Change[] = [];
  await db.transaction().execute(async (trx) => {
    const everyone = opts.withGuardians
      ? [...personIds, ...(await repo.guardiansOf(trx, personIds))]
      : personIds;
    for (const personId of [...new Set(everyone)]) {
      const desired = new Map<number, 'admin' | 'member'>();
      const want = (chatId: number, role: 'admin' | 'member') => {
        if (desired.get(chatId) !== 'admin') desired.set(chatId, role);
      };
      const person = await repo.isDeactivated(trx, personId);
      if (person && person.deactivated_at === null) {
        const [enrolled, taught, children, positions] = await Promise.all([
          repo.enrolledClassesOf(trx, personId),
          repo.taughtClassesOf(trx, personId),
          repo.childrenClassesOf(trx, personId),
          repo.positionsOf(trx, personId),
        ]);
        const classSpec = (
          c: (typeof enrolled)[number],
          kind: 'class_pupils' | 'class_parents',
        ) => ({
          kind,
          municipalityId: c.municipality_id,
          organizationId: c.organization_id,
          classId: c.id,
          title: `${c.name} · ${kind === 'class_pupils' ? 'ученики' : 'родители'}`,
        });
        for (const c of enrolled)
          if (c.kind === 'class')
            want((await ensureRosterChat(trx, classSpec(c, 'class_pupils'), now)).id, 'member');
        for (const c of taught) {
          if (c.kind === 'class')
            want((await ensureRosterChat(trx, classSpec(c, 'class_pupils'), now)).id, 'admin');
          want((await ensureRosterChat(trx, classSpec(c, 'class_parents'), now)).id, 'admin');
        }
        for (const c of children)
          want((await ensureRosterChat(trx, classSpec(c, 'class_parents'), now)).id, 'member');
        for (const p of positions) {
          const chat = await ensureRosterChat(
            trx,
            {
              kind: 'org_staff',
              municipalityId: p.municipality_id,
              organizationId: p.organization_id,
              classId: null,
              title: `Сотрудники · ${p.short_name ?? p.name}`,
            },
            now,
          );
          want(chat.id, p.role === 'head' || p.role === 'deputy' ? 'admin' : 'member');
        }
      }
      const current = await repo.rosterMembershipsOf(trx, personId);
      const currentIds = new Set(current.map((m) => m.chat_id));
      for (const [chatId, role] of desired) {
        const cur = current.find((m) => m.chat_id === chatId);
        if (cur) {
          if (cur.role !== role) await repo.setMemberRole(trx, chatId, personId, role);
          continue;
        }
        const existing = await repo.findMember(trx, chatId, personId);
        if (existing && existing.left_at === null) continue; // a manual member already
        const chat = await repo.findChat(trx, chatId);
        await repo.upsertMember(trx, {
          chatId,
          personId,
          role,
          source: 'roster',
          at: now,
          readSeq: Number(chat?.last_seq ?? 0),
        });
        changes.push({ chatId, personId, change: 'added', role });
      }
      for (const chatId of currentIds) {
        if (desired.has(chatId)) continue;
        await repo.markLeft(trx, chatId, [personId], now);
        changes.push({ chatId, personId, change: 'removed', role: null });
      }
    }
  });
  await publishChanges(deps, changes);
}

/**
 * A renamed class renames its chats: a title still the generated one
 * («5А · ученики», «5А · родители») follows the new name; a title the chat's
 * admins chose themselves is kept. One transaction; `chat.updated` is
 * published after commit.
 */
export async function renameClassChats(
  db: Db,
  deps: ChatsDeps,
  classId: number,
  names: { from: string; to: string },
): Promise<void> {
  const renamed: { chatId: number; title: string }[] = [];
  await db.transaction().execute(async (trx) => {
    for (const [kind, word] of [
      ['class_pupils', 'ученики'],
      ['class_parents', 'родители'],
    ] as const) {
      const chat = await repo.findChatOfClass(trx, classId, kind);
      if (!chat || chat.title !== `${names.from} · ${word}`) continue;
      const title = `${names.to} · ${word}`;
      await repo.updateChat(trx, chat.id, { title });
      renamed.push({ chatId: chat.id, title });
    }
  });
  for (const r of renamed) {
    await deps.events.publish(chatTopic(r.chatId), {
      type: 'chat.updated',
      chatId: r.chatId,
      changes: { title: r.title },
    });
  }
}

export async function chatIdsOf(db: DbOrTrx, personId: number): Promise<number[]> {
  return repo.chatIdsOf(db, personId);
}
