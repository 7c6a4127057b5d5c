import type { Me, Roadmap, RoadmapItem, TargetStatus } from '@parta/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import { useRoute } from '../router/router';
import { buildMe, testQueryClient } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import { linkify } from './linkify';
import RoadmapPage from './roadmap-page';
import { monthsBetween, timelineScale } from './timeline';

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
  { login: 'head' },
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

function target(overrides: Partial<TargetStatus> = {}): TargetStatus {
  return {
    id: 3,
    indicator: 'communities',
    params: { kind: 'heads' },
    comparator: '>=',
    value: 3,
    dueDate: '2023-04-30',
    title: 'Сетевых сообществ руководителей >= 3',
    current: 4,
    met: true,
    firstMetWeek: '2023-W15',
    firstMetOn: '2023-04-16',
    status: 'achieved',
    ...overrides,
  };
}

function item(overrides: Partial<RoadmapItem> = {}): RoadmapItem {
  return {
    id: 1,
    number: 1,
    title: 'Создание сетевых сообществ руководителей',
    responsible: 'УОКГО',
    scope: { authority: true, orgKinds: [], orgIds: [] },
    periodFrom: '2023-04-01',
    periodTo: '2023-04-30',
    expectedResult: 'Создано не менее 3 сообществ',
    target: target(),
    status: 'achieved',
    achievedOn: '2023-04-16',
    late: false,
    closure: null,
    ...overrides,
  };
}

function buildRoadmap(overrides: Partial<Roadmap> = {}): Roadmap {
  return {
    id: 1,
    title: 'Дорожная карта по внедрению платформы',
    description: 'Дорожная карта является выполненной при достижении целевых показателей.',
    template: 'kushva-2023',
    dueDate: '2023-12-30',
    createdAt: '2023-03-31T05:00:00.000Z',
    counts: { not_started: 0, in_progress: 2, achieved: 2, overdue: 1 },
    asOf: '2023-12-21',
    goals: [
      target({
        id: 1,
        indicator: 'pedagogical_active_share',
        params: { threshold: 10 },
        value: 100,
        current: 65.29,
        met: false,
        firstMetWeek: null,
        firstMetOn: null,
        dueDate: '2023-12-30',
        title: '100% педагогических работников используют платформу',
        status: 'in_progress',
      }),
    ],
    items: [
      item(),
      item({
        id: 3,
        number: 3,
        title: 'Обучение педагогических работников',
        responsible: 'ОО',
        periodFrom: '2023-09-01',
        periodTo: '2024-05-31',
        expectedResult: 'Проведено обучение',
        target: null,
        status: 'in_progress',
        achievedOn: null,
      }),
      item({
        id: 5,
        number: 5,
        title: 'Подключение заместителей руководителей',
        periodFrom: '2023-10-01',
        periodTo: '2023-10-31',
        target: target({
          id: 6,
          indicator: 'deputies_connected',
          params: {},
          value: 20,
          current: 12,
          met: false,
          firstMetWeek: null,
          firstMetOn: null,
          dueDate: '2023-10-31',
          title: 'Подключено к сообществам заместителей >= 20',
          status: 'overdue',
        }),
        status: 'overdue',
        achievedOn: null,
      }),
      item({
        id: 6,
        number: 6,
        title: 'Информирование родительской общественности',
        responsible: 'ОО',
        periodFrom: '2023-10-01',
        periodTo: '2023-10-31',
        target: null,
        status: 'achieved',
        achievedOn: '2023-10-20',
        closure: {
          closedAt: '2023-10-20T07:00:00.000Z',
          closedBy: null,
          note: 'Собрания проведены, памятка: https://school.example.ru/pamyatka.',
        },
      }),
      item({
        id: 8,
        number: 8,
        title: 'Информационная кампания',
        responsible: 'УОКГО, ОО',
        periodFrom: '2023-10-01',
        periodTo: '2024-05-31',
        target: null,
        status: 'in_progress',
        achievedOn: null,
      }),
    ],
    ...overrides,
  };
}

const summary = (r: Roadmap) => {
  const { goals: _goals, items: _items, asOf: _asOf, ...rest } = r;
  return rest;
};

