import { defineMessages } from '../i18n/define';

/** Texts of the invitations, communities and outbox sections of the administration. */
export const onboardingRu = {
  comingSoon: 'Раздел готовится.',
};

export type OnboardingMessages = typeof onboardingRu;

export const onboardingEn: OnboardingMessages = {
  comingSoon: 'This section is being prepared.',
};

export const useOnboardingT = defineMessages({ ru: onboardingRu, en: onboardingEn });
