import type { AdminSection } from '../router/router';
import { defineMessages } from '../i18n/define';

/**
 * Texts of the administration frame and of its organisations, people, classes
 * and import sections (the invitations, communities and outbox sections keep
 * theirs in `onboarding-messages.ts`).
 */
export const adminRu = {
  title: 'Управление',
  sectionsLabel: 'Разделы управления',
  loading: 'Загрузка…',
  sections: {
    organizations: 'Организации',
    people: 'Люди',
    classes: 'Классы',
    import: 'Импорт списков',
    invitations: 'Приглашения',
    communities: 'Сообщества',
    outbox: 'Исходящие',
  } satisfies Record<AdminSection, string>,
};

export type AdminMessages = typeof adminRu;

export const adminEn: AdminMessages = {
  title: 'Administration',
  sectionsLabel: 'Administration sections',
  loading: 'Loading…',
  sections: {
    organizations: 'Organisations',
    people: 'People',
    classes: 'Classes',
    import: 'Roster import',
    invitations: 'Invitations',
    communities: 'Communities',
    outbox: 'Outbox',
  },
};

export const useAdminT = defineMessages({ ru: adminRu, en: adminEn });
