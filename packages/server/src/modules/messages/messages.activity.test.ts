import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/db';
import { buildMunicipality, buildPerson } from '../../../test/factories';
import { addActivity } from './messages.repository';

/** Counts the statements sent to the database (each one a round trip on PostgreSQL). */
function statementCounter() {
  const counter = { statements: 0 };
  const plugin: KyselyPlugin = {
    // Builders nested in a statement pass through transformQuery too: count results.
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      counter.statements += 1;
      return args.result;
    },
  };
  return { counter, plugin };
}

describe.each(DIALECTS)('the activity increment on send, on %s', (dialect) => {
  let tdb: TestDatabase;
  let a: number;
  let b: number;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    const m = await buildMunicipality(tdb.db);
    a = (await buildPerson(tdb.db, m, { login: null })).personId;
    b = (await buildPerson(tdb.db, m, { login: null })).personId;
  });
  afterAll(() => tdb.drop());

  it('adds to the day and the week of each person, inserting or accumulating', async () => {
    // Tuesday and Wednesday of the ISO week starting Monday 2024-03-04.
    await addActivity(tdb.db, '2024-03-05', [
      { personId: a, messages: 1, substantive: 1, parentConversation: 1 },
    ]);
    await tdb.db.transaction().execute((trx) =>
      addActivity(trx, '2024-03-06', [
        { personId: b, repliesReceived: 1 },
        { personId: a, messages: 1, substantive: 0, parentConversation: 1 },
      ]),
    );
    await addActivity(tdb.db, '2024-03-06', [
      { personId: a, messages: 1, substantive: 1 },
      { personId: b, messages: 1, repliesReceived: 2 },
    ]);

    const day = (personId: number, d: string) =>
      tdb.db
        .selectFrom('activity_daily')
        .select(['messages', 'substantive', 'replies_received', 'parent_conversation'])
        .where('person_id', '=', personId)
        .where('day', '=', d)
        .executeTakeFirstOrThrow();
    expect(await day(a, '2024-03-05')).toEqual({
      messages: 1,
      substantive: 1,
      replies_received: 0,
      parent_conversation: 1,
    });
    expect(await day(a, '2024-03-06')).toEqual({
      messages: 2,
      substantive: 1,
      replies_received: 0,
      parent_conversation: 1,
    });
    expect(await day(b, '2024-03-06')).toEqual({
      messages: 1,
      substantive: 0,
      replies_received: 3,
      parent_conversation: 0,
    });
    const week = await tdb.db
      .selectFrom('activity_weekly')
      .selectAll()
      .orderBy('person_id')
      .execute();
    expect(week).toEqual([
      {
        week_start: '2024-03-04',
        person_id: a,
        messages: 3,
        substantive: 2,
        replies_received: 0,
        parent_conversation: 2,
      },
      {
        week_start: '2024-03-04',
        person_id: b,
        messages: 1,
        substantive: 0,
        replies_received: 3,
        parent_conversation: 0,
      },
    ]);
  });

  it('takes one round trip on PostgreSQL, two statements on SQLite, for one person or two', async () => {
    const { counter, plugin } = statementCounter();
    const counted = tdb.db.withPlugin(plugin);
    await counted
      .transaction()
      .execute((trx) => addActivity(trx, '2024-03-11', [{ personId: a, messages: 1 }]));
    const one = counter.statements;
    counter.statements = 0;
    await counted.transaction().execute((trx) =>
      addActivity(trx, '2024-03-11', [
        { personId: a, messages: 1 },
        { personId: b, repliesReceived: 1 },
      ]),
    );
    expect([one, counter.statements]).toEqual(dialect === 'postgres' ? [1, 1] : [2, 2]);
    const weeks = await tdb.db
      .selectFrom('activity_weekly')
      .select('messages')
      .where('person_id', '=', a)
      .orderBy('week_start')
      .execute();
    expect(weeks.map((r) => r.messages)).toEqual([3, 2]);
  });
});
