import { z } from 'zod';
import { OrgKind } from '../enums';
import { isoWeekRange } from '../time';
import { Id, LocalDate, Timestamp } from './common';

/**
 * Adoption monitoring (DESIGN §6) and the roadmap: the weekly report, its
 * trend, the drill-down, activity imports, settings, roadmaps.
 *
 * Shares are fractions (0.873 = 87.3 %) rounded to 4 decimals, or null when
 * the denominator is 0. Counts of people never include message content.
 */

/** An ISO week `2023-W50` that exists (week 53 only in 53-week years). */
export const IsoWeek = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'expected an ISO week like 2023-W50')
  .refine((s) => isoWeekRange(s) !== null, 'no such ISO week');

export const MESSAGE_THRESHOLD_MAX = 1000;
export const Threshold = z.coerce
  .number()
  .int()
  .min(1)
  .max(MESSAGE_THRESHOLD_MAX)
  .describe('N of "wrote at least N messages"; default from the settings (10)');

export const REPORT_FORMATS = ['json', 'xlsx', 'csv', 'pdf'] as const;
export const ReportFormat = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const WeeklyQuery = z.strictObject({
  week: IsoWeek.optional().describe('default: the last closed week'),
  threshold: Threshold.optional(),
  format: ReportFormat.default('json'),
});
export type WeeklyQuery = z.infer<typeof WeeklyQuery>;

export const ZONES = ['red', 'yellow', 'green'] as const;
export const Zone = z.enum(ZONES);
export type Zone = z.infer<typeof Zone>;

const int = z.number().int();
const share = z.number().nullable();

/** Staff by messages written in the week (independent of the threshold). */
export const Distribution = z.object({
  none: int.describe('0 messages'),
  from1to4: int,
  from5to9: int,
  from10to19: int,
  from20: int.describe('20 or more'),
});
export type Distribution = z.infer<typeof Distribution>;

/** One group of staff (pedagogical workers, or authority staff) in one scope. */
export const StaffIndicators = z.object({
  baseline: int.describe('headcount of org_baselines valid in the week (what shares divide by)'),
  staff: int.describe('people holding such a position in the week'),
  registered: int.describe('of them, with an account created by the end of the week'),
  active: int.describe('of them, wrote at least `threshold` messages in the week'),
  share: share.describe('active / baseline'),
  shareOfRegistered: share.describe('active / registered'),
  zero: int.describe('staff who wrote nothing in the week'),
  distribution: Distribution,
  messages: int.describe('messages they wrote (text and polls; deleted ones too)'),
  substantive: int.describe('of them, substantive (docs/monitoring.md)'),
  substantiveShare: share,
  repliesReceived: int.describe('replies their messages received'),
  parentConversation: int.describe(
    'their messages in class parents’ chats and direct chats with parents',
  ),
});
export type StaffIndicators = z.infer<typeof StaffIndicators>;

export const FamilyIndicators = z.object({
  pupils: int.describe('pupils enrolled in the week'),
  pupilsBaseline: int.describe('pupils headcount of org_baselines'),
  pupilsConnected: int.describe('pupils with an account'),
  pupilsActive: int.describe('pupils who wrote at least one message'),
  pupilsWithConnectedParent: int.describe('pupils with at least one parent holding an account'),
  parentShare: share.describe(
    'pupilsWithConnectedParent / pupils baseline (enrolled when no baseline)',
  ),
  parentsConnected: int,
  parentsActive: int.describe('parents who wrote at least one message in the week'),
});
export type FamilyIndicators = z.infer<typeof FamilyIndicators>;

export const CommunityIndicators = z.object({
  available: z.boolean().describe('false while the communities module has no tables'),
  byKind: z.object({
    heads: int,
    deputies: int,
    parents: int,
    teachers: int,
    custom: int,
  }),
  total: int,
  headsConnected: int.describe(
    'people in the authority’s communities of heads (heads and the authority’s staff)',
  ),
  deputiesConnected: int.describe('people in the authority’s communities of deputy heads'),
});
export type CommunityIndicators = z.infer<typeof CommunityIndicators>;

