import type { Generated } from 'kysely';
import type { Timestamp } from '../database';

export interface RoadmapsTable {
  id: Generated<number>;
  municipality_id: number;
  title: string;
  description: string | null;
  /** Key of the template it was created from, e.g. `kushva-2023`. */
  template: string | null;
  due_date: string | null;
  created_by: number | null;
  created_at: Timestamp;
  archived_at: Timestamp | null;
}

export interface RoadmapItemsTable {
  id: Generated<number>;
  roadmap_id: number;
  number: number;
  title: string;
  responsible: string;
  /** JSON `{authority, orgKinds, orgIds}`. */
  responsible_scope: string;
  period_from: string;
  period_to: string;
  expected_result: string;
  closed_at: Timestamp | null;
  closed_by: number | null;
  closure_note: string | null;
  created_at: Timestamp;
}

export interface RoadmapTargetsTable {
  id: Generated<number>;
  roadmap_id: number;
  item_id: number | null;
  indicator: string;
  params: string;
  comparator: string;
  value: number;
  due_date: string | null;
  title: string | null;
}

/** Tables of the roadmap module (migration 0003). */
export interface RoadmapTables {
  roadmaps: RoadmapsTable;
  roadmap_items: RoadmapItemsTable;
  roadmap_targets: RoadmapTargetsTable;
}
