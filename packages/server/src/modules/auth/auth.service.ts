import { createHash, randomBytes } from 'node:crypto';
import { normalizePhone, type SessionInfo } from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { toDate, toIso } from '../../db/values';
import type { Actor } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { audit } from '../audit';
import * as repo from './auth.repository';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password';

export interface AuthSettings {
  sessionTtlHours: number;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  lockSeconds: number;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface IssuedSession {
  /** The secret: goes into the cookie or the bearer token, never stored. */
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  personId: number;
  accountId: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

type AccountRow = NonNullable<Awaited<ReturnType<typeof repo.findAccountByLogin>>>;

/** Finds an account by login name, phone (any Russian format) or e-mail. Ambiguous contacts match nothing. */
async function findAccount(db: DbOrTrx, login: string): Promise<AccountRow | undefined> {
  const byLogin = await repo.findAccountByLogin(db, login);
  if (byLogin) return byLogin;
  const phone = normalizePhone(login);
  const email = login.includes('@') ? login.trim().toLowerCase() : undefined;
  if (!phone && !email) return undefined;
  const found = await repo.findAccountsByContact(db, {
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  });
  return found.length === 1 ? found[0] : undefined;
}

function retryAfterError(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(
    'LOGIN_THROTTLED',
    `Too many failed sign-in attempts; try again in ${seconds} s.`,
    {
      headers: { 'retry-after': String(seconds) },
    },
  );
}

/**
 * Sign-in throttling, per account and per client address, stored in the
 * database so it holds across nodes. After `max` failures inside the window
 * the key is locked for `lockSeconds`; success clears the account's key.
 */
async function checkThrottle(db: Db, keys: string[], now: Date): Promise<void> {
  const rows = await repo.findThrottle(db, keys);
  for (const r of rows) {
    if (r.locked_until && toDate(r.locked_until) > now)
      throw retryAfterError(toDate(r.locked_until), now);
  }
}

async function recordFailure(
  db: Db,
  key: string,
  max: number,
  s: AuthSettings,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const [row] = await repo.findThrottle(trx, [key]);
    const windowMs = s.lockSeconds * 1000;
    const fresh = !row || now.getTime() - toDate(row.window_started_at).getTime() > windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const windowStartedAt = fresh ? now : toDate(row.window_started_at);
    const lockedUntil = failures >= max ? new Date(now.getTime() + windowMs) : null;
    await repo.upsertThrottle(trx, {
      key,
      failures: lockedUntil ? 0 : failures,
      windowStartedAt: lockedUntil ? now : windowStartedAt,
      lockedUntil,
    });
  });
}

/**
 * Checks the credentials and opens a session. Wrong login and wrong password
 * are indistinguishable (same error, same scrypt work). A disabled account is
 * told so only after the right password.
 */
