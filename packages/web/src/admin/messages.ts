import { defineMessages } from '../i18n/define';

/** Texts of the administration screens (loaded with them, not with the messenger). */
export const adminRu = {
  title: 'Управление',
};

export type AdminMessages = typeof adminRu;

export const adminEn: AdminMessages = {
  title: 'Administration',
};

export const useAdminT = defineMessages({ ru: adminRu, en: adminEn });
