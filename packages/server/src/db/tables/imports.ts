import type { Bool, Timestamp } from '../database';
import type { Generated } from 'kysely';

/** One committed roster import (`modules/imports`). */
export interface ImportsTable {
  id: Generated<number>;
  municipality_id: number;
  organization_id: number;
  kind: string;
  file_name: string | null;
  file_sha256: string;
  format: string;
  /** null: run from the command line. */
  actor_person_id: number | null;
  at: Timestamp;
  deactivate_missing: Bool;
  data_rows: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  deactivated: number;
  classes_created: number;
}

/** A municipality's own job title → role rule; wins over the built-in dictionary. */
export interface JobTitlesTable {
  id: Generated<number>;
  municipality_id: number;
  /** As the administrator typed it. */
  title: string;
  /** Normalised form compared with titles in files. */
  pattern: string;
  match_kind: string;
  /** A position role, or `skip`: rows with this title are not imported. */
  role: string;
  pedagogical: Bool;
  created_by: number | null;
  updated_at: Timestamp;
}

/** Tables of the imports module. */
export interface ImportsTables {
  imports: ImportsTable;
  job_titles: JobTitlesTable;
}
