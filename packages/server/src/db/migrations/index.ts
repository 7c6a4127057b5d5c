import type { Migration } from 'kysely';
import * as m0001 from './0001_core';
import * as m0002 from './0002_messaging';

/**
 * Every migration, in order. Names are sortable and never change once shipped.
 * Listed statically (not read from the file system) so the same list runs under
 * tsx, in tests and in a bundle.
 */
export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_messaging': m0002,
};
