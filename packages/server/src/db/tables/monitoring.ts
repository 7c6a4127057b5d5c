import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../database';

type Counter = ColumnType<number, number | undefined, number>;

/** Per municipality: the monitoring's configurable numbers (defaults when absent). */
export interface MonitoringSettingsTable {
  municipality_id: number;
  threshold: ColumnType<number, number | undefined, number>;
  target_share: ColumnType<number, number | undefined, number>;
  red_below: ColumnType<number, number | undefined, number>;
  yellow_below: ColumnType<number, number | undefined, number>;
  weakest_count: ColumnType<number, number | undefined, number>;
  weekly_post: ColumnType<boolean | number, boolean | undefined, boolean>;
  weekly_post_weekday: ColumnType<number, number | undefined, number>;
  weekly_post_hour: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
  updated_by: number | null;
}

/** `activity_daily` rolled up by ISO week (`week_start` = its Monday, local). */
export interface ActivityWeeklyTable {
  week_start: string;
  person_id: number;
  messages: Counter;
  substantive: Counter;
  replies_received: Counter;
  parent_conversation: Counter;
}

export interface MonitoringImportsTable {
  id: Generated<number>;
  municipality_id: number;
  file_name: string;
  imported_by: number | null;
  imported_at: Timestamp;
  rows_total: number;
  rows_matched: number;
  /** JSON array of the ISO weeks the file touched. */
  weeks: string;
}

export interface ActivityImportedTable {
  week_start: string;
  person_id: number;
  municipality_id: number;
  messages: number;
  import_id: number;
}

export interface MonitoringWeeksTable {
  municipality_id: number;
  week: string;
  threshold: number;
  /**
   * JSON of the frozen `WeeklyReport`: format 1, without the read-time parts;
   * format 2 (migration 0008), exactly as served to the municipality.
   */
  payload: string;
  frozen_at: Timestamp;
  format: Generated<number>;
}

/** Of a week frozen as served (format 2): the report without its per-organisation rows. */
export interface MonitoringWeekSummariesTable {
  municipality_id: number;
  week: string;
  threshold: number;
  summary: string;
}

export interface MonitoringBotsTable {
  municipality_id: number;
  person_id: number;
}

export interface MonitoringPostsTable {
  municipality_id: number;
  week: string;
  chat_id: number | null;
  message_seq: number | null;
  posted_at: Timestamp;
}

export interface MonitoringJobLeasesTable {
  name: string;
  holder: string;
  expires_at: Timestamp;
}

/** Tables of the monitoring module (migrations 0003, 0008). */
export interface MonitoringTables {
  monitoring_settings: MonitoringSettingsTable;
  activity_weekly: ActivityWeeklyTable;
  monitoring_imports: MonitoringImportsTable;
  activity_imported: ActivityImportedTable;
  monitoring_weeks: MonitoringWeeksTable;
  monitoring_posts: MonitoringPostsTable;
  monitoring_job_leases: MonitoringJobLeasesTable;
  monitoring_bots: MonitoringBotsTable;
  monitoring_week_summaries: MonitoringWeekSummariesTable;
}