export async function login(
  db: Db,
  input: { login: string; password: string; kind: 'cookie' | 'bearer' },
  client: ClientInfo,
  s: AuthSettings,
  now: Date,
): Promise<IssuedSession> {
  const ipKey = client.ip ? `ip:${client.ip}` : null;
  const account = await findAccount(db, input.login);
  const accountKey = account
    ? `account:${account.id}`
    : `login:${input.login.trim().toLowerCase()}`;
  await checkThrottle(db, [accountKey, ...(ipKey ? [ipKey] : [])], now);

  const ok = account
    ? await verifyPassword(input.password, account.password_hash)
    : (await verifyPassword(input.password, await dummyPasswordHash()), false);
  if (!account || !ok) {
    await recordFailure(db, accountKey, s.maxFailuresPerAccount, s, now);
    if (ipKey) await recordFailure(db, ipKey, s.maxFailuresPerIp, s, now);
    await audit(
      db,
      {
        actorPersonId: account?.person_id ?? null,
        action: 'auth.login_failed',
        ip: client.ip,
        municipalityId: account?.municipality_id ?? null,
      },
      now,
    );
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (account.status !== 'active' || account.deactivated_at !== null) {
    throw new AppError('ACCOUNT_DISABLED');
  }
  return db.transaction().execute(async (trx) => {
    await repo.deleteThrottle(trx, accountKey);
    const issued = await issueSession(trx, account, input.kind, client, s, now);
    await repo.touchLastLogin(trx, account.id, now);
    await audit(
      trx,
      {
        actorPersonId: account.person_id,
        action: 'auth.login',
        ip: client.ip,
        municipalityId: account.municipality_id,
        details: { kind: input.kind },
      },
      now,
    );
    return issued;
  });
}

async function issueSession(
  db: DbOrTrx,
  account: { id: number; person_id: number },
  kind: 'cookie' | 'bearer',
  client: ClientInfo,
  s: AuthSettings,
  now: Date,
): Promise<IssuedSession> {
  const token = newSecret();
  const sessionId = hashToken(token);
  const csrfToken = newSecret(24);
  const expiresAt = new Date(now.getTime() + s.sessionTtlHours * 3600_000);
  await repo.insertSession(db, {
    id: sessionId,
    publicId: newSecret(12),
    accountId: account.id,
    kind,
    csrfToken,
    at: now,
    expiresAt,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  return {
    token,
    sessionId,
    csrfToken,
    expiresAt,
    personId: account.person_id,
    accountId: account.id,
  };
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
}

/**
 * Turns a cookie or bearer token into an actor, or null when the session is
 * unknown, revoked, expired, or its account or person is deactivated — so a
 * deactivation takes effect on the very next request. Sliding expiry is
 * renewed at most once a minute.
 */
export async function resolveSession(
  db: Db,
  token: string,
  s: AuthSettings,
  now: Date,
): Promise<ResolvedSession | null> {
  if (token.length < 20 || token.length > 100) return null;
  const id = hashToken(token);
  const session = await repo.findSession(db, id);
  if (!session || session.revoked_at !== null || toDate(session.expires_at) <= now) return null;
  const account = await repo.findAccountById(db, session.account_id);
  if (!account || account.status !== 'active' || account.deactivated_at !== null) return null;
  const grants = await repo.selectGrants(db, account.person_id);
  if (now.getTime() - toDate(session.last_seen_at).getTime() > 60_000) {
    await repo.extendSession(db, id, now, new Date(now.getTime() + s.sessionTtlHours * 3600_000));
  }
  return {
    csrfToken: session.csrf_token,
    actor: {
      personId: account.person_id,
      accountId: account.id,
      municipalityId: account.municipality_id,
      login: account.login,
      sessionId: id,
      sessionKind: session.kind === 'bearer' ? 'bearer' : 'cookie',
      adminGrants: grants.map((g) => ({
        role: g.role as Actor['adminGrants'][number]['role'],
        municipalityId: g.municipality_id,
        organizationId: g.organization_id,
      })),
    },
  };
}

export async function logout(db: Db, actor: Actor, client: ClientInfo, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.revokeSession(trx, { id: actor.sessionId, accountId: actor.accountId }, now);
    await audit(
      trx,
      {
        actorPersonId: actor.personId,
        action: 'auth.logout',
        ip: client.ip,
        municipalityId: actor.municipalityId,
      },
      now,
    );
  });
}

export async function listSessions(db: Db, actor: Actor, now: Date): Promise<SessionInfo[]> {
  const rows = await repo.listActiveSessions(db, actor.accountId, now);
  return rows.map((r) => ({
    id: r.public_id,
    kind: r.kind === 'bearer' ? 'bearer' : 'cookie',
    current: r.id === actor.sessionId,
    createdAt: toIso(r.created_at),
    lastSeenAt: toIso(r.last_seen_at),
    expiresAt: toIso(r.expires_at),
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

/** Revokes one of the actor's own sessions by its public id; 404 for anyone else's. */
export async function revokeOwnSession(
  db: Db,
  actor: Actor,
  publicId: string,
  now: Date,
): Promise<void> {
  const n = await repo.revokeSession(db, { publicId, accountId: actor.accountId }, now);
  if (n === 0) throw new AppError('NOT_FOUND', 'No such session.');
  await audit(
    db,
    {
      actorPersonId: actor.personId,
      action: 'auth.session_revoked',
      targetType: 'session',
      targetId: publicId,
      municipalityId: actor.municipalityId,
    },
    now,
  );
}

/** Changes the password after checking the current one; ends every other session. */
export async function changePassword(
  db: Db,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<void> {
  const account = await repo.findAccountById(db, actor.accountId);
  if (!account || !(await verifyPassword(input.currentPassword, account.password_hash))) {
    throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong.');
  }
  const problem = passwordProblem(input.newPassword, [account.login]);
  if (problem) throw new AppError('WEAK_PASSWORD', problem);
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.updatePasswordHash(trx, account.id, hash, now);
    await repo.revokeAllSessions(trx, account.id, now, actor.sessionId);
    await audit(
      trx,
      {
        actorPersonId: actor.personId,
        action: 'auth.password_changed',
        municipalityId: actor.municipalityId,
      },
      now,
    );
  });
}

/**
 * Creates an account for an existing person (administrators, invitations).
 * The password must pass `passwordProblem`; the login must be free.
 */
export async function createAccount(
  db: DbOrTrx,
  input: { personId: number; login: string; password: string; nameParts?: string[] },
  now: Date,
): Promise<number> {
  const login = input.login.trim().toLowerCase();
  if (!/^[a-z0-9._@+-]{3,64}$/.test(login)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'login: 3–64 characters: latin letters, digits, . _ - @ +',
      {
        details: [{ path: 'login', message: 'invalid login' }],
      },
    );
  }
  const problem = passwordProblem(input.password, [login, ...(input.nameParts ?? [])]);
  if (problem) throw new AppError('WEAK_PASSWORD', problem);
  if (await repo.findAccountByLogin(db, login))
    throw new AppError('ALREADY_EXISTS', `The login ${login} is taken.`);
  return repo.insertAccount(db, {
    personId: input.personId,
    login,
    passwordHash: await hashPassword(input.password),
    at: now,
  });
}

/** Ends every session of a person, in the caller's transaction (deactivation). */
export function revokeAllSessionsOf(db: DbOrTrx, personId: number, now: Date): Promise<void> {
  return repo.revokeSessionsOfPerson(db, personId, now);
}
