import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/db';
import { migrateToLatest } from '../migrate';
import { toBool } from '../values';
import { migrations } from './index';

describe.each(DIALECTS)('migration 0009_system_senders on %s', (dialect) => {
  let tdb: TestDatabase | undefined;
  afterEach(async () => {
    await tdb?.drop();
    tdb = undefined;
  });

  it('flags the monitoring bots made before it, and nobody else', async () => {
    tdb = await createTestDatabase(dialect, { migrate: false });
    const db = tdb.db;
    const before = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => name < '0009_system_senders'),
    );
    await migrateToLatest(db, before);
    const at = new Date();
    const m = await db
      .insertInto('municipalities')
      .values({ name: 'Тест', time_zone: 'Asia/Yekaterinburg', created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Written without the new column, as 0008's code did.
    const person = (lastName: string) =>
      db
        .insertInto('people')
        .values({ municipality_id: m.id, last_name: lastName, first_name: '', created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
    const bot = await person('Бот мониторинга');
    const teacher = await person('Учительская');
    await db
      .insertInto('monitoring_bots')
      .values({ municipality_id: m.id, person_id: bot.id })
      .execute();

    expect(await migrateToLatest(db)).toEqual(['0009_system_senders']);
    const rows = await db
      .selectFrom('people')
      .select(['id', 'system_sender'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.id, toBool(r.system_sender)])).toEqual([
      [bot.id, true],
      [teacher.id, false],
    ]);
  });
});
