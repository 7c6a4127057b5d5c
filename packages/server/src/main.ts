import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { createBus } from './bus';
import { loadConfig, type Config } from './config';
import { connectDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { createLogger } from './platform/logging';
import { isDatabaseEmpty, loadDemoDistrict, DEMO_LOGINS } from './modules/demo';

/**
 * Reads the configuration, prepares the database and listens. The only place
 * that listens; everything it starts is closed on SIGINT/SIGTERM.
 */
export async function serve(config: Config = loadConfig()): Promise<void> {
  const log = createLogger(config);
  const handle = await connectDatabase(config.PARTA_DATABASE_URL, {
    poolSize: config.PARTA_DATABASE_POOL,
  });
  log.info({ database: handle.describe }, 'database connected');
  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');

  if (config.PARTA_DEMO) {
    if (await isDatabaseEmpty(handle.db)) {
      log.info('empty database: loading the demo district');
      const summary = await loadDemoDistrict(handle.db, { password: config.PARTA_DEMO_PASSWORD });
      log.info({ elapsedMs: summary.elapsedMs, counts: summary.counts }, 'demo district loaded');
    }
    log.warn(
      {
        logins: DEMO_LOGINS,
        password:
          config.PARTA_DEMO_PASSWORD === 'parta-demo' ? 'parta-demo' : '(PARTA_DEMO_PASSWORD)',
      },
      'DEMO ACCOUNTS ARE ACTIVE — set PARTA_DEMO=0 for production',
    );
    process.stderr.write(
      `\nDemo district is active. Sign in at http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT} as one of: ${DEMO_LOGINS.join(', ')} ` +
        `(password: ${config.PARTA_DEMO_PASSWORD === 'parta-demo' ? 'parta-demo' : 'PARTA_DEMO_PASSWORD'})\n\n`,
    );
  }

  const bus = createBus(config.PARTA_REDIS_URL, {
    prefix: config.PARTA_REDIS_PREFIX,
    onError: (err, context) => log.warn({ err, context }, 'bus error'),
  });
  const app = await buildApp(
    { config, db: handle.db, dialect: handle.dialect, bus },
    { logger: log },
  );
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) log.error({ err }, 'shutting down after an error');
    await app.close();
    await bus.close();
    await handle.close();
  });
  await app.listen({ port: config.PORT, host: config.HOST });
}
