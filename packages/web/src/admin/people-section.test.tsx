import type { GuardianLink, GuardianLinks, PersonDetails, PersonListItem } from '@parta/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import { buildHead, buildOrgEntry, page, queryOf, renderAdmin } from './org-test-utils';

function listItem(overrides: Partial<PersonListItem> = {}): PersonListItem {
  return {
    id: 55,
    lastName: 'Кузнецова',
    firstName: 'Анна',
    middleName: 'Ивановна',
    displayName: 'Кузнецова Анна Ивановна',
    positions: [
      {
        id: 9,
        organizationId: 3,
        organizationName: 'МАОУ СОШ № 5',
        organizationKind: 'general',
        role: 'teacher',
        title: 'Учитель химии',
        pedagogical: true,
      },
    ],
    active: true,
    hasAccount: true,
    kinds: ['staff'],
    ...overrides,
  };
}

function details(overrides: Partial<PersonDetails> = {}): PersonDetails {
  return {
    ...listItem(),
    phone: '+79123456789',
    email: 'kuznetsova@school5.ru',
    birthDate: '1984-03-15',
    externalId: null,
    createdAt: '2024-09-01T04:00:00Z',
    ...overrides,
  };
}

const orgs = page([buildOrgEntry()]);
const noFamily = json(200, { parents: [], children: [] } satisfies GuardianLinks);

function link(overrides: Partial<GuardianLink> = {}): GuardianLink {
  return {
    personId: 81,
    displayName: 'Соколова Ирина Петровна',
    active: true,
    relation: 'mother',
    createdAt: '2024-09-01T04:00:00Z',
    classes: [],
    ...overrides,
  };
}

