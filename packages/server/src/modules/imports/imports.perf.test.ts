import type { ImportPlan } from '@parta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import {
  buildImportWorld,
  csv,
  postImport,
  xlsx,
  XLSX,
  type ImportWorld,
} from './imports.test-files';

/**
 * An organisation-size import: 1,000 pupils in 40 classes, then 1,500
 * parents (every pupil's mother, every other pupil's father). Each commits
 * in one transaction within a few seconds on both dialects; a re-import
 * plans no change. The figures are printed for docs and reports.
 */

const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
];
const FIRST_M = ['Артём', 'Максим', 'Лев', 'Марк', 'Иван', 'Матвей', 'Даниил', 'Михаил'];
const FIRST_F = ['Анна', 'Мария', 'Алиса', 'Ева', 'Виктория', 'Полина', 'Варвара', 'София'];

/** A unique, letters-only tag: 0 → «Ба», 1 → «Бб» … */
function tag(i: number): string {
  const abc = 'абвгдежзиклмнопрстуф';
  let s = '';
  let n = i;
  do {
    s = abc.charAt(n % 20) + s;
    n = Math.floor(n / 20);
  } while (n > 0);
  return `Б${s}`;
}

const surname = (i: number, female: boolean) =>
  `${LAST[i % LAST.length]}${female ? 'а' : ''}-${tag(i)}`;

function pupil(i: number) {
  const boy = i % 2 === 0;
  const last = surname(i, !boy);
  const first = (boy ? FIRST_M : FIRST_F)[(i >> 1) % 8] ?? 'Иван';
  const grade = 1 + (Math.floor(i / 25) % 10);
  const letter = ['А', 'Б', 'В', 'Г'][Math.floor(i / 250)] ?? 'А';
  const born = new Date(Date.UTC(2017 - grade, i % 12, 1 + (i % 28)));
  return { last, first, cls: `${grade}${letter}`, born };
}

describe.each(DIALECTS)('an organisation-size import on %s', (dialect) => {
  let t: TestApp;
  let w: ImportWorld;
  let admin: Session;
  const timed = async (label: string, run: () => Promise<ImportPlan>) => {
    const started = performance.now();
    const plan = await run();
    const ms = Math.round(performance.now() - started);
    console.log(`[imports perf] ${dialect}: ${label} in ${ms} ms`);
    return { plan, ms };
  };
  const post = async (kind: string, body: Buffer, q: string, type: string) => {
    const res = await postImport(
      t.app,
      admin,
      `/api/v1/organizations/${w.school}/imports/${kind}?${q}`,
      body,
      type,
    );
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    return res.json() as ImportPlan;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildImportWorld(t.tdb.db);
    admin = await signIn(t.app, 'admina');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('1,000 pupils and 1,500 parents commit in a few seconds; a re-import changes nothing', async () => {
    const pupils = Array.from({ length: 1000 }, (_, i) => pupil(i));
    const pupilsFile = await xlsx([
      ['Фамилия', 'Имя', 'Класс', 'Дата рождения'],
      ...pupils.map((p) => [p.last, p.first, p.cls, p.born]),
    ]);
    const parentRows: string[][] = [];
    pupils.forEach((p, i) => {
      const child = `${p.last} ${p.first}`;
      parentRows.push([
        `${surname(i, true)} ${FIRST_F[i % 8]} Ивановна`,
        `8 912 ${String(1_000_000 + i).slice(1)}`,
        'мать',
        child,
        p.cls,
      ]);
      if (i % 2 === 0)
        parentRows.push([
          `${surname(i, false)} ${FIRST_M[i % 8]} Петрович`,
          `8 913 ${String(1_000_000 + i).slice(1)}`,
          'отец',
          child,
          p.cls,
        ]);
    });
    const parentsFile = csv(
      [['ФИО родителя', 'Телефон', 'Кем приходится', 'Ученик', 'Класс'], ...parentRows],
      {
        encoding: 'win1251',
      },
    );

    const dryPupils = await timed('dry run, 1000 pupils', () =>
      post('pupils', pupilsFile, 'dryRun=1', XLSX),
    );
    expect(dryPupils.plan.summary).toMatchObject({
      create: 1000,
      problems: 0,
      classesToCreate: 40,
    });
    const pupilsDone = await timed('commit, 1000 pupils + 40 classes + chats', () =>
      post('pupils', pupilsFile, 'dryRun=0', XLSX),
    );
    expect(pupilsDone.plan.summary.create).toBe(1000);
    const parentsDone = await timed('commit, 1500 parents', () =>
      post('parents', parentsFile, 'dryRun=0', 'text/csv'),
    );
    expect(parentsDone.plan.summary).toMatchObject({ create: 1500, problems: 0 });
    const again = await timed('re-import, 1500 parents (no change)', () =>
      post('parents', parentsFile, 'dryRun=0', 'text/csv'),
    );
    expect(again.plan.summary).toMatchObject({ create: 0, update: 0, unchanged: 1500 });
    for (const r of [pupilsDone, parentsDone, again]) expect(r.ms).toBeLessThan(10_000);

    const members = await t.tdb.db
      .selectFrom('chat_members as m')
      .innerJoin('chats as c', 'c.id', 'm.chat_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('c.organization_id', '=', w.school)
      .where('c.kind', '=', 'class_parents')
      .where('m.left_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(members.n)).toBe(1500);
  });
});
