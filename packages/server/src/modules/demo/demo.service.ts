import { performance } from 'node:perf_hooks';
import type { OrgKind } from '@parta/shared';
import type { Db, DbOrTrx } from '../../db/database';
import { AppError } from '../../platform/errors';
import { audit } from '../audit';
import { syncRosters } from '../chats';
import { loadDemoMonitoring } from '../roadmap';
import { loadDemoCommunities } from '../communities';
import { hashPassword } from '../auth';
import { buildDemoPlan, DEMO_LOGINS, type DemoLogin, type DemoPlan } from './demo.data';
import * as repo from './demo.repository';

export interface DemoOptions {
  /** The password of every demo account (staff and the five demo logins). */
  password: string;
  /** Creation time of every row; default: now. */
  now?: Date;
  /** PRNG seed; the same seed gives the same district. */
  seed?: number;
}

export interface DemoAccount {
  login: DemoLogin;
  personId: number;
  displayName: string;
  /** What the account shows, in Russian, e.g. «Директор, МАОУ СОШ № 1». */
  description: string;
}

export interface DemoCounts {
  organizations: Record<OrgKind, number>;
  /** People holding a position; `pedagogical` counts pedagogical positions. */
  staff: number;
  pedagogical: number;
  authorityStaff: number;
  pupils: number;
  parents: number;
  /** School classes (kind `class`) and preschool groups (kind `group`). */
  classes: number;
  groups: number;
  accounts: number;
}

export interface DemoSummary {
  municipality: { id: number; name: string; timeZone: string };
  counts: DemoCounts;
  /** Wall time of the whole call, password hashing included. */
  elapsedMs: number;
  /** The demo logins, in `DEMO_LOGINS` order. */
  logins: DemoLogin[];
  /** Who is behind each demo login. */
  demoAccounts: DemoAccount[];
}

export { DEMO_LOGINS, type DemoLogin };

/** True when the database holds no municipality yet. */
export function isDatabaseEmpty(db: DbOrTrx): Promise<boolean> {
  return repo.isDatabaseEmpty(db);
}

/**
 * Loads the demo district into an empty database, in one transaction: either
 * the whole district is there afterwards or nothing is. Refuses (CONFLICT)
 * when a municipality already exists — use `resetDemoDistrict` to replace it.
 *
 * Every staff member gets an active account (login like `ivanova.ms`), as do
 * the five demo logins; other parents and pupils get none (they join by
 * invitation). All accounts share one password hash: scrypt is deliberately
 * slow and a demo has one password. The caller judges the password's strength.
 */
export async function loadDemoDistrict(db: Db, opts: DemoOptions): Promise<DemoSummary> {
  return run(db, opts, false);
}

/**
 * Replaces everything (except the append-only audit log, which keeps its
 * history) with a fresh demo district, in one transaction.
 */
export async function resetDemoDistrict(db: Db, opts: DemoOptions): Promise<DemoSummary> {
  return run(db, opts, true);
}

async function run(db: Db, opts: DemoOptions, reset: boolean): Promise<DemoSummary> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  // Fail fast, before the slow hash; the check inside the transaction is the one that counts.
  if (!reset && !(await repo.isDatabaseEmpty(db))) throw notEmpty();
  const plan = buildDemoPlan(opts.seed);
  // Hash before the transaction opens: scrypt takes tens of milliseconds.
  const passwordHash = await hashPassword(opts.password);
  const ids = await db.transaction().execute(async (trx) => {
    if (reset) await repo.wipeAll(trx);
    else if (!(await repo.isDatabaseEmpty(trx))) {
      throw notEmpty();
    }
    const inserted = await insertPlan(trx, plan, passwordHash, now);
    await audit(
      trx,
      {
        actorPersonId: null,
        action: reset ? 'demo.reset' : 'demo.loaded',
        targetType: 'municipality',
        targetId: inserted.municipalityId,
        municipalityId: inserted.municipalityId,
        details: { seed: plan.seed, people: plan.people.length },
      },
      now,
    );
    return inserted;
  });
  // Class, parents' and staff chats follow the rosters just loaded. Nobody is
  // connected yet, so no events are published.
  await syncRosters(
    db,
    { events: { publish: async () => undefined }, now: () => now },
    {},
    { silent: true },
  );
  await loadDemoCommunities(db, { now });
  await loadDemoMonitoring(db, { municipalityId: ids.municipalityId, seed: plan.seed, now });
  return summarize(plan, ids, performance.now() - started);
}

function notEmpty(): AppError {
  return new AppError(
    'CONFLICT',
    'The database already holds a municipality; reset it to load the demo.',
  );
}

interface InsertedIds {
  municipalityId: number;
  orgIds: number[];
  personIds: number[];
}

