import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../app';
import { buildChat, buildMe, buildMessage, testQueryClient } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import { openedSockets } from '../test/setup';

const noChats = json(200, { items: [], nextBefore: null });

describe('signed-in shell', () => {
  it('shows the app name, the person and their organisation in the header', async () => {
    stubFetch({ 'GET /api/v1/me': json(200, buildMe()), 'GET /api/v1/chats': noChats });
    render(<App queryClient={testQueryClient()} />);

    const header = await screen.findByRole('banner');
    expect(await within(header).findByText('Смирнова Анна Игоревна')).toBeInTheDocument();
    expect(within(header).getByText('Парта')).toBeInTheDocument();
    expect(within(header).getByText('МАОУ СОШ № 5')).toBeInTheDocument();
    expect(within(header).getByText('СА')).toBeInTheDocument();
    expect(await screen.findByText('Здесь появятся ваши чаты.')).toBeInTheDocument();
  });

  it('shows «Подключение…» until the realtime server says ready, then «В сети»', async () => {
    stubFetch({ 'GET /api/v1/me': json(200, buildMe()), 'GET /api/v1/chats': noChats });
    render(<App queryClient={testQueryClient()} />);

    const status = await screen.findByRole('status', { name: 'Состояние соединения' });
    expect(status).toHaveTextContent('Подключение…');
    const socket = openedSockets.at(-1);
    expect(socket?.url).toBe('ws://localhost:3000/api/v1/ws');
    socket?.open(7);
    expect(await screen.findByText('В сети')).toBeInTheDocument();
    socket?.serverClose(1006);
    expect(await screen.findByText('Нет соединения')).toBeInTheDocument();
  });

  it('names the child for a parent', async () => {
    const me = buildMe(
      {
        children: [
          { id: 11, displayName: 'Петров Иван', className: '3Б', organizationName: 'Школа' },
          { id: 12, displayName: 'Петрова Ольга', className: '1А', organizationName: 'Школа' },
        ],
      },
      { positions: [], displayName: 'Петрова Мария Сергеевна' },
    );
    stubFetch({ 'GET /api/v1/me': json(200, me), 'GET /api/v1/chats': noChats });
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('Родитель: Петров Иван и ещё 1 ребёнок')).toBeInTheDocument();
  });

  it('names the class for a pupil', async () => {
    const me = buildMe(
      { classes: [{ id: 5, name: '7В', organizationName: 'МАОУ СОШ № 5' }] },
      { positions: [], displayName: 'Кузнецов Илья' },
    );
    stubFetch({ 'GET /api/v1/me': json(200, me), 'GET /api/v1/chats': noChats });
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('7В, МАОУ СОШ № 5')).toBeInTheDocument();
  });

  it('logs out from the settings with the CSRF token from GET /me and shows the login page', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/me': json(200, buildMe({ csrfToken: 'token-from-me' })),
      'GET /api/v1/chats': noChats,
      'POST /api/v1/auth/logout': new Response(null, { status: 204 }),
    });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(
      await screen.findByRole('link', {
        name: /^Смирнова Анна Игоревна.*учётная запись и настройки$/,
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Выйти' }));

    expect(await screen.findByRole('heading', { name: 'Вход в Парту' })).toBeInTheDocument();
    const logout = requests.find((r) => r.path === '/api/v1/auth/logout');
    expect(logout?.method).toBe('POST');
    expect(logout?.headers.get('X-CSRF-Token')).toBe('token-from-me');
    expect(logout?.headers.has('Content-Type')).toBe(false);
    expect(requests.find((r) => r.method === 'GET')?.headers.has('X-CSRF-Token')).toBe(false);
  });

  it('stays signed in and says so when logging out fails', async () => {
    window.history.replaceState(null, '', '/settings');
    stubFetch({
      'GET /api/v1/me': json(200, buildMe()),
      'GET /api/v1/chats': noChats,
      'POST /api/v1/auth/logout': new TypeError('Failed to fetch'),
    });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Выйти' }));

    expect(
      await screen.findByText('Не удалось выйти. Проверьте подключение и попробуйте ещё раз.'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Смирнова Анна Игоревна').length).toBeGreaterThan(0);
  });

  it('switches to English in the settings and remembers the choice', async () => {
    window.history.replaceState(null, '', '/settings');
    stubFetch({ 'GET /api/v1/me': json(200, buildMe()), 'GET /api/v1/chats': noChats });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('button', { name: 'EN' }));

    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'EN' })).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem('parta.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('switches the theme and keeps quiet hours per person on this device', async () => {
    window.history.replaceState(null, '', '/settings');
    stubFetch({ 'GET /api/v1/me': json(200, buildMe()), 'GET /api/v1/chats': noChats });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('radio', { name: 'Тёмное' }));
    expect(document.documentElement.dataset.theme).toBe('dark');

    const quiet = screen.getByRole('checkbox', { name: 'Не беспокоить в тихие часы' });
    expect(quiet).toBeChecked();
    expect(screen.getByLabelText('С')).toHaveValue('20:00');
    expect(screen.getByLabelText('До')).toHaveValue('08:00');
    fireEvent.change(screen.getByLabelText('С'), { target: { value: '21:30' } });
    expect(JSON.parse(window.localStorage.getItem('parta.notifications.7') ?? '{}')).toMatchObject({
      quietHours: { enabled: true, from: '21:30', to: '08:00', weekends: true },
    });
  });

  it('offers a retry when the server cannot be reached at start', async () => {
    stubFetch({
      'GET /api/v1/me': [apiError(503, 'DATABASE_UNAVAILABLE'), json(200, buildMe())],
      'GET /api/v1/chats': noChats,
    });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Повторить' }));

    expect(await screen.findByText('Смирнова Анна Игоревна')).toBeInTheDocument();
  });
});

