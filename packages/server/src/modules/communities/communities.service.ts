import type {
  Community,
  CommunityMember,
  CommunityQuery,
  CommunityRole,
  CommunityRule,
  CreateCommunity,
  JoinRequest,
  MembershipSource,
  RuleSpec,
  SyncResult,
  UpdateCommunity,
} from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { toIso, toIsoOrNull } from '../../db/values';
import { AppError, notFound } from '../../platform/errors';
import { chatTopic, type EventSink } from '../../platform/events';
import { audit } from '../audit';
import {
  authorize,
  displayName,
  getPersonFacts,
  invalid,
  type ChangeContext,
  type Paged,
  type PersonFacts,
} from '../people';
import {
  changeRole,
  dropMember,
  ensureCommunityChats,
  publishChatChanges,
  putMember,
  type ChatChange,
} from './communities.membership';
import {
  canActOnMember,
  canAddPerson,
  canCreateCommunity,
  canGrantRole,
  canListMembers,
  canManageCommunity,
  canRequestToJoin,
  canSeeCommunity,
  canUseRule,
  powerOver,
  seesDirectory,
  type CommunityRef,
  type RuleScope,
} from './communities.policy';
import * as repo from './communities.repository';
import {
  describeRule,
  matchRule,
  parseSpec,
  syncCommunityRules,
  syncRulesIn,
} from './communities.rules';

export interface CommunitiesDeps {
  events: EventSink;
  now: () => Date;
}

/** A community as the policy sees it, with its row and the viewer's role in it. */
export interface LoadedCommunity extends CommunityRef {
  row: repo.CommunityRow;
  myRole: CommunityRole | null;
}

function refOf(row: repo.CommunityRow): CommunityRef {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    ownerOrgId: row.owner_org_id,
    archived: row.archived_at !== null,
  };
}

/** A community the viewer may see, or 404 (what one may not see does not exist for one). */
export async function requireCommunity(
  db: DbOrTrx,
  viewer: PersonFacts,
  communityId: number,
): Promise<LoadedCommunity> {
  const row = await repo.selectCommunity(db, communityId);
  if (!row || row.municipality_id !== viewer.municipalityId) throw notFound('No such community.');
  const m = await repo.selectMembership(db, communityId, viewer.personId);
  const myRole = m && m.left_at === null ? (m.role as CommunityRole) : null;
  const ref = refOf(row);
  if (!canSeeCommunity(viewer, ref, myRole)) throw notFound('No such community.');
  return { ...ref, row, myRole };
}

function requireManager(viewer: PersonFacts, c: LoadedCommunity): number {
  const power = powerOver(viewer, c, c.myRole);
  authorize(
    canManageCommunity(viewer, c, c.myRole),
    'Only the owner and admins of the community may do this.',
  );
  return power;
}

function requireOpen(c: LoadedCommunity): void {
  if (c.archived) throw new AppError('COMMUNITY_ARCHIVED');
}

function auditEntry(
  ctx: ChangeContext,
  action: string,
  communityId: number,
  details?: Record<string, unknown>,
) {
  return {
    actorPersonId: ctx.actorPersonId,
    action,
    targetType: 'community',
    targetId: communityId,
    municipalityId: ctx.municipalityId,
    ip: ctx.ip,
    details: details ?? null,
  };
}

/* ---------------- presentation ---------------- */

async function present(
  db: DbOrTrx,
  viewer: PersonFacts,
  rows: repo.CommunityRow[],
): Promise<Community[]> {
  const ids = rows.map((r) => r.id);
  const [counts, mine, pending, chats] = await Promise.all([
    repo.memberCounts(db, ids),
    repo.membershipsOf(db, viewer.personId, ids),
    repo.pendingRequestsOf(db, viewer.personId, ids),
    repo.chatsOfCommunities(db, ids),
  ]);
  return rows.map((r) => {
    const myRole = (mine.find((m) => m.community_id === r.id)?.role ??
      null) as CommunityRole | null;
    const chatOf = (kind: string) =>
      myRole === null
        ? null
        : (chats.find((c) => c.community_id === r.id && c.kind === kind)?.id ?? null);
    return {
      id: r.id,
      kind: r.kind as Community['kind'],
      title: r.title,
      description: r.description,
      ownerOrganizationId: r.owner_org_id,
      ownerOrganizationName: r.owner_org_short_name ?? r.owner_org_name ?? null,
      memberCount: Number(counts.find((c) => c.community_id === r.id)?.n ?? 0),
      myRole,
      requestPending: pending.has(r.id),
      chatId: chatOf('community'),
      announcementChatId: chatOf('announcement'),
      canManage: canManageCommunity(viewer, refOf(r), myRole),
      createdAt: toIso(r.created_at),
      archivedAt: toIsoOrNull(r.archived_at),
    };
  });
}

