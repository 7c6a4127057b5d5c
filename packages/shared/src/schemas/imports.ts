import { z } from 'zod';
import { POSITION_ROLES } from '../enums';
import { Id, PageQuery, Timestamp } from './common';
import { LIMITS } from '../limits';

/** What a roster file lists: staff with positions, pupils with classes, parents with children. */
export const IMPORT_KINDS = ['staff', 'pupils', 'parents'] as const;
export const ImportKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof ImportKind>;

export const IMPORT_FORMATS = ['xlsx', 'csv'] as const;
export const ImportFormat = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormat>;

export const ImportParams = z.strictObject({ orgId: Id, kind: ImportKind });

const Flag = z.enum(['1', '0', 'true', 'false']);

/** Query of `POST /organizations/:orgId/imports/:kind`; the body is the file itself. */
export const ImportQuery = z.strictObject({
  dryRun: Flag.optional().describe(
    'Default `1`: only the plan, nothing written. `0` runs the import in one transaction.',
  ),
  deactivateMissing: Flag.optional().describe(
    '`1`: people of the organisation absent from the file leave it (positions and enrolments end, parent links are removed); a person left with no role at all is deactivated.',
  ),
  fileName: z.string().trim().min(1).max(255).optional().describe('Shown in the import log'),
  planDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .describe(
      'The `digest` of the dry run the user confirmed: the import is refused (409) if the plan changed since',
    ),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

/** One problem or warning, tied to a row and a column of the file where it can be. */
export const ImportProblem = z.object({
  row: z.number().int().nullable().describe('Row number as the spreadsheet shows it'),
  column: z.string().nullable().describe('Column letter, «C»'),
  header: z.string().nullable().describe('The header of that column, as written in the file'),
  message: z.string(),
  text: z.string().describe('«строка 17, столбец "Класс": …» — ready to show'),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const IMPORT_ACTIONS = ['create', 'update', 'unchanged', 'remove', 'deactivate'] as const;
export const ImportAction = z.enum(IMPORT_ACTIONS);
export type ImportAction = z.infer<typeof ImportAction>;

/** What the import does (or would do) to one person. */
export const ImportItem = z.object({
  action: ImportAction.describe(
    '`remove`: leaves this organisation and stays active (other roles); `deactivate`: leaves and is deactivated',
  ),
  rows: z.array(z.number().int()).describe('File rows of this person; empty for people absent'),
  personId: z.number().int().nullable(),
  name: z.string(),
  changes: z.array(z.string()).describe('What changes, in Russian'),
});
export type ImportItem = z.infer<typeof ImportItem>;

export const ImportColumn = z.object({
  column: z.string(),
  header: z.string(),
  field: z.string().nullable().describe('What the column was read as; null when ignored'),
});
export type ImportColumn = z.infer<typeof ImportColumn>;

export const ImportSummary = z.object({
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  remove: z.number().int(),
  deactivate: z.number().int(),
  missing: z.number().int().describe('People of the organisation absent from the file'),
  skipped: z.number().int().describe('Rows skipped on purpose (job titles marked «skip»)'),
  classesToCreate: z.number().int(),
  problems: z.number().int(),
  warnings: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** The answer of a dry run, and of a committed import (`committed: true`). */
export const ImportPlan = z.object({
  kind: ImportKind,
  organizationId: z.number().int(),
  fileName: z.string().nullable(),
  format: ImportFormat,
  encoding: z.string().nullable().describe('CSV: `utf-8` or `windows-1251`'),
  delimiter: z.string().nullable().describe('CSV: `;`, `,` or a tab'),
  sheet: z.string().nullable().describe('XLSX: the worksheet read'),
  headerRow: z.number().int(),
  columns: z.array(ImportColumn),
  dataRows: z.number().int(),
  emptyRows: z.number().int(),
  deactivateMissing: z.boolean(),
  summary: ImportSummary,
  classesToCreate: z.array(z.string()),
  items: z.array(ImportItem),
  problems: z.array(ImportProblem).describe('Any problem blocks the import'),
  warnings: z.array(ImportProblem).describe('Worth reading; they do not block'),
  canCommit: z.boolean(),
  digest: z.string().describe('Pass as `planDigest` when confirming'),
  dryRun: z.boolean(),
  committed: z.boolean(),
  importId: z.number().int().nullable(),
});
export type ImportPlan = z.infer<typeof ImportPlan>;

/** One committed import in the organisation's log. */
export const ImportRun = z.object({
  id: z.number().int(),
  organizationId: z.number().int(),
  kind: ImportKind,
  fileName: z.string().nullable(),
  format: ImportFormat,
  fileSha256: z.string(),
  actorPersonId: z.number().int().nullable().describe('null: run from the command line'),
  actorName: z.string().nullable(),
  at: Timestamp,
  deactivateMissing: z.boolean(),
  dataRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  removed: z.number().int(),
  deactivated: z.number().int(),
  classesCreated: z.number().int(),
});
export type ImportRun = z.infer<typeof ImportRun>;

export const ImportRunsParams = z.strictObject({ orgId: Id });
export const ImportRunsQuery = PageQuery;

export const IMPORT_TEMPLATE_FILES = [
  'staff.xlsx',
  'staff.csv',
  'pupils.xlsx',
  'pupils.csv',
  'parents.xlsx',
  'parents.csv',
] as const;
export const ImportTemplateParams = z.strictObject({ file: z.enum(IMPORT_TEMPLATE_FILES) });

/** A job title → role rule. `skip`: rows with this title are not imported (e.g. cleaners). */
export const JobTitleRole = z.enum([...POSITION_ROLES, 'skip']);
export type JobTitleRole = z.infer<typeof JobTitleRole>;

export const JOB_TITLE_MATCHES = ['exact', 'prefix'] as const;
export const JobTitleMatch = z.enum(JOB_TITLE_MATCHES);
export type JobTitleMatch = z.infer<typeof JobTitleMatch>;

export const JobTitle = z.object({
  id: z.number().int().nullable().describe('null for the built-in dictionary'),
  title: z.string(),
  pattern: z.string().describe('The normalised form that is compared'),
  match: JobTitleMatch.describe(
    '`prefix`: also every title that starts with it («учитель» → «учитель математики»)',
  ),
  role: JobTitleRole,
  pedagogical: z.boolean(),
  source: z.enum(['builtin', 'municipality']),
});
export type JobTitle = z.infer<typeof JobTitle>;

export const JobTitles = z.object({
  overrides: z
    .array(JobTitle)
    .describe('The municipality’s own rules; they win over built-in ones'),
  builtin: z.array(JobTitle),
});
export type JobTitles = z.infer<typeof JobTitles>;

export const SetJobTitle = z.strictObject({
  title: z.string().trim().min(2).max(LIMITS.titleMaxLength),
  match: JobTitleMatch.default('prefix'),
  role: JobTitleRole,
  pedagogical: z.boolean(),
});
export type SetJobTitle = z.infer<typeof SetJobTitle>;

export const JobTitleParams = z.strictObject({ id: Id });
