import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database';

const accountColumns = [
  'a.id',
  'a.person_id',
  'a.login',
  'a.password_hash',
  'a.status',
  'p.municipality_id',
  'p.deactivated_at',
] as const;

export function findAccountByLogin(db: DbOrTrx, login: string) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(accountColumns)
    .where('a.login', '=', login.toLowerCase())
    .executeTakeFirst();
}

/** Accounts whose person has this phone or e-mail; callers accept exactly one. */
export function findAccountsByContact(db: DbOrTrx, contact: { phone?: string; email?: string }) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(accountColumns)
    .where((eb) =>
      eb.or([
        ...(contact.phone ? [eb('p.phone', '=', contact.phone)] : []),
        ...(contact.email
          ? [eb(sql<string>`lower(p.email)`, '=', contact.email.toLowerCase())]
          : []),
      ]),
    )
    .limit(2)
    .execute();
}

export function findAccountById(db: DbOrTrx, accountId: number) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(accountColumns)
    .where('a.id', '=', accountId)
    .executeTakeFirst();
}

export async function insertAccount(
  db: DbOrTrx,
  v: { personId: number; login: string; passwordHash: string; at: Date },
): Promise<number> {
  const r = await db
    .insertInto('accounts')
    .values({
      person_id: v.personId,
      login: v.login.toLowerCase(),
      password_hash: v.passwordHash,
      status: 'active',
      created_at: v.at,
      password_changed_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePasswordHash(db: DbOrTrx, accountId: number, hash: string, at: Date) {
  await db
    .updateTable('accounts')
    .set({ password_hash: hash, password_changed_at: at })
    .where('id', '=', accountId)
    .execute();
}

export async function touchLastLogin(db: DbOrTrx, accountId: number, at: Date) {
  await db.updateTable('accounts').set({ last_login_at: at }).where('id', '=', accountId).execute();
}

export function selectGrants(db: DbOrTrx, personId: number) {
  return db
    .selectFrom('admin_grants')
    .select(['role', 'municipality_id', 'organization_id'])
    .where('person_id', '=', personId)
    .execute();
}

export async function insertSession(
  db: DbOrTrx,
  s: {
    id: string;
    publicId: string;
    accountId: number;
    kind: 'cookie' | 'bearer';
    csrfToken: string;
    at: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      public_id: s.publicId,
      account_id: s.accountId,
      kind: s.kind,
      csrf_token: s.csrfToken,
      created_at: s.at,
      last_seen_at: s.at,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

export function findSession(db: DbOrTrx, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function extendSession(db: DbOrTrx, id: string, at: Date, expiresAt: Date) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: at, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export function listActiveSessions(db: DbOrTrx, accountId: number, at: Date) {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function revokeSession(
  db: DbOrTrx,
  where: { id?: string; publicId?: string; accountId: number },
  at: Date,
) {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('account_id', '=', where.accountId)
    .where('revoked_at', 'is', null);
  if (where.id !== undefined) q = q.where('id', '=', where.id);
  if (where.publicId !== undefined) q = q.where('public_id', '=', where.publicId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function revokeAllSessions(
  db: DbOrTrx,
  accountId: number,
  at: Date,
  exceptId?: string,
) {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export function findThrottle(db: DbOrTrx, keys: string[]) {
  return db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
}

export async function upsertThrottle(
  db: DbOrTrx,
  row: { key: string; failures: number; windowStartedAt: Date; lockedUntil: Date | null },
) {
  await db
    .insertInto('login_throttle')
    .values({
      key: row.key,
      failures: row.failures,
      window_started_at: row.windowStartedAt,
      locked_until: row.lockedUntil,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        window_started_at: row.windowStartedAt,
        locked_until: row.lockedUntil,
      }),
    )
    .execute();
}

export async function deleteThrottle(db: DbOrTrx, key: string) {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Ends every session of a person (deactivation): a later reactivation does not revive them. */
export async function revokeSessionsOfPerson(db: DbOrTrx, personId: number, at: Date) {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('revoked_at', 'is', null)
    .where(
      'account_id',
      'in',
      db.selectFrom('accounts').select('id').where('person_id', '=', personId),
    )
    .execute();
}
