import { z } from 'zod';
import { GuardianRelation, OrgKind, POSITION_ROLES, PositionRole } from '../enums';
import { LIMITS } from '../limits';
import { Id, LocalDate, PageQuery, Timestamp } from './common';

/**
 * What an invitation lets its holder become (DESIGN §5: role and scope are
 * fixed by the issuer, never raised on acceptance):
 * - `staff`: a position of the fixed role in an organisation;
 * - `staff_personal`: the account of one staff member already on the roster;
 * - `pupils` / `parents`: a pupil of the class / a parent of one of its pupils;
 * - `parent_personal`: a legal representative of one particular pupil;
 * - `community`: a member (or moderator, admin) of a network community.
 */
export const INVITATION_KINDS = [
  'staff',
  'staff_personal',
  'pupils',
  'parents',
  'parent_personal',
  'community',
] as const;
export const InvitationKind = z.enum(INVITATION_KINDS);
export type InvitationKind = z.infer<typeof InvitationKind>;

/** The role an invitation grants: a position, pupil, parent, or a community role. */
export const INVITATION_ROLES = [
  ...POSITION_ROLES,
  'pupil',
  'parent',
  'admin',
  'moderator',
  'member',
] as const;
export const InvitationRole = z.enum(INVITATION_ROLES);
export type InvitationRole = z.infer<typeof InvitationRole>;

export const INVITATION_STATUSES = ['active', 'expired', 'revoked', 'used_up'] as const;
export const InvitationStatus = z.enum(INVITATION_STATUSES);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

const Limits = {
  maxUses: z.number().int().min(1).max(1000).optional(),
  expiresInDays: z.number().int().min(1).max(365).default(30),
  note: z.string().trim().max(300).nullish(),
};

export const CreateInvitation = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('staff'),
    organizationId: Id,
    role: PositionRole,
    title: z.string().trim().min(1).max(LIMITS.titleMaxLength).nullish(),
    pedagogical: z.boolean().optional(),
    ...Limits,
  }),
  z.strictObject({
    kind: z.literal('staff_personal'),
    personId: Id,
    organizationId: Id,
    ...Limits,
  }),
  z.strictObject({ kind: z.literal('pupils'), classId: Id, ...Limits }),
  z.strictObject({ kind: z.literal('parents'), classId: Id, ...Limits }),
  z.strictObject({ kind: z.literal('parent_personal'), pupilId: Id, ...Limits }),
  z.strictObject({
    kind: z.literal('community'),
    communityId: Id,
    role: z.enum(['admin', 'moderator', 'member']).default('member'),
    ...Limits,
  }),
]);
export type CreateInvitation = z.infer<typeof CreateInvitation>;

/** An invitation as its issuers see it; the short code can be shown and printed again. */
export const Invitation = z.object({
  id: z.number().int(),
  kind: InvitationKind,
  role: InvitationRole,
  status: InvitationStatus,
  organizationId: z.number().int().nullable(),
  organizationName: z.string().nullable(),
  classId: z.number().int().nullable(),
  className: z.string().nullable(),
  pupilId: z.number().int().nullable(),
  pupilName: z.string().nullable(),
  personId: z.number().int().nullable(),
  personName: z.string().nullable(),
  communityId: z.number().int().nullable(),
  communityTitle: z.string().nullable(),
  code: z.string().describe('10 characters, Crockford base32; the short link is /i/<code>'),
  shortLink: z.string(),
  maxUses: z.number().int(),
  uses: z.number().int(),
  expiresAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  note: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: Timestamp,
});
export type Invitation = z.infer<typeof Invitation>;

