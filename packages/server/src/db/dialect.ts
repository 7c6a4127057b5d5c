import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from './connect';

/**
 * Dialect differences, named. Repositories and migrations call these instead
 * of branching on the dialect themselves.
 */

/** Detects the dialect of a Kysely instance (migrations receive only `db`). */
export function dialectOf<T>(db: Kysely<T>): DialectName {
  const adapter = db.getExecutor().adapter.constructor.name;
  return adapter.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

/** Auto-increment primary key: `integer … autoincrement` / `bigint identity`. */
export function idColumn(dialect: DialectName) {
  return dialect === 'postgres'
    ? {
        type: 'bigint' as const,
        build: (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity(),
      }
    : {
        type: 'integer' as const,
        build: (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement(),
      };
}

/** Foreign-key column type matching `idColumn`. */
export function refType(dialect: DialectName): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

/** Current time as stored: both dialects accept an ISO string or a Date. */
export function now(): Date {
  return new Date();
}

/** Case-insensitive equality on text, portable. */
export function lowerEq(column: string, value: string) {
  return sql<boolean>`lower(${sql.ref(column)}) = ${value.toLowerCase()}`;
}

/** A unique-constraint violation, in either dialect (PostgreSQL 23505, SQLite CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
