import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/db';
import { CommitBatcher } from './commit-batcher';

describe.each(DIALECTS)('group commit on %s', (dialect) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
  });
  afterAll(async () => tdb.drop());

  const insert = (batcher: CommitBatcher, name: string) =>
    batcher.run(async (trx) => {
      const r = await trx
        .insertInto('municipalities')
        .values({ name, time_zone: 'Asia/Yekaterinburg', created_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (name.startsWith('fail')) throw new Error(`job ${name} refused`);
      return r.id;
    });

  it('commits concurrent jobs together; a failing job rolls back alone', async () => {
    const batcher = new CommitBatcher(tdb.db);
    const results = await Promise.allSettled(
      ['a', 'b', 'fail-c', 'd', 'e'].map((n) => insert(batcher, n)),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const names = (await tdb.db.selectFrom('municipalities').select('name').execute())
      .map((r) => r.name)
      .sort();
    expect(names).toEqual(['a', 'b', 'd', 'e']);
  });

  it('settles a job only after its batch is durable, in submission order of ids', async () => {
    const batcher = new CommitBatcher(tdb.db, 3);
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => insert(batcher, `n${i}`)));
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const seen = await tdb.db
      .selectFrom('municipalities')
      .select('id')
      .where('id', 'in', ids)
      .execute();
    expect(seen).toHaveLength(10);
  });
});
