import {
  Baselines,
  ClassIdParams,
  ClassInfo,
  ClassQuery,
  CreateClass,
  CreateEnrolment,
  CreateOrganization,
  Enrolment,
  EnrolmentParams,
  Municipality,
  Organization,
  OrganizationDetails,
  OrganizationEntry,
  OrganizationQuery,
  OrgIdParams,
  PageQuery,
  Person,
  SetBaselines,
  StaffQuery,
  UpdateClass,
  UpdateOrganization,
  paged,
} from '@parta/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { clientInfo, requireActor } from '../../platform/auth-hook';
import { busEventSink } from '../../platform/events';
import type { AppDeps, AppInstance } from '../../platform/types';
import { renameClassChats, syncPeople, syncRosters } from '../chats';
import { syncCommunityRules } from '../communities';
import * as people from '../people';
import { authorize, canEndEnrolment, canEnrol, type ViewerFacts } from '../people';
import {
  canCreateOrganization,
  canListClasses,
  canListClassPupils,
  canListStaff,
  canManageClasses,
  canReadBaselines,
  canUpdateClass,
  canUpdateOrganization,
  canViewClass,
  canViewOrganization,
  canWriteBaselines,
} from './orgs.policy';
import * as orgs from './orgs.service';

const tags = ['organizations'];

/**
 * The municipality, its organisations, baselines, staff lists, classes and
 * enrolments. Each handler: validate (schemas) → load (404 outside the
 * viewer's municipality) → authorize (`orgs.policy.ts`, `people.policy.ts`)
 * → call the service → present.
 */
