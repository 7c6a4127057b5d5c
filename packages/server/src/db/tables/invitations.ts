import type { ColumnType, Generated } from 'kysely';
import type { Bool, Timestamp } from '../database';

/**
 * Invitations (DESIGN §5): each fixes the role and the scope it grants,
 * expires, has a use limit and can be revoked. The long token is stored only
 * as its SHA-256; the short code is stored as it is, so sheets can be printed
 * again (it is random, unique, and guessing it is throttled per address).
 */
export interface InvitationsTable {
  id: Generated<number>;
  municipality_id: number;
  /** `staff` | `staff_personal` | `pupils` | `parents` | `parent_personal` | `community` */
  kind: string;
  /** The role granted: a position role, `pupil`, `parent`, or a community role. */
  role: string;
  organization_id: number | null;
  class_id: number | null;
  /** `parent_personal`: the child the parent is linked to. */
  pupil_id: number | null;
  /** `staff_personal`: the roster person the account is made for. */
  person_id: number | null;
  community_id: number | null;
  /** `staff`: the job title and pedagogical flag of the new position. */
  position_title: string | null;
  pedagogical: Bool | null;
  token_hash: string;
  code: string;
  max_uses: number;
  use_count: ColumnType<number, number | undefined, number>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InvitationUsesTable {
  id: Generated<number>;
  invitation_id: number;
  person_id: number;
  person_created: Bool;
  account_created: Bool;
  used_at: Timestamp;
  ip: string | null;
}

/** Failed look-ups of invitation codes per client address: guessing is throttled. */
export interface InvitationThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

/** Messages to people (invitations by e-mail or SMS): what was sent, or stored for an admin. */
export interface OutboxTable {
  id: Generated<number>;
  municipality_id: number;
  organization_id: number | null;
  /** `email` | `sms` */
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  /** `stored` (no sender: an admin delivers it) | `pending` | `sent` | `failed` */
  status: string;
  sender: string;
  error: string | null;
  invitation_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface InvitationsTables {
  invitations: InvitationsTable;
  invitation_uses: InvitationUsesTable;
  invitation_throttle: InvitationThrottleTable;
  outbox: OutboxTable;
}
