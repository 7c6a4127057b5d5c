import type { Migration } from 'kysely';
import * as m0001 from './0001_core';
import * as m0002 from './0002_messaging';
import * as m0003 from './0003_monitoring';
import * as m0004 from './0004_imports';
import * as m0005 from './0005_communities';
import * as m0006 from './0006_files';
import * as m0007 from './0007_preferences';
import * as m0008 from './0008_monitoring_served';
import * as m0009 from './0009_system_senders';

/**
 * Every migration, in order. Names are sortable and never change once shipped.
 * Listed statically (not read from the file system) so the same list runs under
 * tsx, in tests and in a bundle.
 */
export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_messaging': m0002,
  '0003_monitoring': m0003,
  '0004_imports': m0004,
  '0005_communities': m0005,
  '0006_files': m0006,
  '0007_preferences': m0007,
  '0008_monitoring_served': m0008,
  '0009_system_senders': m0009,
};
