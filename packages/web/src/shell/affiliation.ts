import type { Me } from '@parta/shared';
import type { Messages } from '../i18n/ru';

/**
 * The line under the person's name: where they belong. Staff show their first
 * organisation, parents their child, pupils their class; administrators
 * without a position their role in the municipality.
 */
export function describeAffiliation(me: Me, t: Messages): string {
  const position = me.person.positions[0];
  if (position) return position.organizationName;

  const [child, ...otherChildren] = me.children;
  if (child) return t.shell.parentOf(child.displayName, otherChildren.length);

  const schoolClass = me.classes[0];
  if (schoolClass) return t.shell.pupilOf(schoolClass.name, schoolClass.organizationName);

  const adminRole = me.adminRoles[0];
  if (adminRole) return `${t.shell.adminRoles[adminRole.role]} · ${me.municipality.name}`;

  return me.municipality.name;
}

/** «Иванова Мария Петровна» → «ИМ»: the avatar of a person without a photo. */
export function initials(me: Me): string {
  const first = me.person.lastName.trim()[0] ?? '';
  const second = me.person.firstName.trim()[0] ?? '';
  return (first + second).toUpperCase() || '?';
}