export const TypeRow = StaffIndicators.extend({
  type: OrgKind.exclude(['authority']),
  organizations: int,
  families: FamilyIndicators,
});
export type TypeRow = z.infer<typeof TypeRow>;

export const OrganizationRow = StaffIndicators.extend({
  id: int,
  name: z.string(),
  shortName: z.string().nullable(),
  type: OrgKind.exclude(['authority']),
  zone: Zone.nullable().describe(
    'share / target against the zone thresholds; null without a baseline',
  ),
  activeChange: int.nullable().describe('active minus active of the previous week'),
  families: FamilyIndicators,
});
export type OrganizationRow = z.infer<typeof OrganizationRow>;

export const ImportedIndicators = z.object({
  people: int.describe('people with imported counts in the week'),
  pedagogical: z.object({ active: int, share, messages: int }),
  authority: z.object({ active: int, share, messages: int }),
  byType: z.array(z.object({ type: OrgKind.exclude(['authority']), active: int, share })),
  organizations: z.array(z.object({ id: int, active: int, share })),
});
export type ImportedIndicators = z.infer<typeof ImportedIndicators>;

export const WeekChange = z.object({
  previousWeek: z.string(),
  pedagogicalActive: int,
  pedagogicalShare: share,
  authorityActive: int,
  authorityShare: share,
});

export const ZoneSettings = z.object({
  targetShare: z.number().describe('the target share (1 = 100 %)'),
  redBelow: z.number().describe('red below this fraction of the target'),
  yellowBelow: z.number().describe('yellow below this fraction of the target; green at or above'),
});

export const WeeklyReport = z.object({
  week: z.string(),
  from: LocalDate.describe('Monday, local date'),
  to: LocalDate.describe('Sunday, local date'),
  threshold: int,
  timeZone: z.string(),
  municipality: z.object({ id: int, name: z.string() }),
  closed: z.boolean().describe('the week has ended'),
  frozen: z.boolean().describe('read from monitoring_weeks, not computed now'),
  frozenAt: Timestamp.nullable(),
  computedAt: Timestamp,
  zones: ZoneSettings,
  totals: z.object({
    pedagogical: StaffIndicators.describe('a person counts once, however many organisations'),
    authority: StaffIndicators,
    families: FamilyIndicators,
    communities: CommunityIndicators,
  }),
  byType: z.array(TypeRow),
  organizations: z.array(OrganizationRow),
  weakest: z
    .array(z.object({ id: int, name: z.string(), type: OrgKind, share, zone: Zone.nullable() }))
    .describe('organisations with the lowest share, weakest first'),
  imported: ImportedIndicators.describe('activity imported from another messenger, apart'),
  change: WeekChange.nullable().describe('against the previous week'),
  scope: z
    .enum(['municipality', 'organizations'])
    .describe('organizations: the viewer sees only their own organisations’ rows'),
});
export type WeeklyReport = z.infer<typeof WeeklyReport>;

export const TrendQuery = z.strictObject({
  from: IsoWeek,
  to: IsoWeek,
  threshold: Threshold.optional(),
});
export type TrendQuery = z.infer<typeof TrendQuery>;

