import { defineMessages } from '../i18n/define';

/** Texts of the roadmap board and timeline (loaded with them, not with the messenger). */
export const roadmapRu = {
  title: 'Дорожная карта',
};

export type RoadmapMessages = typeof roadmapRu;

export const roadmapEn: RoadmapMessages = {
  title: 'Roadmap',
};

export const useRoadmapT = defineMessages({ ru: roadmapRu, en: roadmapEn });