export function orgRoutes(app: AppInstance, deps: AppDeps): void {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());
  const viewer = (request: FastifyRequest) => people.viewerOf(db, requireActor(request));
  const ctx = (request: FastifyRequest, v: ViewerFacts) =>
    people.changeContext(v, clientInfo(request).ip, now());
  const today = (v: ViewerFacts) => people.localDateIn(v.timeZone, now());
  const events = busEventSink(deps.bus, app.log);
  /** Class and staff chats follow every roster change (after its commit). */
  const rosterChanged = async (ids: number[], opts: { withGuardians?: boolean } = {}) => {
    await syncPeople(db, { events, now }, ids, opts);
    await syncCommunityRules(db, { events, now });
  };
  /**
   * Chats follow a changed class (after its commit): generated titles follow
   * the name; the class teacher, archiving and the kind change who is in them.
   */
  const classChanged = async (change: orgs.ClassChange, municipalityId: number) => {
    const chatDeps = { events, now };
    const classId = change.info.id;
    if (change.renamed) await renameClassChats(db, chatDeps, classId, change.renamed);
    if (!change.teacher && !change.archivedChanged && !change.kindChanged) return;
    await syncRosters(db, chatDeps, { classId });
    if (change.kindChanged) {
      // A group has no pupils' chat: its pupils and teacher leave the old one.
      const teacher = change.info.classTeacherId;
      await syncPeople(db, chatDeps, [...change.pupilIds, ...(teacher === null ? [] : [teacher])]);
    }
    await syncCommunityRules(db, { events, now }, { municipalityId });
  };

  app.get(
    '/api/v1/municipality',
    { schema: { tags, summary: 'Own municipality', response: { 200: Municipality } } },
    async (request) => orgs.getMunicipality(db, await viewer(request)),
  );

  app.get(
    '/api/v1/organizations',
    {
      schema: {
        tags,
        summary:
          'Organisation directory of own municipality; counts for administrators, authority staff and heads',
        querystring: OrganizationQuery,
        response: { 200: paged(OrganizationEntry) },
      },
    },
    async (request) => orgs.listDirectory(db, await viewer(request), request.query),
  );

  app.post(
    '/api/v1/organizations',
    {
      schema: {
        tags,
        summary: 'Create an organisation (municipal administrator)',
        body: CreateOrganization,
        response: { 201: Organization },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      authorize(canCreateOrganization(v), 'Only a municipal administrator creates organisations.');
      return reply.code(201).send(await orgs.createOrganization(db, request.body, ctx(request, v)));
    },
  );

  app.get(
    '/api/v1/organizations/:orgId',
    {
      schema: {
        tags,
        summary: 'One organisation; counts as in the directory',
        params: OrgIdParams,
        response: { 200: OrganizationDetails },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const org = await orgs.requireOrganization(db, v, request.params.orgId);
      authorize(canViewOrganization(v, org));
      return orgs.getOrganization(db, v, org);
    },
  );

  app.patch(
    '/api/v1/organizations/:orgId',
    {
      schema: {
        tags,
        summary:
          'Change an organisation: names (its administrator), anything (municipal administrator)',
        params: OrgIdParams,
        body: UpdateOrganization,
        response: { 200: OrganizationDetails },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const org = await orgs.requireOrganization(db, v, request.params.orgId);
      const fields = Object.keys(request.body) as (keyof UpdateOrganization)[];
      authorize(canUpdateOrganization(v, org, fields), 'You may not change this organisation so.');
      return orgs.updateOrganization(db, v, org, request.body, ctx(request, v));
    },
  );

  app.get(
    '/api/v1/organizations/:orgId/baselines',
    {
      schema: {
        tags,
        summary: 'Headcount baselines in force today and their history',
        params: OrgIdParams,
        response: { 200: Baselines },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const org = await orgs.requireOrganization(db, v, request.params.orgId);
      authorize(canReadBaselines(v, org), 'You may not see this organisation’s baselines.');
      return orgs.getBaselines(db, org, today(v));
    },
  );

  app.put(
    '/api/v1/organizations/:orgId/baselines',
    {
      schema: {
        tags,
        summary: 'Set headcounts from their dates (municipal administrator); history is kept',
        params: OrgIdParams,
        body: SetBaselines,
        response: { 200: Baselines },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const org = await orgs.requireOrganization(db, v, request.params.orgId);
      authorize(canWriteBaselines(v, org), 'Only a municipal administrator sets baselines.');
      return orgs.setBaselines(db, org, request.body.items, ctx(request, v), today(v));
    },
  );

  app.get(
    '/api/v1/organizations/:orgId/staff',
    {
      schema: {
        tags,
        summary: 'Active people with a position in the organisation',
        params: OrgIdParams,
        querystring: StaffQuery,
        response: { 200: paged(Person) },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const org = await orgs.requireOrganization(db, v, request.params.orgId);
      authorize(canListStaff(v, org), 'You may not see the staff of this organisation.');
      return people.listStaff(db, org.id, request.query);
    },
  );

  app.get(
    '/api/v1/organizations/:orgId/classes',
    {
      schema: {
        tags,
        summary: 'Classes and groups of the organisation (not archived)',
        params: OrgIdParams,
        querystring: ClassQuery,
        response: { 200: paged(ClassInfo) },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const org = await orgs.requireOrganization(db, v, request.params.orgId);
      authorize(canListClasses(v, org), 'You may not see the classes of this organisation.');
      return orgs.listClasses(db, org, request.query);
    },
  );

  app.post(
    '/api/v1/organizations/:orgId/classes',
    {
      schema: {
        tags,
        summary: 'Create a class or group (administrator of the organisation)',
        params: OrgIdParams,
        body: CreateClass,
        response: { 201: ClassInfo },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const org = await orgs.requireOrganization(db, v, request.params.orgId);
      authorize(canManageClasses(v, org), 'You do not administer this organisation.');
      const created = await orgs.createClass(db, org, request.body, ctx(request, v));
      if (created.classTeacherId !== null) await rosterChanged([created.classTeacherId]);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/classes/:classId',
    {
      schema: {
        tags,
        summary: 'One class: its staff, administrators, authority staff and its own pupils',
        params: ClassIdParams,
        response: { 200: ClassInfo },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const cls = await orgs.requireClass(db, v, request.params.classId);
      authorize(canViewClass(v, cls), 'You may not see this class.');
      return orgs.getClassInfo(db, cls);
    },
  );

  app.patch(
    '/api/v1/classes/:classId',
    {
      schema: {
        tags,
        summary:
          'Change a class (administrator of the organisation): name, kind, grade, year, class teacher, archived; its chats follow',
        params: ClassIdParams,
        body: UpdateClass,
        response: { 200: ClassInfo },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const cls = await orgs.requireClass(db, v, request.params.classId);
      authorize(canUpdateClass(v, cls), 'You do not administer this class’s organisation.');
      const change = await orgs.updateClass(db, cls, request.body, ctx(request, v));
      await classChanged(change, cls.municipalityId);
      return change.info;
    },
  );

  app.get(
    '/api/v1/classes/:classId/pupils',
    {
      schema: {
        tags,
        summary:
          'Pupils of a class: staff of the organisation, its administrators and classmates only',
        params: ClassIdParams,
        querystring: PageQuery,
        response: { 200: paged(Person) },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const cls = await orgs.requireClass(db, v, request.params.classId);
      authorize(canListClassPupils(v, cls), 'You may not see the pupils of this class.');
      return people.listClassPupils(db, cls.id, request.query);
    },
  );

  app.post(
    '/api/v1/classes/:classId/enrolments',
    {
      schema: {
        tags,
        summary: 'Enrol a pupil (administrator of the organisation who administers the pupil)',
        params: ClassIdParams,
        body: CreateEnrolment,
        response: { 201: Enrolment },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const cls = await orgs.requireClass(db, v, request.params.classId);
      const pupil = await people.personFactsForField(db, v, request.body.pupilId, 'body.pupilId');
      authorize(canEnrol(v, cls, pupil), 'You may not enrol this pupil in this class.');
      const classRef = { ...cls, archived: cls.row.archived_at !== null };
      const enrolment = await people.enrolPupil(
        db,
        classRef,
        pupil.personId,
        ctx(request, v),
        v.timeZone,
      );
      await rosterChanged([pupil.personId], { withGuardians: true });
      return reply.code(201).send(enrolment);
    },
  );

  app.delete(
    '/api/v1/classes/:classId/enrolments/:pupilId',
    {
      schema: {
        tags,
        summary: 'End a pupil’s enrolment today (kept in history)',
        params: EnrolmentParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const cls = await orgs.requireClass(db, v, request.params.classId);
      authorize(canEndEnrolment(v, cls), 'You do not administer this class.');
      await people.endEnrolment(db, cls, request.params.pupilId, ctx(request, v), v.timeZone);
      await rosterChanged([request.params.pupilId], { withGuardians: true });
      return reply.code(204).send(null);
    },
  );
}
