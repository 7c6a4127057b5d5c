import type { CliContext, ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { createStorage } from './create-storage';
import { readFilesSettings } from './files.config';
import { filesRoutes } from './files.routes';
import { collectGarbage, type FilesDeps } from './files.service';
import type { FileStorage } from './storage';

/**
 * Files: uploads (streamed, typed from their content), attachments of
 * messages, downloads with access checks at request time, thumbnails,
 * storage quota, and the clean-up of orphans and files of deleted messages.
 * The messages module calls `attachFiles` inside its send transaction and
 * `attachmentsByMessage` to present messages.
 */
export {
  attachFiles,
  attachmentsByMessage,
  discardGeneratedFile,
  storeGeneratedFile,
} from './files.service';
export { createStorage } from './create-storage';
export { readFilesSettings, type FilesSettings } from './files.config';
export type { FileStorage } from './storage';

/** A storage created on first use and closed with the app. */
function lazyStorage(kind: FileStorage['kind'], make: () => Promise<FileStorage>): FileStorage {
  let storage: Promise<FileStorage> | undefined;
  const get = () => (storage ??= make());
  return {
    kind,
    put: async (key, body, meta) => (await get()).put(key, body, meta),
    get: async (key, range) => (await get()).get(key, range),
    stat: async (key) => (await get()).stat(key),
    delete: async (key) => (await get()).delete(key),
    close: async () => {
      if (storage) await (await storage).close();
    },
  };
}

/** Runs the clean-up every `PARTA_FILES_GC_MINUTES`; stops with the app. */
function startGcJob(app: AppInstance, ctx: ModuleContext, deps: FilesDeps): void {
  const minutes = deps.settings.gcMinutes;
  if (minutes === 0) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    collectGarbage(ctx.db, deps)
      .then((r) => {
        if (r.orphans || r.expired || r.failed) app.log.info(r, 'files cleaned up');
      })
      .catch((err: unknown) => app.log.warn({ err }, 'files clean-up failed'))
      .finally(() => {
        running = false;
      });
  }, minutes * 60_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

/**
 * Registers the files routes and the clean-up job. Settings come from the
 * environment (`PARTA_FILES_*`, `PARTA_S3_*`, see `files.config.ts`); a bad
 * value fails the app's build naming the variable.
 */
export function registerFilesRoutes(app: AppInstance, ctx: ModuleContext): void {
  const settings = readFilesSettings();
  const storage = lazyStorage(settings.storage, () => createStorage(settings));
  const deps: FilesDeps = { storage, settings, now: ctx.now, log: app.log };
  filesRoutes(app, { ...deps, db: ctx.db });
  startGcJob(app, ctx, deps);
  app.addHook('onClose', async () => storage.close());
}

/** Adds `parta files gc` to `parta`. */
export function registerFilesCli(cli: CliContext): void {
  cli.program
    .command('files')
    .description('attachments')
    .command('gc')
    .description(
      'remove uploads never attached (PARTA_FILES_ORPHAN_HOURS) and files of messages deleted long ago (PARTA_FILES_RETENTION_DAYS)',
    )
    .action(async () => {
      const settings = readFilesSettings();
      const storage = await createStorage(settings);
      try {
        await cli.withDb(async ({ db }) => {
          const r = await collectGarbage(db, { storage, settings, now: () => new Date() });
          console.log(
            `files removed: ${r.orphans} never attached, ${r.expired} of deleted messages; failures: ${r.failed}`,
          );
        });
      } finally {
        await storage.close();
      }
    });
}
