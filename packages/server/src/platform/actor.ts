import type { AdminRole } from '@parta/shared';

/**
 * Who is making a request, resolved from the session cookie or bearer token
 * by the auth hook (`platform/auth-hook.ts`). Routes read `request.actor`;
 * `requireActor(request)` answers 401 when there is none.
 */
export interface Actor {
  personId: number;
  accountId: number;
  municipalityId: number;
  login: string;
  sessionId: string;
  sessionKind: 'cookie' | 'bearer';
  adminGrants: { role: AdminRole; municipalityId: number | null; organizationId: number | null }[];
}

export function isPlatformAdmin(actor: Actor): boolean {
  return actor.adminGrants.some((g) => g.role === 'platform_admin');
}

/** Municipal administrator of the actor's own municipality (or platform admin). */
export function isMunicipalAdmin(actor: Actor): boolean {
  return (
    isPlatformAdmin(actor) ||
    actor.adminGrants.some(
      (g) => g.role === 'municipal_admin' && g.municipalityId === actor.municipalityId,
    )
  );
}

/** May administer this organisation: its org admin, or a municipal/platform admin. */
export function isOrgAdmin(actor: Actor, organizationId: number): boolean {
  return (
    isMunicipalAdmin(actor) ||
    actor.adminGrants.some((g) => g.role === 'org_admin' && g.organizationId === organizationId)
  );
}

export function adminOrgIds(actor: Actor): number[] {
  return actor.adminGrants
    .filter((g) => g.role === 'org_admin' && g.organizationId !== null)
    .map((g) => g.organizationId as number);
}
