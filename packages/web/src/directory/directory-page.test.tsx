import type { Community, OrganizationEntry, Person } from '@parta/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../app';
import { keyPaths } from '../i18n/define';
import { buildMe, testQueryClient } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import { directoryEn, directoryRu } from './messages';

function community(id: number, overrides: Partial<Community>): Community {
  return {
    id,
    kind: 'heads',
    title: `Сообщество ${id}`,
    description: null,
    ownerOrganizationId: 1,
    ownerOrganizationName: 'Управление образования',
    memberCount: 12,
    myRole: null,
    requestPending: false,
    chatId: null,
    announcementChatId: null,
    canManage: false,
    createdAt: '2024-09-01T00:00:00.000Z',
    archivedAt: null,
    ...overrides,
  };
}

const page = <T,>(items: T[]) => ({ items, total: items.length, limit: 100, offset: 0 });

const member = community(1, {
  title: 'Педагоги-наставники',
  kind: 'teachers',
  myRole: 'member',
  chatId: 70,
  announcementChatId: 71,
  memberCount: 21,
});
const waiting = community(2, {
  title: 'Заместители по УВР',
  kind: 'deputies',
  requestPending: true,
});
const open = community(3, {
  title: 'Родительский клуб',
  kind: 'parents',
  description: 'Обмен опытом родителей района',
  memberCount: 3,
});

function show(path: string, routes: Parameters<typeof stubFetch>[0], me = buildMe()) {
  window.history.replaceState(null, '', path);
  const stub = stubFetch({
    'GET /api/v1/me': json(200, me),
    'GET /api/v1/chats': json(200, { items: [], nextBefore: null }),
    ...routes,
  });
  render(<App queryClient={testQueryClient()} />);
  return stub;
}

