import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Portable "contains this word, any case" for names typed in Russian.
 * SQLite's `lower()` and `LIKE` fold case for ASCII only, PostgreSQL's `LIKE`
 * not at all, so a word is matched as typed, in lower case, capitalised and in
 * upper case («соколова», «Соколова», «СОКОЛОВА»; «сош» finds «МАОУ СОШ № 1»)
 * — the same SQL on both dialects, no expression index needed. «Е» and «Ё»
 * match each other («Семенов» finds «Семёнов»): names are typed both ways.
 */

/** LIKE pattern matching `s` literally anywhere (`\` escapes % and _). */
export function containsPattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The case variants of a word that `containsWord` looks for. */
export function caseVariants(word: string): string[] {
  const lower = word.toLocaleLowerCase('ru');
  const capital = lower.charAt(0).toLocaleUpperCase('ru') + lower.slice(1);
  return [...new Set([word, lower, capital, word.toLocaleUpperCase('ru')])];
}

/** «е» and «ё» in a LIKE pattern as one wildcard character, so either spelling matches. */
const eitherYo = (pattern: string) => pattern.replace(/[ЕеЁё]/g, '_');

/** True when any of the columns contains the word in one of its case variants. */
export function containsWord(columns: readonly string[], word: string): RawBuilder<SqlBool> {
  const patterns = [...new Set(caseVariants(word).map((v) => eitherYo(containsPattern(v))))];
  const likes = patterns.flatMap((p) =>
    columns.map((col) => sql`${sql.ref(col)} like ${p} escape '\\'`),
  );
  return sql<SqlBool>`(${sql.join(likes, sql` or `)})`;
}
