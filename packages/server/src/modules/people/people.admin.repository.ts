import type { DbOrTrx } from '../../db/database';

export function firstMunicipality(db: DbOrTrx) {
  return db.selectFrom('municipalities').select(['id', 'name']).orderBy('id').executeTakeFirst();
}

export async function insertMunicipality(
  db: DbOrTrx,
  v: { name: string; timeZone: string; at: Date },
) {
  return db
    .insertInto('municipalities')
    .values({ name: v.name, time_zone: v.timeZone, created_at: v.at })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function insertPerson(
  db: DbOrTrx,
  v: {
    municipalityId: number;
    lastName: string;
    firstName: string;
    middleName: string | null;
    at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('people')
    .values({
      municipality_id: v.municipalityId,
      last_name: v.lastName,
      first_name: v.firstName,
      middle_name: v.middleName,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertGrant(
  db: DbOrTrx,
  v: {
    personId: number;
    role: string;
    municipalityId: number | null;
    organizationId?: number | null;
    at: Date;
  },
) {
  await db
    .insertInto('admin_grants')
    .values({
      person_id: v.personId,
      role: v.role,
      municipality_id: v.municipalityId,
      organization_id: v.organizationId ?? null,
      created_at: v.at,
    })
    .execute();
}
