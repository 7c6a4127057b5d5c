import {
  normalizePhone,
  type AcceptInvitation,
  type AcceptResult,
  type CommunityRole,
  type CreatedInvitation,
  type CreateInvitation,
  type Invitation,
  type InvitationKind,
  type InvitationPreview,
  type InvitationQuery,
  type InvitationRole,
  type InvitationStatus,
  type OrgKind,
} from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { toBool, toDate, toIso, toIsoOrNull } from '../../db/values';
import type { Actor } from '../../platform/actor';
import { AppError, notFound } from '../../platform/errors';
import type { EventSink } from '../../platform/events';
import { audit } from '../audit';
import { createAccount, passwordProblem } from '../auth';
import { syncPeople } from '../chats';
import {
  communityPower,
  joinByInvitation,
  publishChatChanges,
  syncCommunityRules,
  type ChatChange,
} from '../communities';
import {
  administersOrg,
  authorize,
  displayName,
  invalid,
  isMunicipalAdmin,
  localDateIn,
  type ChangeContext,
  type Paged,
  type PersonFacts,
} from '../people';
import {
  formatCode,
  hashToken,
  looksLikeToken,
  newCode,
  newToken,
  normalizeCode,
} from './invitations.codes';
import {
  canInviteForClass,
  canInviteStaff,
  canInviteStaffPersonal,
  canInviteToCommunity,
  fitsRole,
} from './invitations.policy';
import * as repo from './invitations.repository';
import type { MessageSender } from './invitations.senders';

export interface InvitationsDeps {
  events: EventSink;
  now: () => Date;
  sender: MessageSender;
}

/** How many times an invitation may be used unless its issuer says otherwise. */
export const DEFAULT_MAX_USES: Record<InvitationKind, number> = {
  staff: 100,
  staff_personal: 1,
  pupils: 40,
  parents: 80,
  /** Two legal representatives per child. */
  parent_personal: 2,
  community: 200,
};

const ROLE_LABELS: Record<InvitationRole, string> = {
  head: 'руководитель',
  deputy: 'заместитель руководителя',
  teacher: 'педагог',
  staff: 'сотрудник',
  authority_staff: 'специалист Управления образования',
  pupil: 'ученик',
  parent: 'родитель (законный представитель)',
  admin: 'администратор сообщества',
  moderator: 'модератор сообщества',
  member: 'участник сообщества',
};

export const roleLabel = (role: string): string => ROLE_LABELS[role as InvitationRole] ?? role;

const DAY_MS = 86_400_000;

/* ---------------- presentation ---------------- */

export function statusOf(row: repo.InvitationRow, now: Date): InvitationStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (toDate(row.expires_at) <= now) return 'expired';
  if (Number(row.use_count) >= Number(row.max_uses)) return 'used_up';
  return 'active';
}

export const shortLink = (base: string, code: string) => `${base}/i/${code}`;

function nameOf(last: string | null, first: string | null, middle: string | null): string | null {
  return last === null || first === null
    ? null
    : displayName({ last_name: last, first_name: first, middle_name: middle });
}

