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

describe('module settings', () => {
  it('are documented in README, every PARTA_* variable the server reads', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const names = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
          for (const m of fs
            .readFileSync(p, 'utf8')
            .matchAll(/\b(PARTA_[A-Z0-9]+(?:_[A-Z0-9]+)*)\b/g))
            names.add(m[1] as string);
        }
      }
    };
    walk(import.meta.dirname);
    expect(names.size).toBeGreaterThan(20);
    for (const name of names)
      expect(readme, `README lacks ${name}`).toMatch(new RegExp(`\\| \`${name}\` +\\|`));
  });
});
