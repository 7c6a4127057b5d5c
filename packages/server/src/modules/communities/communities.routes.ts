import {
  AddCommunityMembers,
  Community,
  CommunityMember,
  CommunityQuery,
  CommunityRule,
  CreateCommunity,
  CreateJoinRequest,
  CreateRule,
  Id,
  JoinRequest,
  PageQuery,
  SetCommunityRole,
  SyncResult,
  UpdateCommunity,
  paged,
} from '@parta/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { clientInfo, requireActor } from '../../platform/auth-hook';
import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { authorize, changeContext, isMunicipalAdmin, viewerOf, type ViewerFacts } from '../people';
import { syncCommunityRules } from './communities.rules';
import * as svc from './communities.service';

const tags = ['communities'];
const CommunityParams = z.strictObject({ communityId: Id });
const MemberParams = z.strictObject({ communityId: Id, personId: Id });
const RequestParams = z.strictObject({ communityId: Id, requestId: Id });
const RuleParams = z.strictObject({ communityId: Id, ruleId: Id });
const Added = z.object({ added: z.number().int() });

/**
 * Network communities: directory, creation, members and roles, join
 * requests, rules. Each handler: validate (schemas) → load (404 for what the
 * viewer may not see) → authorize (`communities.policy.ts`) → service → present.
 */
