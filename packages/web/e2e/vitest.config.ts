import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The repository root: the server is started from there and paths below are relative to it. */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * End-to-end tests: the real server as a child process, driven by Chromium.
 * Run from the repository root after `npm run build`:
 *   npx vitest run --config packages/web/e2e/vitest.config.ts
 */
export default defineConfig({
  root: repoRoot,
  test: {
    name: 'web-e2e',
    root: repoRoot,
    environment: 'node',
    include: ['packages/web/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // Each file starts its own server and browser; running them one at a time keeps
    // the machine calm and the timings honest.
    fileParallelism: false,
    pool: 'forks',
  },
});
