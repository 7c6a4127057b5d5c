import { z } from 'zod';
import { OrgKind, PositionRole } from '../enums';
import { LIMITS } from '../limits';
import { Id, PageQuery, Timestamp } from './common';
/**
 * What a network community gathers (DOMAIN: «сетевое сообщество»):
 * `COMMUNITY_KINDS` and `CommunityKind` are declared once, in `./monitoring`
 * (which reads the same column), and used here.
 */
import { CommunityKind } from './monitoring';

/** Roles inside a community, highest first. Admins and the owner are admins of its chats. */
export const COMMUNITY_ROLES = ['owner', 'admin', 'moderator', 'member'] as const;
export const CommunityRole = z.enum(COMMUNITY_ROLES);
export type CommunityRole = z.infer<typeof CommunityRole>;

/** How a member came in: `rule` members follow the rosters and leave with them. */
export const MEMBERSHIP_SOURCES = ['manual', 'rule', 'invitation', 'request'] as const;
export const MembershipSource = z.enum(MEMBERSHIP_SOURCES);
export type MembershipSource = z.infer<typeof MembershipSource>;

/**
 * Dynamic membership (`community_rules`). One of:
 * - `{roles, orgKinds?, orgIds?}`: everybody holding one of the positions in
 *   organisations of those kinds (or those organisations): "all heads of
 *   general schools" is `{roles: ['head'], orgKinds: ['general']}`;
 * - `{parentsOfClass}`: the legal representatives of the class's pupils;
 * - `{staffOfOrg, roles?}`: the organisation's staff (of those positions).
 */
export const RuleSpec = z.union([
  z.strictObject({
    roles: z.array(PositionRole).min(1).max(5),
    orgKinds: z.array(OrgKind).min(1).max(4).optional(),
    orgIds: z.array(Id).min(1).max(500).optional(),
  }),
  z.strictObject({ parentsOfClass: Id }),
  z.strictObject({ staffOfOrg: Id, roles: z.array(PositionRole).min(1).max(5).optional() }),
]);
export type RuleSpec = z.infer<typeof RuleSpec>;

export const CommunityRule = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  spec: RuleSpec,
  /** In Russian, for people: «Руководители: общеобразовательные организации». */
  description: z.string(),
  /** People the rule matches now. */
  matches: z.number().int(),
  createdAt: Timestamp,
});
export type CommunityRule = z.infer<typeof CommunityRule>;

export const CreateRule = z.strictObject({ spec: RuleSpec });

export const Community = z.object({
  id: z.number().int(),
  kind: CommunityKind,
  title: z.string(),
  description: z.string().nullable(),
  ownerOrganizationId: z.number().int().nullable(),
  ownerOrganizationName: z.string().nullable(),
  memberCount: z.number().int(),
  /** The viewer's role, or null when not a member. */
  myRole: CommunityRole.nullable(),
  /** The viewer has asked to join and waits for an answer. */
  requestPending: z.boolean(),
  /** The discussion chat and the announcement channel; null for non-members. */
  chatId: z.number().int().nullable(),
  announcementChatId: z.number().int().nullable(),
  /** The viewer may change it, manage members, rules and invitations. */
  canManage: z.boolean(),
  createdAt: Timestamp,
  archivedAt: Timestamp.nullable(),
});
export type Community = z.infer<typeof Community>;

export const CommunityQuery = PageQuery.extend({
  kind: CommunityKind.optional(),
  /** `mine`: only communities I am a member of. */
  scope: z.enum(['all', 'mine']).default('all'),
  includeArchived: z.enum(['0', '1']).optional(),
});
export type CommunityQuery = z.infer<typeof CommunityQuery>;

export const CreateCommunity = z.strictObject({
  kind: CommunityKind,
  title: z.string().trim().min(1).max(LIMITS.titleMaxLength),
  description: z.string().trim().max(2000).nullish(),
  /** The authority or an organisation; omitted: the municipality itself (municipal administrators). */
  ownerOrganizationId: Id.nullish(),
  /** Rules to start with (membership follows them from the start). */
  rules: z.array(RuleSpec).max(20).default([]),
});
export type CreateCommunity = z.infer<typeof CreateCommunity>;

export const UpdateCommunity = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleMaxLength).optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  kind: CommunityKind.optional(),
});
export type UpdateCommunity = z.infer<typeof UpdateCommunity>;

export const CommunityMember = z.object({
  personId: z.number().int(),
  displayName: z.string(),
  role: CommunityRole,
  source: MembershipSource,
  joinedAt: Timestamp,
});
export type CommunityMember = z.infer<typeof CommunityMember>;

export const AddCommunityMembers = z.strictObject({
  personIds: z.array(Id).min(1).max(1000),
  role: CommunityRole.exclude(['owner']).default('member'),
});

export const SetCommunityRole = z.strictObject({ role: CommunityRole });

export const JoinRequest = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  personId: z.number().int(),
  displayName: z.string(),
  message: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const CreateJoinRequest = z.strictObject({
  message: z.string().trim().max(500).nullish(),
});

export const SyncResult = z.object({
  communities: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
});
export type SyncResult = z.infer<typeof SyncResult>;
