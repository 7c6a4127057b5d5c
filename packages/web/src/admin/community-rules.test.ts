import type { RuleSpec } from '@parta/shared';
import { describe, expect, it } from 'vitest';
import { describeRule, type RuleNames } from './community-rules';
import { onboardingEn, onboardingRu } from './onboarding-messages';

const names: RuleNames = {
  org: (id) => ({ 1: 'УО ДГО', 2: 'МАОУ СОШ № 1', 4: 'МАОУ СОШ № 3' })[id],
  cls: (id) => (id === 17 ? { name: '5А', org: 'МАОУ СОШ № 3' } : undefined),
};
const ru = (spec: RuleSpec) => describeRule(spec, names, onboardingRu.communities.rule);
const en = (spec: RuleSpec) => describeRule(spec, names, onboardingEn.communities.rule);

describe('membership rules in words', () => {
  it('names the positions and the kinds of organisation, in the genitive', () => {
    expect(ru({ roles: ['head'], orgKinds: ['general', 'additional', 'preschool'] })).toBe(
      'Руководители общеобразовательных организаций, организаций дополнительного образования и дошкольных образовательных организаций',
    );
    expect(ru({ roles: ['deputy'], orgKinds: ['general'] })).toBe(
      'Заместители руководителей общеобразовательных организаций',
    );
    expect(en({ roles: ['deputy'], orgKinds: ['general'] })).toBe(
      'Deputy heads of general schools',
    );
  });

  it('says «всех организаций» without kinds, and with every kind ticked', () => {
    expect(ru({ roles: ['head'] })).toBe('Руководители всех организаций');
    expect(
      ru({
        roles: ['head', 'deputy'],
        orgKinds: ['authority', 'general', 'additional', 'preschool'],
      }),
    ).toBe('Руководители и заместители руководителей всех организаций');
    expect(en({ roles: ['head', 'deputy', 'teacher'] })).toBe(
      'Heads, deputy heads and teachers of all organisations',
    );
  });

  it('lists the organisations a rule is limited to', () => {
    expect(ru({ roles: ['teacher'], orgIds: [2, 4] })).toBe(
      'Педагоги организаций: МАОУ СОШ № 1, МАОУ СОШ № 3',
    );
    expect(ru({ roles: ['head'], orgKinds: ['general'], orgIds: [2] })).toBe(
      'Руководители общеобразовательных организаций: МАОУ СОШ № 1',
    );
    expect(en({ roles: ['teacher'], orgIds: [2, 99] })).toBe(
      'Teachers of organisations: МАОУ СОШ № 1, organisation no. 99',
    );
  });

  it('describes the parents of a class with its school', () => {
    expect(ru({ parentsOfClass: 17 })).toBe('Родители учеников 5А, МАОУ СОШ № 3');
    expect(en({ parentsOfClass: 17 })).toBe('Parents of the pupils of 5А, МАОУ СОШ № 3');
    expect(ru({ parentsOfClass: 3 })).toBe('Родители учеников класса № 3');
  });

  it('describes the staff of one organisation, all or by position', () => {
    expect(ru({ staffOfOrg: 1 })).toBe('Все сотрудники: УО ДГО');
    expect(ru({ staffOfOrg: 2, roles: ['head', 'deputy'] })).toBe(
      'Руководители и заместители руководителей: МАОУ СОШ № 1',
    );
    expect(en({ staffOfOrg: 1 })).toBe('All staff: УО ДГО');
  });

  it('names authority specialists without «всех организаций»', () => {
    expect(ru({ roles: ['authority_staff'] })).toBe('Специалисты Управления образования');
  });
});
