import {
  AcceptInvitation,
  AcceptResult,
  ClassOnboarding,
  CreatedInvitation,
  CreateInvitation,
  Id,
  Invitation,
  InvitationPreview,
  InvitationQuery,
  MunicipalOnboarding,
  OrgOnboarding,
  OutboxEntry,
  OutboxQuery,
  SendInvitation,
  SheetPrepared,
  paged,
} from '@parta/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { clientInfo, requireActor } from '../../platform/auth-hook';
import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { changeContext, viewerOf, type ViewerFacts } from '../people';
import { classOnboarding, municipalOnboarding, orgOnboarding } from './invitations.onboarding';
import { listOutbox, sendInvitation } from './invitations.outbox';
import { qrImage } from './invitations.pdf';
import type { MessageSender } from './invitations.senders';
import * as svc from './invitations.service';
import {
  classSheet,
  prepareClassSheet,
  prepareStaffSheet,
  staffSheet,
  type Sheet,
} from './invitations.sheets';

const tags = ['invitations'];
const InvitationParams = z.strictObject({ invitationId: Id });
const CodeParams = z.strictObject({ code: z.string().trim().min(4).max(80) });
const ClassParams = z.strictObject({ classId: Id });
const OrgParams = z.strictObject({ orgId: Id });

/** Links are built on the public URL when one is configured, else on the request's own host. */
export function publicBase(ctx: ModuleContext, request: FastifyRequest): string {
  if (ctx.config.PARTA_PUBLIC_URL) return ctx.config.PARTA_PUBLIC_URL.replace(/\/+$/, '');
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

/** Slips carry names and live codes: never cached, by the browser or on the way. */
function sendPdf(reply: FastifyReply, sheet: Sheet) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${sheet.filename}"`)
    .header('cache-control', 'no-store')
    .header('x-parta-slips', String(sheet.slips.length))
    .header('x-parta-missing', String(sheet.missing))
    .send(sheet.pdf);
}

/**
 * Invitations (issue, list, revoke, QR codes, send), their public look-up
 * and acceptance, printable sheets, acceptance counts and the outbox.
 */
