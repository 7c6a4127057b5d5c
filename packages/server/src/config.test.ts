import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigSchema, loadConfig } from './config';

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.PARTA_DATABASE_URL).toBe('sqlite:./data/parta.db');
    expect(c.PARTA_DEMO).toBe(true);
    expect(c.PARTA_DEMO_PASSWORD).toBe('parta-demo');
  });

  it('names every bad variable', () => {
    try {
      loadConfig({ PORT: 'eighty', PARTA_DATABASE_URL: 'mysql://x', PARTA_DEMO: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('PORT="eighty"');
      expect(msg).toContain('PARTA_DATABASE_URL="mysql://x"');
      expect(msg).toContain('PARTA_DEMO="maybe"');
    }
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ PARTA_REDIS_URL: 'localhost:6379' })).toThrow(/PARTA_REDIS_URL/);
    expect(() => loadConfig({ PARTA_PUBLIC_URL: 'not a url' })).toThrow(/PARTA_PUBLIC_URL/);
    expect(() => loadConfig({ PARTA_DEMO_PASSWORD: 'short' })).toThrow(/PARTA_DEMO_PASSWORD/);
  });

  it('is documented variable by variable in README', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const key of Object.keys(ConfigSchema.shape)) {
      expect(readme, `README lacks ${key}`).toMatch(new RegExp(`\\| \`${key}\` +\\|`));
    }
  });
});
