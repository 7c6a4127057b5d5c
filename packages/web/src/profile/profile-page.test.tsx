import type { Person, PersonDetails } from '@parta/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../app';
import { buildChat, buildMe, testQueryClient } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';

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
    {
      id: 2,
      organizationId: 8,
      organizationName: 'ЦДТ «Радуга»',
      organizationKind: 'additional',
      role: 'staff',
      title: null,
      pedagogical: false,
    },
  ],
};

function show(personId: number, routes: Parameters<typeof stubFetch>[0], me = buildMe()) {
  window.history.replaceState(null, '', `/people/${personId}`);
  const stub = stubFetch({
    'GET /api/v1/me': json(200, me),
    'GET /api/v1/chats': json(200, { items: [], nextBefore: null }),
    ...routes,
  });
  render(<App queryClient={testQueryClient()} />);
  return stub;
}

describe('a profile', () => {
  it('shows the name and positions the server returns — and no contacts it did not return', async () => {
    show(9, { 'GET /api/v1/people/9': json(200, teacher) });
    expect(
      await screen.findByRole('heading', { name: 'Орлова Мария Петровна' }),
    ).toBeInTheDocument();
    const work = screen.getByRole('region', { name: 'Работа' });
    expect(work).toHaveTextContent('Учитель математики');
    expect(work).toHaveTextContent('МАОУ СОШ № 5 · педагогический работник');
    expect(work).toHaveTextContent('Сотрудник');
    expect(work).toHaveTextContent('ЦДТ «Радуга»');
    expect(screen.queryByRole('region', { name: 'Контакты' })).toBeNull();
  });

  it('opens the direct chat with «Написать»', async () => {
    const chat = buildChat({ id: 55, kind: 'direct', title: 'Орлова Мария Петровна' });
    const { requests } = show(9, {
      'GET /api/v1/people/9': json(200, teacher),
      'POST /api/v1/chats': json(201, chat),
      'GET /api/v1/chats/55/messages': json(200, {
        items: [],
        hasBefore: false,
        hasAfter: false,
        lastSeq: 0,
      }),
      'GET /api/v1/chats/55/members': json(200, { items: [] }),
      'GET /api/v1/chats/55/pins': json(200, { items: [] }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Написать' }));
    await waitFor(() => expect(window.location.pathname).toBe('/chats/55'));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      kind: 'direct',
      personId: 9,
    });
  });

  it('explains why writing is not allowed in the closed environment', async () => {
    show(9, {
      'GET /api/v1/people/9': json(200, teacher),
      'POST /api/v1/chats': apiError(403, 'DIRECT_NOT_ALLOWED'),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Написать' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Нельзя написать этому человеку');
    expect(alert).toHaveTextContent(
      'в школьной среде личные сообщения открыты только своей школе, классу и родителям своего класса',
    );
    expect(window.location.pathname).toBe('/people/9');
  });

  it('says a hidden profile is hidden, without guessing more', async () => {
    show(12, { 'GET /api/v1/people/12': apiError(403, 'FORBIDDEN') });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Этот профиль вам недоступен: в школьной среде видны только люди вашей школы',
    );
    expect(screen.queryByRole('button', { name: 'Написать' })).toBeNull();
  });

  it('shows my own profile with my contacts and children, and no «Написать»', async () => {
    const me = buildMe(
      {
        children: [
          {
            id: 30,
            displayName: 'Смирнов Иван Петрович',
            className: '5А',
            organizationName: 'МАОУ СОШ № 5',
          },
        ],
      },
      { positions: [] },
    );
    const details: PersonDetails = {
      ...me.person,
      phone: '+7 900 000-00-01',
      email: 'anna@example.ru',
    };
    show(7, { 'GET /api/v1/people/7': json(200, details) }, me);
    expect(await screen.findByText('Это вы')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Написать' })).toBeNull();
    const children = screen.getByRole('region', { name: 'Дети' });
    expect(children).toHaveTextContent('Смирнов Иван Петрович');
    expect(children).toHaveTextContent('5А, МАОУ СОШ № 5');
    const contacts = screen.getByRole('region', { name: 'Контакты' });
    expect(within(contacts).getByRole('link', { name: '+7 900 000-00-01' })).toHaveAttribute(
      'href',
      'tel:+79000000001',
    );
    expect(contacts).toHaveTextContent('Контакты видны только самому человеку и администраторам.');
  });
});