describe('people', () => {
  it('lists the organisation’s people with roles and status, and searches by name', async () => {
    const { fetchMock } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/people': [
        json(200, {
          items: [
            listItem(),
            listItem({
              id: 56,
              displayName: 'Петров Иван',
              positions: [],
              kinds: ['pupil'],
              hasAccount: false,
              active: false,
            }),
          ],
          total: 120,
          limit: 50,
          offset: 0,
        }),
        json(200, { items: [listItem()], total: 1, limit: 50, offset: 0 }),
      ],
    });
    renderAdmin('/admin/people?org=3');

    const table = await screen.findByRole('table', { name: 'Люди' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Кузнецова Анна Ивановна');
    expect(rows[1]).toHaveTextContent('Учитель химии');
    expect(rows[2]).toHaveTextContent('Ученик');
    expect(rows[2]).toHaveTextContent('Ещё не входил');
    expect(rows[2]).toHaveTextContent('Деактивирован');
    expect(screen.getByText('Найдено 120 человек')).toBeInTheDocument();
    expect(screen.getByText('1–50 из 120')).toBeInTheDocument();
    expect(queryOf(fetchMock, 'GET', '/api/v1/people').get('orgId')).toBe('3');

    fireEvent.change(screen.getByRole('searchbox', { name: 'Поиск по ФИО' }), {
      target: { value: 'Кузнецова' },
    });
    expect(await screen.findByText('Найден 1 человек')).toBeInTheDocument();
    expect(queryOf(fetchMock, 'GET', '/api/v1/people', 1).get('q')).toBe('Кузнецова');
    expect(window.location.search).toContain('q=');
  });

  it('a new person: the phone is checked on its field before sending, and the server’s field errors land there too', async () => {
    const created = details({ id: 77, displayName: 'Орлова Елена', positions: [] });
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/people': json(200, { items: [], total: 0, limit: 50, offset: 0 }),
      'POST /api/v1/people': [
        json(400, {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'body.email: Invalid email address',
            retriable: false,
            details: [{ path: 'body.email', message: 'Invalid email address' }],
          },
        }),
        json(201, created),
      ],
      'GET /api/v1/people/77': json(200, created),
      'GET /api/v1/people/77/guardianships': noFamily,
    });
    renderAdmin('/admin/people?org=3');
    fireEvent.click(await screen.findByRole('button', { name: 'Добавить человека' }));
    const dialog = await screen.findByRole('dialog', { name: 'Новый человек' });
    const field = (name: string) => within(dialog).getByLabelText(name);

    fireEvent.change(field('Фамилия'), { target: { value: 'Орлова' } });
    fireEvent.change(field('Имя'), { target: { value: 'Елена' } });
    fireEvent.change(field('Телефон'), { target: { value: '12-34' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));
    expect(field('Телефон')).toHaveAttribute('aria-invalid', 'true');
    expect(field('Телефон')).toHaveAccessibleDescription(/Не похоже на российский номер телефона/);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    fireEvent.change(field('Телефон'), { target: { value: '8 (912) 345-67-89' } });
    expect(within(dialog).getByText('Сохранится как +79123456789')).toBeInTheDocument();
    fireEvent.change(field('E-mail'), { target: { value: 'orlova@school..ru' } });
    fireEvent.change(field('Должность'), { target: { value: 'Учитель химии' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));
    // The browser let it through; the server did not: its error is shown on the e-mail field.
    await waitFor(() =>
      expect(field('E-mail')).toHaveAccessibleDescription(/Проверьте адрес электронной почты/),
    );
    const first = requests.find((r) => r.method === 'POST');
    expect(first?.body).toEqual({
      lastName: 'Орлова',
      firstName: 'Елена',
      middleName: null,
      phone: '8 (912) 345-67-89',
      email: 'orlova@school..ru',
      birthDate: null,
      externalId: null,
      position: { organizationId: 3, role: 'teacher', title: 'Учитель химии', pedagogical: true },
    });

    fireEvent.change(field('E-mail'), { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));
    // Created: the person's card opens.
    expect(await screen.findByRole('heading', { name: 'Орлова Елена' })).toBeInTheDocument();
    expect(window.location.search).toContain('person=77');
  });

  it('deactivates only after confirmation, and offers to restore afterwards', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/people/55': [json(200, details()), json(200, details({ active: false }))],
      'GET /api/v1/people/55/guardianships': noFamily,
      'PATCH /api/v1/people/55': json(200, details({ active: false })),
    });
    renderAdmin('/admin/people?org=3&person=55');

    expect(
      await screen.findByRole('heading', { name: 'Кузнецова Анна Ивановна' }),
    ).toBeInTheDocument();
    expect(screen.getByText('+7 912 345-67-89')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Деактивировать' }));
    const dialog = await screen.findByRole('dialog', { name: 'Деактивировать человека?' });
    expect(dialog).toHaveTextContent('больше не сможет войти в Парту');
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Деактивировать' }));
    expect(await screen.findByRole('button', { name: 'Восстановить' })).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ active: false });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('adds and ends positions; a refused change is explained', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/people/55': json(200, details()),
      'GET /api/v1/people/55/guardianships': noFamily,
      'POST /api/v1/people/55/positions': apiError(409, 'ALREADY_EXISTS'),
      'DELETE /api/v1/positions/9': new Response(null, { status: 204 }),
    });
    renderAdmin('/admin/people?org=3&person=55');
    await screen.findByRole('heading', { name: 'Кузнецова Анна Ивановна' });

    fireEvent.click(screen.getByRole('button', { name: 'Добавить должность' }));
    const form = screen.getByRole('form', { name: 'Добавить должность' });
    fireEvent.change(within(form).getByLabelText('Роль'), { target: { value: 'deputy' } });
    expect(within(form).getByRole('checkbox')).toBeChecked();
    fireEvent.change(within(form).getByLabelText('Роль'), { target: { value: 'staff' } });
    expect(within(form).getByRole('checkbox')).not.toBeChecked();
    fireEvent.change(within(form).getByLabelText('Должность'), { target: { value: 'Секретарь' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Добавить должность' }));
    expect(await within(form).findByRole('alert')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      organizationId: 3,
      role: 'staff',
      title: 'Секретарь',
      pedagogical: false,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Завершить должность «Учитель химии»' }));
    const dialog = await screen.findByRole('dialog', { name: 'Завершить должность?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Завершить' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE')).toBe(true));
  });

  it('a head without an administrator’s grant does not see the people and import tabs', async () => {
    stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3': json(200, {
        ...buildOrgEntry(),
        municipalityId: 1,
        externalId: null,
        createdAt: '2023-01-01T00:00:00Z',
        archivedAt: null,
      }),
    });
    renderAdmin('/admin/organizations', buildHead({ adminRoles: [] }));
    const tabs = await screen.findByRole('navigation', { name: 'Разделы управления' });
    expect(within(tabs).queryByRole('link', { name: 'Люди' })).not.toBeInTheDocument();
    expect(within(tabs).queryByRole('link', { name: 'Импорт списков' })).not.toBeInTheDocument();
    expect(within(tabs).getByRole('link', { name: 'Классы' })).toBeInTheDocument();
    // Their own organisation is the section.
    expect(await screen.findByRole('heading', { name: 'МАОУ СОШ № 5' })).toBeInTheDocument();
  });

  it('a pupil’s card lists the parents; a parent is unlinked only after confirmation', async () => {
    const pupil = details({
      id: 60,
      displayName: 'Соколов Артём Игоревич',
      positions: [],
      kinds: ['pupil'],
    });
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/people/60': json(200, pupil),
      'GET /api/v1/people/60/guardianships': [
        json(200, {
          parents: [
            link(),
            link({ personId: 82, displayName: 'Соколов Игорь', relation: 'father', active: false }),
          ],
          children: [],
        }),
        json(200, {
          parents: [link({ personId: 82, displayName: 'Соколов Игорь' })],
          children: [],
        }),
      ],
      'DELETE /api/v1/people/60/guardianships/81': [
        apiError(403, 'FORBIDDEN'),
        new Response(null, { status: 204 }),
      ],
    });
    renderAdmin('/admin/people?org=3&person=60');

    expect(
      await screen.findByRole('heading', { name: 'Соколов Артём Игоревич' }),
    ).toBeInTheDocument();
    // The card itself says what the person is: no directory lookup any more.
    const meta = screen.getByText('Ученик', { selector: '.tag' });
    expect(meta).toBeInTheDocument();
    const parents = await screen.findByRole('list', { name: 'Родители (законные представители)' });
    const items = within(parents).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Соколова Ирина Петровна · мать');
    expect(items[1]).toHaveTextContent('Соколов Игорь · отец');
    expect(items[1]).toHaveTextContent('Деактивирован');
    expect(within(parents).getByRole('link', { name: 'Соколова Ирина Петровна' })).toHaveAttribute(
      'href',
      '/admin/people?org=3&person=81',
    );
    expect(screen.getByRole('button', { name: 'Указать родителя' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Новый родитель' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Указать ребёнка' })).not.toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: 'Отвязать родителя: Соколова Ирина Петровна' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Отвязать родителя?' });
    expect(dialog).toHaveTextContent(
      'Связь «Соколова Ирина Петровна (мать) — Соколов Артём Игоревич» будет удалена.',
    );
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Отвязать' }));
    // Refused: said in the dialog, which stays open.
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/.+/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Отвязать' }));

    expect(
      await screen.findByText('Связь удалена: Соколова Ирина Петровна — Соколов Артём Игоревич.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(
          screen.getByRole('list', { name: 'Родители (законные представители)' }),
        ).getAllByRole('listitem'),
      ).toHaveLength(1),
    );
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
  });

  it('a parent’s card lists the children with their classes; a staff member who is a parent is both', async () => {
    const father = details({ kinds: ['staff', 'parent'] });
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/people/55': json(200, father),
      'GET /api/v1/people/55/guardianships': [
        json(200, {
          parents: [],
          children: [
            link({
              personId: 60,
              displayName: 'Соколов Артём',
              relation: 'father',
              classes: [{ id: 5, name: '5А', organizationId: 3, organizationName: 'МАОУ СОШ № 5' }],
            }),
            link({
              personId: 61,
              displayName: 'Соколова Вера',
              relation: 'father',
              classes: [{ id: 9, name: '2Б', organizationId: 4, organizationName: 'СОШ № 7' }],
            }),
          ],
        }),
        json(200, { parents: [], children: [] }),
      ],
      'DELETE /api/v1/people/60/guardianships/55': new Response(null, { status: 204 }),
    });
    renderAdmin('/admin/people?org=3&person=55');

    const children = await screen.findByRole('list', { name: 'Дети' });
    const items = within(children).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('5А · МАОУ СОШ № 5');
    expect(items[1]).toHaveTextContent('2Б · СОШ № 7');
    expect(screen.getByText('Родитель', { selector: '.tag' })).toBeInTheDocument();
    // A child in a school this administrator does not manage is not theirs to unlink.
    expect(
      screen.queryByRole('button', { name: 'Отвязать ребёнка: Соколова Вера' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Родители (законные представители)' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Отвязать ребёнка: Соколов Артём' }));
    const dialog = await screen.findByRole('dialog', { name: 'Отвязать ребёнка?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Отвязать' }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Дети' })).toBeNull());
    expect(requests.find((r) => r.method === 'DELETE')?.path).toBe(
      '/api/v1/people/60/guardianships/55',
    );
  });
});
