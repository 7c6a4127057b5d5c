import type { ImportPlan, ImportProblem } from '@parta/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import { XLSX_TYPE } from './admin-api';
import { buildHead, buildOrgEntry, page, queryOf, renderAdmin } from './org-test-utils';

const IMPORT = '/api/v1/organizations/3/imports/pupils';
const DIGEST = 'a'.repeat(64);

function problem(row: number, column: string, header: string, message: string): ImportProblem {
  return { row, column, header, message, text: `строка ${row}, столбец "${header}": ${message}` };
}

function buildPlan(overrides: Partial<ImportPlan> = {}): ImportPlan {
  return {
    kind: 'pupils',
    organizationId: 3,
    fileName: 'ученики 5А.xlsx',
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheet: 'Лист1',
    headerRow: 1,
    columns: [
      { column: 'A', header: 'ФИО', field: 'fullName' },
      { column: 'B', header: 'Класс', field: 'className' },
      { column: 'C', header: 'Примечание', field: null },
    ],
    dataRows: 3,
    emptyRows: 0,
    deactivateMissing: false,
    summary: {
      create: 2,
      update: 0,
      unchanged: 0,
      remove: 0,
      deactivate: 0,
      missing: 0,
      skipped: 0,
      classesToCreate: 1,
      problems: 0,
      warnings: 0,
    },
    classesToCreate: ['5А'],
    items: [
      {
        action: 'create',
        rows: [2],
        personId: null,
        name: 'Соколов Артём',
        changes: ['класс: 5А'],
      },
      {
        action: 'create',
        rows: [3],
        personId: null,
        name: 'Морозова Дарья',
        changes: ['класс: 5А'],
      },
    ],
    problems: [],
    warnings: [],
    canCommit: true,
    digest: DIGEST,
    dryRun: true,
    committed: false,
    importId: null,
    ...overrides,
  };
}

const orgs = page([buildOrgEntry()]);
const noRuns = page([]);

function chooseFile(name = 'ученики 5А.xlsx', type = XLSX_TYPE, content = 'PK\u0003\u0004…') {
  const input = screen.getByTestId('import-file-input');
  fireEvent.change(input, { target: { files: [new File([content], name, { type })] } });
}

