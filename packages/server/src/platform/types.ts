import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Bus } from '../bus';
import type { Config } from '../config';
import type { Db } from '../db/database';
import type { DialectName } from '../db/connect';
import type { Actor } from './actor';

/** Everything the app needs from outside; `main.ts` builds it, tests build their own. */
export interface AppDeps {
  config: Config;
  db: Db;
  dialect: DialectName;
  /** Fan-out between nodes (memory for one node, Redis for a cluster). */
  bus: Bus;
  /** Injected clock for tests of expiry and throttling. */
  clock?: () => Date;
}

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, the API description). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in person, or null (see platform/auth-hook.ts). */
    actor: Actor | null;
  }
}
