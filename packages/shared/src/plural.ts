/**
 * Plural forms by CLDR rules: Russian has one/few/many (1 сообщение, 2 сообщения,
 * 5 сообщений; 21 сообщение; 11 сообщений), English one/other.
 */
export type PluralForms = readonly [one: string, few: string, many: string];

export function pluralRu(n: number, forms: PluralForms): string {
  const abs = Math.abs(Math.trunc(n));
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

export function pluralEn(n: number, one: string, other: string): string {
  return Math.abs(n) === 1 ? one : other;
}
