import type { Command } from 'commander';
import type { Bus } from '../bus';
import type { Config } from '../config';
import type { Db } from '../db/database';
import type { DialectName } from '../db/connect';
import type { EventSink } from './events';

/**
 * What a feature module receives to register its routes and jobs: built once
 * in `buildApp`. Services still take `db` as their first argument.
 */
export interface ModuleContext {
  db: Db;
  dialect: DialectName;
  config: Config;
  bus: Bus;
  events: EventSink;
  now: () => Date;
}

/** What a module adds to the `parta` command; `withDb` opens, migrates and closes the database. */
export interface CliContext {
  program: Command;
  withDb<T>(fn: (ctx: { db: Db; dialect: DialectName; config: Config }) => Promise<T>): Promise<T>;
}
