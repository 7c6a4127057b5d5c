import {
  Id,
  ImportResult,
  MonitoringSettings,
  StaffDrillDown,
  StaffDrillDownQuery,
  Trend,
  TrendQuery,
  UpdateMonitoringSettings,
  WeeklyQuery,
  WeeklyReport,
} from '@parta/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientInfo, requireActor } from '../../platform/auth-hook';
import { AppError } from '../../platform/errors';
import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { authorize, viewerOf } from '../people';
import { importActivity } from './monitoring.import';
import { canDrillDown, canManageMonitoring, reportScopeOf } from './monitoring.policy';
import { reportFile, type ReportFile } from './monitoring.reports';
import * as monitoring from './monitoring.service';

const tags = ['monitoring'];
const FILE_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];
/** Largest activity file accepted. */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

const fileResponse = (json: z.ZodType, summary: string) => ({
  description: summary,
  content: {
    'application/json': { schema: json },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() },
    'text/csv': { schema: z.string() },
    'application/pdf': { schema: z.string() },
  },
});

/** Files skip the JSON serializer: Fastify sends a Buffer as it is. */
function sendFile(reply: FastifyReply, file: ReportFile): FastifyReply {
  return reply
    .header('content-disposition', `attachment; filename="${file.name}"`)
    .header('cache-control', 'no-store')
    .type(file.contentType)
    .send(file.body);
}

/**
 * Monitoring: the weekly report (JSON and files), the trend, the staff
 * drill-down, activity imports and the settings. Each handler: validate →
 * authorize (`monitoring.policy.ts`) → service → present.
 */
export function monitoringRoutes(app: AppInstance, ctx: ModuleContext): void {
  const { db } = ctx;
  const viewer = (request: FastifyRequest) => viewerOf(db, requireActor(request));
  const municipalityOf = (id: number) => monitoring.requireMunicipality(db, id);

  app.get(
    '/api/v1/monitoring/weekly',
    {
      schema: {
        tags,
        summary:
          'Weekly indicators of a week (default: the last closed one); format=xlsx|csv|pdf for files',
        description:
          'Authority staff and municipal admins see the municipality; heads, deputies and org admins the totals and their own organisations. Shares are fractions; closed weeks are read as frozen.',
        querystring: WeeklyQuery,
        response: { 200: fileResponse(WeeklyReport, 'The report') },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const scope = reportScopeOf(v);
      if (!scope)
        throw new AppError(
          'FORBIDDEN',
          'Monitoring is for the authority, heads and administrators.',
        );
      const m = await municipalityOf(v.municipalityId);
      const now = ctx.now();
      if (request.query.format === 'json' && scope.kind === 'municipality') {
        // A frozen week is stored exactly as served (validated against the
        // schema when it was frozen): sent as it is, never parsed.
        const json = await monitoring.frozenReportJson(db, m, request.query, now);
        if (json !== null) return reply.type('application/json; charset=utf-8').send(json);
      }
      const report = await monitoring.weeklyReport(db, m, scope, request.query, now);
      if (request.query.format === 'json') return reply.send(report);
      return sendFile(
        reply as unknown as FastifyReply,
        await reportFile(db, m, report, request.query.format, now),
      );
    },
  );

  app.get(
    '/api/v1/monitoring/trend',
    {
      schema: {
        tags,
        summary: 'Totals week by week over a range of ISO weeks (at most 260)',
        querystring: TrendQuery,
        response: { 200: Trend },
      },
    },
    async (request) => {
      const v = await viewer(request);
      authorize(
        reportScopeOf(v) !== null,
        'Monitoring is for the authority, heads and administrators.',
      );
      return monitoring.trend(db, await municipalityOf(v.municipalityId), request.query, ctx.now());
    },
  );

  app.get(
    '/api/v1/monitoring/organizations/:orgId/staff',
    {
      schema: {
        tags,
        summary:
          'Staff of an organisation below the threshold in a week: names and counts, never content (audited)',
        description:
          'Heads and deputies of the organisation, authority staff and municipal admins only.',
        params: z.strictObject({ orgId: Id }),
        querystring: StaffDrillDownQuery,
        response: { 200: StaffDrillDown },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const m = await municipalityOf(v.municipalityId);
      const org = await monitoring.requireOrganization(db, m, request.params.orgId);
      authorize(canDrillDown(v, org), 'Only the organisation’s heads and the authority see names.');
      return monitoring.staffBelow(
        db,
        m,
        org,
        request.query,
        { personId: v.personId, ip: clientInfo(request).ip },
        ctx.now(),
      );
    },
  );

  app.get(
    '/api/v1/monitoring/settings',
    {
      schema: {
        tags,
        summary: 'Threshold, target, zones and the weekly post of the municipality',
        response: { 200: MonitoringSettings },
      },
    },
    async (request) => {
      const v = await viewer(request);
      authorize(reportScopeOf(v) !== null);
      return monitoring.describeSettings(db, v.municipalityId);
    },
  );

  app.patch(
    '/api/v1/monitoring/settings',
    {
      schema: {
        tags,
        summary:
          'Change the settings (authority staff, municipal admins); weeks frozen keep theirs',
        body: UpdateMonitoringSettings,
        response: { 200: MonitoringSettings },
      },
    },
    async (request) => {
      const v = await viewer(request);
      authorize(
        canManageMonitoring(v),
        'Only the authority and municipal admins change monitoring.',
      );
      const saved = await monitoring.updateSettings(
        db,
        v.municipalityId,
        request.body,
        { personId: v.personId, ip: clientInfo(request).ip },
        ctx.now(),
      );
      return monitoring.describeSettings(db, v.municipalityId, saved);
    },
  );

  // The import takes the file as the raw body: its parsers stay inside this plugin.
  void app.register(async (scoped) => {
    const child = scoped.withTypeProvider<ZodTypeProvider>();
    for (const type of FILE_TYPES) {
      if (child.hasContentTypeParser(type)) child.removeContentTypeParser(type);
    }
    child.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    child.post(
      '/api/v1/monitoring/imports',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Import weekly message counts from another messenger (CSV or XLSX as the body); matched by phone, e-mail or external id',
          description:
            'Content-Type: text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet. Columns: phone / email / external_id, week (2023-W50 or a date), messages. Shown apart from native activity.',
          querystring: z.strictObject({
            fileName: z.string().trim().min(1).max(255).default('import.csv'),
          }),
          response: { 201: ImportResult },
        },
      },
      async (request, reply) => {
        const v = await viewer(request);
        authorize(
          canManageMonitoring(v),
          'Only the authority and municipal admins import activity.',
        );
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv or XLSX.');
        }
        const m = await municipalityOf(v.municipalityId);
        const result = await importActivity(
          db,
          m,
          { name: request.query.fileName, content: request.body },
          { personId: v.personId, ip: clientInfo(request).ip },
          ctx.now(),
        );
        return reply.code(201).send(result);
      },
    );
  });
}
