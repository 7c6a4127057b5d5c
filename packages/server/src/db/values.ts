/**
 * Row value normalisers: SQLite and PostgreSQL return different runtime types
 * for the same column. Mappers call these, never `instanceof` checks inline.
 */
export function toDate(value: Date | string | number): Date {
  if (value instanceof Date) return value;
  return new Date(value);
}

export function toIso(value: Date | string | number): string {
  return toDate(value).toISOString();
}

export function toIsoOrNull(value: Date | string | number | null | undefined): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

export function toBool(value: boolean | number | string | null | undefined): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}

/** COUNT(*) and bigint come back as string from some drivers. */
export function toInt(value: number | string | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}
