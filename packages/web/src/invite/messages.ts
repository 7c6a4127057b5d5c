import { defineMessages } from '../i18n/define';

/** Texts of the invitation page `/i/:code` (loaded with it, not with the messenger). */
export const inviteRu = {
  title: 'Приглашение в Парту',
};

export type InviteMessages = typeof inviteRu;

export const inviteEn: InviteMessages = {
  title: 'Invitation to Parta',
};

export const useInviteT = defineMessages({ ru: inviteRu, en: inviteEn });
