import {
  ImportParams,
  ImportPlan,
  ImportQuery,
  ImportRun,
  ImportRunsParams,
  ImportRunsQuery,
  ImportTemplateParams,
  JobTitle,
  JobTitleParams,
  JobTitles,
  SetJobTitle,
  paged,
  type ImportKind,
} from '@parta/shared';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientInfo, requireActor } from '../../platform/auth-hook';
import { AppError, notFound } from '../../platform/errors';
import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { authorize, isMunicipalAdmin, viewerOf, type ViewerFacts } from '../people';
import { canEditJobTitles, canImport, canReadJobTitles } from './imports.policy';
import * as imports from './imports.service';
import { CSV_TYPE, csvTemplate, XLSX_TYPE, xlsxTemplate } from './imports.templates';

const tags = ['imports'];

/** Body types the import endpoint takes: the file itself, detected by content. */
export const FILE_TYPES = [
  XLSX_TYPE,
  'text/csv',
  'application/csv',
  'text/comma-separated-values',
  'application/vnd.ms-excel',
  'text/plain',
  'application/octet-stream',
];

const flag = (v: string | undefined, fallback: boolean) =>
  v === undefined ? fallback : v === '1' || v === 'true';

/**
 * Roster imports, their log, templates and the dictionary of job titles.
 * Registered as a plugin: the raw-file body parser (with its own size limit)
 * exists only here, and an anonymous request is refused before its body is
 * read. Handlers: validate → load (404 outside the municipality) →
 * authorize → service → present.
 */
export function importsRoutes(app: AppInstance, ctx: ModuleContext): void {
  const { db } = ctx;
  const maxBytes = ctx.config.PARTA_IMPORT_MAX_BYTES;
  const viewer = (request: FastifyRequest) => viewerOf(db, requireActor(request));
  const admin = (request: FastifyRequest, v: ViewerFacts) => ({
    actorPersonId: v.personId,
    municipalityId: v.municipalityId,
    ip: clientInfo(request).ip,
    now: ctx.now(),
  });
  const deps: imports.ImportDeps = {
    events: ctx.events,
    now: ctx.now,
    maxRows: ctx.config.PARTA_IMPORT_MAX_ROWS,
  };

  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addHook('onRequest', async (request) => {
      if (!request.actor) throw new AppError('UNAUTHENTICATED');
    });
    scope.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: maxBytes },
      (_request, body, done) => done(null, body),
    );

    scope.post(
      '/api/v1/organizations/:orgId/imports/:kind',
      {
        bodyLimit: maxBytes,
        schema: {
          tags,
          summary:
            'Import staff, pupils or parents from an XLSX or CSV file sent as the body (dry run by default)',
          description:
            'Send the file itself as the body (`Content-Type` of XLSX or `text/csv`; the format is detected from the content). `dryRun=1` (the default) answers the plan and writes nothing; `dryRun=0` writes it in one transaction, or answers 400 IMPORT_HAS_PROBLEMS and writes nothing.',
          params: ImportParams,
          querystring: ImportQuery,
          response: { 200: ImportPlan },
        },
      },
      async (request) => {
        const v = await viewer(request);
        const org = await imports.loadImportOrg(db, request.params.orgId);
        if (!org || org.municipalityId !== v.municipalityId)
          throw notFound('No such organisation.');
        authorize(canImport(v, org), 'Only administrators of the organisation import its rosters.');
        const body: unknown = request.body;
        if (body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0))
          throw new AppError('IMPORT_UNREADABLE_FILE', 'Файл пустой.');
        if (!Buffer.isBuffer(body)) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the file itself as the body, with Content-Type of XLSX or text/csv.',
          );
        }
        const q = request.query;
        return imports.runImport(
          db,
          deps,
          {
            personId: v.personId,
            municipalityId: v.municipalityId,
            grants: [...v.adminGrants],
            municipalScope: isMunicipalAdmin(v),
            ip: clientInfo(request).ip,
          },
          org,
          {
            kind: request.params.kind,
            file: body,
            fileName: q.fileName ?? null,
            dryRun: flag(q.dryRun, true),
            deactivateMissing: flag(q.deactivateMissing, false),
            planDigest: q.planDigest,
          },
        );
      },
    );

    scope.get(
      '/api/v1/organizations/:orgId/imports',
      {
        schema: {
          tags,
          summary: 'The log of committed imports into an organisation, newest first',
          params: ImportRunsParams,
          querystring: ImportRunsQuery,
          response: { 200: paged(ImportRun) },
        },
      },
      async (request) => {
        const v = await viewer(request);
        const org = await imports.loadImportOrg(db, request.params.orgId);
        if (!org || org.municipalityId !== v.municipalityId)
          throw notFound('No such organisation.');
        authorize(canImport(v, org), 'Only administrators of the organisation see its imports.');
        return imports.listImportRuns(db, org.id, request.query);
      },
    );

    scope.get(
      '/api/v1/imports/templates/:file',
      {
        schema: {
          tags,
          summary: 'A template file: staff, pupils or parents, as .xlsx or .csv',
          params: ImportTemplateParams,
        },
      },
      async (request, reply) => {
        const [kind, ext] = request.params.file.split('.') as [ImportKind, 'xlsx' | 'csv'];
        const body = ext === 'xlsx' ? await xlsxTemplate(kind) : csvTemplate(kind);
        return reply
          .header('content-type', ext === 'xlsx' ? XLSX_TYPE : CSV_TYPE)
          .header('content-disposition', `attachment; filename="parta-${kind}.${ext}"`)
          .header('cache-control', 'no-cache')
          .send(body);
      },
    );

    scope.get(
      '/api/v1/imports/job-titles',
      {
        schema: {
          tags,
          summary: 'The dictionary of job titles: the municipality’s rules and the built-in ones',
          response: { 200: JobTitles },
        },
      },
      async (request) => {
        const v = await viewer(request);
        authorize(canReadJobTitles(v), 'Only administrators see the dictionary of job titles.');
        return imports.listJobTitles(db, v.municipalityId);
      },
    );

    scope.post(
      '/api/v1/imports/job-titles',
      {
        schema: {
          tags,
          summary:
            'Add a job title rule for the municipality, or replace the one with the same title and match (municipal administrators)',
          body: SetJobTitle,
          response: { 200: JobTitle, 201: JobTitle },
        },
      },
      async (request, reply) => {
        const v = await viewer(request);
        authorize(canEditJobTitles(v), 'Only municipal administrators edit job titles.');
        const r = await imports.setJobTitle(db, admin(request, v), request.body);
        return reply.code(r.created ? 201 : 200).send(r.rule);
      },
    );

    scope.delete(
      '/api/v1/imports/job-titles/:id',
      {
        schema: {
          tags,
          summary: 'Remove a rule of the municipality (the built-in one applies again)',
          params: JobTitleParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const v = await viewer(request);
        authorize(canEditJobTitles(v), 'Only municipal administrators edit job titles.');
        await imports.deleteJobTitle(db, admin(request, v), request.params.id);
        return reply.code(204).send(null);
      },
    );
  });
}
