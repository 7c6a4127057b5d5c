import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/db';
import type { Db } from '../../db/database';
import { toBool, toInt } from '../../db/values';
import { verifyPassword } from '../auth/password';
import { DISTRICT_TOTALS } from './demo.data';
import { SEARCH_INDEX_TABLES } from '../search';
import { KEPT_TABLES, WIPED_TABLES } from './demo.repository';
import {
  DEMO_LOGINS,
  isDatabaseEmpty,
  loadDemoDistrict,
  resetDemoDistrict,
  type DemoSummary,
} from './index';

const PASSWORD = 'parta-demo-password';
const NOW = new Date('2023-04-01T05:00:00.000Z');

async function firstNames(db: Db, n: number): Promise<string[]> {
  const rows = await db
    .selectFrom('people')
    .select(['last_name', 'first_name', 'middle_name'])
    .orderBy('id')
    .limit(n)
    .execute();
  return rows.map((r) => [r.last_name, r.first_name, r.middle_name].join(' '));
}

async function personIdOf(db: Db, login: string): Promise<number> {
  const r = await db
    .selectFrom('accounts')
    .select('person_id')
    .where('login', '=', login)
    .executeTakeFirstOrThrow();
  return r.person_id;
}

/** Покровская → Покровский, Иванова → Иванов, Черных → Черных. */
function masculine(surname: string): string {
  if (surname.endsWith('ая')) return `${surname.slice(0, -2)}ий`;
  if (/(ова|ева|ёва|ина|ына)$/.test(surname)) return surname.slice(0, -1);
  return surname;
}

function report(dialect: string, s: DemoSummary): void {
  const c = s.counts;
  console.log(
    `[demo] ${dialect}: loaded in ${s.elapsedMs} ms — ${c.staff} staff (${c.pedagogical} pedagogical), ` +
      `${c.pupils} pupils, ${c.parents} parents, ${c.classes} classes, ${c.groups} groups, ${c.accounts} accounts`,
  );
}