async function presentOne(db: DbOrTrx, viewer: PersonFacts, id: number): Promise<Community> {
  const row = await repo.selectCommunity(db, id);
  if (!row) throw notFound('No such community.');
  const [c] = await present(db, viewer, [row]);
  if (!c) throw notFound('No such community.');
  return c;
}

/**
 * The directory: staff and administrators see the municipality's
 * communities; pupils and parents only their own (the closed environment).
 */
export async function listCommunities(
  db: DbOrTrx,
  viewer: PersonFacts,
  q: CommunityQuery,
): Promise<Paged<Community>> {
  const { rows, total } = await repo.listCommunities(db, {
    municipalityId: viewer.municipalityId,
    personId: viewer.personId,
    onlyMine: q.scope === 'mine' || !seesDirectory(viewer),
    kind: q.kind,
    includeArchived: q.includeArchived === '1',
    limit: q.limit,
    offset: q.offset,
  });
  return { items: await present(db, viewer, rows), total, limit: q.limit, offset: q.offset };
}

export async function getCommunity(
  db: DbOrTrx,
  viewer: PersonFacts,
  c: LoadedCommunity,
): Promise<Community> {
  return presentOne(db, viewer, c.id);
}

/* ---------------- creating and changing ---------------- */

/** Resolves what a rule names (400 naming the field when it names nothing of this municipality). */
async function ruleScope(
  db: DbOrTrx,
  viewer: PersonFacts,
  spec: RuleSpec,
  field: string,
): Promise<RuleScope> {
  if ('parentsOfClass' in spec) {
    const cls = await repo.selectClass(db, spec.parentsOfClass);
    if (!cls || cls.municipality_id !== viewer.municipalityId)
      throw invalid(`${field}.parentsOfClass`, 'no such class');
    return {
      orgIds: [{ id: cls.organization_id, municipalityId: cls.municipality_id }],
      cls: {
        organizationId: cls.organization_id,
        municipalityId: cls.municipality_id,
        classTeacherId: cls.class_teacher_id,
      },
    };
  }
  const ids = 'staffOfOrg' in spec ? [spec.staffOfOrg] : (spec.orgIds ?? []);
  const orgs = await repo.selectOrgs(db, ids);
  for (const id of ids) {
    const org = orgs.find((o) => o.id === id);
    if (!org || org.municipality_id !== viewer.municipalityId)
      throw invalid(
        `${field}.${'staffOfOrg' in spec ? 'staffOfOrg' : 'orgIds'}`,
        `no such organisation ${id}`,
      );
  }
  return { orgIds: orgs.map((o) => ({ id: o.id, municipalityId: o.municipality_id })), cls: null };
}

async function authorizeRules(db: DbOrTrx, viewer: PersonFacts, specs: RuleSpec[], field: string) {
  for (const [i, spec] of specs.entries()) {
    const scope = await ruleScope(db, viewer, spec, `${field}.${i}`);
    authorize(
      canUseRule(viewer, spec, scope),
      'The rule would bring in people outside your administrative scope.',
    );
  }
}

/**
 * Creates a community with its discussion chat and announcement channel; the
 * creator is its owner; its rules apply at once. One transaction with the
 * audit entry; membership events after commit.
 */