/** Returned once, at creation: the long secret link is never stored and cannot be shown again. */
export const CreatedInvitation = Invitation.extend({
  token: z.string().describe('≥ 128 random bits, base64url; only its hash is stored'),
  link: z.string(),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const InvitationQuery = PageQuery.extend({
  organizationId: Id.optional(),
  classId: Id.optional(),
  communityId: Id.optional(),
  kind: InvitationKind.optional(),
  status: InvitationStatus.optional(),
});
export type InvitationQuery = z.infer<typeof InvitationQuery>;

/**
 * What anyone holding the code learns: what it grants and where — never the
 * names or contacts of people (a personal parent invitation does not name the
 * child; the slip in the parent's hands does).
 */
export const InvitationPreview = z.object({
  kind: InvitationKind,
  role: InvitationRole,
  /** In Russian: «родитель (законный представитель)», «учитель», «участник сообщества». */
  roleLabel: z.string(),
  municipalityName: z.string(),
  organizationName: z.string().nullable(),
  organizationKind: OrgKind.nullable(),
  className: z.string().nullable(),
  communityTitle: z.string().nullable(),
  expiresAt: Timestamp,
  /** The acceptance must name the child (a class's parents' invitation). */
  needsChild: z.boolean(),
  /** The acceptance creates no person: the roster already has them (`staff_personal`). */
  personal: z.boolean(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

const NamePart = z.string().trim().min(1).max(LIMITS.nameMaxLength);

/**
 * Accepting: signed in, the invitation joins the signed-in person; otherwise
 * the body creates the person and the account (name, phone or e-mail, login,
 * password — the password rules of sign-up apply).
 */
export const AcceptInvitation = z.strictObject({
  /** The role the client shows the user; a different one is refused (INVITATION_ROLE_MISMATCH). */
  role: InvitationRole.optional(),
  lastName: NamePart.optional(),
  firstName: NamePart.optional(),
  middleName: NamePart.nullish(),
  phone: z.string().trim().max(40).nullish(),
  email: z.email().max(LIMITS.loginMaxLength).nullish(),
  login: z.string().trim().min(3).max(64).optional(),
  password: z.string().max(LIMITS.passwordMaxLength).optional(),
  /** Parents: who they are to the child. */
  relation: GuardianRelation.optional(),
  /** A class's parents' invitation: the child, as the class roster has them. */
  child: z
    .strictObject({ lastName: NamePart, firstName: NamePart, birthDate: LocalDate.optional() })
    .optional(),
});
export type AcceptInvitation = z.infer<typeof AcceptInvitation>;

export const AcceptResult = z.object({
  personId: z.number().int(),
  login: z.string(),
  personCreated: z.boolean(),
  accountCreated: z.boolean(),
  /** False when the person already had everything the invitation grants. */
  changed: z.boolean(),
  kind: InvitationKind,
  role: InvitationRole,
  organizationId: z.number().int().nullable(),
  classId: z.number().int().nullable(),
  pupilId: z.number().int().nullable(),
  communityId: z.number().int().nullable(),
});
export type AcceptResult = z.infer<typeof AcceptResult>;

export const SendInvitation = z.strictObject({
  channel: z.enum(['email', 'sms']),
  to: z.string().trim().min(3).max(LIMITS.loginMaxLength),
});

export const OUTBOX_STATUSES = ['stored', 'pending', 'sent', 'failed'] as const;
export const OutboxEntry = z.object({
  id: z.number().int(),
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  error: z.string().nullable(),
  sender: z.string(),
  invitationId: z.number().int().nullable(),
  organizationId: z.number().int().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const OutboxQuery = PageQuery.extend({
  status: z.enum(OUTBOX_STATUSES).optional(),
  organizationId: Id.optional(),
});

/** Per class: who is connected (monitoring reads the same numbers). */
export const ClassOnboarding = z.object({
  classId: z.number().int(),
  name: z.string(),
  pupils: z.number().int(),
  pupilsWithAccount: z.number().int(),
  /** Pupils with at least one legal representative who has an account. */
  pupilsWithConnectedParent: z.number().int(),
  parents: z.number().int(),
  parentsWithAccount: z.number().int(),
  /** Personal parent invitations issued and not revoked; of them accepted at least once. */
  parentInvitations: z.number().int(),
  parentInvitationsAccepted: z.number().int(),
});
export type ClassOnboarding = z.infer<typeof ClassOnboarding>;

export const OrgOnboarding = z.object({
  organizationId: z.number().int(),
  name: z.string(),
  kind: OrgKind,
  staff: z.number().int(),
  staffWithAccount: z.number().int(),
  /** Staff who joined through an invitation (a subset of those with an account). */
  staffAccepted: z.number().int(),
  pupils: z.number().int(),
  pupilsWithConnectedParent: z.number().int(),
  parents: z.number().int(),
  parentsWithAccount: z.number().int(),
  classes: z.array(ClassOnboarding),
});
export type OrgOnboarding = z.infer<typeof OrgOnboarding>;

/**
 * Totals over several organisations. A person counts once here even when
 * they work (or study) in two of them (DESIGN §6), so these are not always
 * the sums of the per-organisation rows.
 */
export const OnboardingTotals = z.object({
  organizations: z.number().int(),
  staff: z.number().int(),
  staffWithAccount: z.number().int(),
  staffAccepted: z.number().int(),
  pupils: z.number().int(),
  pupilsWithConnectedParent: z.number().int(),
  parents: z.number().int(),
  parentsWithAccount: z.number().int(),
});
export type OnboardingTotals = z.infer<typeof OnboardingTotals>;

/** The municipality at a glance: every organisation (without classes), the district, each kind. */
export const MunicipalOnboarding = z.object({
  items: z.array(OrgOnboarding),
  totals: OnboardingTotals,
  /** One entry per kind that has organisations, in the directory's order. */
  kinds: z.array(OnboardingTotals.extend({ kind: OrgKind })),
});
export type MunicipalOnboarding = z.infer<typeof MunicipalOnboarding>;

/**
 * What preparing a printable sheet did (`POST …/invitation-sheet`,
 * `POST …/staff-invitation-sheet`): the missing personal invitations are
 * issued, the usable ones kept. The PDF itself is then read with a GET of
 * `sheetUrl`, which writes nothing.
 */
export const SheetPrepared = z.object({
  /** Slips on the sheet: one per current pupil (or staff member without an account). */
  slips: z.number().int(),
  /** Personal invitations issued now. */
  issued: z.number().int(),
  /** Usable personal invitations issued before, printed again (slips handed out stay valid). */
  reused: z.number().int(),
  /** The PDF: `GET` it (same cookie or token). */
  sheetUrl: z.string(),
});
export type SheetPrepared = z.infer<typeof SheetPrepared>;