function toInvitation(row: repo.InvitationRow, base: string, now: Date): Invitation {
  return {
    id: row.id,
    kind: row.kind as InvitationKind,
    role: row.role as InvitationRole,
    status: statusOf(row, now),
    organizationId: row.organization_id,
    organizationName: row.org_short_name ?? row.org_name ?? null,
    classId: row.class_id,
    className: row.class_name ?? null,
    pupilId: row.pupil_id,
    pupilName: nameOf(row.pupil_last_name, row.pupil_first_name, row.pupil_middle_name),
    personId: row.person_id,
    personName: nameOf(row.person_last_name, row.person_first_name, row.person_middle_name),
    communityId: row.community_id,
    communityTitle: row.community_title ?? null,
    code: row.code,
    shortLink: shortLink(base, row.code),
    maxUses: Number(row.max_uses),
    uses: Number(row.use_count),
    expiresAt: toIso(row.expires_at),
    revokedAt: toIsoOrNull(row.revoked_at),
    note: row.note,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

/* ---------------- issuing ---------------- */

interface Plan {
  kind: InvitationKind;
  role: InvitationRole;
  organizationId: number | null;
  classId: number | null;
  pupilId: number | null;
  personId: number | null;
  communityId: number | null;
  positionTitle: string | null;
  pedagogical: boolean | null;
}

async function classForField(db: DbOrTrx, viewer: PersonFacts, classId: number, field: string) {
  const cls = await repo.selectClass(db, classId);
  if (!cls || cls.municipality_id !== viewer.municipalityId) throw invalid(field, 'no such class');
  if (cls.archived_at !== null) throw new AppError('CONFLICT', 'The class is archived.');
  return cls;
}

async function orgForField(db: DbOrTrx, viewer: PersonFacts, orgId: number, field: string) {
  const org = await repo.selectOrg(db, orgId);
  if (!org || org.municipality_id !== viewer.municipalityId)
    throw invalid(field, 'no such organisation');
  if (org.archived_at !== null) throw new AppError('CONFLICT', 'The organisation is archived.');
  return org;
}

const classScope = (cls: {
  organization_id: number;
  municipality_id: number;
  class_teacher_id: number | null;
}) => ({
  organizationId: cls.organization_id,
  municipalityId: cls.municipality_id,
  classTeacherId: cls.class_teacher_id,
});

/**
 * Checks what the invitation names (400 naming the field) and that the
 * viewer may grant it (403): an invitation never grants more than its
 * issuer's own administrative scope.
 */
async function planInvitation(
  db: DbOrTrx,
  viewer: PersonFacts,
  input: CreateInvitation,
): Promise<Plan> {
  const none = {
    organizationId: null,
    classId: null,
    pupilId: null,
    personId: null,
    communityId: null,
    positionTitle: null,
    pedagogical: null,
  };
  switch (input.kind) {
    case 'staff': {
      const org = await orgForField(db, viewer, input.organizationId, 'body.organizationId');
      if (input.role === 'authority_staff' && org.kind !== 'authority')
        throw invalid('body.role', 'authority_staff is a position in the education authority only');
      authorize(
        canInviteStaff(
          viewer,
          { id: org.id, municipalityId: org.municipality_id, kind: org.kind },
          input.role,
        ),
        'You may not grant this position: it is above what your administrative role allows.',
      );
      return {
        ...none,
        kind: 'staff',
        role: input.role,
        organizationId: org.id,
        positionTitle: input.title ?? null,
        pedagogical:
          input.pedagogical ?? (input.role !== 'staff' && input.role !== 'authority_staff'),
      };
    }
    case 'staff_personal': {
      const org = await orgForField(db, viewer, input.organizationId, 'body.organizationId');
      const person = await repo.selectPerson(db, input.personId);
      if (!person || person.municipality_id !== viewer.municipalityId)
        throw invalid('body.personId', 'no such person');
      const position = await repo.activePositionIn(db, person.id, org.id);
      if (!position) throw invalid('body.personId', 'holds no position in the organisation');
      authorize(
        canInviteStaffPersonal(viewer, {
          id: org.id,
          municipalityId: org.municipality_id,
          kind: org.kind,
        }),
      );
      if (await repo.hasAccount(db, person.id))
        throw new AppError('CONFLICT', 'The person already has an account.');
      return {
        ...none,
        kind: 'staff_personal',
        role: position.role as InvitationRole,
        organizationId: org.id,
        personId: person.id,
      };
    }
    case 'pupils':
    case 'parents': {
      const cls = await classForField(db, viewer, input.classId, 'body.classId');
      authorize(
        canInviteForClass(viewer, classScope(cls)),
        'Only the class teacher and the school’s administrators invite to a class.',
      );
      return {
        ...none,
        kind: input.kind,
        role: input.kind === 'pupils' ? 'pupil' : 'parent',
        organizationId: cls.organization_id,
        classId: cls.id,
      };
    }
    case 'parent_personal': {
      const pupil = await repo.selectPerson(db, input.pupilId);
      if (!pupil || pupil.municipality_id !== viewer.municipalityId)
        throw invalid('body.pupilId', 'no such pupil');
      const current = await repo.currentClassOf(db, pupil.id);
      if (!current) throw invalid('body.pupilId', 'is not enrolled in a class');
      const cls = await classForField(db, viewer, current.id, 'body.pupilId');
      authorize(
        canInviteForClass(viewer, classScope(cls)),
        'Only the class teacher and the school’s administrators invite parents.',
      );
      return {
        ...none,
        kind: 'parent_personal',
        role: 'parent',
        organizationId: cls.organization_id,
        classId: cls.id,
        pupilId: pupil.id,
      };
    }
    case 'community': {
      const { community, power } = await communityPower(db, viewer, input.communityId).catch(
        (err: unknown) => {
          if (err instanceof AppError && err.code === 'NOT_FOUND')
            throw invalid('body.communityId', 'no such community');
          throw err;
        },
      );
      if (community.archived) throw new AppError('COMMUNITY_ARCHIVED');
      authorize(
        canInviteToCommunity(power, input.role),
        'You may not grant a community role above your own.',
      );
      return {
        ...none,
        kind: 'community',
        role: input.role,
        communityId: community.id,
        organizationId: community.ownerOrgId,
      };
    }
  }
}

/** Inserts an invitation with a fresh token and a fresh unique code; returns its id and the token. */
async function insertPlanned(
  trx: DbOrTrx,
  plan: Plan,
  v: {
    municipalityId: number;
    maxUses: number;
    expiresInDays: number;
    note: string | null;
    createdBy: number | null;
    now: Date;
  },
): Promise<{ id: number; token: string }> {
  let code = newCode();
  for (let i = 0; i < 5 && (await repo.codeTaken(trx, code)); i++) code = newCode();
  const token = newToken();
  const id = await repo.insertInvitation(trx, {
    municipalityId: v.municipalityId,
    kind: plan.kind,
    role: plan.role,
    organizationId: plan.organizationId,
    classId: plan.classId,
    pupilId: plan.pupilId,
    personId: plan.personId,
    communityId: plan.communityId,
    positionTitle: plan.positionTitle,
    pedagogical: plan.pedagogical,
    tokenHash: hashToken(token),
    code,
    maxUses: v.maxUses,
    expiresAt: new Date(v.now.getTime() + v.expiresInDays * DAY_MS),
    note: v.note,
    createdBy: v.createdBy,
    at: v.now,
  });
  return { id, token };
}

function auditEntry(
  ctx: ChangeContext,
  action: string,
  id: number,
  details?: Record<string, unknown>,
) {
  return {
    actorPersonId: ctx.actorPersonId,
    action,
    targetType: 'invitation',
    targetId: id,
    municipalityId: ctx.municipalityId,
    ip: ctx.ip,
    details: details ?? null,
  };
}

/** Issues an invitation (one transaction with its audit entry); the token is returned only now. */
export async function createInvitation(
  db: Db,
  viewer: PersonFacts,
  input: CreateInvitation,
  ctx: ChangeContext,
  base: string,
): Promise<CreatedInvitation> {
  const plan = await planInvitation(db, viewer, input);
  const { id, token } = await db.transaction().execute(async (trx) => {
    const made = await insertPlanned(trx, plan, {
      municipalityId: viewer.municipalityId,
      maxUses: input.maxUses ?? DEFAULT_MAX_USES[plan.kind],
      expiresInDays: input.expiresInDays,
      note: input.note ?? null,
      createdBy: viewer.personId,
      now: ctx.now,
    });
    await audit(
      trx,
      auditEntry(ctx, 'invitation.created', made.id, {
        kind: plan.kind,
        role: plan.role,
        organizationId: plan.organizationId,
        classId: plan.classId,
        pupilId: plan.pupilId,
        personId: plan.personId,
        communityId: plan.communityId,
      }),
      ctx.now,
    );
    return made;
  });
  const row = await repo.selectInvitation(db, id);
  if (!row) throw new AppError('INTERNAL');
  return { ...toInvitation(row, base, ctx.now), token, link: `${base}/i/${token}` };
}

/** May the viewer see, revoke, print or send this invitation? Its issuer, or whoever may issue it now. */
async function canManage(
  db: DbOrTrx,
  viewer: PersonFacts,
  row: repo.InvitationRow,
): Promise<boolean> {
  if (row.municipality_id !== viewer.municipalityId) return false;
  if (row.created_by === viewer.personId || isMunicipalAdmin(viewer)) return true;
  switch (row.kind as InvitationKind) {
    case 'staff':
    case 'staff_personal':
      return (
        row.organization_id !== null &&
        administersOrg(viewer, { id: row.organization_id, municipalityId: row.municipality_id })
      );
    case 'pupils':
    case 'parents':
    case 'parent_personal':
      return (
        row.organization_id !== null &&
        canInviteForClass(viewer, {
          organizationId: row.organization_id,
          municipalityId: row.municipality_id,
          classTeacherId: row.class_teacher_id,
        })
      );
    case 'community': {
      if (row.community_id === null) return false;
      try {
        const { power } = await communityPower(db, viewer, row.community_id);
        return power >= 2;
      } catch {
        return false;
      }
    }
  }
}

/** An invitation the viewer manages, or 404. */
export async function requireInvitation(db: DbOrTrx, viewer: PersonFacts, id: number) {
  const row = await repo.selectInvitation(db, id);
  if (!row || !(await canManage(db, viewer, row))) throw notFound('No such invitation.');
  return row;
}

export async function getInvitation(
  db: DbOrTrx,
  viewer: PersonFacts,
  id: number,
  base: string,
  now: Date,
): Promise<Invitation> {
  return toInvitation(await requireInvitation(db, viewer, id), base, now);
}

/**
 * Invitations of a scope the viewer manages (a class, an organisation, a
 * community); without one, municipal administrators see all, others those
 * they issued.
 */
export async function listInvitations(
  db: DbOrTrx,
  viewer: PersonFacts,
  q: InvitationQuery,
  base: string,
  now: Date,
): Promise<Paged<Invitation>> {
  let createdBy: number | undefined;
  if (!isMunicipalAdmin(viewer)) {
    if (q.classId !== undefined) {
      const cls = await repo.selectClass(db, q.classId);
      if (!cls || cls.municipality_id !== viewer.municipalityId)
        throw invalid('query.classId', 'no such class');
      authorize(canInviteForClass(viewer, classScope(cls)));
    } else if (q.organizationId !== undefined) {
      const org = await repo.selectOrg(db, q.organizationId);
      if (!org || org.municipality_id !== viewer.municipalityId)
        throw invalid('query.organizationId', 'no such organisation');
      authorize(administersOrg(viewer, { id: org.id, municipalityId: org.municipality_id }));
    } else if (q.communityId !== undefined) {
      const { power } = await communityPower(db, viewer, q.communityId);
      authorize(power >= 2);
    } else createdBy = viewer.personId;
  }
  const page = await repo.listInvitations(db, {
    municipalityId: viewer.municipalityId,
    organizationId: q.organizationId,
    classId: q.classId,
    communityId: q.communityId,
    kind: q.kind,
    status: q.status,
    createdBy,
    now,
    limit: q.limit,
    offset: q.offset,
  });
  const rows = await repo.selectInvitations(db, page.ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    items: page.ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [toInvitation(r, base, now)] : [];
    }),
    total: page.total,
    limit: q.limit,
    offset: q.offset,
  };
}

