import type { Me } from '@parta/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { useRoute } from '../router/router';
import { buildMe, testQueryClient } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import MonitoringPage from './monitoring-page';
import { buildDrillDown, buildOrg, buildReport, buildStaff, buildTrend } from './test-reports';

const SETTINGS = {
  threshold: 10,
  targetShare: 1,
  redBelow: 0.5,
  yellowBelow: 0.9,
  weakestCount: 10,
  weeklyPost: true,
  weeklyPostWeekday: 1,
  weeklyPostHour: 9,
  lastActiveWeek: '2023-W50',
};

const admin = buildMe(
  { login: 'admin', adminRoles: [{ role: 'municipal_admin', organizationId: null }] },
  {
    positions: [
      {
        id: 5,
        organizationId: 1,
        organizationName: 'Управление образования',
        organizationKind: 'authority',
        role: 'authority_staff',
        title: 'Ведущий специалист',
        pedagogical: false,
      },
    ],
  },
);

const head = buildMe(
  { login: 'head', adminRoles: [{ role: 'org_admin', organizationId: 2 }] },
  {
    positions: [
      {
        id: 7,
        organizationId: 2,
        organizationName: 'МАОУ СОШ № 1',
        organizationKind: 'general',
        role: 'head',
        title: 'Директор',
        pedagogical: true,
      },
    ],
  },
);

/** The page as the app shows it: the route's query string becomes its params. */
function Harness({ me }: { me: Me }) {
  const route = useRoute();
  return route.name === 'monitoring' ? <MonitoringPage me={me} params={route.params} /> : null;
}

function open(url: string, me: Me = admin) {
  window.history.replaceState(null, '', url);
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <I18nProvider initialLanguage="ru">
        <Harness me={me} />
      </I18nProvider>
    </QueryClientProvider>,
  );
}

/** URLs the page fetched, with their query strings. */
function fetched(fetchMock: ReturnType<typeof stubFetch>['fetchMock']): URL[] {
  return fetchMock.mock.calls.map(([input]) => new URL(String(input), 'http://localhost'));
}

function baseRoutes(report = buildReport()) {
  return {
    'GET /api/v1/monitoring/settings': json(200, SETTINGS),
    'GET /api/v1/monitoring/weekly': json(200, report),
    'GET /api/v1/monitoring/trend': json(200, buildTrend(report.week)),
  };
}

const rowNames = () =>
  within(screen.getByRole('table', { name: /^Организации за/ }))
    .getAllByRole('rowheader')
    .map((cell) => cell.querySelector('.orgs__title')?.textContent);

