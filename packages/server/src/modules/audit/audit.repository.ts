import type { DbOrTrx } from '../../db/database';

export interface AuditEntry {
  actorPersonId: number | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  municipalityId?: number | null;
  ip?: string | null;
  details?: Record<string, unknown> | null;
}

export async function insertAuditEntry(db: DbOrTrx, e: AuditEntry, at: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      actor_person_id: e.actorPersonId,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId === undefined || e.targetId === null ? null : String(e.targetId),
      municipality_id: e.municipalityId ?? null,
      ip: e.ip ?? null,
      details: e.details ? JSON.stringify(e.details) : null,
    })
    .execute();
}

export async function listAuditEntries(
  db: DbOrTrx,
  filter: {
    municipalityId?: number;
    actorPersonId?: number;
    action?: string;
    limit: number;
    offset: number;
  },
) {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset);
  if (filter.municipalityId !== undefined)
    q = q.where('municipality_id', '=', filter.municipalityId);
  if (filter.actorPersonId !== undefined) q = q.where('actor_person_id', '=', filter.actorPersonId);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  return q.execute();
}
