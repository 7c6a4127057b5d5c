import {
  CloseItem,
  CreateRoadmap,
  Id,
  Roadmap,
  RoadmapItem,
  RoadmapItemInput,
  RoadmapStatusQuery,
  RoadmapSummary,
  RoadmapTemplate,
  StatusCounts,
  TargetStatus,
} from '@parta/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { clientInfo, requireActor } from '../../platform/auth-hook';
import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { requireMunicipality } from '../monitoring';
import { authorize, viewerOf } from '../people';
import { canManageRoadmaps, canReadRoadmaps } from './roadmap.policy';
import * as roadmaps from './roadmap.service';
import { templateList } from './roadmap.template';

const tags = ['roadmap'];
const RoadmapParams = z.strictObject({ id: Id });
const ItemParams = z.strictObject({ id: Id, itemId: Id });
const StatusView = z.object({
  id: z.number().int(),
  asOf: z.string(),
  counts: StatusCounts,
  goals: z.array(TargetStatus),
  items: z.array(
    RoadmapItem.pick({
      id: true,
      number: true,
      title: true,
      status: true,
      achievedOn: true,
      late: true,
    }).extend({
      current: z.number().nullable(),
    }),
  ),
});

/**
 * Roadmaps of the municipality: read by staff and administrators, changed by
 * the authority and municipal admins. Statuses are computed as of `asOf`
 * (default: today, local).
 */
export function roadmapRoutes(app: AppInstance, ctx: ModuleContext): void {
  const { db } = ctx;
  const load = async (request: FastifyRequest, manage: boolean) => {
    const v = await viewerOf(db, requireActor(request));
    authorize(
      manage ? canManageRoadmaps(v) : canReadRoadmaps(v),
      manage
        ? 'Only the authority and municipal admins change roadmaps.'
        : 'Roadmaps are for staff.',
    );
    const m = await requireMunicipality(db, v.municipalityId);
    const now = ctx.now();
    return { v, m, now, by: { personId: v.personId, ip: clientInfo(request).ip } };
  };

  app.get(
    '/api/v1/roadmap-templates',
    {
      schema: {
        tags,
        summary: 'Templates a roadmap can start from',
        response: { 200: z.object({ items: z.array(RoadmapTemplate) }) },
      },
    },
    async (request) => {
      await load(request, false);
      return { items: templateList() };
    },
  );

  app.get(
    '/api/v1/roadmaps',
    {
      schema: {
        tags,
        summary: 'Roadmaps of the municipality with their items counted by status',
        querystring: RoadmapStatusQuery,
        response: { 200: z.object({ items: z.array(RoadmapSummary) }) },
      },
    },
    async (request) => {
      const { m, now } = await load(request, false);
      return {
        items: await roadmaps.listRoadmaps(
          db,
          m,
          request.query.asOf ?? roadmaps.today(m, now),
          now,
        ),
      };
    },
  );

  app.post(
    '/api/v1/roadmaps',
    {
      schema: {
        tags,
        summary: 'Create a roadmap from a template (e.g. kushva-2023) or from scratch',
        body: CreateRoadmap,
        response: { 201: Roadmap },
      },
    },
    async (request, reply) => {
      const { m, now, by } = await load(request, true);
      return reply.code(201).send(await roadmaps.createRoadmap(db, m, request.body, by, now));
    },
  );

  app.get(
    '/api/v1/roadmaps/:id',
    {
      schema: {
        tags,
        summary: 'A roadmap: goals and items with computed statuses',
        params: RoadmapParams,
        querystring: RoadmapStatusQuery,
        response: { 200: Roadmap },
      },
    },
    async (request) => {
      const { m, now } = await load(request, false);
      return roadmaps.getRoadmap(
        db,
        m,
        request.params.id,
        request.query.asOf ?? roadmaps.today(m, now),
        now,
      );
    },
  );

  app.get(
    '/api/v1/roadmaps/:id/status',
    {
      schema: {
        tags,
        summary: 'Statuses only: is item N achieved, and since when',
        params: RoadmapParams,
        querystring: RoadmapStatusQuery,
        response: { 200: StatusView },
      },
    },
    async (request) => {
      const { m, now } = await load(request, false);
      const r = await roadmaps.getRoadmap(
        db,
        m,
        request.params.id,
        request.query.asOf ?? roadmaps.today(m, now),
        now,
      );
      return {
        id: r.id,
        asOf: r.asOf,
        counts: r.counts,
        goals: r.goals,
        items: r.items.map((i) => ({
          id: i.id,
          number: i.number,
          title: i.title,
          status: i.status,
          achievedOn: i.achievedOn,
          late: i.late,
          current: i.target?.current ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/v1/roadmaps/:id/items',
    {
      schema: {
        tags,
        summary: 'Add an item (optionally with a measurable target)',
        params: RoadmapParams,
        body: RoadmapItemInput,
        response: { 201: RoadmapItem },
      },
    },
    async (request, reply) => {
      const { m, now, by } = await load(request, true);
      return reply
        .code(201)
        .send(await roadmaps.addItem(db, m, request.params.id, request.body, by, now));
    },
  );

  app.post(
    '/api/v1/roadmaps/:id/items/:itemId/close',
    {
      schema: {
        tags,
        summary: 'Close an item without a measurable target, with evidence (audited)',
        params: ItemParams,
        body: CloseItem,
        response: { 200: RoadmapItem },
      },
    },
    async (request) => {
      const { m, now, by } = await load(request, true);
      return roadmaps.setItemClosure(
        db,
        m,
        request.params.id,
        request.params.itemId,
        request.body.note,
        by,
        now,
      );
    },
  );

  app.post(
    '/api/v1/roadmaps/:id/items/:itemId/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a closed item (audited)',
        params: ItemParams,
        response: { 200: RoadmapItem },
      },
    },
    async (request) => {
      const { m, now, by } = await load(request, true);
      return roadmaps.setItemClosure(
        db,
        m,
        request.params.id,
        request.params.itemId,
        null,
        by,
        now,
      );
    },
  );
}
