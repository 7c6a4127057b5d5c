import { useLanguage, type Language } from './i18n';

/**
 * Messages of a screen that is loaded on demand (administration, monitoring,
 * the roadmap, the invitation page): they live next to the screen and travel
 * in its chunk, not in the first load. Russian is the contract English must
 * satisfy, as for the main dictionaries; `keyPaths` in a test checks both
 * have the same keys.
 *
 *   export const adminMessages = { ru: adminRu, en: adminEn };
 *   export const useAdminT = defineMessages(adminMessages);
 */
export function defineMessages<M extends object>(dictionaries: { ru: M; en: NoInfer<M> }): () => M {
  return function useFeatureMessages(): M {
    return dictionaries[useLanguage().language satisfies Language];
  };
}

/** Every leaf of a dictionary as `path:type`, sorted: equal lists mean the same keys. */
export function keyPaths(value: object, prefix = ''): string[] {
  return Object.entries(value)
    .flatMap(([key, child]: [string, unknown]) =>
      typeof child === 'object' && child !== null
        ? keyPaths(child, `${prefix}${key}.`)
        : [`${prefix}${key}:${typeof child}`],
    )
    .sort();
}
