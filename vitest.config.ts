import { defineConfig } from 'vitest/config';

/** `npm run test:unit`: server (both dialects) and web component tests. */
export default defineConfig({
  test: {
    projects: ['packages/server/vitest.config.ts', 'packages/web/vitest.config.ts'],
  },
});
