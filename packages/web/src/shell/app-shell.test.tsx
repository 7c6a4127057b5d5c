import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../app';
import { buildMe, testQueryClient } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';

describe('signed-in shell', () => {
  it('shows the app name, the person and their organisation in the header', async () => {
    stubFetch({ 'GET /api/v1/me': json(200, buildMe()) });
    render(<App queryClient={testQueryClient()} />);

    const header = await screen.findByRole('banner');
    expect(await within(header).findByText('Смирнова Анна Игоревна')).toBeInTheDocument();
    expect(within(header).getByText('Парта')).toBeInTheDocument();
    expect(within(header).getByText('МАОУ СОШ № 5')).toBeInTheDocument();
    expect(within(header).getByText('СА')).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveTextContent('Здесь появятся ваши чаты.');
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
    stubFetch({ 'GET /api/v1/me': json(200, me) });
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('Родитель: Петров Иван и ещё 1 ребёнок')).toBeInTheDocument();
  });

  it('names the class for a pupil', async () => {
    const me = buildMe(
      { classes: [{ id: 5, name: '7В', organizationName: 'МАОУ СОШ № 5' }] },
      { positions: [], displayName: 'Кузнецов Илья' },
    );
    stubFetch({ 'GET /api/v1/me': json(200, me) });
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('7В, МАОУ СОШ № 5')).toBeInTheDocument();
  });

  it('logs out with the CSRF token from GET /me and shows the login page', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/me': json(200, buildMe({ csrfToken: 'token-from-me' })),
      'POST /api/v1/auth/logout': new Response(null, { status: 204 }),
    });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Выйти' }));

    expect(await screen.findByRole('heading', { name: 'Вход в Парту' })).toBeInTheDocument();
    const logout = requests.find((r) => r.path === '/api/v1/auth/logout');
    expect(logout?.method).toBe('POST');
    expect(logout?.headers.get('X-CSRF-Token')).toBe('token-from-me');
    expect(logout?.headers.has('Content-Type')).toBe(false);
    expect(requests.find((r) => r.method === 'GET')?.headers.has('X-CSRF-Token')).toBe(false);
  });

  it('stays signed in and says so when logging out fails', async () => {
    stubFetch({
      'GET /api/v1/me': json(200, buildMe()),
      'POST /api/v1/auth/logout': new TypeError('Failed to fetch'),
    });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Выйти' }));

    expect(
      await screen.findByText('Не удалось выйти. Проверьте подключение и попробуйте ещё раз.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Смирнова Анна Игоревна')).toBeInTheDocument();
  });

  it('switches to English and remembers the choice', async () => {
    stubFetch({ 'GET /api/v1/me': json(200, buildMe()) });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('button', { name: 'EN' }));

    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'EN' })).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem('parta.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('offers a retry when the server cannot be reached at start', async () => {
    stubFetch({
      'GET /api/v1/me': [apiError(503, 'DATABASE_UNAVAILABLE'), json(200, buildMe())],
    });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Повторить' }));

    expect(await screen.findByText('Смирнова Анна Игоревна')).toBeInTheDocument();
  });
});
