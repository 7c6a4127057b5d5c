import type { Me } from '@parta/shared';

/**
 * Which sections of the app a person is shown. The server decides what each
 * request may do (DESIGN §5); these only keep links to screens a person could
 * not use out of sight.
 */
const LEADS = new Set(['head', 'deputy']);

/** Organisation, municipal and platform administrators, heads and deputies. */
export function canAdminister(me: Me): boolean {
  return me.adminRoles.length > 0 || me.person.positions.some((p) => LEADS.has(p.role));
}

/** The weekly report: the authority, administrators, heads and deputies (monitoring.policy.ts). */
export function canMonitor(me: Me): boolean {
  return (
    me.adminRoles.length > 0 ||
    me.person.positions.some((p) => LEADS.has(p.role) || p.role === 'authority_staff')
  );
}

/** The roadmap is read by the same people as the report. */
export const canSeeRoadmap = canMonitor;
