import type { ImportPlan } from '@parta/shared';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildPerson, buildPosition } from '../../../test/factories';
import { academicYearOf } from './imports.values';
import {
  buildImportWorld,
  csv,
  postImport,
  xlsx,
  XLSX,
  type ImportWorld,
} from './imports.test-files';

type Counts = Record<string, number>;

/** The 50,000-row files, made once for both dialects. */
let bigFilesMade: Promise<{ big: Buffer; bigCsv: Buffer }> | undefined;
const bigFiles = () =>
  (bigFilesMade ??= (async () => {
    const header = ['ФИО', 'Должность', 'Телефон'];
    const rows = Array.from({ length: 50_000 }, (_, i) => [
      `Фамилия${i} Имя`,
      'Учитель',
      `8912${String(i).padStart(7, '0')}`,
    ]);
    return { big: await xlsx([header, ...rows]), bigCsv: csv([header, ...rows]) };
  })());

describe.each(DIALECTS)('roster import API on %s', (dialect) => {
  let t: TestApp;
  let w: ImportWorld;
  let s: Record<'mun' | 'admina' | 'adminb' | 'teachera', Session>;

  const url = (org: number, kind: string, q = '') =>
    `/api/v1/organizations/${org}/imports/${kind}${q ? `?${q}` : ''}`;
  const send = (
    who: Session | null,
    org: number,
    kind: string,
    body: Buffer,
    q = '',
    type = XLSX,
  ) => postImport(t.app, who, url(org, kind, q), body, type);
  const dry = async (
    who: Session,
    org: number,
    kind: string,
    body: Buffer,
    q = '',
    type = XLSX,
  ) => {
    const res = await send(who, org, kind, body, q, type);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ImportPlan;
  };
  const commit = async (
    who: Session,
    org: number,
    kind: string,
    body: Buffer,
    q = '',
    type = XLSX,
  ) => {
    const res = await send(who, org, kind, body, `dryRun=0${q ? `&${q}` : ''}`, type);
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json() as ImportPlan;
    expect(plan.committed).toBe(true);
    return plan;
  };
  const counts = async (): Promise<Counts> => {
    const db = t.tdb.db;
    const n = async (
      table: 'people' | 'positions' | 'enrolments' | 'guardianships' | 'classes' | 'imports',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      people: await n('people'),
      positions: await n('positions'),
      enrolments: await n('enrolments'),
      guardianships: await n('guardianships'),
      classes: await n('classes'),
      imports: await n('imports'),
    };
  };
  const person = (lastName: string) =>
    t.tdb.db.selectFrom('people').selectAll().where('last_name', '=', lastName).execute();
  const texts = (list: { text: string }[]) => list.map((p) => p.text);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildImportWorld(t.tdb.db);
    s = {
      mun: await signIn(t.app, 'mun'),
      admina: await signIn(t.app, 'admina'),
      adminb: await signIn(t.app, 'adminb'),
      teachera: await signIn(t.app, 'teachera'),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const STAFF_HEADER = ['ФИО', 'Должность', 'Телефон', 'E-mail', 'Дата рождения', 'Примечание'];

  describe('POST /organizations/:orgId/imports/:kind', () => {
    const ok = () =>
      csv([
        ['ФИО', 'Должность'],
        ['Кузнецова Анна Ивановна', 'Учитель химии'],
      ]);

    it('401 without a session, before the body is read', async () => {
      const res = await send(null, w.school, 'staff', ok(), '', 'text/csv');
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    });

    it('400 for an unknown kind, a malformed id or flag, naming the parameter', async () => {
      for (const [u, path] of [
        [url(w.school, 'teachers'), 'params.kind'],
        [url(0, 'staff'), 'params.orgId'],
        [url(w.school, 'staff', 'dryRun=yes'), 'querystring.dryRun'],
        [url(w.school, 'staff', 'planDigest=abc'), 'querystring.planDigest'],
      ] as const) {
        const res = await postImport(t.app, s.admina, u, ok(), 'text/csv');
        expect(res.statusCode, u).toBe(400);
        expect(errorCode(res)).toBe('VALIDATION_FAILED');
        expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
      }
    });

    it('403 for a teacher and for the administrator of another school; 404 outside the municipality', async () => {
      for (const who of [s.teachera, s.adminb]) {
        const res = await send(who, w.school, 'staff', ok(), '', 'text/csv');
        expect(res.statusCode).toBe(403);
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
      const res = await send(s.mun, 999_999, 'staff', ok(), '', 'text/csv');
      expect(res.statusCode).toBe(404);
    });

    it('415 for JSON or multipart bodies; 400 for an empty one; 413 above PARTA_IMPORT_MAX_BYTES', async () => {
      const json = await t.app.inject({
        method: 'POST',
        url: url(w.school, 'staff'),
        headers: s.admina.headers,
        payload: { file: 'x' },
      });
      expect(json.statusCode).toBe(415);
      expect(errorCode(json)).toBe('UNSUPPORTED_MEDIA_TYPE');
      const multi = await send(
        s.admina,
        w.school,
        'staff',
        ok(),
        '',
        'multipart/form-data; boundary=x',
      );
      expect(multi.statusCode).toBe(415);
      const empty = await send(s.admina, w.school, 'staff', Buffer.alloc(0), '', 'text/csv');
      expect(empty.statusCode).toBe(400);
      expect(errorCode(empty)).toBe('IMPORT_UNREADABLE_FILE');
      const big = await send(s.admina, w.school, 'staff', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
      expect(big.statusCode).toBe(413);
      expect(errorCode(big)).toBe('PAYLOAD_TOO_LARGE');
    });

    it('200: the school administrator and the municipal administrator get a plan; nothing is written', async () => {
      const before = await counts();
      for (const who of [s.admina, s.mun]) {
        const plan = await dry(
          who,
          w.school,
          'staff',
          ok(),
          'fileName=staff.csv',
          'text/csv; charset=utf-8',
        );
        expect(plan).toMatchObject({
          dryRun: true,
          committed: false,
          canCommit: true,
          format: 'csv',
          encoding: 'utf-8',
          delimiter: ';',
          fileName: 'staff.csv',
          summary: { create: 1, problems: 0 },
        });
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('staff', () => {
    const file = (rows: ExcelJS.CellValue[][]) =>
      xlsx([['Список сотрудников МАОУ СОШ № 2'], STAFF_HEADER, ...rows], { merges: ['A1:F1'] });
    const base: ExcelJS.CellValue[][] = [
      [
        'Орлова Елена Викторовна',
        'Директор',
        '8 (912) 000-11-22',
        'orlova@school2.ru',
        new Date(Date.UTC(1975, 2, 4)),
        '',
      ],
      [
        'Белов Игорь Олегович',
        'Заместитель директора по УВР, учитель математики',
        '+7 912 000 33 44',
        '',
        '12.05.1980',
        'совм.',
      ],
      [],
      ['ЗАЙЦЕВА ОЛЬГА', 'учитель начальных классов', '9120005566', '', 30000, ''],
      ['Комарова Нина Петровна', 'Секретарь', '', '', '', ''],
    ];

    it('plans, commits in one go, and a re-import changes nothing', async () => {
      const body = await file(base);
      const before = await counts();
      const plan = await dry(s.adminb, w.schoolB, 'staff', body);
      expect(plan.headerRow).toBe(2);
      expect(plan.emptyRows).toBe(1);
      expect(plan.summary).toMatchObject({ create: 4, update: 0, unchanged: 0, problems: 0 });
      expect(texts(plan.warnings)).toContain(
        'строка 2, столбец "Примечание": столбец не распознан и пропущен',
      );
      expect(plan.items.find((i) => i.name === 'Белов Игорь Олегович')?.changes).toEqual([
        'должность: Заместитель директора по УВР (заместитель руководителя, педагогический работник)',
        'должность: учитель математики (педагог, педагогический работник)',
      ]);
      expect(plan.items.find((i) => i.name === 'Зайцева Ольга')).toBeDefined();
      expect(await counts()).toEqual(before);

      const done = await commit(s.adminb, w.schoolB, 'staff', body, `planDigest=${plan.digest}`);
      expect(done.importId).toBeGreaterThan(0);
      expect(done.summary.create).toBe(4);
      const [orlova] = await person('Орлова');
      expect(orlova).toMatchObject({
        phone: '+79120001122',
        email: 'orlova@school2.ru',
        birth_date: '1975-03-04',
      });
      const [zaytseva] = await person('Зайцева');
      expect(zaytseva?.birth_date).toBe('1982-02-18');
      const positions = await t.tdb.db
        .selectFrom('positions')
        .select(['role', 'title', 'pedagogical'])
        .where('organization_id', '=', w.schoolB)
        .where('ended_on', 'is', null)
        .orderBy('id')
        .execute();
      expect(positions.map((p) => [p.role, p.title, Boolean(p.pedagogical)])).toEqual([
        ['head', 'Директор', true],
        ['deputy', 'Заместитель директора по УВР', true],
        ['teacher', 'учитель математики', true],
        ['teacher', 'учитель начальных классов', true],
        ['staff', 'Секретарь', false],
      ]);
      // The staff chat follows at once.
      const chat = await t.tdb.db
        .selectFrom('chats')
        .select('id')
        .where('kind', '=', 'org_staff')
        .where('organization_id', '=', w.schoolB)
        .executeTakeFirstOrThrow();
      const members = await t.tdb.db
        .selectFrom('chat_members')
        .select('person_id')
        .where('chat_id', '=', chat.id)
        .where('left_at', 'is', null)
        .execute();
      expect(members).toHaveLength(4);

      const after = await counts();
      const again = await commit(s.adminb, w.schoolB, 'staff', body);
      expect(again.summary).toMatchObject({ create: 0, update: 0, unchanged: 4, remove: 0 });
      expect({ ...(await counts()), imports: after.imports }).toEqual(after);
    });

    it('updates what changed, and with deactivateMissing ends the positions of those who left', async () => {
      const changed = base.filter((r) => r[0] !== 'Комарова Нина Петровна');
      changed[0] = ['Орлова Елена Викторовна', 'Директор', '8 912 999-88-77', '', '', ''];
      const body = await file(changed);
      const plan = await dry(s.adminb, w.schoolB, 'staff', body);
      expect(plan.summary).toMatchObject({ update: 1, unchanged: 2, missing: 1, deactivate: 0 });
      expect(plan.items.find((i) => i.action === 'update')?.changes).toEqual([
        'телефон: +79120001122 → +79129998877',
      ]);
      const stale = await send(
        s.adminb,
        w.schoolB,
        'staff',
        body,
        `dryRun=0&planDigest=${'0'.repeat(64)}`,
      );
      expect(stale.statusCode).toBe(409);
      expect(errorCode(stale)).toBe('IMPORT_PLAN_CHANGED');

      const done = await commit(s.adminb, w.schoolB, 'staff', body, 'deactivateMissing=1');
      expect(done.summary).toMatchObject({ update: 1, deactivate: 1 });
      expect(done.items.find((i) => i.action === 'deactivate')).toMatchObject({
        name: 'Комарова Нина Петровна',
        rows: [],
      });
      const [komarova] = await person('Комарова');
      expect(komarova?.deactivated_at).not.toBeNull();
      const open = await t.tdb.db
        .selectFrom('positions')
        .select('id')
        .where('person_id', '=', komarova?.id ?? 0)
        .where('ended_on', 'is', null)
        .execute();
      expect(open).toHaveLength(0);
      // Back in the file: restored.
      const back = await commit(s.adminb, w.schoolB, 'staff', await file(base));
      expect(back.items.find((i) => i.name === 'Комарова Нина Петровна')?.changes).toEqual([
        'восстанавливается: был деактивирован',
        'новая должность: Секретарь (сотрудник)',
      ]);
    });

    it('unknown titles are problems with a suggestion; a confirmed import with problems writes nothing', async () => {
      const body = await file([
        ...base,
        ['Новикова Вера', 'Воспитатль', '', '', '', ''],
        ['Гусев Илья', 'Космонавт', '', '', '', ''],
      ]);
      const plan = await dry(s.adminb, w.schoolB, 'staff', body);
      expect(plan.canCommit).toBe(false);
      expect(texts(plan.problems)).toEqual([
        'строка 8, столбец "Должность": должности «Воспитатль» нет в словаре должностей; похоже на «воспитатель» — воспитатель (педагог, педагогический работник). Исправьте название или добавьте его в словарь должностей муниципалитета',
        'строка 9, столбец "Должность": должности «Космонавт» нет в словаре должностей. Исправьте название или добавьте его в словарь должностей муниципалитета',
      ]);
      const before = await counts();
      const res = await send(s.adminb, w.schoolB, 'staff', body, 'dryRun=0');
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('IMPORT_HAS_PROBLEMS');
      expect(res.json().error.details[0]).toEqual({
        path: 'row.8.B',
        message: expect.stringContaining('строка 8, столбец "Должность"'),
      });
      expect(await counts()).toEqual(before);
    });

    it('duplicate people are problems; one person with two titles in two rows is fine', async () => {
      const plan = await dry(
        s.adminb,
        w.schoolB,
        'staff',
        await file([
          ...base,
          ['Орлова Елена Викторовна', 'Директор', '', '', '', ''],
          ['Белов Игорь', 'Учитель физики', '', '', '', ''],
        ]),
      );
      expect(texts(plan.problems)).toEqual([
        'строка 8, столбец "Должность": сотрудник «Орлова Елена Викторовна» с должностью «Директор» уже указан в строке 3; уберите повтор',
      ]);
      expect(plan.items.find((i) => i.name === 'Белов Игорь Олегович')).toMatchObject({
        rows: [4, 9],
        changes: ['новая должность: Учитель физики (педагог, педагогический работник)'],
      });
    });
  });

  describe('pupils', () => {
    const header = ['№', 'ФИО обучающегося', 'Класс', 'Дата рождения'];

    it('creates classes, enrols pupils, fills merged class cells, and class chats follow', async () => {
      const body = await xlsx(
        [
          header,
          [1, 'Соколов Артём Денисович', '5 а', new Date(Date.UTC(2012, 10, 3))],
          [2, 'Морозова Дарья Ильинична', null, new Date(Date.UTC(2012, 6, 21))],
          [3, 'Волков Максим', null, '07.01.2013'],
          [],
          [],
          [4, 'Лебедева Алиса', '5Б', 41200],
          [5, 'Козлов Тимур', '6A', ''],
        ],
        { merges: ['C2:C4'] },
      );
      const plan = await dry(s.admina, w.school, 'pupils', body, 'fileName=5-6.xlsx');
      expect(plan.summary).toMatchObject({ create: 5, problems: 0, classesToCreate: 3 });
      expect(plan.classesToCreate).toEqual(['5А', '5Б', '6А']);
      expect(plan.emptyRows).toBe(2);
      expect(plan.items.map((i) => i.changes[0])).toEqual([
        'класс: 5А',
        'класс: 5А',
        'класс: 5А',
        'класс: 5Б',
        'класс: 6А',
      ]);
      const done = await commit(s.admina, w.school, 'pupils', body);
      expect(done.summary.create).toBe(5);
      const [lebedeva] = await person('Лебедева');
      expect(lebedeva?.birth_date).toBe('2012-10-18');
      const chats = await t.tdb.db
        .selectFrom('chats as c')
        .innerJoin('classes as k', 'k.id', 'c.class_id')
        .select(['k.name', 'c.kind'])
        .where('k.organization_id', '=', w.school)
        .where('c.kind', '=', 'class_pupils')
        .orderBy('k.name')
        .execute();
      expect(chats.map((c) => c.name)).toEqual(['5А', '5Б', '6А']);
      const again = await commit(s.admina, w.school, 'pupils', body);
      expect(again.summary).toMatchObject({
        create: 0,
        update: 0,
        unchanged: 5,
        classesToCreate: 0,
      });
    });

    it('moves a pupil to another class, reading a ";" CSV in Windows-1251', async () => {
      const body = csv(
        [
          ['Фамилия', 'Имя', 'Отчество', 'Класс', 'Дата рождения'],
          ['Соколов', 'Артём', 'Денисович', '6А', '03.11.2012'],
          ['Морозова', 'Дарья', 'Ильинична', '5А', '21.07.2012'],
          ['Волков', 'Максим', '', '5А', '07.01.2013'],
          ['Лебедева', 'Алиса', '', '5Б', '18.10.2012'],
          ['Козлов', 'Тимур', '', '6А', ''],
        ],
        { encoding: 'win1251' },
      );
      const plan = await dry(s.admina, w.school, 'pupils', body, '', 'text/csv');
      expect(plan.encoding).toBe('windows-1251');
      expect(plan.summary).toMatchObject({ update: 1, unchanged: 4, problems: 0 });
      expect(plan.items.find((i) => i.action === 'update')).toMatchObject({
        name: 'Соколов Артём Денисович',
        changes: ['перевод: 5А → 6А'],
      });
    });

    it('reads class titles from merged section rows when there is no class column', async () => {
      const body = await xlsx(
        [
          ['ФИО', 'Дата рождения'],
          ['7 «В» класс'],
          ['Никитин Олег', '01.02.2011'],
          ['Фролова Ева', '02.03.2011'],
          ['8 В класс'],
          ['Титов Кирилл', '03.04.2010'],
        ],
        { merges: ['A2:B2', 'A5:B5'] },
      );
      const plan = await dry(s.admina, w.school, 'pupils', body);
      expect(plan.summary).toMatchObject({ create: 3, problems: 0 });
      expect(plan.classesToCreate).toEqual(['7В', '8В']);
      expect(plan.items.map((i) => i.changes)).toEqual([
        ['класс: 7В'],
        ['класс: 7В'],
        ['класс: 8В'],
      ]);
    });

    it('a pupil in two classes, a duplicate, an unknown class and bad cells are problems by row and column', async () => {
      const body = await xlsx([
        ['ФИО', 'Класс', 'Дата рождения', 'Телефон'],
        ['Петров Пётр', '5А', '', ''],
        ['Петров Пётр', '6А', '', ''],
        ['Сидорова Анна', '5А', '01.02.2012', ''],
        ['Сидорова Анна', '5А', '01.02.2012', ''],
        ['Ким Лиана', '13Я', '', ''],
        ['Юсупов Марат', '5А', '31.02.2012', ''],
        ['Ершов Глеб', '5А', '01.02.12', '12-34'],
        ['Зуев Лев', '5А', new Date(Date.UTC(2040, 0, 1)), ''],
        ['Жукова Мила', { formula: 'B2' }, '', ''],
        ['Рыбаков Ян', { formula: 'B2', result: '5А' }, { error: '#N/A' }, ''],
      ]);
      const plan = await dry(s.admina, w.school, 'pupils', body);
      expect(texts(plan.problems)).toEqual([
        'строка 3, столбец "Класс": ученик «Петров Пётр» указан в двух классах: 5А (строка 2) и 6А; ученик учится в одном классе. Если это разные дети, укажите их даты рождения',
        'строка 5: ученик «Сидорова Анна» уже указан в строке 4; уберите повтор',
        'строка 6, столбец "Класс": класс «13Я» не распознан и в организации такого нет: для школы пишите номер и букву, например «5А» или «10Б»; другой класс или группу сначала создайте в разделе «Управление → Классы»',
        'строка 7, столбец "Дата рождения": «31.02.2012» — такой даты нет',
        'строка 8, столбец "Дата рождения": «01.02.12»: укажите год четырьмя цифрами (ДД.ММ.ГГГГ)',
        'строка 8, столбец "Телефон": «12-34» не похож на российский номер телефона',
        'строка 9, столбец "Дата рождения": дата рождения 01.01.2040 ещё не наступила',
        'строка 10, столбец "Класс": в ячейке формула без сохранённого значения (=B2); откройте файл в Excel или LibreOffice, дождитесь пересчёта и сохраните заново — или замените формулу значением',
        'строка 11, столбец "Дата рождения": в ячейке ошибка #N/A; исправьте значение',
      ]);
      const before = await counts();
      const res = await send(s.admina, w.school, 'pupils', body, 'dryRun=0');
      expect(errorCode(res)).toBe('IMPORT_HAS_PROBLEMS');
      expect(await counts()).toEqual(before);
      // A formula with the value Excel saved is read as that value.
      const formulas = await xlsx([
        ['ФИО', 'Класс', 'Дата рождения'],
        [
          { formula: 'CONCATENATE("Ким ","Юна")', result: 'Ким Юна' },
          '5Б',
          { formula: 'DATE(2012,5,6)', result: 41035 },
        ],
      ]);
      const plan2 = await dry(s.admina, w.school, 'pupils', formulas);
      expect(plan2.problems).toEqual([]);
      expect(plan2.items).toMatchObject([
        { action: 'create', name: 'Ким Юна', changes: ['класс: 5Б'] },
      ]);
    });

    it('a kindergarten takes group names as they are; the authority takes no pupils', async () => {
      const body = csv(
        [
          ['ФИО ребёнка', 'Группа'],
          ['Белкина Соня', 'Средняя группа «Солнышко»'],
          ['Ёжиков Миша', 'Младшая группа "Теремок"'],
        ],
        { delimiter: ',', encoding: 'utf8bom' },
      );
      const plan = await dry(s.mun, w.kindergarten, 'pupils', body, '', 'text/csv');
      expect(plan.delimiter).toBe(',');
      expect(plan.classesToCreate).toEqual([
        'Средняя группа «Солнышко»',
        'Младшая группа "Теремок"',
      ]);
      // A name taken by an archived group of the year is a problem, not a crash.
      const year = academicYearOf(new Date().toISOString().slice(0, 10));
      await t.tdb.db
        .insertInto('classes')
        .values({
          organization_id: w.kindergarten,
          name: 'Старшая группа «Радуга»',
          kind: 'group',
          grade: null,
          academic_year: year,
          class_teacher_id: null,
          created_at: new Date(),
          archived_at: new Date(),
        })
        .execute();
      const archived = await dry(
        s.mun,
        w.kindergarten,
        'pupils',
        csv([
          ['ФИО', 'Группа'],
          ['Грачёв Федя', 'старшая группа "Радуга"'],
        ]),
        '',
        'text/csv',
      );
      expect(texts(archived.problems)).toEqual([
        'строка 2, столбец "Группа": класс «старшая группа "Радуга"» этого учебного года в архиве; верните его из архива в карточке организации или исправьте класс',
      ]);
      const auth = await send(s.mun, w.authority, 'pupils', body, '', 'text/csv');
      expect(auth.statusCode).toBe(400);
      expect(errorCode(auth)).toBe('VALIDATION_FAILED');
    });
  });

  describe('parents', () => {
    it('links parents to pupils; one parent of two children; a re-import changes nothing', async () => {
      const rows = [
        ['ФИО родителя', 'Телефон', 'Кем приходится', 'ФИО ребёнка', 'Класс'],
        ['Соколова Ирина Павловна', '8 912 111-22-33', 'мама', 'Соколов Артём', '5А'],
        ['Соколова Ирина Павловна', '8 912 111-22-33', 'мать', 'Морозова Дарья', '5 а'],
        ['Волков Сергей', '+7 912 444 55 66', 'отец', 'Волков Максим', '5А'],
        ['Лебедев Павел', '', '', 'Лебедева Алиса Сергеевна', ''],
      ];
      const body = csv(rows, { encoding: 'win1251' });
      const plan = await dry(s.admina, w.school, 'parents', body, '', 'text/csv');
      expect(plan.summary).toMatchObject({ create: 3, problems: 0 });
      expect(plan.items[0]?.changes).toEqual([
        'ребёнок: Соколов Артём Денисович (5А), мать',
        'ребёнок: Морозова Дарья Ильинична (5А), мать',
      ]);
      await commit(s.admina, w.school, 'parents', body, '', 'text/csv');
      const parentsChat = await t.tdb.db
        .selectFrom('chats as c')
        .innerJoin('classes as k', 'k.id', 'c.class_id')
        .innerJoin('chat_members as m', 'm.chat_id', 'c.id')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .select('p.last_name')
        .where('k.organization_id', '=', w.school)
        .where('k.name', '=', '5А')
        .where('c.kind', '=', 'class_parents')
        .where('m.left_at', 'is', null)
        .orderBy('p.last_name')
        .execute();
      expect(parentsChat.map((p) => p.last_name)).toEqual(['Волков', 'Соколова']);
      const again = await dry(s.admina, w.school, 'parents', body, '', 'text/csv');
      expect(again.summary).toMatchObject({ create: 0, update: 0, unchanged: 3 });
    });

    it('an unknown class, an unknown child and a duplicate link are problems', async () => {
      const body = csv([
        ['ФИО законного представителя', 'Ученик', 'Класс', 'Кем приходится'],
        ['Орлов Антон', 'Соколов Артём', '5Я', 'отец'],
        ['Орлов Антон', 'Невидимкин Гоша', '5А', 'отец'],
        ['Волков Сергей', 'Волков Максим', '5А', 'отец'],
        ['Волков Сергей', 'Волков Максим', '5А', 'отец'],
      ]);
      const plan = await dry(s.admina, w.school, 'parents', body, '', 'text/csv');
      expect(texts(plan.problems)).toEqual([
        'строка 2, столбец "Класс": класса «5Я» нет в организации; проверьте класс или сначала загрузите учеников',
        'строка 3, столбец "Ученик": ученик «Невидимкин Гоша» в классе 5А не найден среди учеников организации; проверьте ФИО и класс или сначала загрузите учеников',
        'строка 5: родитель «Волков Сергей» ребёнка «Волков Максим» уже указан в строке 4; уберите повтор',
      ]);
    });
  });

  describe('files that are not what they should be', () => {
    const refused = async (body: Buffer, code: string, kind = 'staff', type = XLSX) => {
      const before = await counts();
      const res = await send(s.admina, w.school, kind, body, 'dryRun=0', type);
      expect(res.statusCode, res.body).toBe(400);
      expect(errorCode(res)).toBe(code);
      expect(await counts()).toEqual(before);
      return res.json().error.message as string;
    };

    it('not a spreadsheet: PDF, an image, binary bytes, an old .xls, a damaged XLSX', async () => {
      expect(
        await refused(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj'), 'IMPORT_UNREADABLE_FILE'),
      ).toMatch(/PDF/);
      expect(
        await refused(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'IMPORT_UNREADABLE_FILE'),
      ).toMatch(/изображение/);
      expect(
        await refused(
          Buffer.from([1, 2, 3, 0, 0, 7, 8, 200]),
          'IMPORT_UNREADABLE_FILE',
          'staff',
          'application/octet-stream',
        ),
      ).toMatch(/не похож на таблицу/);
      expect(
        await refused(
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          'IMPORT_UNREADABLE_FILE',
        ),
      ).toMatch(/\.xls/);
      const good = await xlsx([['ФИО', 'Должность']]);
      expect(await refused(good.subarray(0, good.length - 200), 'IMPORT_UNREADABLE_FILE')).toMatch(
        /XLSX/,
      );
    });

    it('a spreadsheet with no header, without a required column, or with no data rows', async () => {
      expect(
        await refused(
          await xlsx([
            ['Иванов Иван', 'Учитель'],
            ['Петров Пётр', 'Директор'],
          ]),
          'IMPORT_NO_HEADER',
        ),
      ).toMatch(/строка заголовков/);
      expect(
        await refused(
          csv([
            ['1', '2'],
            ['3', '4'],
          ]),
          'IMPORT_NO_HEADER',
          'staff',
          'text/csv',
        ),
      ).toMatch(/«Должность»/);
      expect(
        await refused(
          await xlsx([
            ['ФИО', 'Телефон'],
            ['Иванов Иван', '89120000000'],
          ]),
          'IMPORT_MISSING_COLUMNS',
        ),
      ).toMatch(/нет обязательного столбца «Должность»/);
      expect(
        await refused(
          await xlsx([
            ['ФИО', 'Дата рождения'],
            ['Иванов Иван', '01.01.2012'],
          ]),
          'IMPORT_MISSING_COLUMNS',
          'pupils',
        ),
      ).toMatch(/«Класс»/);
      expect(await refused(await xlsx([STAFF_HEADER, [], []]), 'IMPORT_EMPTY')).toMatch(
        /нет ни одной строки/,
      );
    });

    it('50,000 rows are refused quickly, as XLSX and as CSV', async () => {
      const { big, bigCsv } = await bigFiles();
      for (const [body, type] of [
        [big, XLSX],
        [bigCsv, 'text/csv'],
      ] as const) {
        const started = performance.now();
        const message = await refused(body, 'IMPORT_TOO_MANY_ROWS', 'staff', type);
        expect(message).toMatch(/больше 20\s000 строк/);
        expect(performance.now() - started).toBeLessThan(10_000);
      }
    });

    it('CSV with quoted separators and line breaks, and Excel serial dates', async () => {
      const body = csv(
        [
          ['ФИО', 'Должность', 'Дата рождения'],
          ['Павлова Ксения', 'Учитель русского языка, литературы', '27000'],
          ['Фомин Роман', 'Заместитель директора по ВР;\nучитель истории', '1979-04-01'],
        ],
        { delimiter: ',' },
      );
      const plan = await dry(s.admina, w.school, 'staff', body, '', 'text/csv');
      expect(plan.summary).toMatchObject({ create: 2, problems: 0 });
      expect(plan.items.map((i) => i.changes)).toEqual([
        ['должность: Учитель русского языка, литературы (педагог, педагогический работник)'],
        [
          'должность: Заместитель директора по ВР (заместитель руководителя, педагогический работник)',
          'должность: учитель истории (педагог, педагогический работник)',
        ],
      ]);
    });
  });

  describe('who may be matched', () => {
    it('an organisation administrator never pulls in people from outside; a municipal one does', async () => {
      const db = t.tdb.db;
      const other = (
        await buildPerson(db, w.m, {
          login: null,
          lastName: 'Дубова',
          firstName: 'Вера',
          phone: '+79125550001',
        })
      ).personId;
      await buildPosition(db, other, w.school, 'teacher');
      const body = csv([
        ['ФИО', 'Должность', 'Телефон'],
        ['Дубова Вера', 'Учитель', '8 912 555-00-01'],
      ]);
      const byAdmin = await dry(s.adminb, w.schoolB, 'staff', body, '', 'text/csv');
      expect(byAdmin.items[0]).toMatchObject({ action: 'create', personId: null });
      const byMun = await dry(s.mun, w.schoolB, 'staff', body, '', 'text/csv');
      expect(byMun.items[0]).toMatchObject({ action: 'update', personId: other });
    });

    it('people holding powers the importer lacks are not changed or deactivated', async () => {
      const db = t.tdb.db;
      await buildPosition(db, w.ids.adminB, w.school, 'staff', false);
      const body = csv([
        ['ФИО', 'Должность'],
        ['Кузнецова Анна Ивановна', 'Учитель химии'],
      ]);
      const plan = await dry(s.admina, w.school, 'staff', body, 'deactivateMissing=1', 'text/csv');
      const chua = plan.items.find((i) => i.personId === w.ids.adminB);
      expect(chua).toMatchObject({ action: 'remove' });
      expect(chua?.changes.at(-1)).toMatch(/не деактивируется/);
      const teacher = plan.items.find((i) => i.personId === w.ids.teacher);
      expect(teacher).toMatchObject({ action: 'deactivate' });
    });
  });

  describe('the import log', () => {
    it('lists committed imports, newest first, to the organisation’s administrators', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/organizations/${w.schoolB}/imports`,
        headers: s.adminb.headers,
      });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.total).toBe(4);
      expect(page.items[0]).toMatchObject({
        kind: 'staff',
        format: 'xlsx',
        actorPersonId: w.ids.adminB,
        actorName: expect.stringContaining('Чужая'),
      });
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/organizations/${w.schoolB}/imports`,
            headers: s.admina.headers,
          })
        ).statusCode,
      ).toBe(403);
      const audit = await t.tdb.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'import.%')
        .execute();
      expect(audit.filter((a) => a.action === 'import.committed').length).toBeGreaterThanOrEqual(4);
    });
  });

  it('is described in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    const op = spec.paths['/api/v1/organizations/{orgId}/imports/{kind}'].post;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['orgId', 'kind', 'dryRun', 'deactivateMissing', 'planDigest']),
    );
    expect(spec.paths['/api/v1/imports/job-titles'].post).toBeDefined();
  });

  describe('templates', () => {
    it('401 anonymous; 400 unknown; the XLSX template round-trips through the import', async () => {
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/imports/templates/staff.xlsx' }))
          .statusCode,
      ).toBe(401);
      const bad = await t.app.inject({
        method: 'GET',
        url: '/api/v1/imports/templates/staff.pdf',
        headers: s.admina.headers,
      });
      expect(bad.statusCode).toBe(400);
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/imports/templates/parents.xlsx',
        headers: s.admina.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toBe('attachment; filename="parta-parents.xlsx"');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0];
      const header = (sheet?.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual([
        'Фамилия',
        'Имя',
        'Отчество',
        'Телефон',
        'E-mail',
        'Кем приходится',
        'ФИО ребёнка',
        'Класс',
        'Дата рождения ребёнка',
      ]);
      expect(errorCode(await send(s.admina, w.school, 'parents', res.rawPayload))).toBe(
        'IMPORT_EMPTY',
      );
      sheet?.addRow(['Козлова', 'Инна', '', '89126667788', '', 'мать', 'Козлов Тимур', '6А', '']);
      const filled = Buffer.from(await wb.xlsx.writeBuffer());
      const plan = await dry(s.admina, w.school, 'parents', filled);
      expect(plan.summary).toMatchObject({ create: 1, problems: 0 });
      const csvRes = await t.app.inject({
        method: 'GET',
        url: '/api/v1/imports/templates/pupils.csv',
        headers: s.admina.headers,
      });
      expect(csvRes.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(csvRes.rawPayload.subarray(3).toString('utf8')).toBe(
        'Фамилия;Имя;Отчество;Класс;Дата рождения;Телефон;E-mail;Внешний ID\r\n',
      );
    });
  });

  describe('the dictionary of job titles', () => {
    const api = (
      method: 'GET' | 'POST' | 'DELETE',
      u: string,
      who: Session | null,
      payload?: object,
    ) =>
      t.app.inject({
        method,
        url: u,
        headers: who ? who.headers : {},
        ...(payload ? { payload } : {}),
      });

    it('401 → 403 → 400 → 201/200 → used by imports → 204', async () => {
      expect((await api('GET', '/api/v1/imports/job-titles', null)).statusCode).toBe(401);
      expect((await api('GET', '/api/v1/imports/job-titles', s.teachera)).statusCode).toBe(403);
      const list = await api('GET', '/api/v1/imports/job-titles', s.admina);
      expect(list.statusCode).toBe(200);
      expect(list.json().builtin.length).toBeGreaterThan(50);
      const rule = {
        title: 'Инструктор по плаванию',
        match: 'exact',
        role: 'teacher',
        pedagogical: true,
      };
      expect((await api('POST', '/api/v1/imports/job-titles', s.admina, rule)).statusCode).toBe(
        403,
      );
      const bad = await api('POST', '/api/v1/imports/job-titles', s.mun, { ...rule, role: 'boss' });
      expect(bad.statusCode).toBe(400);
      const body = csv([
        ['ФИО', 'Должность'],
        ['Рыбкин Карп', 'Инструктор  по плаванию'],
        ['Швабрина Зоя', 'Уборщик служебных помещений'],
      ]);
      expect((await dry(s.admina, w.school, 'staff', body, '', 'text/csv')).summary.problems).toBe(
        1,
      );
      const created = await api('POST', '/api/v1/imports/job-titles', s.mun, rule);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        pattern: 'инструктор по плаванию',
        source: 'municipality',
      });
      const replaced = await api('POST', '/api/v1/imports/job-titles', s.mun, {
        ...rule,
        pedagogical: false,
      });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json().id).toBe(created.json().id);
      const skip = await api('POST', '/api/v1/imports/job-titles', s.mun, {
        title: 'Уборщик',
        role: 'skip',
        pedagogical: false,
      });
      expect(skip.statusCode).toBe(201);
      const plan = await dry(s.admina, w.school, 'staff', body, '', 'text/csv');
      expect(plan.summary).toMatchObject({ create: 1, skipped: 1, problems: 0 });
      expect(plan.items[0]?.changes).toEqual(['должность: Инструктор по плаванию (педагог)']);
      const del = await api('DELETE', `/api/v1/imports/job-titles/${created.json().id}`, s.mun);
      expect(del.statusCode).toBe(204);
      expect(
        (await api('DELETE', `/api/v1/imports/job-titles/${created.json().id}`, s.mun)).statusCode,
      ).toBe(404);
    });
  });
});
