import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';
import { registerImportCommand } from './imports.cli';
import { importsRoutes } from './imports.routes';

/**
 * Roster imports: staff, pupils with classes and parents from XLSX and CSV
 * files, dry run first, one transaction, an import log, templates and the
 * dictionary of job titles. The user guide is docs/ru/import.md.
 */

/** Registers the imports routes. */
export function registerImportsRoutes(app: AppInstance, ctx: ModuleContext): void {
  importsRoutes(app, ctx);
}

/** Adds `parta import` to the command. */
export function registerImportsCli(cli: CliContext): void {
  registerImportCommand(cli);
}

export { runImport, loadImportOrg, type ImportDeps, type Importer } from './imports.service';