export const TrendPoint = z.object({
  week: z.string(),
  from: LocalDate,
  to: LocalDate,
  pedagogical: z.object({ baseline: int, registered: int, active: int, share }),
  authority: z.object({ baseline: int, registered: int, active: int, share }),
  substantiveShare: share,
  parentShare: share,
  importedActive: int,
  byType: z.array(z.object({ type: OrgKind, active: int, share })),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const Trend = z.object({
  from: z.string(),
  to: z.string(),
  threshold: int,
  points: z.array(TrendPoint),
});
export type Trend = z.infer<typeof Trend>;

export const StaffDrillDownQuery = z.strictObject({
  week: IsoWeek.optional(),
  threshold: Threshold.optional(),
});

export const StaffDrillDown = z.object({
  week: z.string(),
  from: LocalDate,
  to: LocalDate,
  threshold: int,
  organization: z.object({ id: int, name: z.string(), type: OrgKind }),
  staff: z.number().int().describe('staff counted in this organisation'),
  below: z
    .array(
      z.object({
        personId: int,
        displayName: z.string(),
        titles: z.array(z.string()),
        messages: int,
        registered: z.boolean(),
      }),
    )
    .describe('people below the threshold, fewest messages first; never message content'),
});
export type StaffDrillDown = z.infer<typeof StaffDrillDown>;

export const ImportResult = z.object({
  importId: int,
  rows: int,
  matched: int,
  weeks: z.array(z.string()),
  unmatched: z
    .array(z.object({ line: int, reason: z.string() }))
    .describe('rows not stored, with the reason (at most 100 shown)'),
  refrozen: z.array(z.string()).describe('closed weeks frozen again with the new data'),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const MonitoringSettings = z.object({
  threshold: int,
  targetShare: z.number(),
  redBelow: z.number(),
  yellowBelow: z.number(),
  weakestCount: int,
  weeklyPost: z.boolean(),
  weeklyPostWeekday: int.describe('1 = Monday … 7 = Sunday'),
  weeklyPostHour: int.describe('local hour 0–23'),
  lastActiveWeek: z
    .string()
    .nullable()
    .describe(
      'The latest ISO week with any messages counted (native or imported), e.g. 2024-W21; null: none yet',
    ),
});
export type MonitoringSettings = z.infer<typeof MonitoringSettings>;

export const UpdateMonitoringSettings = z
  .strictObject({
    threshold: Threshold,
    targetShare: z.number().gt(0).max(1),
    redBelow: z.number().min(0).max(1),
    yellowBelow: z.number().min(0).max(1),
    weakestCount: z.number().int().min(0).max(100),
    weeklyPost: z.boolean(),
    weeklyPostWeekday: z.number().int().min(1).max(7),
    weeklyPostHour: z.number().int().min(0).max(23),
  })
  .partial();
export type UpdateMonitoringSettings = z.infer<typeof UpdateMonitoringSettings>;

// ---------------------------------------------------------------------------
// Roadmap

/** Indicators a measurable target can be bound to (docs/monitoring.md). */
export const TARGET_INDICATORS = [
  'pedagogical_active_share',
  'pedagogical_active',
  'authority_active_share',
  'authority_active',
  'parent_share',
  'communities',
  'heads_connected',
  'deputies_connected',
] as const;
export const TargetIndicator = z.enum(TARGET_INDICATORS);
export type TargetIndicator = z.infer<typeof TargetIndicator>;

export const COMPARATORS = ['>=', '>', '=', '<=', '<'] as const;
export const Comparator = z.enum(COMPARATORS);
export type Comparator = z.infer<typeof Comparator>;

export const COMMUNITY_KINDS = ['heads', 'deputies', 'parents', 'teachers', 'custom'] as const;
export const CommunityKind = z.enum(COMMUNITY_KINDS);

export const TargetParams = z.strictObject({
  kind: CommunityKind.optional().describe('for `communities`'),
  threshold: Threshold.optional().describe('for the *_active indicators; default 10'),
});

export const TargetInput = z.strictObject({
  indicator: TargetIndicator,
  params: TargetParams.default({}),
  comparator: Comparator,
  value: z
    .number()
    .min(0)
    .max(1_000_000)
    .describe('shares in percent (100 = 100 %), counts as they are'),
  dueDate: LocalDate.nullish().describe('default: the end of the item’s period'),
  title: z.string().trim().min(1).max(500).nullish(),
});
export type TargetInput = z.infer<typeof TargetInput>;

export const ResponsibleScope = z.strictObject({
  authority: z.boolean().default(false),
  orgKinds: z
    .array(OrgKind.exclude(['authority']))
    .max(3)
    .default([]),
  orgIds: z.array(Id).max(500).default([]),
});

export const RoadmapItemInput = z.strictObject({
  number: z.number().int().min(0).max(10_000),
  title: z.string().trim().min(1).max(2000),
  responsible: z.string().trim().min(1).max(1000),
  scope: ResponsibleScope.default({ authority: false, orgKinds: [], orgIds: [] }),
  periodFrom: LocalDate,
  periodTo: LocalDate,
  expectedResult: z.string().trim().min(1).max(2000),
  target: TargetInput.nullish(),
});
export type RoadmapItemInput = z.infer<typeof RoadmapItemInput>;

export const ROADMAP_TEMPLATES = ['kushva-2023'] as const;
export const RoadmapTemplateKey = z.enum(ROADMAP_TEMPLATES);

export const CreateRoadmap = z.strictObject({
  template: RoadmapTemplateKey.optional().describe('start from a template; items below are added'),
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().trim().max(5000).nullish(),
  dueDate: LocalDate.nullish(),
  goals: z.array(TargetInput).max(20).default([]),
  items: z.array(RoadmapItemInput).max(200).default([]),
});
export type CreateRoadmap = z.infer<typeof CreateRoadmap>;

export const CloseItem = z.strictObject({
  note: z.string().trim().min(1).max(5000).describe('evidence: what was done, where to find it'),
});

export const ITEM_STATUSES = ['not_started', 'in_progress', 'achieved', 'overdue'] as const;
export const ItemStatus = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const TargetStatus = z.object({
  id: int,
  indicator: TargetIndicator,
  params: z.object({ kind: z.string().optional(), threshold: int.optional() }),
  comparator: Comparator,
  value: z.number(),
  dueDate: LocalDate,
  title: z.string(),
  current: z.number().nullable().describe('value in the current (or last) week'),
  met: z.boolean(),
  firstMetWeek: z.string().nullable(),
  firstMetOn: LocalDate.nullable().describe('last day of the week it was first met'),
  status: ItemStatus,
});
export type TargetStatus = z.infer<typeof TargetStatus>;

export const RoadmapItem = z.object({
  id: int,
  number: int,
  title: z.string(),
  responsible: z.string(),
  scope: z.object({
    authority: z.boolean(),
    orgKinds: z.array(OrgKind),
    orgIds: z.array(int),
  }),
  periodFrom: LocalDate,
  periodTo: LocalDate,
  expectedResult: z.string(),
  target: TargetStatus.nullable(),
  status: ItemStatus,
  achievedOn: LocalDate.nullable(),
  late: z.boolean().describe('achieved after the end of its period'),
  closure: z.object({ closedAt: Timestamp, closedBy: int.nullable(), note: z.string() }).nullable(),
});
export type RoadmapItem = z.infer<typeof RoadmapItem>;

export const StatusCounts = z.object({
  not_started: int,
  in_progress: int,
  achieved: int,
  overdue: int,
});

export const RoadmapSummary = z.object({
  id: int,
  title: z.string(),
  description: z.string().nullable(),
  template: z.string().nullable(),
  dueDate: LocalDate.nullable(),
  createdAt: Timestamp,
  counts: StatusCounts,
});
export type RoadmapSummary = z.infer<typeof RoadmapSummary>;

export const Roadmap = RoadmapSummary.extend({
  asOf: LocalDate,
  goals: z.array(TargetStatus),
  items: z.array(RoadmapItem),
});
export type Roadmap = z.infer<typeof Roadmap>;

export const RoadmapStatusQuery = z.strictObject({
  asOf: LocalDate.optional().describe('evaluate as of this local date (default: today)'),
});

export const RoadmapTemplate = z.object({
  key: RoadmapTemplateKey,
  title: z.string(),
  items: int,
  goals: int,
});
export type RoadmapTemplate = z.infer<typeof RoadmapTemplate>;
