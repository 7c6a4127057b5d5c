import type { DbOrTrx } from '../../db/database';
import { toIso } from '../../db/values';
import { insertAuditEntry, listAuditEntries, type AuditEntry } from './audit.repository';

/**
 * Writes one entry to the append-only audit log. Call it inside the same
 * transaction as the administrative change it records, so neither exists
 * without the other. Reads of another person's data are recorded too.
 */
export function audit(db: DbOrTrx, entry: AuditEntry, at: Date = new Date()): Promise<void> {
  return insertAuditEntry(db, entry, at);
}

export async function listAudit(db: DbOrTrx, filter: Parameters<typeof listAuditEntries>[1]) {
  const rows = await listAuditEntries(db, filter);
  return rows.map((r) => ({
    id: r.id,
    at: toIso(r.at),
    actorPersonId: r.actor_person_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
  }));
}

export type { AuditEntry };
