import { z } from 'zod';
import {
  AdminRole,
  ClassKind,
  GuardianRelation,
  OrgKind,
  POSITION_ROLES,
  PositionRole,
} from '../enums';
import { Id, LocalDate, PageQuery, Timestamp } from './common';
import { LIMITS } from '../limits';

const NamePart = z.string().trim().min(1).max(LIMITS.nameMaxLength);

export const Position = z.object({
  id: z.number().int(),
  organizationId: z.number().int(),
  organizationName: z.string(),
  organizationKind: OrgKind,
  role: PositionRole,
  title: z.string().nullable(),
  pedagogical: z.boolean(),
});
export type Position = z.infer<typeof Position>;

/** What anyone allowed to see a person sees. Contacts only for staff-level viewers. */
export const Person = z.object({
  id: z.number().int(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  displayName: z.string().describe('«Фамилия Имя Отчество»'),
  positions: z.array(Position),
  active: z.boolean(),
});
export type Person = z.infer<typeof Person>;

/**
 * What a person is in the organisation model, derived from current relations:
 * `staff` holds an active position, `pupil` has an open enrolment in a class
 * not archived, `parent` is the legal representative of a pupil. A person may
 * be several at once (a teacher who is a parent); always in this order.
 */
export const PERSON_KINDS = ['staff', 'pupil', 'parent'] as const;
export const PersonKind = z.enum(PERSON_KINDS);
export type PersonKind = z.infer<typeof PersonKind>;
const PersonKinds = z
  .array(PersonKind)
  .describe('staff, pupil, parent — any of them, in this order');

/** A person with contacts and identifiers: for themselves and administrators. */
export const PersonDetails = Person.extend({
  phone: z.string().nullable(),
  email: z.string().nullable(),
  birthDate: LocalDate.nullable(),
  externalId: z.string().nullable(),
  hasAccount: z.boolean(),
  kinds: PersonKinds,
  createdAt: Timestamp,
});
export type PersonDetails = z.infer<typeof PersonDetails>;

export const ClassInfo = z.object({
  id: z.number().int(),
  organizationId: z.number().int(),
  name: z.string().describe('«5А», «Средняя группа «Солнышко»»'),
  kind: ClassKind,
  grade: z.number().int().nullable(),
  academicYear: z.number().int().describe('2023 means 2023/24'),
  classTeacherId: z.number().int().nullable(),
  pupilCount: z.number().int(),
  archived: z
    .boolean()
    .describe('Archived classes keep their history; their chats have no members'),
});
export type ClassInfo = z.infer<typeof ClassInfo>;

/** Who the signed-in person is, and what they may do. */
export const Me = z.object({
  person: PersonDetails,
  login: z.string(),
  adminRoles: z.array(z.object({ role: AdminRole, organizationId: z.number().int().nullable() })),
  /** Pupils the person is a legal representative of. */
  children: z.array(
    z.object({
      id: z.number().int(),
      displayName: z.string(),
      className: z.string().nullable(),
      organizationName: z.string().nullable(),
    }),
  ),
  /** Classes the person studies in (pupils). */
  classes: z.array(
    z.object({ id: z.number().int(), name: z.string(), organizationName: z.string() }),
  ),
  municipality: z.object({ id: z.number().int(), name: z.string(), timeZone: z.string() }),
  csrfToken: z.string().describe('Send back as X-CSRF-Token on cookie-authenticated writes'),
});
export type Me = z.infer<typeof Me>;

export const CreatePerson = z.strictObject({
  lastName: NamePart,
  firstName: NamePart,
  middleName: NamePart.nullish(),
  phone: z.string().trim().max(32).nullish(),
  email: z.string().trim().toLowerCase().email().max(LIMITS.loginMaxLength).nullish(),
  birthDate: LocalDate.nullish(),
  externalId: z.string().trim().min(1).max(64).nullish(),
});
export type CreatePerson = z.infer<typeof CreatePerson>;

export const UpdatePerson = CreatePerson.partial().extend({ active: z.boolean().optional() });
export type UpdatePerson = z.infer<typeof UpdatePerson>;

export const CreatePosition = z.strictObject({
  organizationId: Id,
  role: PositionRole,
  title: z.string().trim().min(1).max(LIMITS.titleMaxLength).nullish(),
  pedagogical: z.boolean(),
});
export type CreatePosition = z.infer<typeof CreatePosition>;

export const CreateClass = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.nameMaxLength),
  kind: ClassKind.default('class'),
  grade: z.number().int().min(0).max(12).nullish(),
  academicYear: z.number().int().min(2000).max(2100),
  classTeacherId: Id.nullish(),
});
export type CreateClass = z.infer<typeof CreateClass>;

