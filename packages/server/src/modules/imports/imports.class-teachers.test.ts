import type { ImportPlan } from '@parta/shared';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildClass, buildOrg, buildPerson, buildPosition } from '../../../test/factories';
import { buildImportWorld, csv, postImport, xlsx, type ImportWorld } from './imports.test-files';

/**
 * The «Классный руководитель» column of the staff import: who leads which
 * class, shown in the dry run, written with the import, stable on re-import.
 */
describe.each(DIALECTS)('class teachers in the staff import on %s', (dialect) => {
  let t: TestApp;
  let w: ImportWorld;
  let mun: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildImportWorld(t.tdb.db);
    mun = await signIn(t.app, 'mun');
  });
  afterAll(async () => {
    await t?.close();
  });

  const url = (org: number, q = '') => `/api/v1/organizations/${org}/imports/staff?${q}`;
  const dry = async (org: number, body: Buffer, q = '', type?: string) => {
    const res = await postImport(t.app, mun, url(org, q), body, type);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ImportPlan;
  };
  const commit = async (org: number, body: Buffer, q = '') => {
    const plan = await dry(org, body, `dryRun=0${q ? `&${q}` : ''}`);
    expect(plan.committed).toBe(true);
    return plan;
  };
  /** Class name → the class teacher's surname (or null), for one organisation. */
  const teachers = async (org: number) => {
    const rows = await t.tdb.db
      .selectFrom('classes as c')
      .leftJoin('people as p', 'p.id', 'c.class_teacher_id')
      .select(['c.name', 'p.last_name'])
      .where('c.organization_id', '=', org)
      .orderBy('c.name')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.name, r.last_name]));
  };
  const changesOf = (plan: ImportPlan, name: string) =>
    plan.items.find((i) => i.name.startsWith(name))?.changes;
  const texts = (list: { text: string }[]) => list.map((p) => p.text);

  /** A school with classes 5А, 5Б and 7Б; Старова Ивана Петровича leads 7Б. */
  async function school(name: string) {
    const org = await buildOrg(t.tdb.db, w.m, 'general', name);
    const old = await buildPerson(t.tdb.db, w.m, { login: null, lastName: 'Старов' });
    await buildPosition(t.tdb.db, old.personId, org, 'teacher');
    await buildClass(t.tdb.db, org, '5А');
    await buildClass(t.tdb.db, org, '5Б');
    await buildClass(t.tdb.db, org, '7Б', old.personId);
    return org;
  }

  const HEADER = ['ФИО', 'Должность', 'Кл. руководитель'];
  const ROWS: ExcelJS.CellValue[][] = [
    ['Зорина Анна Павловна', 'Учитель русского языка', '5А, 7Б'],
    ['Кедров Олег Ильич', 'Учитель физики', '5 «Б» класс'],
    ['Старов Иван Петрович', 'Учитель истории', ''],
    ['Лунина Вера Сергеевна', 'Директор', null],
  ];

  it('the dry run shows who leads which class and writes nothing; the import does; a re-import changes nothing', async () => {
    const org = await school('Школа № 11');
    const body = await xlsx([HEADER, ...ROWS]);
    const plan = await dry(org, body);
    expect(plan.columns[2]).toMatchObject({ header: 'Кл. руководитель', field: 'classTeacherOf' });
    expect(plan.problems).toEqual([]);
    expect(changesOf(plan, 'Зорина')).toEqual([
      'должность: Учитель русского языка (педагог, педагогический работник)',
      'классное руководство: 5А',
      'классное руководство: 7Б (было у: Старов Иван Петрович)',
    ]);
    expect(changesOf(plan, 'Кедров')).toContain('классное руководство: 5Б');
    expect(changesOf(plan, 'Старов')).toEqual([
      'новая должность: Учитель истории (педагог, педагогический работник)',
      'завершается должность: педагог',
      'классное руководство 7Б переходит к: Зорина Анна Павловна (строка 2)',
    ]);
    expect(await teachers(org)).toEqual({ '5А': null, '5Б': null, '7Б': 'Старов' });

    const done = await commit(org, body, `planDigest=${plan.digest}`);
    expect(done.summary).toMatchObject({ create: 3, update: 1 });
    expect(await teachers(org)).toEqual({ '5А': 'Зорина', '5Б': 'Кедров', '7Б': 'Зорина' });
    // The class chats follow: the class teacher administers the parents' chat.
    const admins = await t.tdb.db
      .selectFrom('chat_members as m')
      .innerJoin('chats as c', 'c.id', 'm.chat_id')
      .innerJoin('classes as k', 'k.id', 'c.class_id')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['k.name', 'p.last_name'])
      .where('k.organization_id', '=', org)
      .where('c.kind', '=', 'class_parents')
      .where('m.role', '=', 'admin')
      .where('m.left_at', 'is', null)
      .orderBy('k.name')
      .execute();
    expect(admins.map((a) => `${a.name} ${a.last_name}`)).toEqual([
      '5А Зорина',
      '5Б Кедров',
      '7Б Зорина',
    ]);

    const again = await commit(org, body);
    expect(again.summary).toMatchObject({ create: 0, update: 0, unchanged: 4 });
    expect(await teachers(org)).toEqual({ '5А': 'Зорина', '5Б': 'Кедров', '7Б': 'Зорина' });
  });

  it('with the column filled it is the whole truth for the people in the file; an empty column changes nothing', async () => {
    const org = await school('Школа № 12');
    await commit(org, await xlsx([HEADER, ...ROWS]));
    // 7Б passes from Зорина to Кедров; 5Б is no longer led by anyone.
    const moved = await xlsx([
      ['ФИО', 'Должность', 'Классное руководство'],
      ['Зорина Анна Павловна', 'Учитель русского языка', '5А'],
      ['Кедров Олег Ильич', 'Учитель физики', '7Б'],
      ['Старов Иван Петрович', 'Учитель истории', ''],
      ['Лунина Вера Сергеевна', 'Директор', ''],
    ]);
    const plan = await dry(org, moved);
    expect(changesOf(plan, 'Зорина')).toEqual([
      'классное руководство 7Б переходит к: Кедров Олег Ильич (строка 3)',
    ]);
    expect(changesOf(plan, 'Кедров')).toEqual([
      'классное руководство: 7Б (было у: Зорина Анна Павловна)',
      'снимается классное руководство: 5Б',
    ]);
    await commit(org, moved, `planDigest=${plan.digest}`);
    expect(await teachers(org)).toEqual({ '5А': 'Зорина', '5Б': null, '7Б': 'Кедров' });

    // The template's column left empty: class teachers stay as they are.
    const empty = await dry(
      org,
      csv([
        ['ФИО', 'Должность', 'Классный руководитель'],
        ['Зорина Анна Павловна', 'Учитель русского языка', ''],
        ['Кедров Олег Ильич', 'Учитель физики', ''],
      ]),
      '',
      'text/csv',
    );
    expect(empty.summary).toMatchObject({ update: 0, unchanged: 2 });
  });

  it('a class that does not exist, an unreadable one and a class claimed twice are problems by row and column', async () => {
    const org = await school('Школа № 13');
    const plan = await dry(
      org,
      await xlsx([
        ['ФИО', 'Должность', 'Классный руководитель'],
        ['Зорина Анна Павловна', 'Учитель русского языка', '5А; 9В'],
        ['Кедров Олег Ильич', 'Учитель физики', '5а'],
        ['Старов Иван Петрович', 'Учитель истории', 'пятый'],
      ]),
    );
    expect(plan.canCommit).toBe(false);
    expect(texts(plan.problems)).toEqual([
      'строка 2, столбец "Классный руководитель": класса «9В» нет в организации. Классы создаются при загрузке учеников: загрузите учеников, затем этот файл ещё раз — или оставьте ячейку пустой',
      'строка 3, столбец "Классный руководитель": класс 5А уже указан в строке 2 («Зорина Анна Павловна»); классный руководитель у класса один',
      'строка 4, столбец "Классный руководитель": класс «пятый» не распознан и в организации такого нет; пишите номер и букву через запятую, например «5А, 7Б»',
    ]);
    expect(plan.problems[0]).toMatchObject({
      row: 2,
      column: 'C',
      header: 'Классный руководитель',
    });
    const res = await postImport(
      t.app,
      mun,
      url(org, 'dryRun=0'),
      await xlsx([HEADER, ['Зорина Анна Павловна', 'Учитель', '9В']]),
    );
    expect(res.statusCode).toBe(400);
    expect(await teachers(org)).toEqual({ '5А': null, '5Б': null, '7Б': 'Старов' });
  });

  it('one person in two rows may name classes in both; «5А 7Б» separated by spaces is read', async () => {
    const org = await school('Школа № 14');
    const plan = await dry(
      org,
      await xlsx([
        HEADER,
        ['Зорина Анна Павловна', 'Учитель русского языка', '5А 5Б'],
        ['Зорина Анна Павловна', 'Учитель литературы', '7Б'],
      ]),
    );
    expect(plan.problems).toEqual([]);
    expect(changesOf(plan, 'Зорина')).toEqual(
      expect.arrayContaining([
        'классное руководство: 5А',
        'классное руководство: 5Б',
        'классное руководство: 7Б (было у: Старов Иван Петрович)',
      ]),
    );
  });

  it('who leaves the staff (deactivateMissing) stops leading the class', async () => {
    const org = await school('Школа № 15');
    const body = await xlsx([HEADER, ['Зорина Анна Павловна', 'Учитель', '5А']]);
    const plan = await dry(org, body, 'deactivateMissing=1');
    const leaving = plan.items.find((i) => i.name.startsWith('Старов'));
    expect(leaving?.action).toBe('deactivate');
    expect(leaving?.changes).toContain('снимается классное руководство: 7Б');
    await commit(org, body, 'deactivateMissing=1');
    expect(await teachers(org)).toEqual({ '5А': 'Зорина', '5Б': null, '7Б': null });
  });

  it('kindergarten groups are separated by «;»; the column is skipped with a warning in a pupils file', async () => {
    const kg = await buildOrg(t.tdb.db, w.m, 'preschool', 'Детский сад № 9');
    await buildClass(t.tdb.db, kg, 'Средняя группа «Солнышко», 4–5 лет');
    await buildClass(t.tdb.db, kg, 'Ясли');
    const plan = await dry(
      kg,
      await xlsx([
        ['ФИО', 'Должность', 'Классный руководитель'],
        ['Полякова Ирина', 'Воспитатель', 'Средняя группа «Солнышко», 4–5 лет; ясли'],
      ]),
    );
    expect(plan.problems).toEqual([]);
    expect(changesOf(plan, 'Полякова')).toEqual([
      'должность: Воспитатель (педагог, педагогический работник)',
      'классное руководство: Средняя группа «Солнышко», 4–5 лет',
      'классное руководство: Ясли',
    ]);

    const pupils = await postImport(
      t.app,
      mun,
      `/api/v1/organizations/${kg}/imports/pupils`,
      await xlsx([
        ['ФИО', 'Группа', 'Классный руководитель'],
        ['Котов Лев', 'Ясли', 'Полякова Ирина'],
      ]),
    );
    const pupilPlan = pupils.json() as ImportPlan;
    expect(texts(pupilPlan.warnings)).toContain(
      'строка 1, столбец "Классный руководитель": не нужен в этом виде импорта и пропущен',
    );
  });

  it('the staff templates carry the column', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/staff.csv',
      headers: mun.headers,
    });
    expect(res.rawPayload.subarray(3).toString('utf8')).toBe(
      'Фамилия;Имя;Отчество;Должность;Классный руководитель;Телефон;E-mail;Дата рождения;Внешний ID\r\n',
    );
  });
});
