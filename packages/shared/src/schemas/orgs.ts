import { z } from 'zod';
import { BaselineCategory, OrgKind, PositionRole } from '../enums';
import { Id, LocalDate, Name, PageQuery, Timestamp } from './common';
import { LIMITS } from '../limits';

export const Municipality = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  timeZone: z.string().describe('IANA time zone; weeks and days are counted in it'),
});
export type Municipality = z.infer<typeof Municipality>;

export const Organization = z.object({
  id: z.number().int(),
  municipalityId: z.number().int(),
  kind: OrgKind,
  name: z.string(),
  shortName: z.string().nullable(),
  externalId: z.string().nullable(),
  createdAt: Timestamp,
  archivedAt: Timestamp.nullable(),
});
export type Organization = z.infer<typeof Organization>;

export const CreateOrganization = z.strictObject({
  kind: OrgKind,
  name: z.string().trim().min(1).max(LIMITS.titleMaxLength),
  shortName: z.string().trim().min(1).max(LIMITS.nameMaxLength).nullish(),
  externalId: z.string().trim().min(1).max(64).nullish(),
});
export type CreateOrganization = z.infer<typeof CreateOrganization>;

export const UpdateOrganization = CreateOrganization.partial().extend({
  archived: z.boolean().optional(),
});
export type UpdateOrganization = z.infer<typeof UpdateOrganization>;

export const Baseline = z.object({
  organizationId: z.number().int(),
  category: BaselineCategory,
  headcount: z.number().int(),
  validFrom: LocalDate,
});
export type Baseline = z.infer<typeof Baseline>;

export const SetBaseline = z.strictObject({
  category: BaselineCategory,
  headcount: z.number().int().min(0).max(1_000_000),
  validFrom: LocalDate,
});
export type SetBaseline = z.infer<typeof SetBaseline>;

export const OrganizationSummary = Organization.extend({
  counts: z.object({
    staff: z.number().int(),
    pedagogical: z.number().int(),
    pupils: z.number().int(),
    classes: z.number().int(),
  }),
});
export type OrganizationSummary = z.infer<typeof OrganizationSummary>;

export const OrgIdParams = z.strictObject({ orgId: Id });
export { Name };

/** A query-string flag: `true`/`1` or `false`/`0`. */
export const QueryFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

export const OrgCounts = z.object({
  staff: z.number().int().describe('Active people with a position'),
  pedagogical: z.number().int().describe('Active people with a pedagogical position'),
  pupils: z.number().int().describe('Active pupils with an open enrolment'),
  classes: z.number().int().describe('Classes and groups not archived'),
});
export type OrgCounts = z.infer<typeof OrgCounts>;

/**
 * An entry of the organisation directory every member of the municipality
 * sees. `counts` only for municipal and organisation administrators,
 * authority staff and the organisation's heads; null for everyone else.
 */
export const OrganizationEntry = z.object({
  id: z.number().int(),
  kind: OrgKind,
  name: z.string(),
  shortName: z.string().nullable(),
  archived: z.boolean(),
  counts: OrgCounts.nullable(),
});
export type OrganizationEntry = z.infer<typeof OrganizationEntry>;

/** `GET /organizations/:orgId`; `counts` as in `OrganizationEntry`. */
export const OrganizationDetails = Organization.extend({ counts: OrgCounts.nullable() });
export type OrganizationDetails = z.infer<typeof OrganizationDetails>;

export const OrganizationQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.titleMaxLength)
    .optional()
    .describe('Part of the full or short name or the external id; every word must match, any case'),
  kind: OrgKind.optional(),
  includeArchived: QueryFlag.optional(),
});
export type OrganizationQuery = z.infer<typeof OrganizationQuery>;

/**
 * Headcount baselines of one organisation. Each change is a new row from its
 * `validFrom`; `current` holds, per category, the row in force today (in the
 * municipality's time zone), `history` every row, newest first.
 */
export const Baselines = z.object({ current: z.array(Baseline), history: z.array(Baseline) });
export type Baselines = z.infer<typeof Baselines>;

/** `PUT /organizations/:orgId/baselines`: sets headcounts; the same category and date replaces. */
export const SetBaselines = z
  .strictObject({ items: z.array(SetBaseline).min(1).max(50) })
  .refine(
    (v) => new Set(v.items.map((i) => `${i.category}@${i.validFrom}`)).size === v.items.length,
    { message: 'each category and validFrom at most once', path: ['items'] },
  );
export type SetBaselines = z.infer<typeof SetBaselines>;

export const ClassIdParams = z.strictObject({ classId: Id });
export const EnrolmentParams = z.strictObject({ classId: Id, pupilId: Id });

export const ClassQuery = PageQuery.extend({
  academicYear: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type ClassQuery = z.infer<typeof ClassQuery>;

export const StaffQuery = PageQuery.extend({
  role: PositionRole.optional(),
});
export type StaffQuery = z.infer<typeof StaffQuery>;
