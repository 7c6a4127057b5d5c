import {
  CreateGuardianship,
  CreatePersonRequest,
  CreatePosition,
  GuardianLinks,
  Guardianship,
  GuardianshipParams,
  MyChild,
  PageQuery,
  PeopleQuery,
  PersonDetails,
  PersonIdParams,
  PersonListItem,
  PersonView,
  Position,
  PositionIdParams,
  UpdatePerson,
  paged,
} from '@parta/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { clientInfo, requireActor } from '../../platform/auth-hook';
import { busEventSink, personTopic } from '../../platform/events';
import type { AppDeps, AppInstance } from '../../platform/types';
import { syncPeople } from '../chats';
import { syncCommunityRules } from '../communities';
import {
  authorize,
  canAddPosition,
  canAdministerPerson,
  canCreatePerson,
  canEndPosition,
  canLinkGuardian,
  canListPeople,
  canUnlinkGuardian,
  canViewPerson,
  canViewPersonDetails,
  isAnyAdmin,
  type ViewerFacts,
} from './people.policy';
import * as people from './people.service';

const tags = ['people'];
const ADMINS_ONLY = 'Only administrators may do this.';

/**
 * The people directory and the organisation model's person-level changes.
 * Each handler: validate (schemas) → authorize (`people.policy.ts`) → call the
 * service → present. Non-administrators are refused before any lookup, so
 * they cannot probe which ids exist.
 */