export function invitationsRoutes(
  app: AppInstance,
  ctx: ModuleContext,
  sender: MessageSender,
): void {
  const { db } = ctx;
  const deps = { events: ctx.events, now: ctx.now, sender };
  const viewer = (request: FastifyRequest) => viewerOf(db, requireActor(request));
  const change = (request: FastifyRequest, v: ViewerFacts) =>
    changeContext(v, clientInfo(request).ip, ctx.now());

  app.post(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary:
          'Issue an invitation that fixes role and scope (never above your own); the long link is shown only now',
        body: CreateInvitation,
        response: { 201: CreatedInvitation },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      return reply
        .code(201)
        .send(
          await svc.createInvitation(
            db,
            v,
            request.body,
            change(request, v),
            publicBase(ctx, request),
          ),
        );
    },
  );

  app.get(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary:
          'Invitations of a class, organisation or community you manage (none given: the ones you issued)',
        querystring: InvitationQuery,
        response: { 200: paged(Invitation) },
      },
    },
    async (request) =>
      svc.listInvitations(
        db,
        await viewer(request),
        request.query,
        publicBase(ctx, request),
        ctx.now(),
      ),
  );

  app.get(
    '/api/v1/invitations/by-code/:code',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'What a code or link grants (public; wrong codes are counted per address and throttled)',
        params: CodeParams,
        response: { 200: InvitationPreview },
      },
    },
    async (request) =>
      svc.previewByCode(db, request.params.code, clientInfo(request).ip, ctx.now()),
  );

  app.post(
    '/api/v1/invitations/by-code/:code/accept',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Accept: signed in, joins your account; otherwise creates the account (name, phone or e-mail, login, password)',
        params: CodeParams,
        body: AcceptInvitation,
        response: { 200: AcceptResult },
      },
    },
    async (request) =>
      svc.acceptByCode(
        db,
        deps,
        request.params.code,
        request.body,
        request.actor,
        clientInfo(request).ip,
      ),
  );

  app.get(
    '/api/v1/invitations/:invitationId',
    {
      schema: {
        tags,
        summary: 'One invitation you manage',
        params: InvitationParams,
        response: { 200: Invitation },
      },
    },
    async (request) =>
      svc.getInvitation(
        db,
        await viewer(request),
        request.params.invitationId,
        publicBase(ctx, request),
        ctx.now(),
      ),
  );

  app.post(
    '/api/v1/invitations/:invitationId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke at once',
        params: InvitationParams,
        response: { 200: Invitation },
      },
    },
    async (request) => {
      const v = await viewer(request);
      return svc.revokeInvitation(
        db,
        v,
        request.params.invitationId,
        change(request, v),
        publicBase(ctx, request),
      );
    },
  );

  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/api/v1/invitations/:invitationId/qr.${format}`,
      {
        schema: {
          tags,
          summary: `The QR code of the short link, ${format.toUpperCase()}`,
          params: InvitationParams,
        },
      },
      async (request, reply) => {
        const row = await svc.requireInvitation(
          db,
          await viewer(request),
          request.params.invitationId,
        );
        const image = await qrImage(svc.shortLink(publicBase(ctx, request), row.code), format);
        return reply.type(format === 'svg' ? 'image/svg+xml' : 'image/png').send(image);
      },
    );
  }

  app.post(
    '/api/v1/invitations/:invitationId/send',
    {
      schema: {
        tags,
        summary:
          'Send the short link by e-mail or SMS through the outbox (SMTP when configured; otherwise kept for an administrator)',
        params: InvitationParams,
        body: SendInvitation,
        response: { 201: OutboxEntry },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      return reply
        .code(201)
        .send(
          await sendInvitation(
            db,
            sender,
            v,
            request.params.invitationId,
            request.body,
            change(request, v),
            publicBase(ctx, request),
          ),
        );
    },
  );

  app.post(
    '/api/v1/classes/:classId/invitation-sheet',
    {
      schema: {
        tags,
        summary:
          'Prepare the class’s parents’ sheet: issue the missing personal parent invitations (one per pupil), keep the usable ones',
        params: ClassParams,
        response: { 200: SheetPrepared },
      },
    },
    async (request) => {
      const v = await viewer(request);
      return prepareClassSheet(db, v, request.params.classId, change(request, v));
    },
  );

  app.get(
    '/api/v1/classes/:classId/invitation-sheet.pdf',
    {
      schema: {
        tags,
        summary:
          'PDF of cut-out slips, one per pupil with a usable personal parent invitation (writes nothing: POST …/invitation-sheet first). X-Parta-Slips, X-Parta-Missing',
        params: ClassParams,
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await classSheet(
          db,
          await viewer(request),
          request.params.classId,
          publicBase(ctx, request),
          ctx.now(),
        ),
      ),
  );

  app.post(
    '/api/v1/organizations/:orgId/staff-invitation-sheet',
    {
      schema: {
        tags,
        summary:
          'Prepare the staff sheet: issue the missing personal invitations of the staff who have no account yet',
        params: OrgParams,
        response: { 200: SheetPrepared },
      },
    },
    async (request) => {
      const v = await viewer(request);
      return prepareStaffSheet(db, v, request.params.orgId, change(request, v));
    },
  );

  app.get(
    '/api/v1/organizations/:orgId/staff-invitation-sheet.pdf',
    {
      schema: {
        tags,
        summary:
          'PDF of personal slips for the staff without an account who have a usable invitation (writes nothing). X-Parta-Slips, X-Parta-Missing',
        params: OrgParams,
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await staffSheet(
          db,
          await viewer(request),
          request.params.orgId,
          publicBase(ctx, request),
          ctx.now(),
        ),
      ),
  );

  app.get(
    '/api/v1/organizations/:orgId/onboarding',
    {
      schema: {
        tags,
        summary:
          'Who is connected: staff with accounts and by invitation, pupils with a connected parent, per class',
        params: OrgParams,
        response: { 200: OrgOnboarding },
      },
    },
    async (request) => orgOnboarding(db, await viewer(request), request.params.orgId),
  );

  app.get(
    '/api/v1/classes/:classId/onboarding',
    {
      schema: {
        tags,
        summary: 'Who is connected in one class',
        params: ClassParams,
        response: { 200: ClassOnboarding },
      },
    },
    async (request) => classOnboarding(db, await viewer(request), request.params.classId),
  );

  app.get(
    '/api/v1/onboarding',
    {
      schema: {
        tags,
        summary:
          'Every organisation of the municipality with the district’s and each kind’s totals, a person counted once (municipal administrators, authority staff)',
        response: { 200: MunicipalOnboarding },
      },
    },
    async (request) => municipalOnboarding(db, await viewer(request)),
  );

  app.get(
    '/api/v1/outbox',
    {
      schema: {
        tags,
        summary: 'Messages to people: sent, failed, or kept for an administrator to pass on',
        querystring: OutboxQuery,
        response: { 200: paged(OutboxEntry) },
      },
    },
    async (request) => listOutbox(db, await viewer(request), request.query),
  );
}
