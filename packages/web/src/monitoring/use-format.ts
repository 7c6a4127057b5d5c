import { useMemo } from 'react';
import { useLanguage } from '../i18n/i18n';
import {
  formatCount,
  formatCountChange,
  formatDateRange,
  formatDay,
  formatInstant,
  formatPercentValue,
  formatPointsChange,
  formatShare,
} from './format';

/** The formatters of `format.ts`, bound to the person's language. */
export function useFormat() {
  const { language } = useLanguage();
  return useMemo(
    () => ({
      language,
      count: (n: number) => formatCount(n, language),
      share: (share: number | null | undefined) => formatShare(share, language),
      percent: (value: number) => formatPercentValue(value, language),
      points: (delta: number) => formatPointsChange(delta, language),
      change: (delta: number) => formatCountChange(delta, language),
      range: (from: string, to: string) => formatDateRange(from, to, language),
      day: (d: string) => formatDay(d, language),
      instant: (at: string, timeZone: string) => formatInstant(at, timeZone, language),
    }),
    [language],
  );
}

export type Formatters = ReturnType<typeof useFormat>;
