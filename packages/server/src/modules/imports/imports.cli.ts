import fs from 'node:fs/promises';
import path from 'node:path';
import { IMPORT_KINDS, type ImportKind, type ImportPlan } from '@parta/shared';
import { InvalidArgumentError } from 'commander';
import { createBus } from '../../bus';
import { AppError } from '../../platform/errors';
import { busEventSink } from '../../platform/events';
import type { CliContext } from '../../platform/module';
import * as imports from './imports.service';

const KIND_RU: Record<ImportKind, string> = {
  staff: 'сотрудники',
  pupils: 'ученики',
  parents: 'родители',
};

const MARK: Record<ImportPlan['items'][number]['action'], string> = {
  create: '+',
  update: '~',
  unchanged: '=',
  remove: '-',
  deactivate: 'x',
};

/** The plan as the console shows it, in Russian; every line ends without a newline. */
export function formatPlan(
  plan: ImportPlan,
  opts: { verbose: boolean; orgName: string },
): string[] {
  const out: string[] = [];
  const s = plan.summary;
  const where =
    plan.format === 'xlsx'
      ? `XLSX, лист «${plan.sheet ?? ''}»`
      : `CSV, ${plan.encoding}, разделитель «${plan.delimiter === '\t' ? 'табуляция' : plan.delimiter}»`;
  out.push(
    `Импорт: ${KIND_RU[plan.kind]} → «${opts.orgName}»; файл ${plan.fileName ?? '—'} (${where})`,
    `Строка заголовков: ${plan.headerRow}; строк с данными: ${plan.dataRows}; пустых пропущено: ${plan.emptyRows}`,
    `Столбцы: ${plan.columns
      .map((c) => `${c.column} «${c.header}»${c.field ? '' : ' (пропущен)'}`)
      .join(', ')}`,
    `Создать: ${s.create}; изменить: ${s.update}; без изменений: ${s.unchanged}; ` +
      `нет в файле: ${s.missing}${plan.deactivateMissing ? ` (уходят: ${s.remove}, деактивировать: ${s.deactivate})` : ' (не трогаются; --deactivate-missing, чтобы убрать)'}` +
      (s.skipped ? `; пропущено строк: ${s.skipped}` : ''),
  );
  if (plan.classesToCreate.length > 0)
    out.push(`Новые классы и группы: ${plan.classesToCreate.join(', ')}`);
  const limit = opts.verbose ? Infinity : 30;
  for (const action of ['create', 'update', 'remove', 'deactivate'] as const) {
    const items = plan.items.filter((i) => i.action === action);
    for (const i of items.slice(0, limit)) {
      const rows = i.rows.length ? `строка ${i.rows.join(', ')}: ` : '';
      out.push(
        `  [${MARK[action]}] ${rows}${i.name}${i.changes.length ? ` — ${i.changes.join('; ')}` : ''}`,
      );
    }
    if (items.length > limit)
      out.push(`  … и ещё ${items.length - limit} (--verbose, чтобы увидеть все)`);
  }
  if (plan.problems.length > 0) {
    out.push(`Ошибки (${plan.problems.length}) — импорт невозможен, пока они есть:`);
    for (const p of plan.problems) out.push(`  ${p.text}`);
  }
  if (plan.warnings.length > 0) {
    out.push(`Предупреждения (${plan.warnings.length}):`);
    for (const w of plan.warnings) out.push(`  ${w.text}`);
  }
  return out;
}

/**
 * `parta import staff|pupils|parents FILE --org ORG [--dry-run] [--deactivate-missing]`:
 * the same import as the API, run by the server's administrator for any
 * organisation. Prints the plan; exits 1 when the file has problems (then
 * nothing is written). Without --dry-run the plan is written at once.
 */
export function registerImportCommand(cli: CliContext): void {
  cli.program
    .command('import')
    .description('import staff, pupils (with classes) or parents from an XLSX or CSV file')
    .argument('<kind>', 'staff | pupils | parents', (v: string) => {
      if (!(IMPORT_KINDS as readonly string[]).includes(v))
        throw new InvalidArgumentError('expected staff, pupils or parents');
      return v as ImportKind;
    })
    .argument('<file>', 'the .xlsx or .csv file')
    .requiredOption('--org <org>', 'organisation: id, external id, or exact short or full name')
    .option('--dry-run', 'show the plan and problems; write nothing')
    .option('--deactivate-missing', 'people of the organisation absent from the file leave it')
    .option('--verbose', 'list every change, not the first 30 of each kind')
    .option('--json', 'print the plan as JSON')
    .action(
      async (
        kind: ImportKind,
        file: string,
        opts: {
          org: string;
          dryRun?: boolean;
          deactivateMissing?: boolean;
          verbose?: boolean;
          json?: boolean;
        },
      ) => {
        await cli.withDb(async ({ db, config }) => {
          const found = await imports.findImportOrgs(db, opts.org);
          if (found.length === 0)
            throw new AppError('NOT_FOUND', `организация «${opts.org}» не найдена`);
          if (found.length > 1) {
            throw new AppError(
              'CONFLICT',
              `«${opts.org}» подходит нескольким организациям: ${found
                .map((o) => `${o.id} «${o.short_name ?? o.name}»`)
                .join(', ')}; укажите id`,
            );
          }
          const org = await imports.loadImportOrg(db, found[0]?.id ?? 0);
          if (!org) throw new AppError('NOT_FOUND', `организация «${opts.org}» не найдена`);
          const stat = await fs.stat(file).catch(() => null);
          if (!stat?.isFile()) throw new AppError('NOT_FOUND', `файл ${file} не найден`);
          if (stat.size > config.PARTA_IMPORT_MAX_BYTES) {
            throw new AppError(
              'PAYLOAD_TOO_LARGE',
              `файл больше ${config.PARTA_IMPORT_MAX_BYTES} байт (PARTA_IMPORT_MAX_BYTES)`,
            );
          }
          const bytes = await fs.readFile(file);
          const bus = createBus(config.PARTA_REDIS_URL);
          try {
            const deps: imports.ImportDeps = {
              events: busEventSink(bus),
              now: () => new Date(),
              maxRows: config.PARTA_IMPORT_MAX_ROWS,
            };
            const importer: imports.Importer = {
              personId: null,
              municipalityId: org.municipalityId,
              grants: [],
              municipalScope: true,
              ip: null,
            };
            const request: imports.ImportRequest = {
              kind,
              file: bytes,
              fileName: path.basename(file),
              dryRun: true,
              deactivateMissing: Boolean(opts.deactivateMissing),
            };
            const plan = await imports.runImport(db, deps, importer, org, request);
            const show = (p: ImportPlan) => {
              if (opts.json) console.log(JSON.stringify(p, null, 2));
              else
                for (const line of formatPlan(p, {
                  verbose: Boolean(opts.verbose),
                  orgName: org.shortName ?? org.name,
                }))
                  console.log(line);
            };
            if (!plan.canCommit || opts.dryRun) {
              show(plan);
              if (!opts.json)
                console.log(
                  plan.canCommit
                    ? 'Пробный запуск: ничего не записано. Запустите без --dry-run, чтобы выполнить импорт.'
                    : 'Ничего не записано: исправьте ошибки в файле и запустите снова.',
                );
              if (!plan.canCommit) process.exitCode = 1;
              return;
            }
            const done = await imports.runImport(db, deps, importer, org, {
              ...request,
              dryRun: false,
              planDigest: plan.digest,
            });
            show(done);
            if (!opts.json) console.log(`Импорт выполнен (запись журнала № ${done.importId}).`);
          } finally {
            await bus.close();
          }
        });
      },
    );
}