export async function createCommunity(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  input: CreateCommunity,
  ctx: ChangeContext,
): Promise<Community> {
  const ownerId = input.ownerOrganizationId ?? null;
  const owner = ownerId === null ? null : await repo.selectOrg(db, ownerId);
  if (ownerId !== null && (!owner || owner.municipality_id !== viewer.municipalityId))
    throw invalid('body.ownerOrganizationId', 'no such organisation');
  if (owner?.archived_at) throw new AppError('CONFLICT', 'The organisation is archived.');
  authorize(
    canCreateCommunity(
      viewer,
      owner ? { id: owner.id, municipalityId: owner.municipality_id, kind: owner.kind } : null,
    ),
    'You may create communities only for organisations you administer.',
  );
  await authorizeRules(db, viewer, input.rules, 'body.rules');
  const now = ctx.now;
  const changes: ChatChange[] = [];
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertCommunity(trx, {
      municipalityId: viewer.municipalityId,
      kind: input.kind,
      title: input.title,
      description: input.description ?? null,
      ownerOrgId: ownerId,
      createdBy: viewer.personId,
      at: now,
    });
    const spec = {
      id,
      municipality_id: viewer.municipalityId,
      title: input.title,
      description: input.description ?? null,
      created_by: viewer.personId,
    };
    await ensureCommunityChats(trx, spec, now);
    await putMember(
      trx,
      spec,
      { personId: viewer.personId, role: 'owner', source: 'manual' },
      now,
      changes,
    );
    for (const rule of input.rules)
      await repo.insertRule(trx, {
        communityId: id,
        spec: JSON.stringify(rule),
        createdBy: viewer.personId,
        at: now,
      });
    await syncRulesIn(trx, { communityId: id }, now, changes);
    await audit(
      trx,
      auditEntry(ctx, 'community.created', id, {
        kind: input.kind,
        ownerOrganizationId: ownerId,
        rules: input.rules.length,
      }),
      now,
    );
    return id;
  });
  await publishChatChanges(deps.events, changes);
  return presentOne(db, viewer, id);
}