describe('the chat list', () => {
  const chats = [
    buildChat({
      id: 1,
      title: '5А · родители',
      unread: 3,
      lastSeq: 3,
      lastMessageAt: '2024-10-01T09:00:00.000Z',
      lastMessage: buildMessage({
        chatId: 1,
        seq: 3,
        text: 'Завтра **экскурсия**, <@7> возьмите списки',
        author: { id: 9, displayName: 'Орлова Мария Петровна' },
        mentions: [7],
      }),
      mentions: 1,
    }),
    buildChat({
      id: 2,
      kind: 'org_staff',
      title: 'Сотрудники · СОШ № 5',
      unread: 0,
      lastMessageAt: '2024-10-02T09:00:00.000Z',
      lastMessage: buildMessage({
        chatId: 2,
        seq: 1,
        text: 'Педсовет в 15:00',
        author: { id: 7, displayName: 'Смирнова Анна Игоревна' },
      }),
    }),
    buildChat({
      id: 3,
      kind: 'class_pupils',
      title: '5А · ученики',
      unread: 21,
      lastMessageAt: '2024-09-01T09:00:00.000Z',
    }),
  ];

  it('orders chats by activity and shows previews, unread counts and mentions', async () => {
    stubFetch({
      'GET /api/v1/me': json(200, buildMe()),
      'GET /api/v1/chats': json(200, { items: chats, nextBefore: null }),
    });
    render(<App queryClient={testQueryClient()} />);

    const nav = await screen.findByRole('navigation', { name: 'Чаты' });
    const links = await within(await within(nav).findByRole('list')).findAllByRole('link');
    expect(links.map((l) => l.querySelector('.chat-item__title')?.textContent)).toEqual([
      'Сотрудники · СОШ № 5',
      '5А · родители',
      '5А · ученики',
    ]);
    expect(links[0]).toHaveTextContent('Вы: Педсовет в 15:00');
    expect(links[1]).toHaveTextContent(
      'Орлова Мария: Завтра экскурсия, @Смирнова Анна Игоревна возьмите списки',
    );
    expect(
      within(links[1] as HTMLElement).getByText('3 непрочитанных сообщения'),
    ).toBeInTheDocument();
    expect(within(links[1] as HTMLElement).getByText('Вас упомянули')).toBeInTheDocument();
    expect(
      within(links[2] as HTMLElement).getByText('21 непрочитанное сообщение'),
    ).toBeInTheDocument();
    expect(document.title).toBe('(24) Парта');
  });

  it('filters by title', async () => {
    stubFetch({
      'GET /api/v1/me': json(200, buildMe()),
      'GET /api/v1/chats': json(200, { items: chats, nextBefore: null }),
    });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.change(await screen.findByRole('searchbox', { name: 'Найти чат' }), {
      target: { value: 'ученики' },
    });
    const nav = screen.getByRole('navigation', { name: 'Чаты' });
    expect(within(within(nav).getByRole('list')).getAllByRole('link')).toHaveLength(1);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Найти чат' }), {
      target: { value: 'нет такого' },
    });
    expect(within(nav).getByText('Ничего не найдено')).toBeInTheDocument();
  });

  it('tells a pupil plainly that the closed environment forbids a chat with an outsider', async () => {
    window.history.replaceState(null, '', '/direct/5');
    const { requests } = stubFetch({
      'GET /api/v1/me': json(
        200,
        buildMe(
          { classes: [{ id: 5, name: '7А', organizationName: 'СОШ № 1' }] },
          { positions: [] },
        ),
      ),
      'GET /api/v1/chats': noChats,
      'POST /api/v1/chats': apiError(403, 'DIRECT_NOT_ALLOWED'),
    });
    render(<App queryClient={testQueryClient()} />);

    expect(
      await screen.findByRole('heading', { name: 'Нельзя написать этому человеку' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/личные сообщения открыты только своей школе/)).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      kind: 'direct',
      personId: 5,
    });
  });
});
