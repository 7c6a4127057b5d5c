import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/db';
import { migrations } from './migrations';
import { migrateToLatest } from './migrate';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let tdb: TestDatabase | undefined;
  afterEach(async () => {
    await tdb?.drop();
    tdb = undefined;
  });

  it('apply every migration once, then nothing', async () => {
    tdb = await createTestDatabase(dialect, { migrate: false });
    const first = await migrateToLatest(tdb.db);
    expect(first).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(tdb.db)).toEqual([]);
    const tables = (await tdb.db.introspection.getTables()).map((t) => t.name);
    for (const t of [
      'municipalities',
      'organizations',
      'people',
      'accounts',
      'positions',
      'sessions',
      'audit_log',
    ]) {
      expect(tables).toContain(t);
    }
  });

  it('keep the audit log append-only', async () => {
    tdb = await createTestDatabase(dialect);
    await tdb.db
      .insertInto('audit_log')
      .values({ at: new Date(), action: 'test.done', details: null })
      .execute();
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(tdb.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(tdb.db)).rejects.toThrow(/append-only/);
  });

  it('normalise Date and boolean parameters on both dialects', async () => {
    tdb = await createTestDatabase(dialect);
    const at = new Date('2023-12-31T18:30:00.000Z');
    const m = await tdb.db
      .insertInto('municipalities')
      .values({ name: 'Тест', time_zone: 'Asia/Yekaterinburg', created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(typeof m.id).toBe('number');
    const row = await tdb.db.selectFrom('municipalities').selectAll().executeTakeFirstOrThrow();
    expect(new Date(row.created_at).toISOString()).toBe(at.toISOString());
  });
});

describe.each(DIALECTS)('a failing migration on %s', (dialect) => {
  it('leaves no half-migrated schema behind', async () => {
    const tdb = await createTestDatabase(dialect, { migrate: false });
    try {
      const broken = {
        ...migrations,
        '9999_broken': {
          up: async (db: Kysely<unknown>) => {
            await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
            await sql`SELECT * FROM no_such_table`.execute(db);
          },
        },
      };
      await expect(migrateToLatest(tdb.db, broken)).rejects.toThrow(/9999_broken/);
      // Other test files' schemas share the server: look only at ours.
      const tables = (await tdb.db.introspection.getTables())
        .filter((t) => tdb.schema === undefined || t.schema === tdb.schema)
        .map((t) => t.name);
      expect(tables).not.toContain('half_done');
      expect(tables).not.toContain('people');
      // The good list still applies cleanly afterwards.
      expect(await migrateToLatest(tdb.db)).toEqual(Object.keys(migrations));
    } finally {
      await tdb.drop();
    }
  });
});