export async function updateCommunity(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  input: UpdateCommunity,
  ctx: ChangeContext,
): Promise<Community> {
  requireManager(viewer, c);
  requireOpen(c);
  const set: { title?: string; description?: string | null; kind?: string } = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.description !== undefined) set.description = input.description;
  if (input.kind !== undefined) set.kind = input.kind;
  const chats = await repo.communityChats(db, c.id);
  await db.transaction().execute(async (trx) => {
    await repo.updateCommunity(trx, c.id, set);
    for (const chat of chats) {
      const title =
        input.title === undefined
          ? undefined
          : chat.kind === 'community'
            ? input.title
            : `${input.title} · объявления`;
      await repo.renameCommunityChat(trx, chat.id, {
        ...(title !== undefined ? { title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      });
    }
    await audit(
      trx,
      auditEntry(ctx, 'community.updated', c.id, { fields: Object.keys(set) }),
      ctx.now,
    );
  });
  for (const chat of chats) {
    const changes: Record<string, unknown> = {};
    if (input.title !== undefined)
      changes.title = chat.kind === 'community' ? input.title : `${input.title} · объявления`;
    if (input.description !== undefined) changes.description = input.description;
    if (Object.keys(changes).length > 0)
      await deps.events.publish(chatTopic(chat.id), {
        type: 'chat.updated',
        chatId: chat.id,
        changes,
      });
  }
  return presentOne(db, viewer, c.id);
}

/** Archives (or restores) the community and its chats: readable, not writable, rules paused. */
export async function setArchived(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  archived: boolean,
  ctx: ChangeContext,
): Promise<Community> {
  requireManager(viewer, c);
  if (c.archived === archived) return presentOne(db, viewer, c.id);
  const chats = await repo.communityChats(db, c.id);
  const changes: ChatChange[] = [];
  await db.transaction().execute(async (trx) => {
    await repo.updateCommunity(trx, c.id, { archived_at: archived ? ctx.now : null });
    await repo.updateCommunityChats(trx, c.id, { archived_at: archived ? ctx.now : null });
    if (!archived) await syncRulesIn(trx, { communityId: c.id }, ctx.now, changes);
    await audit(
      trx,
      auditEntry(ctx, archived ? 'community.archived' : 'community.restored', c.id),
      ctx.now,
    );
  });
  for (const chat of chats)
    await deps.events.publish(chatTopic(chat.id), {
      type: 'chat.updated',
      chatId: chat.id,
      changes: { archived },
    });
  await publishChatChanges(deps.events, changes);
  return presentOne(db, viewer, c.id);
}

/* ---------------- members ---------------- */

export async function listMembers(
  db: DbOrTrx,
  viewer: PersonFacts,
  c: LoadedCommunity,
  page: { limit: number; offset: number },
): Promise<Paged<CommunityMember>> {
  authorize(canListMembers(viewer, c, c.myRole), 'Only members see who is in the community.');
  const [rows, counts] = await Promise.all([
    repo.listMembers(db, c.id, page),
    repo.memberCounts(db, [c.id]),
  ]);
  return {
    items: rows.map((r) => ({
      personId: r.person_id,
      displayName: displayName(r),
      role: r.role as CommunityRole,
      source: r.source as MembershipSource,
      joinedAt: toIso(r.joined_at),
    })),
    total: Number(counts[0]?.n ?? 0),
    limit: page.limit,
    offset: page.offset,
  };
}

/** Adds people by hand (managers), within the closed environment and one's own power. */
export async function addMembers(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  input: { personIds: number[]; role: Exclude<CommunityRole, 'owner'> },
  ctx: ChangeContext,
): Promise<{ added: number }> {
  const power = requireManager(viewer, c);
  requireOpen(c);
  authorize(canGrantRole(power, input.role), 'You may not grant a role above your own.');
  const ids = [...new Set(input.personIds)];
  for (const id of ids) {
    const target = await getPersonFacts(db, id);
    if (!target || target.municipalityId !== viewer.municipalityId)
      throw invalid('body.personIds', `no person ${id}`);
    if (!canAddPerson(viewer, target, await repo.isPupilOnly(db, id)))
      throw new AppError(
        'DIRECT_NOT_ALLOWED',
        `The closed environment does not allow adding person ${id}.`,
      );
  }
  const changes: ChatChange[] = [];
  let added = 0;
  await db.transaction().execute(async (trx) => {
    for (const personId of ids) {
      if (
        await putMember(
          trx,
          c.row,
          { personId, role: input.role, source: 'manual' },
          ctx.now,
          changes,
        )
      )
        added += 1;
    }
    await audit(
      trx,
      auditEntry(ctx, 'community.members_added', c.id, { personIds: ids, role: input.role }),
      ctx.now,
    );
  });
  await publishChatChanges(deps.events, changes);
  return { added };
}

/** Removes a member (managers, below their own power); rules will not bring them back. */
export async function removeMember(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  personId: number,
  ctx: ChangeContext,
): Promise<void> {
  if (personId === viewer.personId) return leave(db, deps, viewer, c, ctx);
  const power = requireManager(viewer, c);
  const target = await repo.selectMembership(db, c.id, personId);
  if (!target || target.left_at !== null) throw notFound('Not a member.');
  authorize(
    canActOnMember(power, target.role as CommunityRole),
    target.role === 'owner' ? 'The owner cannot be removed.' : 'You may not remove this member.',
  );
  const changes: ChatChange[] = [];
  await db.transaction().execute(async (trx) => {
    await dropMember(trx, c.id, personId, ctx.now, changes, 'removed');
    await audit(trx, auditEntry(ctx, 'community.member_removed', c.id, { personId }), ctx.now);
  });
  await publishChatChanges(deps.events, changes);
}

/** Leaves the community and its chats; the owner hands the community over first. */
export async function leave(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  ctx: ChangeContext,
): Promise<void> {
  if (c.myRole === null) throw notFound('Not a member.');
  if (c.myRole === 'owner')
    throw new AppError('CONFLICT', 'The owner hands the community over before leaving.');
  const changes: ChatChange[] = [];
  await db.transaction().execute(async (trx) => {
    await dropMember(trx, c.id, viewer.personId, ctx.now, changes, 'left');
    await audit(trx, auditEntry(ctx, 'community.left', c.id), ctx.now);
  });
  await publishChatChanges(deps.events, changes);
}

/**
 * Changes a member's role. Nobody grants above their own power; ownership is
 * handed over by owner-level power only, and the previous owner becomes an
 * admin. A promoted rule member is pinned (`source = manual`): rules no longer
 * remove them.
 */
export async function setRole(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  personId: number,
  role: CommunityRole,
  ctx: ChangeContext,
): Promise<void> {
  const power = requireManager(viewer, c);
  requireOpen(c);
  const target = await repo.selectMembership(db, c.id, personId);
  if (!target || target.left_at !== null) throw notFound('Not a member.');
  const current = target.role as CommunityRole;
  if (current === role) return;
  if (current === 'owner')
    throw new AppError('CONFLICT', 'Hand ownership to another member instead.');
  authorize(canGrantRole(power, role), 'You may not grant a role above your own.');
  authorize(canActOnMember(power, current), 'You may not change this member.');
  const changes: ChatChange[] = [];
  await db.transaction().execute(async (trx) => {
    if (role === 'owner') {
      const owners = (await repo.currentMembers(trx, c.id)).filter((m) => m.role === 'owner');
      for (const o of owners)
        await changeRole(trx, c.row, o.person_id, 'admin', undefined, ctx.now, changes);
    }
    const source = role !== 'member' && target.source === 'rule' ? 'manual' : undefined;
    await changeRole(trx, c.row, personId, role, source, ctx.now, changes);
    await audit(
      trx,
      auditEntry(ctx, 'community.role_changed', c.id, { personId, from: current, to: role }),
      ctx.now,
    );
  });
  await publishChatChanges(deps.events, changes);
}

/* ---------------- join requests ---------------- */

type RequestRow = NonNullable<Awaited<ReturnType<typeof repo.selectRequest>>>;

function toRequest(r: RequestRow): JoinRequest {
  return {
    id: r.id,
    communityId: r.community_id,
    personId: r.person_id,
    displayName: displayName(r),
    message: r.message,
    status: r.status as JoinRequest['status'],
    createdAt: toIso(r.created_at),
    decidedAt: toIsoOrNull(r.decided_at),
  };
}

export async function requestToJoin(
  db: Db,
  viewer: PersonFacts,
  c: LoadedCommunity,
  message: string | null,
  ctx: ChangeContext,
): Promise<JoinRequest> {
  requireOpen(c);
  if (c.myRole !== null) throw new AppError('ALREADY_EXISTS', 'You are a member already.');
  authorize(canRequestToJoin(viewer, c, c.myRole));
  const id = await db.transaction().execute(async (trx) => {
    if (await repo.pendingRequestOf(trx, c.id, viewer.personId))
      throw new AppError('ALREADY_EXISTS', 'Your request is waiting for an answer.');
    const id = await repo.insertRequest(trx, {
      communityId: c.id,
      personId: viewer.personId,
      message,
      at: ctx.now,
    });
    await audit(trx, auditEntry(ctx, 'community.join_requested', c.id, { requestId: id }), ctx.now);
    return id;
  });
  const row = await repo.selectRequest(db, id);
  if (!row) throw new AppError('INTERNAL');
  return toRequest(row);
}

export async function listRequests(
  db: DbOrTrx,
  viewer: PersonFacts,
  c: LoadedCommunity,
  status: JoinRequest['status'] | undefined,
): Promise<JoinRequest[]> {
  requireManager(viewer, c);
  return (await repo.listRequests(db, c.id, status)).map(toRequest);
}

/** Approves (the person joins as a member) or rejects a pending request. */
export async function decideRequest(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  requestId: number,
  approve: boolean,
  ctx: ChangeContext,
): Promise<JoinRequest> {
  requireManager(viewer, c);
  requireOpen(c);
  const req = await repo.selectRequest(db, requestId);
  if (!req || req.community_id !== c.id) throw notFound('No such request.');
  const changes: ChatChange[] = [];
  await db.transaction().execute(async (trx) => {
    const n = await repo.decideRequest(trx, {
      requestId,
      status: approve ? 'approved' : 'rejected',
      by: viewer.personId,
      at: ctx.now,
    });
    if (n === 0) throw new AppError('CONFLICT', 'The request has already been answered.');
    if (approve)
      await putMember(
        trx,
        c.row,
        { personId: req.person_id, role: 'member', source: 'request' },
        ctx.now,
        changes,
      );
    await audit(
      trx,
      auditEntry(ctx, approve ? 'community.join_approved' : 'community.join_rejected', c.id, {
        requestId,
        personId: req.person_id,
      }),
      ctx.now,
    );
  });
  await publishChatChanges(deps.events, changes);
  const row = await repo.selectRequest(db, requestId);
  if (!row) throw new AppError('INTERNAL');
  return toRequest(row);
}

/* ---------------- rules ---------------- */

async function toRule(
  db: DbOrTrx,
  c: { id: number; municipality_id: number },
  r: { id: number; spec: string; created_at: Date | string },
): Promise<CommunityRule | null> {
  const spec = parseSpec(r.spec);
  if (!spec) return null;
  return {
    id: r.id,
    communityId: c.id,
    spec,
    description: await describeRule(db, spec),
    matches: (await matchRule(db, c.municipality_id, spec)).length,
    createdAt: toIso(r.created_at),
  };
}

export async function listRules(
  db: DbOrTrx,
  viewer: PersonFacts,
  c: LoadedCommunity,
): Promise<CommunityRule[]> {
  authorize(canListMembers(viewer, c, c.myRole), 'Only members see the community’s rules.');
  const out: CommunityRule[] = [];
  for (const r of await repo.listRules(db, c.id)) {
    const rule = await toRule(db, c.row, r);
    if (rule) out.push(rule);
  }
  return out;
}

/** Adds a rule; whoever it matches joins at once (in the same transaction). */
export async function addRule(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  spec: RuleSpec,
  ctx: ChangeContext,
): Promise<{ rule: CommunityRule; sync: SyncResult }> {
  requireManager(viewer, c);
  requireOpen(c);
  await authorizeRules(db, viewer, [spec], 'body.spec');
  const changes: ChatChange[] = [];
  const { id, sync } = await db.transaction().execute(async (trx) => {
    const id = await repo.insertRule(trx, {
      communityId: c.id,
      spec: JSON.stringify(spec),
      createdBy: viewer.personId,
      at: ctx.now,
    });
    const sync = await syncRulesIn(trx, { communityId: c.id }, ctx.now, changes);
    await audit(trx, auditEntry(ctx, 'community.rule_added', c.id, { ruleId: id, spec }), ctx.now);
    return { id, sync };
  });
  await publishChatChanges(deps.events, changes);
  const row = await repo.selectRule(db, id);
  const rule = row ? await toRule(db, c.row, row) : null;
  if (!rule) throw new AppError('INTERNAL');
  return { rule, sync };
}

/** Deletes a rule; the members only it brought in leave. */
export async function deleteRule(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
  ruleId: number,
  ctx: ChangeContext,
): Promise<SyncResult> {
  requireManager(viewer, c);
  requireOpen(c);
  const rule = await repo.selectRule(db, ruleId);
  if (!rule || rule.community_id !== c.id) throw notFound('No such rule.');
  const changes: ChatChange[] = [];
  const sync = await db.transaction().execute(async (trx) => {
    await repo.deleteRule(trx, ruleId);
    const sync = await syncRulesIn(trx, { communityId: c.id }, ctx.now, changes);
    await audit(
      trx,
      auditEntry(ctx, 'community.rule_deleted', c.id, { ruleId, spec: rule.spec }),
      ctx.now,
    );
    return sync;
  });
  await publishChatChanges(deps.events, changes);
  return sync;
}

/** Runs the rules of one community now (owner, admins). */
export async function syncCommunity(
  db: Db,
  deps: CommunitiesDeps,
  viewer: PersonFacts,
  c: LoadedCommunity,
): Promise<SyncResult> {
  requireManager(viewer, c);
  return syncCommunityRules(db, deps, { communityId: c.id });
}

/* ---------------- for invitations ---------------- */

/** What a community invitation needs to know: the viewer's power, for "never raise a role". */
export async function communityPower(
  db: DbOrTrx,
  viewer: PersonFacts,
  communityId: number,
): Promise<{ community: LoadedCommunity; power: number }> {
  const c = await requireCommunity(db, viewer, communityId);
  return { community: c, power: powerOver(viewer, c, c.myRole) };
}

/**
 * Joins a person by invitation, in the caller's transaction (never lowers a
 * role they hold). Returns whether anything changed; the caller publishes
 * `changes` after commit.
 */
export async function joinByInvitation(
  trx: DbOrTrx,
  communityId: number,
  personId: number,
  role: CommunityRole,
  now: Date,
  changes: ChatChange[],
): Promise<boolean> {
  const c = await repo.selectCommunity(trx, communityId);
  if (!c) throw notFound('No such community.');
  if (c.archived_at !== null) throw new AppError('COMMUNITY_ARCHIVED');
  return putMember(trx, c, { personId, role, source: 'invitation' }, now, changes);
}

/** Community facts for invitation previews and lists. */
export async function communityInfo(db: DbOrTrx, communityId: number) {
  const c = await repo.selectCommunity(db, communityId);
  return c
    ? {
        id: c.id,
        title: c.title,
        municipalityId: c.municipality_id,
        archived: c.archived_at !== null,
      }
    : null;
}
