import type { CommunityRole, RuleSpec } from '@parta/shared';
import { canDirect } from '../chats';
import { administersOrg, isMunicipalAdmin, orgAdminIds, type PersonFacts } from '../people';

/**
 * Who may see and run network communities (DESIGN §5). Pure functions over
 * facts loaded once per request; tested as a table in communities.policy.test.ts.
 *
 * Invariants:
 * - nothing crosses a municipality;
 * - pupils and parents see only the communities they are members of (the
 *   closed environment); staff and administrators see the municipality's
 *   directory (titles, counts — members only to members and managers);
 * - nobody grants a community role above their own: owner 3 > admin 2 >
 *   moderator 1 > member 0; administrators of the owner organisation count
 *   as admins, municipal administrators as owners.
 */

export interface CommunityRef {
  id: number;
  municipalityId: number;
  ownerOrgId: number | null;
  archived: boolean;
}

const RANK: Record<CommunityRole, number> = { owner: 3, admin: 2, moderator: 1, member: 0 };

export function roleRank(role: CommunityRole | null): number {
  return role === null ? -1 : RANK[role];
}

/** The highest of the viewer's community role and their administrative power over it. */
export function powerOver(
  viewer: PersonFacts,
  c: CommunityRef,
  myRole: CommunityRole | null,
): number {
  if (viewer.municipalityId !== c.municipalityId) return -1;
  let power = roleRank(myRole);
  if (isMunicipalAdmin(viewer)) power = Math.max(power, RANK.owner);
  else if (
    c.ownerOrgId !== null &&
    administersOrg(viewer, { id: c.ownerOrgId, municipalityId: c.municipalityId })
  )
    power = Math.max(power, RANK.admin);
  return power;
}

/** Change it, its members, rules, requests and invitations: owner, admins, their administrators. */
export function canManageCommunity(
  viewer: PersonFacts,
  c: CommunityRef,
  myRole: CommunityRole | null,
): boolean {
  return powerOver(viewer, c, myRole) >= RANK.admin;
}

/** Staff and administrators browse the directory; pupils and parents only what they are in. */
export function seesDirectory(viewer: PersonFacts): boolean {
  return viewer.staffOrgIds.size > 0 || isMunicipalAdmin(viewer) || orgAdminIds(viewer).size > 0;
}

export function canSeeCommunity(
  viewer: PersonFacts,
  c: CommunityRef,
  myRole: CommunityRole | null,
): boolean {
  if (viewer.municipalityId !== c.municipalityId) return false;
  if (myRole !== null || canManageCommunity(viewer, c, myRole)) return true;
  return !c.archived && seesDirectory(viewer);
}

/** The member list: members and managers. */
export function canListMembers(
  viewer: PersonFacts,
  c: CommunityRef,
  myRole: CommunityRole | null,
): boolean {
  return myRole !== null || canManageCommunity(viewer, c, myRole);
}

/** Ask to join: whoever sees the directory and is not a member yet. */
export function canRequestToJoin(
  viewer: PersonFacts,
  c: CommunityRef,
  myRole: CommunityRole | null,
): boolean {
  return myRole === null && !c.archived && canSeeCommunity(viewer, c, myRole);
}

/**
 * Create a community owned by `owner` (null: the municipality itself):
 * cross-organisation communities belong to the authority — its staff and the
 * municipal administrators create them; an organisation's own, its administrators.
 */
export function canCreateCommunity(
  viewer: PersonFacts,
  owner: { id: number; municipalityId: number; kind: string } | null,
): boolean {
  if (owner === null) return isMunicipalAdmin(viewer);
  if (owner.municipalityId !== viewer.municipalityId) return false;
  if (administersOrg(viewer, owner)) return true;
  return owner.kind === 'authority' && viewer.authorityStaff && viewer.staffOrgIds.has(owner.id);
}

/** Grant `role` to someone: at most one's own power; ownership only from owner-level power. */
export function canGrantRole(power: number, role: CommunityRole): boolean {
  return power >= RANK.admin && RANK[role] <= power;
}

/** Change or remove a member: only someone below one's own power (owner-level acts on admins). */
export function canActOnMember(power: number, target: CommunityRole): boolean {
  return power >= RANK.admin && target !== 'owner' && RANK[target] < power;
}

/**
 * Put a person into a community by hand: the closed environment of messaging
 * (`canDirect`) — or, for adults, an administrator of one of their
 * organisations. A pupil only by staff of their own school.
 */
export function canAddPerson(adder: PersonFacts, target: PersonFacts, pupilOnly: boolean): boolean {
  if (adder.municipalityId !== target.municipalityId) return false;
  if (adder.personId === target.personId) return true;
  if (canDirect(adder, target)) return true;
  if (pupilOnly) return false;
  if (isMunicipalAdmin(adder)) return true;
  const mine = orgAdminIds(adder);
  for (const o of [...target.staffOrgIds, ...target.childOrgIds]) if (mine.has(o)) return true;
  return false;
}

/** What a rule names, resolved, for `canUseRule`. */
export interface RuleScope {
  /** Organisations the rule is limited to (`orgIds`, `staffOfOrg`, the class's school); empty: all. */
  orgIds: { id: number; municipalityId: number }[];
  /** The class of `parentsOfClass`, with its class teacher. */
  cls: { organizationId: number; municipalityId: number; classTeacherId: number | null } | null;
}

/**
 * May the viewer make a rule bring these people in? Rules across
 * organisations: the authority's staff and municipal administrators; a rule
 * within organisations: their administrators; parents of a class: its
 * school's administrators and its class teacher.
 */
export function canUseRule(viewer: PersonFacts, spec: RuleSpec, scope: RuleScope): boolean {
  if (isMunicipalAdmin(viewer)) return true;
  if ('parentsOfClass' in spec) {
    const cls = scope.cls;
    if (!cls || cls.municipalityId !== viewer.municipalityId) return false;
    return (
      cls.classTeacherId === viewer.personId ||
      administersOrg(viewer, { id: cls.organizationId, municipalityId: cls.municipalityId })
    );
  }
  if ('staffOfOrg' in spec) {
    const org = scope.orgIds[0];
    if (!org || org.municipalityId !== viewer.municipalityId) return false;
    return viewer.authorityStaff || administersOrg(viewer, org);
  }
  if (scope.orgIds.length === 0) return viewer.authorityStaff;
  return (
    viewer.authorityStaff ||
    scope.orgIds.every(
      (o) => administersOrg(viewer, o) && o.municipalityId === viewer.municipalityId,
    )
  );
}

/** Community role → role in its discussion chat and in its announcement channel. */
export function chatRoleFor(role: CommunityRole, chatKind: 'community' | 'announcement'): string {
  if (role === 'owner' || role === 'admin') return role;
  if (chatKind === 'announcement') return 'readonly';
  return role === 'moderator' ? 'admin' : 'member';
}
