import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../database';

/**
 * Network communities (DESIGN §3). The monitoring module reads `communities`
 * and `community_members` for the roadmap's targets: keep their columns.
 */
export interface CommunitiesTable {
  id: Generated<number>;
  municipality_id: number;
  /** `heads` | `deputies` | `parents` | `teachers` | `custom` */
  kind: string;
  title: string;
  description: string | null;
  /** The authority or an organisation; null: the municipality itself. */
  owner_org_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  archived_at: Timestamp | null;
}

/** One row per person and community; leaving sets `left_at`, coming back clears it. */
export interface CommunityMembersTable {
  community_id: number;
  person_id: number;
  /** `owner` | `admin` | `moderator` | `member` */
  role: string;
  /** `manual` | `rule` | `invitation` | `request` */
  source: string;
  joined_at: Timestamp;
  left_at: Timestamp | null;
}

/** Dynamic membership: `spec` is a JSON `RuleSpec` of `@parta/shared`. */
export interface CommunityRulesTable {
  id: Generated<number>;
  community_id: number;
  spec: string;
  created_by: number | null;
  created_at: Timestamp;
}

/** People a rule must not bring back: they left, or an admin removed them. */
export interface CommunityExclusionsTable {
  community_id: number;
  person_id: number;
  /** `left` | `removed` */
  reason: string;
  created_at: Timestamp;
}

export interface CommunityRequestsTable {
  id: Generated<number>;
  community_id: number;
  person_id: number;
  message: string | null;
  /** `pending` | `approved` | `rejected` | `cancelled` */
  status: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: number | null;
}

export interface CommunitiesTables {
  communities: CommunitiesTable;
  community_members: CommunityMembersTable;
  community_rules: CommunityRulesTable;
  community_exclusions: CommunityExclusionsTable;
  community_requests: CommunityRequestsTable;
}