export function communitiesRoutes(app: AppInstance, ctx: ModuleContext): void {
  const { db } = ctx;
  const deps = { events: ctx.events, now: ctx.now };
  const viewer = (request: FastifyRequest) => viewerOf(db, requireActor(request));
  const change = (request: FastifyRequest, v: ViewerFacts) =>
    changeContext(v, clientInfo(request).ip, ctx.now());
  const load = async (request: FastifyRequest, communityId: number) => {
    const v = await viewer(request);
    return { v, c: await svc.requireCommunity(db, v, communityId) };
  };

  app.get(
    '/api/v1/communities',
    {
      schema: {
        tags,
        summary:
          'Network communities: the municipality’s directory for staff and administrators, own ones for pupils and parents',
        querystring: CommunityQuery,
        response: { 200: paged(Community) },
      },
    },
    async (request) => svc.listCommunities(db, await viewer(request), request.query),
  );

  app.post(
    '/api/v1/communities',
    {
      schema: {
        tags,
        summary:
          'Create a community with its discussion chat and announcement channel (authority staff and municipal administrators across organisations; organisation administrators for their own)',
        body: CreateCommunity,
        response: { 201: Community },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      return reply
        .code(201)
        .send(await svc.createCommunity(db, deps, v, request.body, change(request, v)));
    },
  );

  app.post(
    '/api/v1/communities/sync',
    {
      schema: {
        tags,
        summary:
          'Bring every rule-based membership of the municipality in step with the rosters (municipal administrators)',
        response: { 200: SyncResult },
      },
    },
    async (request) => {
      const v = await viewer(request);
      authorize(isMunicipalAdmin(v), 'Only a municipal administrator syncs all communities.');
      return syncCommunityRules(db, deps, { municipalityId: v.municipalityId });
    },
  );

  app.get(
    '/api/v1/communities/:communityId',
    {
      schema: {
        tags,
        summary: 'One community',
        params: CommunityParams,
        response: { 200: Community },
      },
    },
    async (request) => {
      const { v, c } = await load(request, request.params.communityId);
      return svc.getCommunity(db, v, c);
    },
  );

  app.patch(
    '/api/v1/communities/:communityId',
    {
      schema: {
        tags,
        summary: 'Change title, description or kind (owner, admins)',
        params: CommunityParams,
        body: UpdateCommunity,
        response: { 200: Community },
      },
    },
    async (request) => {
      const { v, c } = await load(request, request.params.communityId);
      return svc.updateCommunity(db, deps, v, c, request.body, change(request, v));
    },
  );

  for (const [path, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(
      `/api/v1/communities/:communityId/${path}`,
      {
        schema: {
          tags,
          summary: archived
            ? 'Archive the community and its chats (read-only; rules paused)'
            : 'Restore an archived community',
          params: CommunityParams,
          response: { 200: Community },
        },
      },
      async (request) => {
        const { v, c } = await load(request, request.params.communityId);
        return svc.setArchived(db, deps, v, c, archived, change(request, v));
      },
    );
  }

  app.get(
    '/api/v1/communities/:communityId/members',
    {
      schema: {
        tags,
        summary: 'Members by role and name (members and managers)',
        params: CommunityParams,
        querystring: PageQuery,
        response: { 200: paged(CommunityMember) },
      },
    },
    async (request) => {
      const { v, c } = await load(request, request.params.communityId);
      return svc.listMembers(db, v, c, request.query);
    },
  );

  app.post(
    '/api/v1/communities/:communityId/members',
    {
      schema: {
        tags,
        summary: 'Add people by hand, within the closed environment and your own role',
        params: CommunityParams,
        body: AddCommunityMembers,
        response: { 200: Added },
      },
    },
    async (request) => {
      const { v, c } = await load(request, request.params.communityId);
      return svc.addMembers(db, deps, v, c, request.body, change(request, v));
    },
  );

  app.delete(
    '/api/v1/communities/:communityId/members/:personId',
    {
      schema: {
        tags,
        summary: 'Remove a member (rules will not bring them back); your own id: leave',
        params: MemberParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { v, c } = await load(request, request.params.communityId);
      await svc.removeMember(db, deps, v, c, request.params.personId, change(request, v));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/communities/:communityId/members/:personId/role',
    {
      schema: {
        tags,
        summary: 'Change a member’s role (never above your own; `owner` hands the community over)',
        params: MemberParams,
        body: SetCommunityRole,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { v, c } = await load(request, request.params.communityId);
      await svc.setRole(
        db,
        deps,
        v,
        c,
        request.params.personId,
        request.body.role,
        change(request, v),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/communities/:communityId/leave',
    {
      schema: {
        tags,
        summary: 'Leave the community and its chats',
        params: CommunityParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { v, c } = await load(request, request.params.communityId);
      await svc.leave(db, deps, v, c, change(request, v));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/communities/:communityId/requests',
    {
      schema: {
        tags,
        summary: 'Ask to join; an admin approves or rejects',
        params: CommunityParams,
        body: CreateJoinRequest,
        response: { 201: JoinRequest },
      },
    },
    async (request, reply) => {
      const { v, c } = await load(request, request.params.communityId);
      return reply
        .code(201)
        .send(await svc.requestToJoin(db, v, c, request.body.message ?? null, change(request, v)));
    },
  );

  app.get(
    '/api/v1/communities/:communityId/requests',
    {
      schema: {
        tags,
        summary: 'Join requests (owner, admins)',
        params: CommunityParams,
        querystring: z.strictObject({ status: JoinRequest.shape.status.optional() }),
        response: { 200: z.object({ items: z.array(JoinRequest) }) },
      },
    },
    async (request) => {
      const { v, c } = await load(request, request.params.communityId);
      return { items: await svc.listRequests(db, v, c, request.query.status) };
    },
  );

  for (const [path, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post(
      `/api/v1/communities/:communityId/requests/:requestId/${path}`,
      {
        schema: {
          tags,
          summary: approve ? 'Approve a join request' : 'Reject a join request',
          params: RequestParams,
          response: { 200: JoinRequest },
        },
      },
      async (request) => {
        const { v, c } = await load(request, request.params.communityId);
        return svc.decideRequest(
          db,
          deps,
          v,
          c,
          request.params.requestId,
          approve,
          change(request, v),
        );
      },
    );
  }

  app.get(
    '/api/v1/communities/:communityId/rules',
    {
      schema: {
        tags,
        summary: 'Membership rules, described in Russian, with how many people each matches now',
        params: CommunityParams,
        response: { 200: z.object({ items: z.array(CommunityRule) }) },
      },
    },
    async (request) => {
      const { v, c } = await load(request, request.params.communityId);
      return { items: await svc.listRules(db, v, c) };
    },
  );

  app.post(
    '/api/v1/communities/:communityId/rules',
    {
      schema: {
        tags,
        summary:
          'Add a membership rule: whoever it matches joins now and as the rosters change (within your administrative scope)',
        params: CommunityParams,
        body: CreateRule,
        response: { 201: z.object({ rule: CommunityRule, sync: SyncResult }) },
      },
    },
    async (request, reply) => {
      const { v, c } = await load(request, request.params.communityId);
      return reply
        .code(201)
        .send(await svc.addRule(db, deps, v, c, request.body.spec, change(request, v)));
    },
  );

  app.delete(
    '/api/v1/communities/:communityId/rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Delete a rule; members only it brought in leave',
        params: RuleParams,
        response: { 200: SyncResult },
      },
    },
    async (request) => {
      const { v, c } = await load(request, request.params.communityId);
      return svc.deleteRule(db, deps, v, c, request.params.ruleId, change(request, v));
    },
  );

  app.post(
    '/api/v1/communities/:communityId/sync',
    {
      schema: {
        tags,
        summary: 'Bring this community’s rule-based membership in step with the rosters now',
        params: CommunityParams,
        response: { 200: SyncResult },
      },
    },
    async (request) => {
      const { v, c } = await load(request, request.params.communityId);
      return svc.syncCommunity(db, deps, v, c);
    },
  );
}
