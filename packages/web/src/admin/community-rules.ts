import type { OrgKind, RuleSpec } from '@parta/shared';
import type { OnboardingMessages } from './onboarding-messages';

/** Names the description needs; unknown ids are described by their number. */
export interface RuleNames {
  org(id: number): string | undefined;
  /** A class's name and the short name of its school. */
  cls(id: number): { name: string; org: string | null } | undefined;
}

const ORG_KINDS: readonly OrgKind[] = ['authority', 'general', 'additional', 'preschool'];

const capital = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/**
 * A membership rule in words, in the reader's language:
 * «Руководители общеобразовательных организаций», «Заместители руководителей
 * общеобразовательных организаций: МАОУ СОШ № 1, МАОУ СОШ № 3»,
 * «Родители учеников 5А, МАОУ СОШ № 3», «Все сотрудники: УО».
 * The server matches `orgKinds` and `orgIds` together (both must hold).
 */
export function describeRule(
  spec: RuleSpec,
  names: RuleNames,
  words: OnboardingMessages['communities']['rule'],
): string {
  if ('parentsOfClass' in spec) {
    const cls = names.cls(spec.parentsOfClass);
    return words.parentsOfClass(
      cls?.name ?? words.unknownClass(spec.parentsOfClass),
      cls?.org ?? null,
    );
  }
  const orgName = (id: number) => names.org(id) ?? words.unknownOrg(id);
  if ('staffOfOrg' in spec) {
    const roles = spec.roles?.length
      ? capital(words.join(spec.roles.map((r) => words.roles[r])))
      : null;
    return words.staffOfOrg(roles, orgName(spec.staffOfOrg));
  }
  const roles = capital(words.join(spec.roles.map((r) => words.roles[r])));
  // Every kind ticked is the same as none: say «всех организаций».
  const kinds =
    spec.orgKinds?.length && spec.orgKinds.length < ORG_KINDS.length
      ? words.join(ORG_KINDS.filter((k) => spec.orgKinds?.includes(k)).map((k) => words.kindsOf[k]))
      : null;
  if (spec.orgIds?.length) {
    return words.positions(roles, words.listed(kinds, spec.orgIds.map(orgName).join(', ')));
  }
  // Authority specialists work in the authority only: its name says where.
  if (kinds === null && spec.roles.every((r) => r === 'authority_staff')) return roles;
  return words.positions(roles, kinds ?? words.allOrgs);
}
