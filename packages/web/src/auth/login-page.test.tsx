import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../app';
import { buildMe, testQueryClient } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';

const signedOut = apiError(401, 'UNAUTHENTICATED', 'Sign in first.');

async function submitLogin(login: string, password: string) {
  fireEvent.change(await screen.findByLabelText('Логин, телефон или e-mail'), {
    target: { value: login },
  });
  fireEvent.change(screen.getByLabelText('Пароль'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Войти' }));
}

describe('login page', () => {
  it('is shown in Russian when GET /me answers 401', async () => {
    stubFetch({ 'GET /api/v1/me': signedOut });
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByRole('heading', { name: 'Вход в Парту' })).toBeInTheDocument();
    expect(screen.getByLabelText('Логин, телефон или e-mail')).toHaveFocus();
    expect(screen.getByLabelText('Пароль')).toHaveAttribute('type', 'password');
    expect(document.documentElement.lang).toBe('ru');
  });

  it('submits the trimmed login and the password, and shows «Неверный логин или пароль»', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': apiError(401, 'INVALID_CREDENTIALS', 'Wrong login or password.'),
    });
    render(<App queryClient={testQueryClient()} />);

    await submitLogin('  teacher ', 'not-the-password');

    const message = await screen.findByText('Неверный логин или пароль');
    expect(message).toHaveAttribute('role', 'alert');
    const post = requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({
      path: '/api/v1/auth/login',
      body: { login: 'teacher', password: 'not-the-password' },
      credentials: 'same-origin',
    });
    expect(post?.headers.get('Content-Type')).toBe('application/json');
    expect(screen.getByLabelText('Логин, телефон или e-mail')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    // The form stays filled in for a second try.
    expect(screen.getByLabelText('Пароль')).toHaveValue('not-the-password');
  });

  it('says how many minutes to wait when sign-in is throttled (Retry-After)', async () => {
    stubFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': apiError(429, 'LOGIN_THROTTLED', 'Too many attempts.', {
        'Retry-After': '300',
      }),
    });
    render(<App queryClient={testQueryClient()} />);

    await submitLogin('teacher', 'x');

    expect(
      await screen.findByText('Слишком много попыток. Попробуйте через 5 минут'),
    ).toBeInTheDocument();
  });

  it('rounds a wait under a minute up to «1 минуту»', async () => {
    stubFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': apiError(429, 'LOGIN_THROTTLED', 'x', { 'Retry-After': '61' }),
    });
    render(<App queryClient={testQueryClient()} />);

    await submitLogin('teacher', 'x');

    expect(
      await screen.findByText('Слишком много попыток. Попробуйте через 2 минуты'),
    ).toBeInTheDocument();
  });

  it('explains a network failure', async () => {
    stubFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': new TypeError('Failed to fetch'),
    });
    render(<App queryClient={testQueryClient()} />);

    await submitLogin('teacher', 'parta-demo');

    expect(
      await screen.findByText(
        'Нет связи с сервером. Проверьте подключение к интернету и попробуйте ещё раз.',
      ),
    ).toBeInTheDocument();
  });

  it('opens the shell after a successful sign-in and keeps the CSRF token for writes', async () => {
    const me = buildMe({ csrfToken: 'token-from-login' });
    const { requests } = stubFetch({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/login': json(200, me),
      'POST /api/v1/auth/logout': new Response(null, { status: 204 }),
      'GET /api/v1/chats': json(200, { items: [], nextBefore: null }),
    });
    render(<App queryClient={testQueryClient()} />);

    await submitLogin('teacher', 'parta-demo');

    expect(await screen.findByText('Смирнова Анна Игоревна')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('link', { name: /учётная запись и настройки/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Выйти' }));
    expect(await screen.findByRole('heading', { name: 'Вход в Парту' })).toBeInTheDocument();
    const logout = requests.find((r) => r.path === '/api/v1/auth/logout');
    expect(logout?.headers.get('X-CSRF-Token')).toBe('token-from-login');
  });

  it('shows and hides the password', async () => {
    stubFetch({ 'GET /api/v1/me': signedOut });
    render(<App queryClient={testQueryClient()} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Показать пароль' }));
    expect(screen.getByLabelText('Пароль')).toHaveAttribute('type', 'text');
    fireEvent.click(screen.getByRole('button', { name: 'Скрыть пароль' }));
    expect(screen.getByLabelText('Пароль')).toHaveAttribute('type', 'password');
  });
});
