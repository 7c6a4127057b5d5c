import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Decides which dialects the suite runs on. `TEST_DIALECTS=sqlite,postgres`
 * demands both (CI): an unreachable PostgreSQL then fails the run instead of
 * silently skipping. Unset: SQLite plus PostgreSQL when it answers.
 */
export default async function setup(project: TestProject): Promise<void> {
  const wanted = process.env.TEST_DIALECTS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  let dialects: string[];
  if (wanted && wanted.length > 0) {
    for (const d of wanted) {
      if (d !== 'sqlite' && d !== 'postgres')
        throw new Error(`TEST_DIALECTS: unknown dialect ${d}`);
    }
    if (wanted.includes('postgres') && !(await postgresReachable())) {
      throw new Error(`TEST_DIALECTS asks for postgres, but ${POSTGRES_URL} does not answer`);
    }
    dialects = wanted;
  } else {
    dialects = (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
  }
  console.log(`server tests run on: ${dialects.join(', ')}`);
  project.provide('dialects', dialects);
  project.provide('postgresUrl', POSTGRES_URL);
}

declare module 'vitest' {
  export interface ProvidedContext {
    dialects: string[];
    postgresUrl: string;
  }
}
