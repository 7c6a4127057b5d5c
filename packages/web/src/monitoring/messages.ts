import { defineMessages } from '../i18n/define';

/** Texts of the monitoring dashboard (loaded with it, not with the messenger). */
export const monitoringRu = {
  title: 'Мониторинг',
};

export type MonitoringMessages = typeof monitoringRu;

export const monitoringEn: MonitoringMessages = {
  title: 'Monitoring',
};

export const useMonitoringT = defineMessages({ ru: monitoringRu, en: monitoringEn });