/** Revokes at once: the next acceptance or preview answers INVITATION_REVOKED. */
export async function revokeInvitation(
  db: Db,
  viewer: PersonFacts,
  id: number,
  ctx: ChangeContext,
  base: string,
): Promise<Invitation> {
  await requireInvitation(db, viewer, id);
  await db.transaction().execute(async (trx) => {
    const n = await repo.revokeInvitation(trx, id, viewer.personId, ctx.now);
    if (n > 0) await audit(trx, auditEntry(ctx, 'invitation.revoked', id), ctx.now);
  });
  return getInvitation(db, viewer, id, base, ctx.now);
}

/* ---------------- public: looking up and accepting ---------------- */

/** Failed look-ups per client address before it is locked out, and the window (and lock) length. */
export const GUESS_LIMIT = 20;
export const GUESS_WINDOW_MS = 15 * 60_000;

function throttleKey(ip: string | null): string {
  return `ip:${ip ?? 'unknown'}`;
}

async function checkThrottle(db: DbOrTrx, ip: string | null, now: Date): Promise<void> {
  const row = await repo.findThrottle(db, throttleKey(ip));
  if (row?.locked_until && toDate(row.locked_until) > now) {
    const seconds = Math.max(
      1,
      Math.ceil((toDate(row.locked_until).getTime() - now.getTime()) / 1000),
    );
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many wrong invitation codes; try again in ${seconds} s.`,
      {
        headers: { 'retry-after': String(seconds) },
      },
    );
  }
}

async function recordFailure(db: Db, ip: string | null, now: Date): Promise<void> {
  const key = throttleKey(ip);
  await db.transaction().execute(async (trx) => {
    const row = await repo.findThrottle(trx, key);
    const fresh = !row || now.getTime() - toDate(row.window_started_at).getTime() > GUESS_WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const locked = failures >= GUESS_LIMIT;
    await repo.upsertThrottle(trx, {
      key,
      failures: locked ? 0 : failures,
      windowStartedAt: locked || fresh ? now : toDate(row.window_started_at),
      lockedUntil: locked ? new Date(now.getTime() + GUESS_WINDOW_MS) : null,
    });
  });
}

/**
 * The invitation behind a short code or a long link's token. Unknown codes
 * count against the client address (`GUESS_LIMIT` per `GUESS_WINDOW_MS`);
 * past the limit every look-up answers 429 until the lock ends.
 */
async function resolveCode(
  db: Db,
  input: string,
  ip: string | null,
  now: Date,
): Promise<repo.InvitationRow> {
  await checkThrottle(db, ip, now);
  const code = normalizeCode(input);
  const row = code
    ? await repo.selectByCode(db, code)
    : looksLikeToken(input)
      ? await repo.selectByTokenHash(db, hashToken(input))
      : undefined;
  if (!row) {
    await recordFailure(db, ip, now);
    throw new AppError('INVITATION_NOT_FOUND');
  }
  return row;
}

function assertUsable(row: repo.InvitationRow, now: Date): void {
  const status = statusOf(row, now);
  if (status === 'revoked') throw new AppError('INVITATION_REVOKED');
  if (status === 'expired') throw new AppError('INVITATION_EXPIRED');
  if (status === 'used_up') throw new AppError('INVITATION_USED_UP');
}

/** What a code grants, for the acceptance page: no names or contacts of anyone. */
export async function previewByCode(
  db: Db,
  code: string,
  ip: string | null,
  now: Date,
): Promise<InvitationPreview> {
  const row = await resolveCode(db, code, ip, now);
  assertUsable(row, now);
  const muni = await repo.selectMunicipality(db, row.municipality_id);
  return {
    kind: row.kind as InvitationKind,
    role: row.role as InvitationRole,
    roleLabel: roleLabel(row.role),
    municipalityName: muni?.name ?? '',
    organizationName: row.org_name ?? null,
    organizationKind: (row.org_kind ?? null) as OrgKind | null,
    className: row.class_name ?? null,
    communityTitle: row.community_title ?? null,
    expiresAt: toIso(row.expires_at),
    needsChild: row.kind === 'parents',
    personal: row.kind === 'staff_personal',
  };
}

const ROSTER_KINDS: ReadonlySet<InvitationKind> = new Set([
  'staff',
  'pupils',
  'parents',
  'parent_personal',
]);

function required<T>(value: T | null | undefined, field: string): T {
  if (value === undefined || value === null || value === '') throw invalid(field, 'required');
  return value;
}

interface NewPerson {
  lastName: string;
  firstName: string;
  middleName: string | null;
  phone: string | null;
  email: string | null;
}

/** Names compared as people type them: case, ё/е and spaces do not matter (SQLite's lower() is ASCII-only). */
export function sameName(a: string, b: string): boolean {
  const norm = (x: string) =>
    x.trim().toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/\s+/g, ' ');
  return norm(a) === norm(b);
}

/** People in the invitation's scope an anonymous acceptance may claim (no account yet). */
async function claimCandidates(db: DbOrTrx, row: repo.InvitationRow): Promise<number[]> {
  switch (row.kind as InvitationKind) {
    case 'staff':
      return row.organization_id === null ? [] : repo.staffIdsOf(db, row.organization_id);
    case 'pupils':
      return row.class_id === null ? [] : repo.pupilIdsOf(db, row.class_id);
    case 'parents':
      return row.class_id === null
        ? []
        : repo.guardianIdsOf(db, await repo.pupilIdsOf(db, row.class_id));
    case 'parent_personal':
      return row.pupil_id === null ? [] : repo.guardianIdsOf(db, [row.pupil_id]);
    default:
      return [];
  }
}

/** The child a class's parents' invitation links to: by name (and birth date where the roster has one). */
async function childInClass(
  db: Db,
  row: repo.InvitationRow,
  child: AcceptInvitation['child'],
  ip: string | null,
  now: Date,
): Promise<number> {
  const c = required(child, 'body.child');
  const found = (await repo.pupilNames(db, required(row.class_id, 'classId'))).filter(
    (p) => sameName(p.last_name, c.lastName) && sameName(p.first_name, c.firstName),
  );
  const fits = found.filter((p) => p.birth_date === null || p.birth_date === c.birthDate);
  if (fits.length === 1 && fits[0]) return fits[0].id;
  // A wrong name is a guess like a wrong code: it counts against the address.
  await recordFailure(db, ip, now);
  if (found.length > 0 && !c.birthDate)
    throw invalid('body.child.birthDate', 'required to confirm the child');
  throw invalid('body.child', 'no such pupil in the class (check the spelling and the birth date)');
}

/**
 * Accepts an invitation. Signed in: the invitation joins the signed-in
 * person. Otherwise the body creates the account — for the roster person it
 * names (`staff_personal`), for a roster person in scope with the same name
 * and the same phone or e-mail and no account yet, or for a new person.
 * Then, in one transaction: the position, enrolment, guardianship or
 * community membership it grants (never a role above it; never lowering one
 * held), one use taken atomically, the audit entry. Nothing is written when
 * anything fails. Class and staff chats and rule-based communities follow
 * after commit; membership events are published then.
 */
export async function acceptByCode(
  db: Db,
  deps: InvitationsDeps,
  code: string,
  body: AcceptInvitation,
  actor: Actor | null,
  ip: string | null,
): Promise<AcceptResult> {
  const now = deps.now();
  const row = await resolveCode(db, code, ip, now);
  assertUsable(row, now);
  const kind = row.kind as InvitationKind;
  if (body.role !== undefined && body.role !== row.role)
    throw new AppError(
      'INVITATION_ROLE_MISMATCH',
      `The invitation makes you «${roleLabel(row.role)}», not «${roleLabel(body.role)}».`,
    );
  if (actor && actor.municipalityId !== row.municipality_id)
    throw new AppError('INVITATION_NOT_FOUND');
  const muni = await repo.selectMunicipality(db, row.municipality_id);
  if (!muni) throw new AppError('INVITATION_NOT_FOUND');

  let personId: number | null = actor?.personId ?? null;
  let newPerson: NewPerson | null = null;
  let account: { login: string; password: string; nameParts: string[] } | null = null;
  let contacts: { phone: string | null; email: string | null } | null = null;
  if (!actor) {
    const login = required(body.login, 'body.login');
    const password = required(body.password, 'body.password');
    const phone = body.phone ? normalizePhone(body.phone) : null;
    if (body.phone && !phone) throw invalid('body.phone', 'not a Russian phone number');
    const email = body.email ? body.email.trim().toLowerCase() : null;
    if (kind === 'staff_personal') {
      personId = required(row.person_id, 'personId');
      if (await repo.hasAccount(db, personId))
        throw new AppError('CONFLICT', 'This person has an account already: sign in instead.');
      contacts = { phone, email };
    } else {
      const lastName = required(body.lastName, 'body.lastName');
      const firstName = required(body.firstName, 'body.firstName');
      if (!phone && !email) throw invalid('body.phone', 'a phone or an e-mail is required');
      const claimed = (await repo.withoutAccount(db, await claimCandidates(db, row))).filter(
        (p) =>
          sameName(p.last_name, lastName) &&
          sameName(p.first_name, firstName) &&
          ((phone !== null && p.phone === phone) ||
            (email !== null && p.email?.toLowerCase() === email)),
      );
      if (claimed.length === 1 && claimed[0]) {
        personId = claimed[0].id;
        contacts = { phone, email };
      } else newPerson = { lastName, firstName, middleName: body.middleName ?? null, phone, email };
    }
    const nameParts = [body.lastName ?? '', body.firstName ?? ''].filter(Boolean);
    const problem = passwordProblem(password, [login, ...nameParts]);
    if (problem) throw new AppError('WEAK_PASSWORD', problem);
    account = { login, password, nameParts };
  } else if (kind === 'staff_personal' && row.person_id !== actor.personId) {
    throw new AppError(
      'INVITATION_ROLE_MISMATCH',
      'This personal invitation is for another person’s account.',
    );
  }
  if (personId !== null && !fitsRole(kind, await repo.roleFlags(db, personId)))
    throw new AppError(
      'INVITATION_ROLE_MISMATCH',
      kind === 'pupils'
        ? 'A staff member or a parent cannot join as a pupil.'
        : `A pupil cannot join as «${roleLabel(row.role)}».`,
    );
  const childId =
    kind === 'parents'
      ? await childInClass(db, row, body.child, ip, now)
      : kind === 'parent_personal'
        ? required(row.pupil_id, 'pupilId')
        : null;
  if (childId !== null && personId === childId)
    throw new AppError('INVITATION_ROLE_MISMATCH', 'A pupil cannot be their own parent.');
  if (childId !== null && !(await repo.currentClassOf(db, childId)))
    throw new AppError('CONFLICT', 'The pupil is no longer enrolled.');

  const changes: ChatChange[] = [];
  const today = localDateIn(muni.time_zone, now);
  const result = await db.transaction().execute(async (trx) => {
    let personCreated = false;
    if (newPerson) {
      personId = await repo.insertPerson(trx, {
        municipalityId: row.municipality_id,
        ...newPerson,
        at: now,
      });
      personCreated = true;
    }
    const pid = required(personId, 'personId');
    if (contacts) await repo.fillContacts(trx, pid, contacts);
    if (account) await createAccount(trx, { personId: pid, ...account }, now);
    let changed = personCreated || account !== null;
    switch (kind) {
      case 'staff': {
        const orgId = required(row.organization_id, 'organizationId');
        if (!(await repo.activePositionOf(trx, pid, orgId, row.role))) {
          await repo.insertPosition(trx, {
            personId: pid,
            organizationId: orgId,
            role: row.role,
            title: row.position_title,
            pedagogical: row.pedagogical === null ? row.role !== 'staff' : toBool(row.pedagogical),
            startedOn: today,
            at: now,
          });
          changed = true;
        }
        break;
      }
      case 'staff_personal':
        if (
          !(await repo.activePositionIn(trx, pid, required(row.organization_id, 'organizationId')))
        )
          throw new AppError('CONFLICT', 'The position this invitation was for has ended.');
        break;
      case 'pupils': {
        const classId = required(row.class_id, 'classId');
        const open = await repo.openEnrolmentsOf(trx, pid);
        if (!open.some((e) => e.class_id === classId)) {
          if (open.length > 0)
            throw new AppError('CONFLICT', 'The pupil is enrolled in another class already.');
          await repo.insertEnrolment(trx, { pupilId: pid, classId, startedOn: today });
          changed = true;
        }
        break;
      }
      case 'parents':
      case 'parent_personal': {
        const pupilId = required(childId, 'pupilId');
        if (!(await repo.guardianshipExists(trx, pid, pupilId))) {
          await repo.insertGuardianship(trx, {
            parentId: pid,
            pupilId,
            relation: body.relation ?? 'other',
            at: now,
          });
          changed = true;
        }
        break;
      }
      case 'community':
        if (
          await joinByInvitation(
            trx,
            required(row.community_id, 'communityId'),
            pid,
            row.role as CommunityRole,
            now,
            changes,
          )
        )
          changed = true;
        break;
    }
    if (changed) {
      if ((await repo.consumeUse(trx, row.id, now)) === 0) {
        const fresh = await repo.selectInvitation(trx, row.id);
        if (fresh) assertUsable(fresh, now);
        throw new AppError('INVITATION_USED_UP');
      }
      await repo.insertUse(trx, {
        invitationId: row.id,
        personId: pid,
        personCreated,
        accountCreated: account !== null,
        at: now,
        ip,
      });
      await audit(
        trx,
        {
          actorPersonId: pid,
          action: 'invitation.accepted',
          targetType: 'invitation',
          targetId: row.id,
          municipalityId: row.municipality_id,
          ip,
          details: {
            kind,
            role: row.role,
            personCreated,
            accountCreated: account !== null,
            pupilId: childId,
          },
        },
        now,
      );
    }
    const login = await repo.loginOf(trx, pid);
    return { personId: pid, login: login?.login ?? '', personCreated, changed };
  });

  if (result.changed && ROSTER_KINDS.has(kind)) {
    const rosterDeps = { events: deps.events, now: deps.now };
    await syncPeople(db, rosterDeps, [result.personId]);
    await syncCommunityRules(db, rosterDeps, { municipalityId: row.municipality_id });
  }
  await publishChatChanges(deps.events, changes);
  return {
    personId: result.personId,
    login: result.login,
    personCreated: result.personCreated,
    accountCreated: account !== null,
    changed: result.changed,
    kind,
    role: row.role as InvitationRole,
    organizationId: row.organization_id,
    classId: row.class_id,
    pupilId: childId,
    communityId: row.community_id,
  };
}

/* ---------------- for sheets and messages ---------------- */

/** «01.05.2024» in the municipality's time zone. */
export function localDay(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(toDate(at));
}

export { formatCode, insertPlanned, type Plan };
