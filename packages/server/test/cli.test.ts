import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin/parta.js');

function parta(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', PARTA_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the parta command refuses bad setups clearly', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-cli-'));

  it('exits non-zero naming a bad variable', () => {
    const r = parta(['migrate'], { PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('PORT="eighty"');
  });

  it('exits non-zero for a file that is not a database, and leaves it untouched', () => {
    const file = path.join(dir, 'broken.db');
    fs.writeFileSync(file, 'this is not a database, just text '.repeat(100));
    const before = fs.readFileSync(file);
    const r = parta(['migrate'], { PARTA_DATABASE_URL: `sqlite:${file}` });
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not a usable SQLite database');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('exits non-zero when PostgreSQL does not answer', () => {
    const r = parta(['migrate'], {
      PARTA_DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/parta',
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'cannot connect to PostgreSQL at postgres://postgres:***@127.0.0.1:1/parta',
    );
    expect(r.err).not.toContain('secret');
  });

  it('creates a missing database file and migrates it', () => {
    const file = path.join(dir, 'sub', 'new.db');
    const r = parta(['migrate'], { PARTA_DATABASE_URL: `sqlite:${file}` });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('applied: 0001_core');
    expect(parta(['migrate'], { PARTA_DATABASE_URL: `sqlite:${file}` }).out).toContain(
      'up to date',
    );
  });

  it('creates the first municipal administrator, who can sign in', () => {
    const file = path.join(dir, 'admin.db');
    const env = { PARTA_DATABASE_URL: `sqlite:${file}` };
    const r = parta(
      [
        'admin',
        'create',
        '--login',
        'chief',
        '--last-name',
        'Петрова',
        '--first-name',
        'Анна',
        '--municipality',
        'Тестовый ГО',
      ],
      env,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('created municipal administrator chief');
    expect(r.out).toMatch(/password: \S{12,}/);
    const dup = parta(
      ['admin', 'create', '--login', 'chief', '--last-name', 'А', '--first-name', 'Б'],
      env,
    );
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('taken');
  });

  it('prints usage for an unknown command', () => {
    const r = parta(['frobnicate'], {});
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('unknown command');
  });
});
