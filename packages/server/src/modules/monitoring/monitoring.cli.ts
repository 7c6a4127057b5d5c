import fs from 'node:fs';
import path from 'node:path';
import { IsoWeek, ReportFormat, Threshold } from '@parta/shared';
import type { Command } from 'commander';
import type { Db } from '../../db/database';
import { AppError } from '../../platform/errors';
import type { CliContext } from '../../platform/module';
import { importActivity } from './monitoring.import';
import { rebuildActivity } from './monitoring.rebuild';
import { reportFile } from './monitoring.reports';
import * as monitoring from './monitoring.service';

/** The municipality a command acts on: `--municipality ID`, or the only one there is. */
async function pickMunicipality(
  db: Db,
  id: string | undefined,
): Promise<monitoring.MunicipalityRef> {
  if (id !== undefined) {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0)
      throw new AppError('VALIDATION_FAILED', `--municipality: not an id: ${id}`);
    return monitoring.requireMunicipality(db, n);
  }
  const all = await monitoring.listMunicipalities(db);
  if (all.length === 0) throw new AppError('NOT_FOUND', 'the database holds no municipality');
  if (all.length > 1) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${all.length} municipalities: name one with --municipality ID`,
    );
  }
  return all[0] as monitoring.MunicipalityRef;
}

function week(value: string, option: string): string {
  const r = IsoWeek.safeParse(value);
  if (!r.success)
    throw new AppError('VALIDATION_FAILED', `${option}: not an ISO week like 2023-W50: ${value}`);
  return r.data;
}

function threshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const r = Threshold.safeParse(value);
  if (!r.success)
    throw new AppError('VALIDATION_FAILED', `--threshold: an integer 1…1000: ${value}`);
  return r.data;
}

/** `parta monitoring …` and `parta report weekly`. */
export function monitoringCli(cli: CliContext): void {
  const group = cli.program
    .command('monitoring')
    .description('adoption monitoring: rebuild, freeze, import');

  group
    .command('rebuild')
    .description(
      'recompute activity of a range of weeks from the messages, then freeze the closed ones again',
    )
    .requiredOption('--from <week>', 'first ISO week, e.g. 2023-W14')
    .requiredOption('--to <week>', 'last ISO week, e.g. 2024-W22')
    .option('--municipality <id>', 'municipality id (default: the only one)')
    .action(async (opts: { from: string; to: string; municipality?: string }) => {
      await cli.withDb(async ({ db }) => {
        const m = await pickMunicipality(db, opts.municipality);
        const r = await rebuildActivity(
          db,
          m,
          { from: week(opts.from, '--from'), to: week(opts.to, '--to') },
          new Date(),
        );
        console.log(
          `rebuilt ${r.weeks.length} weeks of «${m.name}» from ${r.messages} messages ` +
            `(${r.people} people, ${r.dailyRows} daily rows); frozen again: ${r.refrozen.length ? r.refrozen.join(', ') : 'none'}`,
        );
      });
    });

  group
    .command('freeze')
    .description('freeze a closed week now (default: the closed weeks not frozen yet)')
    .option('--week <week>', 'ISO week')
    .option('--threshold <n>', 'threshold N (default: the setting)')
    .option('--municipality <id>', 'municipality id (default: the only one)')
    .action(async (opts: { week?: string; threshold?: string; municipality?: string }) => {
      await cli.withDb(async ({ db }) => {
        const m = await pickMunicipality(db, opts.municipality);
        const now = new Date();
        if (opts.week) {
          const settings = await monitoring.getSettings(db, m.id);
          const w = week(opts.week, '--week');
          await monitoring.freezeWeek(
            db,
            m,
            w,
            threshold(opts.threshold) ?? settings.threshold,
            now,
          );
          console.log(`froze ${w}`);
        } else {
          const weeks = await monitoring.freezeClosedWeeks(db, m, now);
          console.log(weeks.length ? `froze ${weeks.join(', ')}` : 'every closed week is frozen');
        }
      });
    });

  group
    .command('import')
    .description(
      'import weekly message counts from another messenger (CSV or XLSX: phone/email/external_id, week, messages)',
    )
    .argument('<file>', 'the file')
    .option('--municipality <id>', 'municipality id (default: the only one)')
    .action(async (file: string, opts: { municipality?: string }) => {
      const content = fs.readFileSync(file);
      await cli.withDb(async ({ db }) => {
        const m = await pickMunicipality(db, opts.municipality);
        const r = await importActivity(
          db,
          m,
          { name: path.basename(file), content },
          { personId: null },
          new Date(),
        );
        console.log(
          `imported ${r.matched} of ${r.rows} rows for weeks ${r.weeks.join(', ') || '—'}`,
        );
        for (const u of r.unmatched) console.log(`  line ${u.line}: ${u.reason}`);
      });
    });

  const report: Command =
    cli.program.commands.find((c) => c.name() === 'report') ??
    cli.program.command('report').description('reports');
  report
    .command('weekly')
    .description('the weekly monitoring report as a file (--out - writes CSV to standard output)')
    .option('--week <week>', 'ISO week (default: the last closed one)')
    .option('--format <format>', 'xlsx, csv or pdf', 'xlsx')
    .option('--threshold <n>', 'threshold N (default: the setting)')
    .requiredOption('--out <file>', 'output file, or - for standard output')
    .option('--municipality <id>', 'municipality id (default: the only one)')
    .action(
      async (opts: {
        week?: string;
        format: string;
        threshold?: string;
        out: string;
        municipality?: string;
      }) => {
        const format = ReportFormat.exclude(['json']).safeParse(opts.format);
        if (!format.success)
          throw new AppError('VALIDATION_FAILED', `--format: xlsx, csv or pdf, not ${opts.format}`);
        if (opts.out === '-' && format.data !== 'csv') {
          throw new AppError(
            'VALIDATION_FAILED',
            '--out - writes CSV only; name a file for xlsx or pdf',
          );
        }
        await cli.withDb(async ({ db }) => {
          const m = await pickMunicipality(db, opts.municipality);
          const now = new Date();
          const r = await monitoring.weeklyReport(
            db,
            m,
            { kind: 'municipality' },
            {
              week: opts.week ? week(opts.week, '--week') : undefined,
              threshold: threshold(opts.threshold),
            },
            now,
          );
          const file = await reportFile(db, m, r, format.data, now);
          if (opts.out === '-') process.stdout.write(file.body);
          else {
            fs.writeFileSync(opts.out, file.body);
            console.error(
              `wrote ${opts.out} (${file.body.length} bytes): ${r.week}, N = ${r.threshold}`,
            );
          }
        });
      },
    );
}