beforeEach(() => {
  // jsdom has no canvas; ECharts then measures text without one (and jsdom would complain).
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  // Thursday 21 December 2023, 12:00 in Yekaterinburg: the last closed week is 2023-W50.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2023-12-21T07:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the monitoring dashboard', () => {
  it('opens the last closed week and shows both targets with their change', async () => {
    const { fetchMock } = stubFetch(baseRoutes());
    open('/monitoring');

    const teachers = await screen.findByRole('article', { name: 'Педагогические работники' });
    expect(within(teachers).getByText(/^65,3\s%$/)).toBeInTheDocument();
    expect(within(teachers).getByText('Написали: 380 педагогов')).toBeInTheDocument();
    expect(within(teachers).getByText('+3,1 п. п. (+18 педагогов)')).toBeInTheDocument();
    expect(within(teachers).getByText('к неделе 4–10 декабря 2023')).toBeInTheDocument();
    expect(within(teachers).getByText('Жёлтая зона')).toBeInTheDocument();
    expect(within(teachers).getByText(/^Рост/)).toBeInTheDocument();

    const authority = screen.getByRole('article', { name: 'Сотрудники Управления образования' });
    expect(within(authority).getByText('Написали: 6 сотрудников')).toBeInTheDocument();
    expect(within(authority).getByText('+16,7 п. п. (+1 сотрудник)')).toBeInTheDocument();
    expect(within(authority).getByText('Зелёная зона')).toBeInTheDocument();

    expect(screen.getByText('11–17 декабря 2023', { selector: 'strong' })).toBeInTheDocument();
    expect(
      screen.getByText(/Неделя закрыта, данные зафиксированы 18 декабря 2023/),
    ).toBeInTheDocument();
    const weekly = fetched(fetchMock).find((u) => u.pathname === '/api/v1/monitoring/weekly');
    expect(weekly?.searchParams.get('week')).toBe('2023-W50');
    expect(weekly?.searchParams.has('threshold')).toBe(false);
    const trend = fetched(fetchMock).find((u) => u.pathname === '/api/v1/monitoring/trend');
    expect(trend?.searchParams.get('from')).toBe('2023-W25');
    expect(trend?.searchParams.get('to')).toBe('2023-W50');
  });

  it('points from a week without messages to the latest week that has some', async () => {
    const report = buildReport();
    report.totals.pedagogical = buildStaff({ active: 0, messages: 0 });
    report.totals.authority = buildStaff({ active: 0, messages: 0, baseline: 6 });
    stubFetch({
      ...baseRoutes(report),
      'GET /api/v1/monitoring/settings': json(200, { ...SETTINGS, lastActiveWeek: '2023-W46' }),
    });
    open('/monitoring');
    const link = await screen.findByRole('link', {
      name: 'Последняя неделя с сообщениями: 13–19 ноября 2023.',
    });
    expect(link).toHaveAttribute('href', '/monitoring?week=2023-W46');
  });

  it('names one, two and five people in the right form', async () => {
    const report = buildReport();
    report.totals.pedagogical = buildStaff({ active: 2 });
    report.totals.authority = buildStaff({ active: 1, baseline: 6 });
    report.change = {
      previousWeek: '2023-W49',
      pedagogicalActive: 5,
      pedagogicalShare: -0.0125,
      authorityActive: -1,
      authorityShare: -0.1667,
    };
    stubFetch(baseRoutes(report));
    open('/monitoring');

    const teachers = await screen.findByRole('article', { name: 'Педагогические работники' });
    expect(within(teachers).getByText('Написали: 2 педагога')).toBeInTheDocument();
    expect(within(teachers).getByText(/^[-−]1,3 п\. п\. \(\+5 педагогов\)$/)).toBeInTheDocument();
    expect(within(teachers).getByText(/^Снижение/)).toBeInTheDocument();
    const authority = screen.getByRole('article', { name: 'Сотрудники Управления образования' });
    expect(within(authority).getByText('Написали: 1 сотрудник')).toBeInTheDocument();
  });

  it('shows each zone in words and sorts by any column, both ways', async () => {
    stubFetch(baseRoutes());
    open('/monitoring');

    await screen.findByRole('table', { name: /^Организации за/ });
    // Weakest first by default; no share at all goes last.
    expect(rowNames()).toEqual([
      'МАОУ СОШ № 5',
      'МАОУ СОШ № 1',
      'МАДОУ Детский сад № 3',
      'МАУ ДО ДЮСШ',
    ]);
    const table = screen.getByRole('table', { name: /^Организации за/ });
    expect(within(table).getByText('Красная')).toBeInTheDocument();
    expect(within(table).getByText('Жёлтая')).toBeInTheDocument();
    expect(within(table).getByText('Зелёная')).toBeInTheDocument();
    expect(within(table).getByText('Нет базы')).toBeInTheDocument();
    expect(within(table).getByRole('columnheader', { name: /Доля/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );

    fireEvent.click(within(table).getByRole('button', { name: /^Доля/ }));
    expect(rowNames()).toEqual([
      'МАДОУ Детский сад № 3',
      'МАОУ СОШ № 1',
      'МАОУ СОШ № 5',
      'МАУ ДО ДЮСШ',
    ]);
    expect(window.location.search).toContain('sort=share&dir=desc');

    fireEvent.click(within(table).getByRole('button', { name: /^Организация/ }));
    expect(rowNames()).toEqual([
      'МАДОУ Детский сад № 3',
      'МАОУ СОШ № 1',
      'МАОУ СОШ № 5',
      'МАУ ДО ДЮСШ',
    ]);
    expect(within(table).getByRole('columnheader', { name: /Организация/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );

    fireEvent.click(within(table).getByRole('button', { name: /^За неделю/ }));
    expect(rowNames()).toEqual([
      'МАОУ СОШ № 1',
      'МАДОУ Детский сад № 3',
      'МАОУ СОШ № 5',
      'МАУ ДО ДЮСШ',
    ]);
  });

  it('filters by type, zone and name, and says how many are shown', async () => {
    stubFetch(baseRoutes());
    open('/monitoring');
    await screen.findByRole('table', { name: /^Организации за/ });

    fireEvent.change(screen.getByLabelText('Тип'), { target: { value: 'general' } });
    expect(rowNames()).toEqual(['МАОУ СОШ № 5', 'МАОУ СОШ № 1']);
    expect(screen.getByText('Показано 2 из 4 организаций')).toBeInTheDocument();
    expect(window.location.search).toContain('type=general');

    fireEvent.change(screen.getByLabelText('Зона'), { target: { value: 'red' } });
    expect(rowNames()).toEqual(['МАОУ СОШ № 5']);

    fireEvent.click(screen.getByRole('button', { name: 'Сбросить отбор' }));
    fireEvent.change(screen.getByLabelText('Поиск по названию'), { target: { value: 'сош №1' } });
    expect(rowNames()).toEqual(['МАОУ СОШ № 1']);

    fireEvent.change(screen.getByLabelText('Поиск по названию'), { target: { value: 'гимназия' } });
    expect(screen.getByText('Нет организаций, подходящих под эти условия.')).toBeInTheDocument();
  });

  it('walks to the previous week and back, never past the running week', async () => {
    const { fetchMock } = stubFetch({
      'GET /api/v1/monitoring/settings': json(200, SETTINGS),
      'GET /api/v1/monitoring/weekly': [
        json(200, buildReport()),
        json(200, buildReport({ week: '2023-W49' })),
        json(200, buildReport({ week: '2023-W51', closed: false, frozen: false, frozenAt: null })),
      ],
      'GET /api/v1/monitoring/trend': json(200, buildTrend('2023-W50')),
    });
    open('/monitoring');
    await screen.findByText('11–17 декабря 2023', { selector: 'strong' });

    fireEvent.click(screen.getByRole('link', { name: 'Предыдущая неделя' }));
    expect(
      await screen.findByText('4–10 декабря 2023', { selector: 'strong' }),
    ).toBeInTheDocument();
    expect(window.location.search).toBe('?week=2023-W49');
    const weeks = () =>
      fetched(fetchMock)
        .filter((u) => u.pathname === '/api/v1/monitoring/weekly')
        .map((u) => u.searchParams.get('week'));
    await waitFor(() => expect(weeks()).toEqual(['2023-W50', '2023-W49']));

    // Back to the default week: the address loses its week again.
    fireEvent.click(screen.getByRole('link', { name: 'Следующая неделя' }));
    expect(
      await screen.findByText('11–17 декабря 2023', { selector: 'strong' }),
    ).toBeInTheDocument();
    expect(window.location.search).toBe('');

    // The running week can be opened («идёт»), the one after it cannot.
    fireEvent.click(screen.getByRole('link', { name: 'Следующая неделя' }));
    expect(
      await screen.findByText('18–24 декабря 2023', { selector: 'strong' }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/^Неделя идёт, данные на/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Следующая неделя' })).toBeDisabled();
  });

  it('opens the week of a typed date and refuses a week that has not come', async () => {
    stubFetch(baseRoutes());
    open('/monitoring');
    await screen.findByText('11–17 декабря 2023', { selector: 'strong' });

    const date = screen.getByLabelText('Неделя по дате');
    fireEvent.change(date, { target: { value: '2024-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Открыть' }));
    expect(await screen.findByText('Эта неделя ещё не наступила.')).toBeInTheDocument();
    expect(window.location.search).toBe('');

    fireEvent.change(date, { target: { value: '2023-10-04' } });
    fireEvent.click(screen.getByRole('button', { name: 'Открыть' }));
    await waitFor(() => expect(window.location.search).toBe('?week=2023-W40'));
  });

  it('says so when the address names a week that has not come', async () => {
    stubFetch(baseRoutes());
    open('/monitoring?week=2030-W10&threshold=abc');
    expect(
      await screen.findByText('Эта неделя ещё не наступила — показана последняя закрытая неделя.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/не распознана \(threshold\)/)).toBeInTheDocument();
    expect(
      await screen.findByText('11–17 декабря 2023', { selector: 'strong' }),
    ).toBeInTheDocument();
  });

  it('applies another threshold, and refuses one out of range', async () => {
    const { fetchMock } = stubFetch(baseRoutes());
    open('/monitoring');
    const input = await screen.findByLabelText('Порог, сообщений');
    await waitFor(() => expect(input).toHaveValue(10));

    fireEvent.change(input, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Применить' }));
    expect(screen.getByText('Введите целое число от 1 до 1000.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');

    fireEvent.change(input, { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Применить' }));
    await waitFor(() => expect(window.location.search).toBe('?threshold=5'));
    await waitFor(() =>
      expect(
        fetched(fetchMock).some(
          (u) =>
            u.pathname === '/api/v1/monitoring/weekly' && u.searchParams.get('threshold') === '5',
        ),
      ).toBe(true),
    );
    expect(screen.getByRole('link', { name: /XLSX$/ })).toHaveAttribute(
      'href',
      '/api/v1/monitoring/weekly?week=2023-W50&threshold=5&format=xlsx',
    );
  });

  it('offers the week as XLSX, CSV and PDF downloads', async () => {
    stubFetch(baseRoutes());
    open('/monitoring?week=2023-W49');
    const xlsx = await screen.findByRole('link', {
      name: 'Скачать отчёт за 4–10 декабря 2023 в формате XLSX',
    });
    expect(xlsx).toHaveAttribute('href', '/api/v1/monitoring/weekly?week=2023-W49&format=xlsx');
    expect(xlsx).toHaveAttribute('download');
    for (const format of ['csv', 'pdf']) {
      expect(
        screen.getByRole('link', { name: new RegExp(`${format.toUpperCase()}$`) }),
      ).toHaveAttribute('href', `/api/v1/monitoring/weekly?week=2023-W49&format=${format}`);
    }
  });

  it('lists the staff below the threshold, by name and count only', async () => {
    const { fetchMock } = stubFetch({
      ...baseRoutes(),
      'GET /api/v1/monitoring/organizations/2/staff': json(200, buildDrillDown()),
    });
    open('/monitoring');
    fireEvent.click(await screen.findByRole('link', { name: 'Кто ниже порога: МАОУ СОШ № 1' }));

    const dialog = await screen.findByRole('dialog', { name: 'Ниже порога: МАОУ СОШ № 1' });
    expect(await within(dialog).findByText('Давыдова Анастасия Александровна')).toBeInTheDocument();
    expect(
      within(dialog).getByText('2 из 58 сотрудников написали меньше 10 сообщений.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('нет учётной записи')).toBeInTheDocument();
    expect(within(dialog).getByText(/записан в журнал аудита/)).toBeInTheDocument();
    expect(window.location.search).toBe('?org=2');
    const staff = fetched(fetchMock).find((u) => u.pathname.endsWith('/staff'));
    expect(staff?.searchParams.get('week')).toBe('2023-W50');

    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(window.location.search).toBe('');
  });

  it('explains a refused drill-down instead of failing', async () => {
    stubFetch({
      ...baseRoutes(
        buildReport({ scope: 'organizations', organizations: [buildOrg()], weakest: [] }),
      ),
      'GET /api/v1/monitoring/organizations/3/staff': apiError(403, 'FORBIDDEN'),
    });
    open('/monitoring?org=3', head);

    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        'Имена сотрудников этой организации видят только её руководители и Управление образования.',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a head their own organisation and offers the drill-down only there', async () => {
    stubFetch(
      baseRoutes(
        buildReport({
          scope: 'organizations',
          organizations: [buildOrg()],
          weakest: [],
        }),
      ),
    );
    open('/monitoring', head);

    await screen.findByRole('table', { name: /^Организации за/ });
    expect(rowNames()).toEqual(['МАОУ СОШ № 1']);
    expect(screen.getByText(/в таблице — только ваша организация/)).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Отстающие организации' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Кто ниже порога: МАОУ СОШ № 1' })).toBeInTheDocument();
  });

  it('says when the report cannot be loaded, and retries', async () => {
    stubFetch({
      'GET /api/v1/monitoring/settings': json(200, SETTINGS),
      'GET /api/v1/monitoring/weekly': [apiError(500, 'INTERNAL'), json(200, buildReport())],
      'GET /api/v1/monitoring/trend': json(200, buildTrend('2023-W50')),
    });
    open('/monitoring');
    expect(await screen.findByText('Не удалось загрузить отчёт.')).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    });
    expect(
      await screen.findByRole('article', { name: 'Педагогические работники' }),
    ).toBeInTheDocument();
  });

  it('draws the trend and lists its numbers in a table', async () => {
    stubFetch(baseRoutes());
    open('/monitoring');
    // ECharts arrives in its own chunk: give the import a moment.
    const chart = await screen.findByRole(
      'img',
      { name: /^График доли педагогов/ },
      { timeout: 10_000 },
    );
    expect(chart.getAttribute('aria-label')).toContain('за 19 июня – 17 декабря 2023');
    await waitFor(() => expect(chart.querySelector('svg')).not.toBeNull());
    const details = screen.getByText('Данные графика таблицей').closest('details');
    if (!details) throw new Error('no table of the chart’s data');
    const rows = within(details).getAllByRole('row', { hidden: true });
    expect(rows).toHaveLength(27);
    // Newest first, the selected week marked.
    expect(rows[1]).toHaveAttribute('aria-current', 'true');
    expect(within(rows[1] as HTMLElement).getByRole('link', { hidden: true })).toHaveAttribute(
      'href',
      '/monitoring',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Содержательные сообщения' }));
    expect(screen.getByRole('button', { name: 'Содержательные сообщения' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });
});
