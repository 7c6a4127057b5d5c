import type { Insertable } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database';

/** All SQL of the roadmap module. Statuses are computed by the service, never stored. */

type New<T extends keyof Database> = Insertable<Database[T]>;

export async function insertRoadmap(db: DbOrTrx, row: New<'roadmaps'>): Promise<number> {
  const r = await db.insertInto('roadmaps').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertItem(db: DbOrTrx, row: New<'roadmap_items'>): Promise<number> {
  const r = await db
    .insertInto('roadmap_items')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertTarget(db: DbOrTrx, row: New<'roadmap_targets'>): Promise<void> {
  await db.insertInto('roadmap_targets').values(row).execute();
}

export function roadmapsOf(db: DbOrTrx, municipalityId: number) {
  return db
    .selectFrom('roadmaps')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute();
}

export function roadmap(db: DbOrTrx, id: number) {
  return db.selectFrom('roadmaps').selectAll().where('id', '=', id).executeTakeFirst();
}

export function itemsOf(db: DbOrTrx, roadmapIds: number[]) {
  if (roadmapIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roadmap_items')
    .selectAll()
    .where('roadmap_id', 'in', roadmapIds)
    .orderBy('roadmap_id')
    .orderBy('number')
    .execute();
}

export function targetsOf(db: DbOrTrx, roadmapIds: number[]) {
  if (roadmapIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roadmap_targets')
    .selectAll()
    .where('roadmap_id', 'in', roadmapIds)
    .orderBy('id')
    .execute();
}

export function item(db: DbOrTrx, roadmapId: number, itemId: number) {
  return db
    .selectFrom('roadmap_items')
    .selectAll()
    .where('roadmap_id', '=', roadmapId)
    .where('id', '=', itemId)
    .executeTakeFirst();
}

export async function hasTarget(db: DbOrTrx, itemId: number): Promise<boolean> {
  const r = await db
    .selectFrom('roadmap_targets')
    .select('id')
    .where('item_id', '=', itemId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function setClosure(
  db: DbOrTrx,
  itemId: number,
  closure: { at: Date; by: number | null; note: string } | null,
): Promise<void> {
  await db
    .updateTable('roadmap_items')
    .set({
      closed_at: closure?.at ?? null,
      closed_by: closure?.by ?? null,
      closure_note: closure?.note ?? null,
    })
    .where('id', '=', itemId)
    .execute();
}

export async function numberTaken(
  db: DbOrTrx,
  roadmapId: number,
  number: number,
): Promise<boolean> {
  const r = await db
    .selectFrom('roadmap_items')
    .select('id')
    .where('roadmap_id', '=', roadmapId)
    .where('number', '=', number)
    .executeTakeFirst();
  return r !== undefined;
}
