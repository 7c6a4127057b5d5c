import { describe, expect, it } from 'vitest';
import { adminEn, adminRu } from '../admin/messages';
import { onboardingEn, onboardingRu } from '../admin/onboarding-messages';
import { inviteEn, inviteRu } from '../invite/messages';
import { monitoringEn, monitoringRu } from '../monitoring/messages';
import { roadmapEn, roadmapRu } from '../roadmap/messages';
import { keyPaths } from './define';

describe('dictionaries of the screens loaded on demand', () => {
  it.each([
    ['admin', adminRu, adminEn],
    ['onboarding', onboardingRu, onboardingEn],
    ['monitoring', monitoringRu, monitoringEn],
    ['roadmap', roadmapRu, roadmapEn],
    ['invite', inviteRu, inviteEn],
  ])('%s: the same keys in Russian and English', (_name, ru, en) => {
    expect(keyPaths(en)).toEqual(keyPaths(ru));
  });
});