describe('the communities directory', () => {
  it('shows each community with what I can do there: open, wait, or join', async () => {
    show('/directory/communities', {
      'GET /api/v1/communities': json(200, page([member, waiting, open])),
    });
    const first = await screen.findByRole('article', { name: 'Педагоги-наставники' });
    expect(first).toHaveTextContent('Педагоги · Управление образования · 21 участник');
    expect(within(first).getByText('Вы участник')).toBeInTheDocument();
    expect(within(first).getByRole('link', { name: 'Открыть обсуждение' })).toHaveAttribute(
      'href',
      '/chats/70',
    );
    expect(within(first).getByRole('link', { name: 'Объявления' })).toHaveAttribute(
      'href',
      '/chats/71',
    );

    const second = screen.getByRole('article', { name: 'Заместители по УВР' });
    expect(second).toHaveTextContent('Заявка отправлена — ждёт решения администратора');
    expect(within(second).queryByRole('button')).toBeNull();

    const third = screen.getByRole('article', { name: 'Родительский клуб' });
    expect(third).toHaveTextContent('3 участника');
    expect(within(third).getByRole('button', { name: 'Вступить' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Сообщества' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  it('asks to join with an optional message, then shows the request as pending', async () => {
    const { requests } = show('/directory/communities', {
      'GET /api/v1/communities': json(200, page([open])),
      'POST /api/v1/communities/3/requests': json(201, {
        id: 1,
        communityId: 3,
        personId: 7,
        displayName: 'Смирнова Анна Игоревна',
        message: 'Мама ученицы 5А',
        status: 'pending',
        createdAt: '2024-10-01T09:00:00.000Z',
        decidedAt: null,
      }),
    });
    const card = await screen.findByRole('article', { name: 'Родительский клуб' });
    fireEvent.click(within(card).getByRole('button', { name: 'Вступить' }));
    const form = within(card).getByRole('form', {
      name: 'Заявка на вступление в «Родительский клуб»',
    });
    fireEvent.change(within(form).getByLabelText('Сообщение администраторам (необязательно)'), {
      target: { value: '  Мама ученицы 5А ' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Отправить заявку' }));

    expect(
      await within(card).findByText('Заявка отправлена — ждёт решения администратора'),
    ).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.path).toBe('/api/v1/communities/3/requests');
    expect(post?.body).toEqual({ message: 'Мама ученицы 5А' });
    expect(screen.getByText(/^Заявка отправлена\. Когда её одобрят/)).toHaveAttribute(
      'role',
      'status',
    );
  });

  it('says so when a request is already waiting (a second tab, a double click)', async () => {
    show('/directory/communities', {
      'GET /api/v1/communities': [
        json(200, page([open])),
        json(200, page([{ ...open, requestPending: true }])),
      ],
      'POST /api/v1/communities/3/requests': apiError(409, 'ALREADY_EXISTS'),
    });
    const card = await screen.findByRole('article', { name: 'Родительский клуб' });
    fireEvent.click(within(card).getByRole('button', { name: 'Вступить' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Отправить заявку' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent(
      'Заявка уже отправлена и ждёт решения.',
    );
    expect(
      await within(card).findByText('Заявка отправлена — ждёт решения администратора'),
    ).toBeInTheDocument();
  });

  it('leaves a community after a confirmation', async () => {
    const { requests } = show('/directory/communities', {
      'GET /api/v1/communities': [
        json(200, page([member])),
        json(200, page([{ ...member, myRole: null, chatId: null, announcementChatId: null }])),
      ],
      'POST /api/v1/communities/1/leave': new Response(null, { status: 204 }),
    });
    const card = await screen.findByRole('article', { name: 'Педагоги-наставники' });
    fireEvent.click(within(card).getByRole('button', { name: 'Покинуть' }));
    const dialog = screen.getByRole('dialog', { name: 'Покинуть «Педагоги-наставники»?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Покинуть' }));
    await waitFor(() =>
      expect(requests.some((r) => r.path === '/api/v1/communities/1/leave')).toBe(true),
    );
    expect(await within(card).findByRole('button', { name: 'Вступить' })).toBeInTheDocument();
    expect(screen.getByText('Вы покинули «Педагоги-наставники».')).toBeInTheDocument();
  });

  it('filters by name and by type', async () => {
    show('/directory/communities', {
      'GET /api/v1/communities': json(200, page([member, waiting, open])),
    });
    await screen.findByRole('article', { name: 'Родительский клуб' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Найти сообщество' }), {
      target: { value: 'опыт' },
    });
    expect(screen.getAllByRole('article')).toHaveLength(1);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Найти сообщество' }), {
      target: { value: '' },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Тип сообщества' }), {
      target: { value: 'deputies' },
    });
    expect(
      screen.getAllByRole('article').map((a) => a.getAttribute('aria-labelledby')),
    ).toHaveLength(1);
    expect(screen.getByRole('article', { name: 'Заместители по УВР' })).toBeInTheDocument();
    fireEvent.change(screen.getByRole('combobox', { name: 'Тип сообщества' }), {
      target: { value: 'heads' },
    });
    expect(screen.getByText('Ничего не найдено.')).toBeInTheDocument();
  });

  it('tells a parent that they see only their own communities', async () => {
    const parent = buildMe({ login: 'parent' }, { positions: [] });
    show(
      '/directory/communities',
      { 'GET /api/v1/communities': json(200, page([member])) },
      parent,
    );
    expect(await screen.findByText(/Здесь сообщества, в которых вы состоите/)).toBeInTheDocument();
  });
});

describe('the organisation directory', () => {
  const org = (id: number, overrides: Partial<OrganizationEntry>): OrganizationEntry => ({
    id,
    kind: 'general',
    name: `Школа ${id}`,
    shortName: null,
    archived: false,
    counts: null,
    ...overrides,
  });
  const teacher: Person = {
    id: 9,
    lastName: 'Орлова',
    firstName: 'Мария',
    middleName: 'Петровна',
    displayName: 'Орлова Мария Петровна',
    active: true,
    positions: [
      {
        id: 1,
        organizationId: 3,
        organizationName: 'МАОУ СОШ № 5',
        organizationKind: 'general',
        role: 'teacher',
        title: 'Учитель математики',
        pedagogical: true,
      },
    ],
  };

  it('groups organisations by type and shows a staff list as far as the server allows', async () => {
    show('/directory/organizations', {
      'GET /api/v1/organizations': json(
        200,
        page([
          org(1, { kind: 'authority', name: 'Управление образования' }),
          org(3, {
            name: 'МАОУ СОШ № 5',
            counts: { staff: 41, pedagogical: 32, pupils: 501, classes: 22 },
          }),
          org(4, { kind: 'preschool', name: 'МАДОУ № 12 «Солнышко»' }),
        ]),
      ),
      'GET /api/v1/organizations/3/staff': json(200, page([teacher])),
      'GET /api/v1/organizations/4/staff': apiError(403, 'FORBIDDEN'),
    });
    const schools = await screen.findByRole('region', { name: /Общеобразовательные организации/ });
    expect(
      within(schools).getByText('41 сотрудник, из них 32 педагога; 501 ученик, 22 класса'),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Управление образования · 1/ })).toBeInTheDocument();

    const toggle = within(schools).getByRole('button', { name: 'МАОУ СОШ № 5' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const person = await within(schools).findByRole('link', { name: /Орлова Мария Петровна/ });
    expect(person).toHaveAttribute('href', '/people/9');
    expect(person).toHaveTextContent('Учитель математики');

    fireEvent.click(screen.getByRole('button', { name: 'МАДОУ № 12 «Солнышко»' }));
    expect(
      await screen.findByText(/Список сотрудников этой организации вам недоступен/),
    ).toBeInTheDocument();
  });
});

it('the directory and profile texts have the same keys in Russian and English', () => {
  expect(keyPaths(directoryEn)).toEqual(keyPaths(directoryRu));
});
