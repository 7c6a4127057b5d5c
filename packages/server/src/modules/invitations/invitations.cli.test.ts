import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../config';
import type { DialectName } from '../../db/connect';
import type { CliContext } from '../../platform/module';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/db';
import { buildPerson, buildPosition } from '../../../test/factories';
import { buildSchoolWorld } from '../../../test/world';
import { registerInvitationsCli } from './index';

/** Runs `parta invitations …` in this process against the test database; returns what it printed. */
async function runCli(tdb: TestDatabase, dialect: DialectName, args: string[]) {
  const program = new Command().exitOverride();
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  const cli: CliContext = {
    program,
    withDb: (fn) =>
      fn({
        db: tdb.db,
        dialect,
        config: testConfig({ PARTA_PUBLIC_URL: 'https://parta.example.ru' }),
      }),
  };
  registerInvitationsCli(cli);
  // Commands added with addCommand keep their own settings: errors throw, nothing is printed.
  const quiet = (c: Command) => {
    c.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    c.commands.forEach(quiet);
  };
  quiet(program);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.map(String).join(' '));
  });
  let error: unknown = null;
  try {
    await program.parseAsync(['node', 'parta', 'invitations', ...args]);
  } catch (err) {
    error = err;
  } finally {
    log.mockRestore();
  }
  return { out: lines.join('\n'), error };
}

/** `parta invitations sheet|staff-sheet`: issuing is explicit, `--no-issue` only prints. */
describe.each(DIALECTS)('parta invitations on %s', (dialect) => {
  let tdb: TestDatabase;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let dir: string;

  const invitations = async () =>
    (await tdb.db.selectFrom('invitations').select(['id', 'kind', 'created_by']).execute()).map(
      (r) => ({ ...r, created_by: r.created_by === null ? null : Number(r.created_by) }),
    );

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    w = await buildSchoolWorld(tdb.db);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-sheet-'));
  });
  afterAll(async () => {
    await tdb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--no-issue prints only what is issued; without it the missing invitations are issued once', async () => {
    const out = path.join(dir, 'class.pdf');
    const dry = await runCli(tdb, dialect, [
      'sheet',
      '--class',
      String(w.c5a),
      '--out',
      out,
      '--no-issue',
    ]);
    expect(dry.error).toBeNull();
    expect(dry.out).toBe(`${out}: 0 slips, 2 without a usable invitation (nothing issued)`);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await invitations()).toEqual([]);

    const real = await runCli(tdb, dialect, ['sheet', '--class', String(w.c5a), '--out', out]);
    expect(real.out).toBe(`${out}: 2 slips (2 issued, 0 reused)`);
    const issued = await invitations();
    expect(issued).toHaveLength(2);
    expect(issued.every((i) => i.kind === 'parent_personal' && i.created_by === null)).toBe(true);
    const again = await runCli(tdb, dialect, ['sheet', '--class', String(w.c5a), '--out', out]);
    expect(again.out).toBe(`${out}: 2 slips (0 issued, 2 reused)`);
    const audit = await tdb.db
      .selectFrom('audit_log')
      .select(['action', 'actor_person_id'])
      .where('action', '=', 'invitation.class_sheet_prepared')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actor_person_id === null)).toBe(true);
  });

  it('prints the staff sheet of those without an account, and refuses bad ids clearly', async () => {
    const rostered = (await buildPerson(tdb.db, w.m, { login: null, lastName: 'Безучётная' }))
      .personId;
    await buildPosition(tdb.db, rostered, w.a, 'teacher');
    const out = path.join(dir, 'staff.pdf');
    const r = await runCli(tdb, dialect, ['staff-sheet', '--org', String(w.a), '--out', out]);
    expect(r.error).toBeNull();
    expect(r.out).toBe(`${out}: 1 slip (1 issued, 0 reused)`);
    expect((await invitations()).filter((i) => i.kind === 'staff_personal')).toHaveLength(1);

    const bad = await runCli(tdb, dialect, ['sheet', '--class', '5А', '--out', out]);
    expect(String(bad.error)).toContain('expected a positive number');
    const missing = await runCli(tdb, dialect, ['sheet', '--class', '999999', '--out', out]);
    expect(String(missing.error)).toContain('No such class.');
  });
});