export function peopleRoutes(app: AppInstance, deps: AppDeps): void {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());
  const viewer = (request: FastifyRequest) => people.viewerOf(db, requireActor(request));
  const ctx = (request: FastifyRequest, v: ViewerFacts) =>
    people.changeContext(v, clientInfo(request).ip, now());
  const events = busEventSink(deps.bus, app.log);
  /** Class and staff chats follow every roster change (after its commit). */
  const rosterChanged = async (ids: number[], opts: { withGuardians?: boolean } = {}) => {
    await syncPeople(db, { events, now }, ids, opts);
    await syncCommunityRules(db, { events, now });
  };

  app.get(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary:
          'People directory for administrators: all (municipal) or own organisation (org admin)',
        querystring: PeopleQuery,
        response: { 200: paged(PersonListItem) },
      },
    },
    async (request) => {
      const v = await viewer(request);
      authorize(isAnyAdmin(v), ADMINS_ONLY);
      const org =
        request.query.orgId === undefined
          ? null
          : await people.orgForField(db, v, request.query.orgId, 'querystring.orgId');
      authorize(canListPeople(v, org), 'You administer no such organisation.');
      return people.listPeopleDirectory(db, v, request.query);
    },
  );

  app.post(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary:
          'Create a person; an org admin places them in their organisation in the same request',
        body: CreatePersonRequest,
        response: { 201: PersonDetails },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      authorize(isAnyAdmin(v), ADMINS_ONLY);
      const plan = await people.planCreatePerson(db, v, request.body);
      authorize(
        canCreatePerson(v, people.placementOf(plan)),
        'An organisation administrator creates people only within their organisation.',
      );
      const created = await people.createPerson(db, plan, ctx(request, v), v.timeZone);
      await rosterChanged([created.id]);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/people/:personId',
    {
      schema: {
        tags,
        summary:
          'One person: with contacts for oneself and administrators (audited), without for others',
        params: PersonIdParams,
        response: { 200: PersonView },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const target = await people.requirePersonFacts(db, v, request.params.personId);
      authorize(canViewPerson(v, target), 'You may not see this person.');
      return people.viewPerson(db, v, target, ctx(request, v));
    },
  );

  app.patch(
    '/api/v1/people/:personId',
    {
      schema: {
        tags,
        summary: 'Change a person; `active: false` deactivates and ends their sessions at once',
        params: PersonIdParams,
        body: UpdatePerson,
        response: { 200: PersonDetails },
      },
    },
    async (request) => {
      const v = await viewer(request);
      authorize(isAnyAdmin(v), ADMINS_ONLY);
      const target = await people.requirePersonFacts(db, v, request.params.personId);
      const phone = people.phoneInput(request.body.phone, 'body.phone');
      authorize(canAdministerPerson(v, target), 'You do not administer this person.');
      const updated = await people.updatePerson(db, target, request.body, phone, ctx(request, v));
      if (request.body.active !== undefined) {
        if (!request.body.active) {
          await events.publish(personTopic(target.personId), {
            type: 'person.deactivated',
            personId: target.personId,
          });
        }
        await rosterChanged([target.personId]);
      }
      return updated;
    },
  );

  app.post(
    '/api/v1/people/:personId/positions',
    {
      schema: {
        tags,
        summary: 'Give a person a position in an organisation (its administrator)',
        params: PersonIdParams,
        body: CreatePosition,
        response: { 201: Position },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      authorize(isAnyAdmin(v), ADMINS_ONLY);
      const target = await people.requirePersonFacts(db, v, request.params.personId);
      const org = await people.orgForField(
        db,
        v,
        request.body.organizationId,
        'body.organizationId',
      );
      authorize(
        canAddPosition(v, org, target),
        'You may not place this person in this organisation.',
      );
      const position = await people.addPosition(
        db,
        target,
        org,
        request.body,
        ctx(request, v),
        v.timeZone,
      );
      await rosterChanged([target.personId]);
      return reply.code(201).send(position);
    },
  );

  app.delete(
    '/api/v1/positions/:positionId',
    {
      schema: {
        tags,
        summary: 'End a position today (kept in history)',
        params: PositionIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      authorize(isAnyAdmin(v), ADMINS_ONLY);
      const position = await people.requirePosition(db, v, request.params.positionId);
      authorize(canEndPosition(v, position.org), 'You do not administer this organisation.');
      await people.endPosition(db, position.id, ctx(request, v), v.timeZone);
      await rosterChanged([position.personId]);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/people/:personId/guardianships',
    {
      schema: {
        tags,
        summary: 'Link a parent to this pupil (administrator of the pupil’s organisation)',
        params: PersonIdParams,
        body: CreateGuardianship,
        response: { 201: Guardianship },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      authorize(isAnyAdmin(v), ADMINS_ONLY);
      const pupilId = request.params.personId;
      const pupil = await people.requirePersonFacts(db, v, pupilId);
      if (request.body.parentId === pupilId) {
        throw people.invalid('body.parentId', 'a person cannot be their own parent');
      }
      const parent = await people.personFactsForField(
        db,
        v,
        request.body.parentId,
        'body.parentId',
      );
      authorize(canLinkGuardian(v, pupil, parent), 'You may not link this parent and pupil.');
      const link = await people.linkGuardian(db, pupilId, request.body, ctx(request, v));
      await rosterChanged([request.body.parentId]);
      return reply.code(201).send(link);
    },
  );

  app.get(
    '/api/v1/people/:personId/guardianships',
    {
      schema: {
        tags,
        summary:
          'A person’s parents (a pupil) and children (a parent) that the administrator may see (audited)',
        params: PersonIdParams,
        response: { 200: GuardianLinks },
      },
    },
    async (request) => {
      const v = await viewer(request);
      authorize(isAnyAdmin(v), ADMINS_ONLY);
      const target = await people.requirePersonFacts(db, v, request.params.personId);
      authorize(canViewPersonDetails(v, target), 'You do not administer this person.');
      return people.listGuardianLinks(db, v, target, ctx(request, v));
    },
  );

  app.delete(
    '/api/v1/people/:personId/guardianships/:parentId',
    {
      schema: {
        tags,
        summary:
          'Unlink a parent from this pupil (administrator of the pupil’s organisation); the parent leaves the class parents’ chat unless another child keeps them there',
        params: GuardianshipParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      authorize(isAnyAdmin(v), ADMINS_ONLY);
      const { personId: pupilId, parentId } = request.params;
      const pupil = await people.requirePersonFacts(db, v, pupilId);
      authorize(canUnlinkGuardian(v, pupil), 'You do not administer this pupil’s organisation.');
      await people.unlinkGuardian(db, pupilId, parentId, ctx(request, v));
      await rosterChanged([parentId]);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/children',
    {
      schema: {
        tags,
        summary: 'Own children with their classes and schools',
        querystring: PageQuery,
        response: { 200: paged(MyChild) },
      },
    },
    async (request) => people.listMyChildren(db, await viewer(request), request.query),
  );
}
