import type { CommunityRole, MemberRole, MembershipSource } from '@parta/shared';
import type { DbOrTrx } from '../../db/database';
import { chatTopic, personTopic, type EventSink } from '../../platform/events';
import { chatRoleFor, roleRank } from './communities.policy';
import * as repo from './communities.repository';

/**
 * Membership of a community and of its two chats, kept in one step: every
 * function here runs inside the caller's transaction and records the chat
 * membership changes it made, which the caller publishes after commit
 * (`publishChatChanges`).
 */

export interface ChatChange {
  chatId: number;
  personId: number;
  change: 'added' | 'removed' | 'role';
  role: MemberRole | null;
}

export interface CommunityChatSpec {
  id: number;
  municipality_id: number;
  title: string;
  description: string | null;
  created_by: number | null;
}

const CHAT_KINDS = ['community', 'announcement'] as const;

/** The discussion chat and the announcement channel of a community, created when missing. */
export async function ensureCommunityChats(
  trx: DbOrTrx,
  c: CommunityChatSpec,
  now: Date,
): Promise<{ id: number; kind: 'community' | 'announcement'; last_seq: number }[]> {
  const found = await repo.communityChats(trx, c.id);
  const out: { id: number; kind: 'community' | 'announcement'; last_seq: number }[] = [];
  for (const kind of CHAT_KINDS) {
    const chat = found.find((f) => f.kind === kind);
    if (chat) {
      out.push({ id: chat.id, kind, last_seq: Number(chat.last_seq) });
      continue;
    }
    const id = await repo.insertCommunityChat(trx, {
      municipalityId: c.municipality_id,
      communityId: c.id,
      kind,
      title: kind === 'community' ? c.title : `${c.title} · объявления`,
      description: c.description,
      organizationId: null,
      createdBy: c.created_by,
      at: now,
    });
    out.push({ id, kind, last_seq: 0 });
  }
  return out;
}

/**
 * Makes the person a member with at least `role` (never lowers a role a
 * current member holds: an invitation or a rule does not demote an admin).
 * Clears an exclusion: whoever joins on purpose, rules may keep again.
 * Returns whether anything changed.
 */
export async function putMember(
  trx: DbOrTrx,
  c: CommunityChatSpec,
  v: { personId: number; role: CommunityRole; source: MembershipSource },
  now: Date,
  changes: ChatChange[],
): Promise<boolean> {
  const existing = await repo.selectMembership(trx, c.id, v.personId);
  if (v.source !== 'rule') await repo.deleteExclusion(trx, c.id, v.personId);
  const current = existing && existing.left_at === null;
  if (current) {
    const had = existing.role as CommunityRole;
    if (roleRank(v.role) <= roleRank(had)) return false;
    await repo.setMemberRole(trx, c.id, v.personId, { role: v.role });
  } else {
    await repo.upsertMember(trx, {
      communityId: c.id,
      personId: v.personId,
      role: v.role,
      source: v.source,
      at: now,
    });
  }
  await syncChatsOf(trx, c, v.personId, v.role, now, changes);
  return true;
}

/** Sets a current member's role (any direction) and their chat roles. */
export async function changeRole(
  trx: DbOrTrx,
  c: CommunityChatSpec,
  personId: number,
  role: CommunityRole,
  source: MembershipSource | undefined,
  now: Date,
  changes: ChatChange[],
): Promise<void> {
  await repo.setMemberRole(trx, c.id, personId, { role, ...(source ? { source } : {}) });
  await syncChatsOf(trx, c, personId, role, now, changes);
}

async function syncChatsOf(
  trx: DbOrTrx,
  c: CommunityChatSpec,
  personId: number,
  role: CommunityRole,
  now: Date,
  changes: ChatChange[],
): Promise<void> {
  for (const chat of await ensureCommunityChats(trx, c, now)) {
    const chatRole = chatRoleFor(role, chat.kind);
    const member = await repo.chatMember(trx, chat.id, personId);
    if (member && member.left_at === null) {
      if (member.role !== chatRole) {
        await repo.setChatRole(trx, chat.id, personId, chatRole);
        changes.push({ chatId: chat.id, personId, change: 'role', role: chatRole as MemberRole });
      }
      continue;
    }
    await repo.upsertChatMember(trx, {
      chatId: chat.id,
      personId,
      role: chatRole,
      at: now,
      readSeq: chat.last_seq,
    });
    changes.push({ chatId: chat.id, personId, change: 'added', role: chatRole as MemberRole });
  }
}

/**
 * Ends a membership and the person's place in the community's chats.
 * `exclude`: rules must not bring them back (they left, or were removed).
 */
export async function dropMember(
  trx: DbOrTrx,
  communityId: number,
  personId: number,
  now: Date,
  changes: ChatChange[],
  exclude?: 'left' | 'removed',
): Promise<void> {
  await repo.markLeft(trx, communityId, [personId], now);
  if (exclude) await repo.upsertExclusion(trx, { communityId, personId, reason: exclude, at: now });
  for (const chat of await repo.communityChats(trx, communityId)) {
    if ((await repo.markChatLeft(trx, chat.id, personId, now)) > 0)
      changes.push({ chatId: chat.id, personId, change: 'removed', role: null });
  }
}

/** Publishes chat membership changes after commit: to the person and to the chat. */
export async function publishChatChanges(events: EventSink, changes: ChatChange[]): Promise<void> {
  for (const c of changes) {
    const ev = {
      type: 'membership.changed' as const,
      chatId: c.chatId,
      personId: c.personId,
      change: c.change,
      role: c.role,
    };
    if (c.change !== 'role') await events.publish(personTopic(c.personId), ev);
    await events.publish(chatTopic(c.chatId), ev);
  }
}
