import type { MemberRole } from '@parta/shared';
import type { PersonFacts } from '../people';

/**
 * The closed environment of school platforms (DESIGN §5), for messaging.
 * Pure functions over policy facts; tested as a table in chats.policy.test.ts.
 */

function overlaps(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function oneWay(a: PersonFacts, b: PersonFacts): boolean {
  // Staff talk to staff anywhere in the municipality (schools, the authority).
  if (a.staffOrgIds.size > 0 && b.staffOrgIds.size > 0) return true;
  // Staff of an organisation ↔ its pupils and the parents of its pupils.
  if (overlaps(a.staffOrgIds, b.pupilOrgIds) || overlaps(a.staffOrgIds, b.childOrgIds)) return true;
  // Classmates.
  if (overlaps(a.pupilClassIds, b.pupilClassIds)) return true;
  // Parents of the same class.
  if (overlaps(a.childClassIds, b.childClassIds)) return true;
  // A parent and their own child.
  if (a.childIds.has(b.personId)) return true;
  return false;
}

/**
 * May `a` and `b` have a direct chat? Symmetric. A pupil: only staff of their
 * own organisation and classmates (and their own parents); a parent: staff of
 * their children's organisations and parents of their children's classes;
 * nobody across municipalities; nobody with themselves.
 */
export function canDirect(a: PersonFacts, b: PersonFacts): boolean {
  if (a.personId === b.personId || a.municipalityId !== b.municipalityId) return false;
  return oneWay(a, b) || oneWay(b, a);
}

/** May this person be put into a group chat by `adder`? The same closed environment. */
export function canAddToGroup(adder: PersonFacts, target: PersonFacts): boolean {
  return adder.personId === target.personId || canDirect(adder, target);
}

/** Only staff create groups and announcement channels; pupils and parents use the chats they are given. */
export function canCreateGroup(f: PersonFacts): boolean {
  return f.staffOrgIds.size > 0;
}

export const isChatAdmin = (role: string | undefined): boolean =>
  role === 'owner' || role === 'admin';

/** May a member write? Read-only members never; in announcement channels only admins. */
export function canPost(kind: string, role: MemberRole | string): boolean {
  if (role === 'readonly') return false;
  if (kind === 'announcement') return isChatAdmin(role);
  return true;
}

/**
 * Managed chats change membership only through what manages them: class and
 * staff chats through the rosters, a community's chats through the community.
 */
export function isRosterChat(kind: string, communityId: number | null = null): boolean {
  return (
    kind === 'class_pupils' ||
    kind === 'class_parents' ||
    kind === 'org_staff' ||
    kind === 'community' ||
    communityId !== null
  );
}
