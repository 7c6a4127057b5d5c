import { randomBytes } from 'node:crypto';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from './config';
import { connectDatabase, type DatabaseHandle } from './db/connect';
import { migrateToLatest, MigrationError } from './db/migrate';
import { DatabaseOpenError } from './db/sqlite';
import { serve } from './main';
import { createAdmin } from './modules/people/people.admin';
import { loadDemoDistrict, resetDemoDistrict, isDatabaseEmpty } from './modules/demo';
import { AppError } from './platform/errors';
import { registerMonitoringCli } from './modules/monitoring';
import { registerRoadmapCli } from './modules/roadmap';
import { registerImportsCli } from './modules/imports';
import { registerCommunitiesCli } from './modules/communities';
import { registerInvitationsCli } from './modules/invitations';
import { registerFilesCli } from './modules/files';
import { registerSearchCli } from './modules/search';
import type { CliContext } from './platform/module';

async function withDatabase<T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await connectDatabase(config.PARTA_DATABASE_URL, { poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

const program = new Command()
  .name('parta')
  .description('Parta — educational communication platform')
  .showHelpAfterError()
  .exitOverride();

program
  .command('serve')
  .description(
    'run the server (migrates the database first; loads the demo into an empty one unless PARTA_DEMO=0)',
  )
  .action(async () => {
    await serve();
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const handle = await connectDatabase(config.PARTA_DATABASE_URL, { poolSize: 2 });
    try {
      const applied = await migrateToLatest(handle.db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
    } finally {
      await handle.close();
    }
  });

program
  .command('demo')
  .description('load the demo district into an empty database')
  .option('--reset', 'wipe ALL data and load the demo district again')
  .action(async (opts: { reset?: boolean }) => {
    const config = loadConfig();
    await withDatabase(async ({ db }) => {
      if (!opts.reset && !(await isDatabaseEmpty(db))) {
        throw new AppError(
          'CONFLICT',
          'the database is not empty; use `parta demo --reset` to wipe it and reload',
        );
      }
      const summary = opts.reset
        ? await resetDemoDistrict(db, { password: config.PARTA_DEMO_PASSWORD })
        : await loadDemoDistrict(db, { password: config.PARTA_DEMO_PASSWORD });
      console.log(
        `demo district loaded in ${summary.elapsedMs} ms: ${JSON.stringify(summary.counts)}`,
      );
      console.log(`logins: ${summary.logins.join(', ')} — password: ${config.PARTA_DEMO_PASSWORD}`);
    });
  });

const admin = program.command('admin').description('administration');
admin
  .command('create')
  .description('create a municipal administrator (the first one, or another)')
  .requiredOption('--login <login>', 'login name (latin letters, digits, . _ -)')
  .requiredOption('--last-name <name>', 'surname')
  .requiredOption('--first-name <name>', 'given name')
  .option('--middle-name <name>', 'patronymic')
  .option(
    '--municipality <name>',
    'municipality name, created when there is none',
    'Муниципальное образование',
  )
  .option('--time-zone <tz>', 'IANA time zone of a new municipality', 'Asia/Yekaterinburg')
  .option('--platform', 'grant platform administration too')
  .option('--password-stdin', 'read the password from standard input instead of generating one')
  .action(
    async (opts: {
      login: string;
      lastName: string;
      firstName: string;
      middleName?: string;
      municipality: string;
      timeZone: string;
      platform?: boolean;
      passwordStdin?: boolean;
    }) => {
      let password: string;
      let generated = false;
      if (opts.passwordStdin) {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        password = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/\r?\n$/, '');
      } else {
        password = randomBytes(12).toString('base64url');
        generated = true;
      }
      await withDatabase(async ({ db }) => {
        const r = await createAdmin(db, { ...opts, password });
        console.log(
          `created municipal administrator ${r.login} (person ${r.personId}) in «${r.municipalityName}»`,
        );
        if (generated)
          console.log(`password: ${password}  (shown once; change it after signing in)`);
      });
    },
  );

const cli: CliContext = {
  program,
  withDb: (fn) =>
    withDatabase(async (h) => fn({ db: h.db, dialect: h.dialect, config: loadConfig() })),
};
registerMonitoringCli(cli);
registerRoadmapCli(cli);
registerImportsCli(cli);
registerCommunitiesCli(cli);
registerInvitationsCli(cli);
registerFilesCli(cli);
registerSearchCli(cli);

async function run(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (
      err instanceof ConfigError ||
      err instanceof DatabaseOpenError ||
      err instanceof MigrationError
    ) {
      console.error(`parta: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    if (err instanceof AppError) {
      console.error(
        `parta: ${err.message}${err.details ? ` (${err.details.map((d) => d.message).join('; ')})` : ''}`,
      );
      process.exitCode = 1;
      return;
    }
    console.error('parta: unexpected error:', err);
    process.exitCode = 1;
  }
}

await run();