describe('roster import', () => {
  it('checks the file first (the file itself as the body) and shows every problem by row and column, sortable', async () => {
    const plan = buildPlan({
      canCommit: false,
      problems: [
        problem(4, 'D', 'Дата рождения', '«31.02.2012» — такой даты нет'),
        problem(7, 'B', 'Класс', 'класс «13Я» не распознан'),
      ],
      warnings: [problem(1, 'C', 'Примечание', 'столбец не распознан и пропущен')],
      summary: { ...buildPlan().summary, problems: 2, warnings: 1 },
    });
    const { fetchMock, requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/imports': noRuns,
      [`POST ${IMPORT}`]: json(200, plan),
    });
    renderAdmin('/admin/import?org=3&kind=pupils');

    await screen.findByText('МАОУ СОШ № 5');
    expect(screen.getByRole('link', { name: 'Excel (.xlsx)' })).toHaveAttribute(
      'href',
      '/api/v1/imports/templates/pupils.xlsx',
    );
    chooseFile();
    expect(await screen.findByRole('heading', { name: 'Проверка файла' })).toBeInTheDocument();

    const post = requests.find((r) => r.method === 'POST');
    expect(post?.headers.get('Content-Type')).toBe(XLSX_TYPE);
    expect(post?.headers.get('X-CSRF-Token')).toBe('csrf-1');
    const q = queryOf(fetchMock, 'POST', IMPORT);
    expect(q.get('dryRun')).toBe('1');
    expect(q.get('deactivateMissing')).toBe('0');
    expect(q.get('fileName')).toBe('ученики 5А.xlsx');

    expect(
      screen.getByText('Пока в файле есть ошибки, загрузить его нельзя.', { exact: false }),
    ).toHaveAttribute('role', 'alert');
    const table = screen.getByRole('table', { name: '2 ошибки' });
    const rows = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) =>
          within(r)
            .getAllByRole('cell')
            .map((c) => c.textContent),
        );
    expect(rows()).toEqual([
      ['4', 'D «Дата рождения»', '«31.02.2012» — такой даты нет'],
      ['7', 'B «Класс»', 'класс «13Я» не распознан'],
    ]);

    fireEvent.click(within(table).getByRole('button', { name: /Столбец/ }));
    expect(within(table).getByRole('columnheader', { name: /Столбец/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    expect(rows().map((r) => r[0])).toEqual(['7', '4']);
    fireEvent.click(within(table).getByRole('button', { name: /Строка/ }));
    fireEvent.click(within(table).getByRole('button', { name: /Строка/ }));
    expect(within(table).getByRole('columnheader', { name: /Строка/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(rows().map((r) => r[0])).toEqual(['7', '4']);

    expect(screen.getByText('1 предупреждение', { selector: 'summary' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Загрузить в Парту' })).toBeDisabled();
    expect(screen.getByText('Загрузка невозможна, пока в файле есть ошибки.')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('confirms the plan it showed (with its digest) and shows the result, in correct Russian plurals', async () => {
    const dry = buildPlan({
      summary: { ...buildPlan().summary, create: 5, update: 2, unchanged: 1 },
    });
    const done = { ...dry, dryRun: false, committed: true, importId: 12 };
    const { fetchMock } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/imports': noRuns,
      [`POST ${IMPORT}`]: [json(200, dry), json(200, done)],
    });
    renderAdmin('/admin/import?org=3&kind=pupils');
    await screen.findByText('МАОУ СОШ № 5');
    chooseFile();

    await screen.findByRole('heading', { name: 'Проверка файла' });
    expect(
      screen.getByText('Это только проверка: в Парте ещё ничего не изменилось.'),
    ).toBeInTheDocument();
    const tile = (label: string) => screen.getByText(label).closest('div');
    expect(tile('Будет создано')).toHaveTextContent('5 человек');
    expect(tile('Будет изменено')).toHaveTextContent('2 человека');
    expect(tile('Без изменений')).toHaveTextContent('1 человек');
    expect(screen.getByText('Будет создан 1 класс:')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Загрузить в Парту' }));
    expect(await screen.findByRole('heading', { name: 'Загрузка выполнена' })).toBeInTheDocument();
    const q = queryOf(fetchMock, 'POST', IMPORT, 1);
    expect(q.get('dryRun')).toBe('0');
    expect(q.get('planDigest')).toBe(DIGEST);
    expect(tile('Создано')).toHaveTextContent('5 человек');
    expect(tile('Изменено')).toHaveTextContent('2 человека');
    expect(screen.getByText('Создан 1 класс:')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Открыть классы' })).toHaveAttribute(
      'href',
      '/admin/classes?org=3',
    );
  });

  it('removing those absent from the file is explicit: the check runs again with it, and the import asks first', async () => {
    const withLeaving = buildPlan({
      deactivateMissing: true,
      summary: { ...buildPlan().summary, remove: 1, deactivate: 3 },
      items: [
        ...buildPlan().items,
        {
          action: 'deactivate',
          rows: [],
          personId: 40,
          name: 'Ушедший Илья',
          changes: [
            'отчисляется из 5А',
            'деактивируется: других ролей нет; входы в Парту закрываются',
          ],
        },
      ],
    });
    const { fetchMock } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/imports': noRuns,
      [`POST ${IMPORT}`]: [
        json(200, buildPlan()),
        json(200, withLeaving),
        json(200, { ...withLeaving, committed: true, dryRun: false }),
      ],
    });
    renderAdmin('/admin/import?org=3&kind=pupils');
    await screen.findByText('МАОУ СОШ № 5');
    chooseFile();
    await screen.findByRole('heading', { name: 'Проверка файла' });

    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Убрать из организации тех, кого нет в файле' }),
    );
    await screen.findByText('Ушедший Илья');
    expect(queryOf(fetchMock, 'POST', IMPORT, 1).get('deactivateMissing')).toBe('1');
    expect(queryOf(fetchMock, 'POST', IMPORT, 1).get('dryRun')).toBe('1');
    expect(screen.getByText('нет в файле')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Загрузить в Парту' }));
    const dialog = await screen.findByRole('dialog', { name: 'Подтвердите загрузку' });
    expect(dialog).toHaveTextContent('1 человек выбудет из организации');
    expect(dialog).toHaveTextContent('3 человека будут деактивированы');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Загрузить и убрать 4 человека' }));
    await screen.findByRole('heading', { name: 'Загрузка выполнена' });
    const commit = queryOf(fetchMock, 'POST', IMPORT, 2);
    expect(commit.get('dryRun')).toBe('0');
    expect(commit.get('deactivateMissing')).toBe('1');
  });

  it('explains files it cannot take: an old .xls (not even sent), too large, a missing column', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/imports': noRuns,
      [`POST ${IMPORT}`]: [
        apiError(413, 'PAYLOAD_TOO_LARGE'),
        apiError(
          400,
          'IMPORT_MISSING_COLUMNS',
          'В строке заголовков (строка 1) нет обязательного столбца «Класс». Ожидаются: «ФИО», «Класс».',
        ),
      ],
    });
    renderAdmin('/admin/import?org=3&kind=pupils');
    await screen.findByText('МАОУ СОШ № 5');

    chooseFile('список.xls', 'application/vnd.ms-excel');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Это файл старого формата Excel (.xls). Откройте его в Excel или LibreOffice и сохраните как «Книга Excel (.xlsx)» или CSV.',
    );
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    chooseFile('огромный.xlsx');
    expect(await screen.findByText(/Файл слишком большой/)).toBeInTheDocument();

    chooseFile('без класса.csv', 'text/csv', 'ФИО\nИванов Пётр');
    expect(
      await screen.findByText('В таблице не хватает обязательного столбца.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/нет обязательного столбца «Класс»/, { selector: 'p' }),
    ).toBeInTheDocument();
    const csvPost = requests.filter((r) => r.method === 'POST').at(-1);
    expect(csvPost?.headers.get('Content-Type')).toBe('text/csv');
  });

  it('when the data changed since the check, says so and checks again instead of importing', async () => {
    const { fetchMock } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/imports': noRuns,
      [`POST ${IMPORT}`]: [
        json(200, buildPlan()),
        apiError(409, 'IMPORT_PLAN_CHANGED'),
        json(200, buildPlan({ digest: 'b'.repeat(64) })),
      ],
    });
    renderAdmin('/admin/import?org=3&kind=pupils');
    await screen.findByText('МАОУ СОШ № 5');
    chooseFile();
    await screen.findByRole('heading', { name: 'Проверка файла' });
    fireEvent.click(screen.getByRole('button', { name: 'Загрузить в Парту' }));

    await waitFor(() => expect(queryOf(fetchMock, 'POST', IMPORT, 2).get('dryRun')).toBe('1'));
    expect(
      await screen.findByText(/Пока вы читали проверку, данные организации изменились/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Загрузка выполнена' })).not.toBeInTheDocument();
  });

  it('the education authority imports staff only; templates follow the kind', async () => {
    stubFetch({
      'GET /api/v1/organizations': page([
        buildOrgEntry({
          id: 1,
          kind: 'authority',
          name: 'Управление образования',
          shortName: 'УО',
        }),
      ]),
      'GET /api/v1/organizations/1/imports': noRuns,
    });
    renderAdmin(
      '/admin/import?org=1&kind=pupils',
      buildHead({ adminRoles: [{ role: 'municipal_admin', organizationId: null }] }),
    );
    expect(await screen.findByRole('button', { name: 'Ученики' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Сотрудники' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('link', { name: 'CSV' })).toHaveAttribute(
      'href',
      '/api/v1/imports/templates/staff.csv',
    );
  });
});
