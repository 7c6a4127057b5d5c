import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../config';
import type { DialectName } from '../../db/connect';
import type { CliContext } from '../../platform/module';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/db';
import { buildMunicipality, buildOrg } from '../../../test/factories';
import { registerImportCommand } from './imports.cli';
import { csv, xlsx } from './imports.test-files';

const BIN = path.resolve(import.meta.dirname, '../../../bin/parta.js');

function parta(
  args: string[],
  url: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', PARTA_LOG_LEVEL: 'silent', PARTA_DATABASE_URL: url },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** Runs `parta import …` in this process against the test database; returns what it printed. */
async function runCli(tdb: TestDatabase, dialect: DialectName, args: string[]) {
  const program = new Command().exitOverride();
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  const cli: CliContext = {
    program,
    withDb: (fn) => fn({ db: tdb.db, dialect, config: testConfig() }),
  };
  registerImportCommand(cli);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.map(String).join(' '));
  });
  const before = process.exitCode;
  process.exitCode = undefined;
  let error: unknown = null;
  try {
    await program.parseAsync(['node', 'parta', 'import', ...args]);
  } catch (err) {
    error = err;
  } finally {
    log.mockRestore();
  }
  const code = process.exitCode;
  process.exitCode = before;
  return { out: lines.join('\n'), code: code ?? 0, error };
}

/** `parta import` against a real database of each dialect, as an administrator runs it. */
describe.each(DIALECTS)('parta import on %s', (dialect) => {
  let tdb: TestDatabase;
  let dir: string;
  let org: number;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    const m = await buildMunicipality(tdb.db);
    org = await buildOrg(tdb.db, m, 'general', 'Школа № 7');
    await tdb.db
      .updateTable('organizations')
      .set({ short_name: 'СОШ № 7', external_id: 'sosh-7' })
      .where('id', '=', org)
      .execute();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-import-'));
  });
  afterAll(async () => {
    await tdb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the plan and its problems in Russian and exits 1; writes nothing', async () => {
    const file = path.join(dir, 'staff.xlsx');
    fs.writeFileSync(
      file,
      await xlsx([
        ['ФИО', 'Должность'],
        ['Лисицына Алла', 'Учитель биологии'],
        ['Медведев Олег', 'Космонавт'],
      ]),
    );
    const r = await runCli(tdb, dialect, ['staff', file, '--org', 'СОШ № 7']);
    expect(r.error).toBeNull();
    expect(r.code).toBe(1);
    expect(r.out).toContain('Импорт: сотрудники → «СОШ № 7»; файл staff.xlsx');
    expect(r.out).toContain('[+] строка 2: Лисицына Алла — должность: Учитель биологии');
    expect(r.out).toContain(
      'строка 3, столбец "Должность": должности «Космонавт» нет в словаре должностей',
    );
    expect(r.out).toContain('Ничего не записано');
    const people = await tdb.db.selectFrom('people').select('id').execute();
    expect(people).toHaveLength(0);
  });

  it('imports for real, the organisation by id or external id; again changes nothing', async () => {
    const file = path.join(dir, 'pupils.csv');
    fs.writeFileSync(
      file,
      csv(
        [
          ['ФИО', 'Класс'],
          ['Лисицын Антон', '3Б'],
          ['Зайцева Ира', '3Б'],
        ],
        { encoding: 'win1251' },
      ),
    );
    const dry = await runCli(tdb, dialect, ['pupils', file, '--org', 'sosh-7', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Пробный запуск: ничего не записано');
    const r = await runCli(tdb, dialect, ['pupils', file, '--org', String(org)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Новые классы и группы: 3Б');
    expect(r.out).toMatch(/Импорт выполнен \(запись журнала № \d+\)/);
    const again = await runCli(tdb, dialect, ['pupils', file, '--org', 'sosh-7', '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ committed: true, summary: { unchanged: 2 } });
    const unknown = await runCli(tdb, dialect, ['pupils', file, '--org', 'нет такой']);
    expect(String(unknown.error)).toContain('организация «нет такой» не найдена');
    const badKind = await runCli(tdb, dialect, ['teachers', file, '--org', 'sosh-7']);
    expect(String(badKind.error)).toContain('expected staff, pupils or parents');
  });
});

describe('the parta command', () => {
  it('exits non-zero when the file has problems (one real process)', async () => {
    const tdb = await createTestDatabase('sqlite');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-import-'));
    try {
      const m = await buildMunicipality(tdb.db);
      const org = await buildOrg(tdb.db, m, 'general', 'Школа № 8');
      const file = path.join(dir, 'staff.csv');
      fs.writeFileSync(
        file,
        csv([
          ['ФИО', 'Должность'],
          ['Медведев Олег', 'Космонавт'],
        ]),
      );
      const r = await parta(['import', 'staff', file, '--org', String(org)], tdb.url);
      expect(r.code, r.err).toBe(1);
      expect(r.out).toContain('строка 2, столбец "Должность"');
    } finally {
      await tdb.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