describe.each(DIALECTS)('demo district on %s', (dialect) => {
  let tdb: TestDatabase;
  let db: Db;
  let summary: DemoSummary;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    db = tdb.db;
    expect(await isDatabaseEmpty(db)).toBe(true);
    summary = await loadDemoDistrict(db, { password: PASSWORD, now: NOW });
    report(dialect, summary);
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('loads well within the time budget', () => {
    expect(summary.elapsedMs).toBeLessThan(30_000);
  });

  it('has the organisations of DOMAIN.md in one municipality', async () => {
    const municipalities = await db.selectFrom('municipalities').selectAll().execute();
    expect(municipalities).toHaveLength(1);
    expect(municipalities[0]?.time_zone).toBe('Asia/Yekaterinburg');
    const rows = await db
      .selectFrom('organizations')
      .select(['kind', (eb) => eb.fn.countAll().as('n')])
      .groupBy('kind')
      .execute();
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, toInt(r.n)]));
    expect(byKind).toEqual(DISTRICT_TOTALS.organizations);
    expect(summary.counts.organizations).toEqual(DISTRICT_TOTALS.organizations);
    const school1 = await db
      .selectFrom('organizations')
      .select('short_name')
      .where('external_id', '=', 'demo-sosh-1')
      .executeTakeFirstOrThrow();
    expect(school1.short_name).toBe('МАОУ СОШ № 1');
  });

  it('has the pedagogical and authority staff of DOMAIN.md', async () => {
    const rows = await db
      .selectFrom('positions as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['o.kind', 'p.pedagogical', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['o.kind', 'p.pedagogical'])
      .execute();
    const pedagogical = { authority: 0, general: 0, additional: 0, preschool: 0 };
    let authority = 0;
    for (const r of rows) {
      if (toBool(r.pedagogical)) pedagogical[r.kind as keyof typeof pedagogical] += toInt(r.n);
      if (r.kind === 'authority') authority += toInt(r.n);
    }
    expect(pedagogical).toEqual(DISTRICT_TOTALS.pedagogical);
    expect(authority).toBe(DISTRICT_TOTALS.authorityStaff);

    // Every organisation has exactly one head; schools have 2–4 deputies.
    const heads = await db
      .selectFrom('positions')
      .select(['organization_id', (eb) => eb.fn.countAll().as('n')])
      .where('role', '=', 'head')
      .groupBy('organization_id')
      .execute();
    expect(heads).toHaveLength(25);
    expect(heads.every((h) => toInt(h.n) === 1)).toBe(true);
    const deputies = await db
      .selectFrom('positions as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['p.organization_id', (eb) => eb.fn.countAll().as('n')])
      .where('p.role', '=', 'deputy')
      .where('o.kind', '=', 'general')
      .groupBy('p.organization_id')
      .execute();
    expect(deputies).toHaveLength(7);
    expect(deputies.every((d) => toInt(d.n) >= 2 && toInt(d.n) <= 4)).toBe(true);
  });

  it('enrols 4544 pupils, each in exactly one class led by a teacher of its organisation', async () => {
    const enrolled = await db
      .selectFrom('enrolments')
      .select([
        (eb) => eb.fn.countAll().as('n'),
        (eb) => eb.fn.count('pupil_id').distinct().as('pupils'),
      ])
      .executeTakeFirstOrThrow();
    expect(toInt(enrolled.n)).toBe(DISTRICT_TOTALS.pupils);
    expect(toInt(enrolled.pupils)).toBe(DISTRICT_TOTALS.pupils);
    expect(summary.counts.pupils).toBe(DISTRICT_TOTALS.pupils);

    const unled = await db
      .selectFrom('classes as c')
      .select('c.id')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('positions as p')
              .select('p.id')
              .whereRef('p.person_id', '=', 'c.class_teacher_id')
              .whereRef('p.organization_id', '=', 'c.organization_id'),
          ),
        ),
      )
      .execute();
    expect(unled).toEqual([]);

    const sizes = await db
      .selectFrom('classes as c')
      .innerJoin('enrolments as e', 'e.class_id', 'c.id')
      .select(['c.kind', 'c.grade', 'c.academic_year', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['c.id', 'c.kind', 'c.grade', 'c.academic_year'])
      .execute();
    for (const s of sizes) {
      expect(s.academic_year).toBe(2023);
      if (s.kind === 'class') {
        expect(s.grade).toBeGreaterThanOrEqual(1);
        expect(s.grade).toBeLessThanOrEqual(11);
        expect(toInt(s.n)).toBeGreaterThanOrEqual(18);
        expect(toInt(s.n)).toBeLessThanOrEqual(30);
      } else {
        expect(s.grade).toBeNull();
      }
    }
    // Pupils hold no positions; only general schools and preschools have rosters.
    const rosterKinds = await db
      .selectFrom('classes as c')
      .innerJoin('organizations as o', 'o.id', 'c.organization_id')
      .select('o.kind')
      .distinct()
      .execute();
    expect(rosterKinds.map((r) => r.kind).sort()).toEqual(['general', 'preschool']);
  });

  it('gives every pupil one or two parents, and some parents several children', async () => {
    const perPupil = await db
      .selectFrom('guardianships')
      .select(['pupil_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('pupil_id')
      .execute();
    expect(perPupil).toHaveLength(DISTRICT_TOTALS.pupils);
    expect(perPupil.every((r) => toInt(r.n) >= 1 && toInt(r.n) <= 2)).toBe(true);

    const perParent = await db
      .selectFrom('guardianships')
      .select(['parent_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('parent_id')
      .execute();
    expect(perParent).toHaveLength(summary.counts.parents);
    const several = perParent.filter((r) => toInt(r.n) >= 2).length;
    expect(several).toBeGreaterThan(100);
    expect(perParent.some((r) => toInt(r.n) === 3)).toBe(true);

    // Siblings share one family surname, in its masculine or feminine form.
    const siblings = await db
      .selectFrom('guardianships as g')
      .innerJoin('people as p', 'p.id', 'g.pupil_id')
      .select(['g.parent_id', 'p.last_name'])
      .where(
        'g.parent_id',
        'in',
        perParent.filter((r) => toInt(r.n) >= 2).map((r) => r.parent_id),
      )
      .execute();
    const surnames = new Map<number, Set<string>>();
    for (const s of siblings) {
      surnames.set(
        s.parent_id,
        (surnames.get(s.parent_id) ?? new Set()).add(masculine(s.last_name)),
      );
    }
    expect([...surnames.values()].every((set) => set.size === 1)).toBe(true);

    const relations = await db.selectFrom('guardianships').select('relation').distinct().execute();
    expect(relations.map((r) => r.relation).sort()).toEqual(['father', 'mother']);
  });

  it('sets baselines equal to the headcounts', async () => {
    const baselines = await db.selectFrom('org_baselines').selectAll().execute();
    const ped = await db
      .selectFrom('positions')
      .select(['organization_id', (eb) => eb.fn.countAll().as('n')])
      .where('pedagogical', '=', true)
      .groupBy('organization_id')
      .execute();
    const staff = await db
      .selectFrom('positions')
      .select(['organization_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('organization_id')
      .execute();
    const pupils = await db
      .selectFrom('enrolments as e')
      .innerJoin('classes as c', 'c.id', 'e.class_id')
      .select(['c.organization_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('c.organization_id')
      .execute();
    const expected = [
      ...ped.map((r) => `${r.organization_id}:pedagogical:${toInt(r.n)}`),
      ...pupils.map((r) => `${r.organization_id}:pupils:${toInt(r.n)}`),
    ];
    const orgs = await db.selectFrom('organizations').select(['id', 'kind']).execute();
    for (const o of orgs.filter((x) => x.kind === 'authority')) {
      const n = toInt(staff.find((s) => s.organization_id === o.id)?.n);
      expect(n).toBe(6);
      expected.push(`${o.id}:authority_staff:${n}`);
    }
    expect(
      baselines.map((b) => `${b.organization_id}:${b.category}:${b.headcount}`).sort(),
    ).toEqual(expected.sort());
    expect(baselines.every((b) => b.valid_from === '2023-01-01')).toBe(true);
    const total = (category: string) =>
      baselines.filter((b) => b.category === category).reduce((a, b) => a + b.headcount, 0);
    expect(total('pedagogical')).toBe(296 + 44 + 242);
    expect(total('pupils')).toBe(4544);
  });

  it('creates accounts for staff and the five demo people only, with one working password', async () => {
    const accounts = await db
      .selectFrom('accounts')
      .select(['login', 'person_id', 'status', 'password_hash'])
      .execute();
    const staffIds = await db.selectFrom('positions').select('person_id').distinct().execute();
    expect(accounts).toHaveLength(staffIds.length + 2);
    expect(accounts).toHaveLength(summary.counts.accounts);
    expect(accounts.every((a) => a.status === 'active')).toBe(true);
    expect(accounts.every((a) => /^[a-z0-9.]+$/.test(a.login))).toBe(true);
    expect(new Set(accounts.map((a) => a.password_hash)).size).toBe(1);
    expect(await verifyPassword(PASSWORD, accounts[0]?.password_hash ?? '')).toBe(true);
    for (const login of DEMO_LOGINS) expect(accounts.some((a) => a.login === login)).toBe(true);

    const contacts = await db.selectFrom('people').select(['phone', 'email']).execute();
    expect(contacts.every((c) => c.phone === null || /^\+7900000\d{4}$/.test(c.phone))).toBe(true);
    expect(contacts.every((c) => c.email === null || c.email.endsWith('@example.ru'))).toBe(true);
    const phones = contacts.flatMap((c) => (c.phone ? [c.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('ties the demo logins together in school № 1', async () => {
    const admin = await personIdOf(db, 'admin');
    const head = await personIdOf(db, 'head');
    const teacher = await personIdOf(db, 'teacher');
    const parent = await personIdOf(db, 'parent');
    const pupil = await personIdOf(db, 'pupil');
    const school1 = await db
      .selectFrom('organizations')
      .select('id')
      .where('external_id', '=', 'demo-sosh-1')
      .executeTakeFirstOrThrow();

    const adminGrant = await db
      .selectFrom('admin_grants')
      .selectAll()
      .where('person_id', '=', admin)
      .executeTakeFirstOrThrow();
    const municipality = await db
      .selectFrom('municipalities')
      .select('id')
      .executeTakeFirstOrThrow();
    expect(adminGrant).toMatchObject({ role: 'municipal_admin', municipality_id: municipality.id });
    const adminPosition = await db
      .selectFrom('positions as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['p.role', 'o.kind'])
      .where('p.person_id', '=', admin)
      .executeTakeFirstOrThrow();
    expect(adminPosition).toEqual({ role: 'authority_staff', kind: 'authority' });

    const headPosition = await db
      .selectFrom('positions')
      .select(['role', 'organization_id', 'title'])
      .where('person_id', '=', head)
      .executeTakeFirstOrThrow();
    expect(headPosition).toEqual({ role: 'head', organization_id: school1.id, title: 'Директор' });
    const headGrant = await db
      .selectFrom('admin_grants')
      .select(['role', 'organization_id'])
      .where('person_id', '=', head)
      .executeTakeFirstOrThrow();
    expect(headGrant).toEqual({ role: 'org_admin', organization_id: school1.id });

    const pupilClass = await db
      .selectFrom('enrolments as e')
      .innerJoin('classes as c', 'c.id', 'e.class_id')
      .select(['c.organization_id', 'c.class_teacher_id', 'c.name'])
      .where('e.pupil_id', '=', pupil)
      .executeTakeFirstOrThrow();
    expect(pupilClass).toEqual({
      organization_id: school1.id,
      class_teacher_id: teacher,
      name: '7А',
    });
    const teacherPosition = await db
      .selectFrom('positions')
      .select(['role', 'organization_id'])
      .where('person_id', '=', teacher)
      .executeTakeFirstOrThrow();
    expect(teacherPosition).toEqual({ role: 'teacher', organization_id: school1.id });

    const guardian = await db
      .selectFrom('guardianships')
      .select('relation')
      .where('parent_id', '=', parent)
      .where('pupil_id', '=', pupil)
      .executeTakeFirstOrThrow();
    expect(guardian.relation).toBe('mother');
    const children = await db
      .selectFrom('guardianships')
      .select('pupil_id')
      .where('parent_id', '=', parent)
      .execute();
    expect(children.length).toBe(2);

    expect(summary.logins).toEqual([...DEMO_LOGINS]);
    expect(summary.demoAccounts.map((a) => a.personId)).toEqual([
      admin,
      head,
      teacher,
      parent,
      pupil,
    ]);
  });

  it('refuses to load into a database that is not empty', async () => {
    expect(await isDatabaseEmpty(db)).toBe(false);
    await expect(loadDemoDistrict(db, { password: PASSWORD })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('wipes every table on reset except the append-only audit log', async () => {
    const tables = (await db.introspection.getTables())
      .filter((t) => !tdb.schema || t.schema === tdb.schema)
      .map((t) => t.name);
    expect(tables).toContain('people');
    // The SQLite search index (FTS5 and its shadow tables) follows `messages` by triggers.
    const covered = new Set<string>([...WIPED_TABLES, ...KEPT_TABLES, ...SEARCH_INDEX_TABLES]);
    expect(tables.filter((t) => !covered.has(t))).toEqual([]);
  });

  it('loads the same district from the same seed, and resets to it', async () => {
    const other = await createTestDatabase(dialect);
    try {
      await loadDemoDistrict(other.db, { password: PASSWORD, now: NOW });
      const names = await firstNames(db, 50);
      expect(new Set(names).size).toBeGreaterThan(45);
      expect(await firstNames(other.db, 50)).toEqual(names);

      const before = await other.db
        .selectFrom('people')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const reset = await resetDemoDistrict(other.db, { password: PASSWORD, now: NOW });
      report(`${dialect} (reset)`, reset);
      expect(reset.counts).toEqual(summary.counts);
      expect(await firstNames(other.db, 50)).toEqual(names);
      const people = await other.db.selectFrom('people').select('id').orderBy('id').execute();
      expect(people.length).toBe(
        summary.counts.staff + summary.counts.pupils + summary.counts.parents,
      );
      expect(people[0]?.id).toBeGreaterThan(before.id);
      expect(await other.db.selectFrom('municipalities').select('id').execute()).toHaveLength(1);
      const audit = await sql<{ action: string }>`SELECT action FROM audit_log ORDER BY id`.execute(
        other.db,
      );
      // The demo's own entries; loaders of other modules (roadmap, …) add theirs.
      expect(audit.rows.map((r) => r.action).filter((a) => a.startsWith('demo.'))).toEqual([
        'demo.loaded',
        'demo.reset',
      ]);
    } finally {
      await other.drop();
    }
  });
});
