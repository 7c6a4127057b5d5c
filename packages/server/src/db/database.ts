import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { MonitoringTables } from './tables/monitoring';
import type { RoadmapTables } from './tables/roadmap';
import type { ImportsTables } from './tables/imports';
import type { CommunitiesTables } from './tables/communities';
import type { InvitationsTables } from './tables/invitations';
import type { FilesTables } from './tables/files';
import type { SearchTables } from './tables/search';
import type { PreferencesTables } from './tables/preferences';

/**
 * The Kysely schema of both dialects. Runtime types differ by driver and are
 * normalised in each repository's row→domain mapper (see `db/values.ts`):
 * - timestamps: PostgreSQL `timestamptz` → Date; SQLite stores ISO-8601 UTC text;
 * - booleans: PostgreSQL boolean; SQLite 0/1;
 * - local dates (`YYYY-MM-DD`) are text in both.
 * Writes may pass Date and boolean in both dialects: the SQLite driver adapter
 * converts them (`db/sqlite.ts`).
 */
export type Timestamp = ColumnType<Date | string, Date | string, Date | string>;
export type Bool = ColumnType<boolean | number, boolean, boolean>;
type Id = Generated<number>;

export interface MunicipalitiesTable {
  id: Id;
  name: string;
  short_name: string | null;
  time_zone: string;
  created_at: Timestamp;
}

export interface OrganizationsTable {
  id: Id;
  municipality_id: number;
  kind: string;
  name: string;
  short_name: string | null;
  external_id: string | null;
  created_at: Timestamp;
  archived_at: Timestamp | null;
}

export interface OrgBaselinesTable {
  id: Id;
  organization_id: number;
  category: string;
  headcount: number;
  valid_from: string;
}

export interface PeopleTable {
  id: Id;
  municipality_id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  phone: string | null;
  email: string | null;
  birth_date: string | null;
  external_id: string | null;
  created_at: Timestamp;
  deactivated_at: Timestamp | null;
  /** A system sender (the monitoring bot): authors messages, is never listed or written to. */
  system_sender: ColumnType<boolean | number, boolean | undefined, boolean>;
}

export interface AccountsTable {
  id: Id;
  person_id: number;
  login: string;
  password_hash: string;
  status: string;
  created_at: Timestamp;
  password_changed_at: Timestamp;
  last_login_at: Timestamp | null;
}

export interface AdminGrantsTable {
  id: Id;
  person_id: number;
  role: string;
  municipality_id: number | null;
  organization_id: number | null;
  created_at: Timestamp;
}

export interface PositionsTable {
  id: Id;
  person_id: number;
  organization_id: number;
  role: string;
  title: string | null;
  pedagogical: Bool;
  started_on: string | null;
  ended_on: string | null;
  created_at: Timestamp;
}

export interface ClassesTable {
  id: Id;
  organization_id: number;
  name: string;
  kind: string;
  grade: number | null;
  academic_year: number;
  class_teacher_id: number | null;
  created_at: Timestamp;
  archived_at: Timestamp | null;
}

export interface EnrolmentsTable {
  id: Id;
  pupil_id: number;
  class_id: number;
  started_on: string | null;
  ended_on: string | null;
}

export interface GuardianshipsTable {
  id: Id;
  parent_id: number;
  pupil_id: number;
  relation: string;
  created_at: Timestamp;
}

export interface SessionsTable {
  /** sha256 of the secret token, hex; the token itself is never stored. */
  id: string;
  /** Public handle for listing and revoking (not the secret). */
  public_id: string;
  account_id: number;
  kind: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  /** `account:<login>` or `ip:<address>` */
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface AuditLogTable {
  id: Id;
  at: Timestamp;
  actor_person_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  municipality_id: number | null;
  ip: string | null;
  details: string | null;
}

export interface ChatsTable {
  id: Id;
  municipality_id: number;
  kind: string;
  title: string | null;
  description: string | null;
  avatar: string | null;
  organization_id: number | null;
  class_id: number | null;
  community_id: number | null;
  direct_key: string | null;
  created_by: number | null;
  created_at: Timestamp;
  last_seq: ColumnType<number, number | undefined, number>;
  last_message_at: Timestamp | null;
  archived_at: Timestamp | null;
}

export interface ChatMembersTable {
  chat_id: number;
  person_id: number;
  role: string;
  read_seq: ColumnType<number, number | undefined, number>;
  muted: ColumnType<boolean | number, boolean | undefined, boolean>;
  source: ColumnType<string, string | undefined, string>;
  joined_at: Timestamp;
  joined_seq: ColumnType<number, number | undefined, number>;
  left_at: Timestamp | null;
}

export interface MessagesTable {
  id: Id;
  chat_id: number;
  seq: number;
  author_id: number | null;
  kind: string;
  client_message_id: string | null;
  body: string;
  reply_to_seq: number | null;
  forwarded_from_id: number | null;
  mentions: string | null;
  substantive: ColumnType<boolean | number, boolean | undefined, boolean>;
  created_at: Timestamp;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
  deleted_by: number | null;
}

export interface MessageEditsTable {
  id: Id;
  message_id: number;
  body: string;
  edited_by: number | null;
  edited_at: Timestamp;
}

export interface MessageReactionsTable {
  message_id: number;
  person_id: number;
  emoji: string;
  created_at: Timestamp;
}

export interface ChatPinsTable {
  chat_id: number;
  message_id: number;
  pinned_by: number | null;
  pinned_at: Timestamp;
}

export interface PollsTable {
  message_id: number;
  question: string;
  multiple: Bool;
  anonymous: Bool;
  closed_at: Timestamp | null;
}

export interface PollOptionsTable {
  id: Id;
  message_id: number;
  position: number;
  text: string;
}

export interface PollVotesTable {
  option_id: number;
  person_id: number;
  message_id: number;
  voted_at: Timestamp;
}

export interface ActivityDailyTable {
  person_id: number;
  day: string;
  messages: ColumnType<number, number | undefined, number>;
  substantive: ColumnType<number, number | undefined, number>;
  replies_received: ColumnType<number, number | undefined, number>;
  parent_conversation: ColumnType<number, number | undefined, number>;
}

/** Every table; each feature module declares its own in `db/tables/<module>.ts`. */
export interface Database
  extends
    MonitoringTables,
    RoadmapTables,
    ImportsTables,
    CommunitiesTables,
    InvitationsTables,
    FilesTables,
    SearchTables,
    PreferencesTables {
  municipalities: MunicipalitiesTable;
  organizations: OrganizationsTable;
  org_baselines: OrgBaselinesTable;
  people: PeopleTable;
  accounts: AccountsTable;
  admin_grants: AdminGrantsTable;
  positions: PositionsTable;
  classes: ClassesTable;
  enrolments: EnrolmentsTable;
  guardianships: GuardianshipsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  chats: ChatsTable;
  chat_members: ChatMembersTable;
  messages: MessagesTable;
  message_edits: MessageEditsTable;
  message_reactions: MessageReactionsTable;
  chat_pins: ChatPinsTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_votes: PollVotesTable;
  activity_daily: ActivityDailyTable;
}

export type Db = Kysely<Database>;
/** A database handle or an open transaction: services take either. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
export type Row<T extends keyof Database> = Selectable<Database[T]>;