function Harness({ me }: { me: Me }) {
  const route = useRoute();
  return route.name === 'roadmap' ? <RoadmapPage me={me} params={route.params} /> : null;
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

function routes(roadmap = buildRoadmap()) {
  return {
    'GET /api/v1/roadmaps': json(200, { items: [summary(roadmap)] }),
    'GET /api/v1/roadmaps/1': json(200, roadmap),
  };
}

const column = (name: string) => screen.getByRole('region', { name: new RegExp(`^${name}`) });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2023-12-21T07:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the roadmap board', () => {
  it('puts items into columns by status, with progress, terms and evidence', async () => {
    const { fetchMock } = stubFetch(routes());
    open('/roadmap');

    await screen.findByRole('heading', { name: /^Выполнено/ });
    expect(within(column('Не начато')).getByText('Нет мероприятий')).toBeInTheDocument();
    expect(within(column('В работе')).getAllByRole('article')).toHaveLength(2);
    expect(within(column('Выполнено')).getByText('2 мероприятия')).toBeInTheDocument();

    const overdue = within(column('Просрочено')).getByRole('article', {
      name: 'Подключение заместителей руководителей',
    });
    expect(
      within(overdue).getByText('Срок истёк 31 октября 2023', { exact: false }),
    ).toBeInTheDocument();
    expect(within(overdue).getByText('Сейчас 12, цель ≥ 20')).toBeInTheDocument();

    const first = screen.getByRole('article', { name: 'Создание сетевых сообществ руководителей' });
    expect(within(first).getByText('Сейчас 4, цель ≥ 3')).toBeInTheDocument();
    expect(within(first).getByText('Достигнуто 16 апреля 2023')).toBeInTheDocument();
    expect(within(first).getByText('апрель 2023')).toBeInTheDocument();

    const informed = screen.getByRole('article', {
      name: 'Информирование родительской общественности',
    });
    const link = within(informed).getByRole('link', { name: 'https://school.example.ru/pamyatka' });
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(informed).getByText(/Отмечено выполненным 20 октября 2023/)).toBeInTheDocument();

    const goal = screen.getByText(
      '100% педагогических работников используют платформу',
    ).parentElement;
    expect(goal).toHaveTextContent(/Сейчас 65,3\s%, цель ≥ 100\s%/);
    expect(screen.getByText('Целевые показатели — к 30 декабря 2023')).toBeInTheDocument();

    const asOf = fetchMock.mock.calls
      .map(([input]) => new URL(String(input), 'http://localhost'))
      .find((u) => u.pathname === '/api/v1/roadmaps/1');
    expect(asOf?.searchParams.get('asOf')).toBe('2023-12-21');
  });

  it('lets the authority mark an item done, with evidence required', async () => {
    api.setCsrfToken('csrf-1');
    const closed = buildRoadmap();
    const { requests } = stubFetch({
      'GET /api/v1/roadmaps': json(200, { items: [summary(closed)] }),
      'GET /api/v1/roadmaps/1': json(200, closed),
      'POST /api/v1/roadmaps/1/items/8/close': json(200, item({ id: 8 })),
    });
    open('/roadmap');

    const campaign = await screen.findByRole('article', { name: 'Информационная кампания' });
    // Items with a measurable target close themselves: no button there.
    const measured = screen.getByRole('article', {
      name: 'Подключение заместителей руководителей',
    });
    expect(within(measured).queryByRole('button')).not.toBeInTheDocument();

    fireEvent.click(within(campaign).getByRole('button', { name: 'Отметить выполненным' }));
    const note = within(campaign).getByLabelText('Что сделано и где подтверждение');
    fireEvent.change(note, { target: { value: '   ' } });
    fireEvent.click(within(campaign).getByRole('button', { name: 'Сохранить' }));
    expect(
      within(campaign).getByText('Опишите, что сделано: без подтверждения отметку не поставить.'),
    ).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.change(note, {
      target: { value: 'Статьи в газете и на сайте https://uo.example.ru' },
    });
    fireEvent.click(within(campaign).getByRole('button', { name: 'Сохранить' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ note: 'Статьи в газете и на сайте https://uo.example.ru' });
    expect(post?.headers.get('X-CSRF-Token')).toBe('csrf-1');
    // The roadmap is read again so statuses and counts follow.
    await waitFor(() =>
      expect(requests.filter((r) => r.path === '/api/v1/roadmaps/1').length).toBeGreaterThan(1),
    );
  });

  it('shows a refused change as an error, not as success', async () => {
    stubFetch({
      ...routes(),
      'POST /api/v1/roadmaps/1/items/8/close': apiError(403, 'FORBIDDEN'),
    });
    open('/roadmap');
    const campaign = await screen.findByRole('article', { name: 'Информационная кампания' });
    fireEvent.click(within(campaign).getByRole('button', { name: 'Отметить выполненным' }));
    fireEvent.change(within(campaign).getByLabelText('Что сделано и где подтверждение'), {
      target: { value: 'Сделано' },
    });
    fireEvent.click(within(campaign).getByRole('button', { name: 'Сохранить' }));
    expect(await within(campaign).findByText('Это действие вам недоступно.')).toBeInTheDocument();
  });

  it('is read-only for a head', async () => {
    stubFetch(routes());
    open('/roadmap', head);
    const campaign = await screen.findByRole('article', { name: 'Информационная кампания' });
    expect(within(campaign).queryByRole('button')).not.toBeInTheDocument();
    expect(
      within(campaign).getByText('Выполнение отмечает ответственный, приложив подтверждение.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Снять отметку' })).not.toBeInTheDocument();
  });

  it('switches to the timeline and keeps the choice in the address', async () => {
    stubFetch(routes());
    open('/roadmap');
    const timelineTab = await screen.findByRole('tab', { name: 'Сроки' });
    expect(screen.getByRole('tab', { name: 'Доска' })).toHaveAttribute('aria-selected', 'true');

    fireEvent.click(timelineTab);
    expect(window.location.search).toBe('?view=timeline');
    expect(await screen.findByRole('tab', { name: 'Сроки' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const rows = within(screen.getByRole('list', { name: 'Сроки мероприятий' })).getAllByRole(
      'listitem',
    );
    expect(rows).toHaveLength(5);
    expect(rows[1]).toHaveTextContent('срок: сентябрь 2023 – май 2024');
    expect(rows[2]).toHaveTextContent('Просрочено');
    // The status date (today here) is drawn on the scale.
    expect(screen.getByText('Сегодня')).toBeInTheDocument();

    fireEvent.keyDown(screen.getByRole('tab', { name: 'Сроки' }), { key: 'ArrowRight' });
    expect(window.location.search).toBe('');
  });

  it('computes statuses as of another date', async () => {
    const { fetchMock } = stubFetch(routes());
    open('/roadmap');
    const date = await screen.findByLabelText('Состояние на');
    fireEvent.change(date, { target: { value: '2023-10-10' } });
    await waitFor(() => expect(window.location.search).toBe('?asOf=2023-10-10'));
    await waitFor(() =>
      expect(
        fetchMock.mock.calls.some(([input]) =>
          String(input).endsWith('/api/v1/roadmaps/1?asOf=2023-10-10'),
        ),
      ).toBe(true),
    );
    fireEvent.click(screen.getByRole('button', { name: 'На сегодня' }));
    await waitFor(() => expect(window.location.search).toBe(''));
  });

  it('looking back, hides evidence given later and offers no changes', async () => {
    stubFetch(routes(buildRoadmap({ asOf: '2023-10-10' })));
    open('/roadmap?asOf=2023-10-10');
    const informed = await screen.findByRole('article', {
      name: 'Информирование родительской общественности',
    });
    expect(within(informed).queryByRole('link')).not.toBeInTheDocument();
    expect(within(informed).queryByText(/Отмечено выполненным/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Отметить выполненным' })).not.toBeInTheDocument();
  });

  it('offers the authority a template when there is no roadmap yet', async () => {
    api.setCsrfToken('csrf-1');
    const { requests } = stubFetch({
      'GET /api/v1/roadmaps': [
        json(200, { items: [] }),
        json(200, { items: [summary(buildRoadmap())] }),
      ],
      'GET /api/v1/roadmap-templates': json(200, {
        items: [{ key: 'kushva-2023', title: 'Кушва, 2023', items: 8, goals: 2 }],
      }),
      'POST /api/v1/roadmaps': json(201, buildRoadmap()),
      'GET /api/v1/roadmaps/1': json(200, buildRoadmap()),
    });
    open('/roadmap');
    expect(await screen.findByText('Дорожной карты пока нет')).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Создать по шаблону: Кушва, 2023' }));
    await waitFor(() => expect(window.location.search).toBe('?id=1'));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ template: 'kushva-2023' });
    expect(
      await screen.findByRole('article', { name: 'Информационная кампания' }),
    ).toBeInTheDocument();
  });
});

describe('roadmap helpers', () => {
  it('links only web addresses in evidence and keeps the sentence’s full stop out', () => {
    const parts = linkify('См. https://a.example/x?y=1. И javascript:alert(1) тоже.');
    const links = parts.filter((p) => typeof p === 'object');
    expect(links).toHaveLength(1);
    expect(parts.join('')).not.toContain('<');
    render(<p>{parts}</p>);
    expect(screen.getByRole('link')).toHaveAttribute('href', 'https://a.example/x?y=1');
    expect(screen.getByText(/И javascript:alert\(1\) тоже\./)).toBeInTheDocument();
  });

  it('lays months across the items’ periods', () => {
    expect(monthsBetween('2023-11-15', '2024-02-01')).toEqual([
      '2023-11-01',
      '2023-12-01',
      '2024-01-01',
      '2024-02-01',
    ]);
    const scale = timelineScale(buildRoadmap().items, '2023-12-30', '2030-01-01');
    expect(scale.months[0]).toBe('2023-04-01');
    expect(scale.months.at(-1)).toBe('2024-05-01');
    expect(scale.at('2023-04-01')).toBe(0);
    expect(scale.contains('2030-01-01')).toBe(false);
    // A status date a few weeks after the end widens the scale to show it.
    expect(timelineScale(buildRoadmap().items, null, '2024-07-10').months.at(-1)).toBe(
      '2024-07-01',
    );
  });
});