/**
 * `PATCH /classes/:classId`: only the fields sent change. The class teacher
 * must hold an active pedagogical position in the class's organisation
 * (`null` removes them); `archived: true` takes everyone out of the class chats.
 */
export const UpdateClass = z.strictObject({
  name: CreateClass.shape.name.optional(),
  kind: ClassKind.optional(),
  grade: z.number().int().min(0).max(12).nullable().optional(),
  academicYear: CreateClass.shape.academicYear.optional(),
  classTeacherId: Id.nullable().optional(),
  archived: z.boolean().optional(),
});
export type UpdateClass = z.infer<typeof UpdateClass>;

export const CreateEnrolment = z.strictObject({ pupilId: Id });
export const CreateGuardianship = z.strictObject({
  parentId: Id,
  relation: GuardianRelation.default('other'),
});

export const PersonIdParams = z.strictObject({ personId: Id });
/** `DELETE /people/:personId/guardianships/:parentId`: `personId` is the pupil. */
export const GuardianshipParams = z.strictObject({ personId: Id, parentId: Id });
export const PositionIdParams = z.strictObject({ positionId: Id });

/** Role filter of the people directory: a position role, or pupil / parent. */
export const PeopleRoleFilter = z.enum([...POSITION_ROLES, 'pupil', 'parent']);
export type PeopleRoleFilter = z.infer<typeof PeopleRoleFilter>;

export const PeopleQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.nameMaxLength)
    .optional()
    .describe('Part of a name; every word must match'),
  orgId: Id.optional().describe('Only people with a position, class or child in this organisation'),
  role: PeopleRoleFilter.optional(),
});
export type PeopleQuery = z.infer<typeof PeopleQuery>;

/** A row of the administrators' people directory (no contacts). */
export const PersonListItem = Person.extend({
  hasAccount: z.boolean(),
  kinds: PersonKinds,
});
export type PersonListItem = z.infer<typeof PersonListItem>;

/**
 * `POST /people`. A municipal administrator may create a person without
 * placing them; an organisation administrator must place the new person in
 * their organisation in the same request (a position, a class, or as the
 * parent of one of its pupils), or they could not see whom they created.
 */
export const CreatePersonRequest = CreatePerson.extend({
  position: CreatePosition.optional(),
  classId: Id.optional().describe('Enrol the new person as a pupil of this class'),
  guardianOf: z
    .strictObject({ pupilId: Id, relation: GuardianRelation.default('other') })
    .optional()
    .describe('Make the new person a parent of this pupil'),
});
export type CreatePersonRequest = z.infer<typeof CreatePersonRequest>;

/** `GET /people/:personId`: `PersonDetails` for oneself and administrators, `Person` for everyone else. */
export const PersonView = z.union([PersonDetails, Person]);
export type PersonView = z.infer<typeof PersonView>;

export const Guardianship = z.object({
  parentId: z.number().int(),
  pupilId: z.number().int(),
  relation: GuardianRelation,
  createdAt: Timestamp,
});
export type Guardianship = z.infer<typeof Guardianship>;

/** The other side of a parent ↔ pupil link, as its administrators see it. */
export const GuardianLink = z.object({
  personId: z.number().int(),
  displayName: z.string(),
  active: z.boolean(),
  relation: GuardianRelation.describe('What the parent is to the pupil'),
  createdAt: Timestamp,
  classes: z
    .array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        organizationId: z.number().int(),
        organizationName: z.string().describe('The short name where there is one'),
      }),
    )
    .describe('The pupil’s current classes (children only; empty for parents)'),
});
export type GuardianLink = z.infer<typeof GuardianLink>;

/**
 * `GET /people/:personId/guardianships`: the person's legal representatives
 * (when a pupil) and children (when a parent). Only links to people the
 * viewer may see are listed.
 */
export const GuardianLinks = z.object({
  parents: z.array(GuardianLink),
  children: z.array(GuardianLink),
});
export type GuardianLinks = z.infer<typeof GuardianLinks>;

export const Enrolment = z.object({
  pupilId: z.number().int(),
  classId: z.number().int(),
  startedOn: LocalDate.nullable(),
  endedOn: LocalDate.nullable(),
});
export type Enrolment = z.infer<typeof Enrolment>;

/** A child of the signed-in parent, with their current classes and schools. */
export const MyChild = z.object({
  id: z.number().int(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  displayName: z.string(),
  relation: GuardianRelation,
  classes: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      organizationId: z.number().int(),
      organizationName: z.string(),
    }),
  ),
});
export type MyChild = z.infer<typeof MyChild>;