/** Inserts the plan parents-first, mapping the plan's indices to the ids the database assigns. */
async function insertPlan(
  trx: DbOrTrx,
  plan: DemoPlan,
  passwordHash: string,
  now: Date,
): Promise<InsertedIds> {
  const municipalityId = await repo.insertMunicipality(trx, {
    name: plan.municipality.name,
    short_name: plan.municipality.shortName,
    time_zone: plan.municipality.timeZone,
    created_at: now,
  });
  const orgIds = await repo.insertOrganizations(
    trx,
    plan.orgs.map((o) => ({
      municipality_id: municipalityId,
      kind: o.kind,
      name: o.name,
      short_name: o.shortName,
      external_id: o.externalId,
      created_at: now,
    })),
  );
  const org = (i: number) => idAt(orgIds, i, 'organisation');
  const personIds = await repo.insertPeople(
    trx,
    plan.people.map((p) => ({
      municipality_id: municipalityId,
      last_name: p.lastName,
      first_name: p.firstName,
      middle_name: p.middleName,
      phone: p.phone,
      email: p.email,
      birth_date: p.birthDate,
      created_at: now,
    })),
  );
  const person = (i: number) => idAt(personIds, i, 'person');

  await repo.insertPositions(
    trx,
    plan.positions.map((p) => ({
      person_id: person(p.person),
      organization_id: org(p.org),
      role: p.role,
      title: p.title,
      pedagogical: p.pedagogical,
      created_at: now,
    })),
  );
  const classIds = await repo.insertClasses(
    trx,
    plan.classes.map((c) => ({
      organization_id: org(c.org),
      name: c.name,
      kind: c.kind,
      grade: c.grade,
      academic_year: plan.academicYear,
      class_teacher_id: person(c.classTeacher),
      created_at: now,
    })),
  );
  await repo.insertEnrolments(
    trx,
    plan.enrolments.map((e) => ({
      pupil_id: person(e.pupil),
      class_id: idAt(classIds, e.class, 'class'),
      started_on: e.startedOn,
    })),
  );
  await repo.insertGuardianships(
    trx,
    plan.guardianships.map((g) => ({
      parent_id: person(g.parent),
      pupil_id: person(g.pupil),
      relation: g.relation,
      created_at: now,
    })),
  );
  await repo.insertBaselines(
    trx,
    plan.baselines.map((b) => ({
      organization_id: org(b.org),
      category: b.category,
      headcount: b.headcount,
      valid_from: b.validFrom,
    })),
  );
  await repo.insertAccounts(
    trx,
    plan.accounts.map((a) => ({
      person_id: person(a.person),
      login: a.login,
      password_hash: passwordHash,
      status: 'active',
      created_at: now,
      password_changed_at: now,
    })),
  );
  await repo.insertAdminGrants(
    trx,
    plan.grants.map((g) => ({
      person_id: person(g.person),
      role: g.role,
      municipality_id: g.municipal ? municipalityId : null,
      organization_id: g.org === null ? null : org(g.org),
      created_at: now,
    })),
  );
  return { municipalityId, orgIds, personIds };
}

function idAt(ids: readonly number[], index: number, what: string): number {
  const id = ids[index];
  if (id === undefined)
    throw new Error(`demo plan refers to ${what} #${index}, which was not inserted`);
  return id;
}

function summarize(plan: DemoPlan, ids: InsertedIds, elapsedMs: number): DemoSummary {
  const organizations: Record<OrgKind, number> = {
    authority: 0,
    general: 0,
    additional: 0,
    preschool: 0,
  };
  for (const o of plan.orgs) organizations[o.kind] += 1;
  const isAuthority = (orgIndex: number) => plan.orgs[orgIndex]?.kind === 'authority';
  const nameOf = (i: number) => {
    const p = plan.people[i];
    return p ? [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ') : '';
  };
  const classLabel = (classIndex: number) => {
    const cls = plan.classes[classIndex];
    return cls ? `${cls.name}, ${plan.orgs[cls.org]?.shortName ?? ''}` : '';
  };
  const classOfPupil = (i: number) => plan.enrolments.find((e) => e.pupil === i)?.class;
  const describe = (i: number): string => {
    const pos = plan.positions.find((p) => p.person === i);
    if (pos) {
      const led = plan.classes.findIndex((c) => c.classTeacher === i);
      const lead = led >= 0 ? `, классный руководитель ${plan.classes[led]?.name ?? ''}` : '';
      return `${pos.title}${lead} (${plan.orgs[pos.org]?.shortName ?? ''})`;
    }
    const own = classOfPupil(i);
    if (own !== undefined) return `Ученик: ${classLabel(own)}`;
    const children = plan.guardianships
      .filter((g) => g.parent === i)
      .map((g) => `${nameOf(g.pupil)} (${classLabel(classOfPupil(g.pupil) ?? -1)})`);
    return `Родитель: ${children.join('; ')}`;
  };
  return {
    municipality: {
      id: ids.municipalityId,
      name: plan.municipality.name,
      timeZone: plan.municipality.timeZone,
    },
    counts: {
      organizations,
      staff: plan.counts.staff,
      pedagogical: plan.positions.filter((p) => p.pedagogical).length,
      authorityStaff: plan.positions.filter((p) => isAuthority(p.org)).length,
      pupils: plan.counts.pupils,
      parents: plan.counts.parents,
      classes: plan.classes.filter((c) => c.kind === 'class').length,
      groups: plan.classes.filter((c) => c.kind === 'group').length,
      accounts: plan.accounts.length,
    },
    elapsedMs: Math.round(elapsedMs),
    logins: [...DEMO_LOGINS],
    demoAccounts: DEMO_LOGINS.map((login) => {
      const index = plan.demo[login];
      return {
        login,
        personId: idAt(ids.personIds, index, 'person'),
        displayName: nameOf(index),
        description: describe(index),
      };
    }),
  };
}
