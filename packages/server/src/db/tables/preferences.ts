import type { Timestamp } from '../database';

/** `body`: the person's `Preferences` as JSON, validated on the way in and out. */
export interface PersonPreferencesTable {
  person_id: number;
  body: string;
  updated_at: Timestamp;
}

export interface PreferencesTables {
  person_preferences: PersonPreferencesTable;
}
