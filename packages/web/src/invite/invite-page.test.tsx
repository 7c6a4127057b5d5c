import type { InvitationPreview } from '@parta/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../app';
import { I18nProvider } from '../i18n/i18n';
import { buildMe, testQueryClient } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import InvitePage from './invite-page';

const CODE = 'SYJN6SWWZA';
const PREVIEW = `GET /api/v1/invitations/by-code/${CODE}`;
const ACCEPT = `POST /api/v1/invitations/by-code/${CODE}/accept`;

function preview(overrides: Partial<InvitationPreview> = {}): InvitationPreview {
  return {
    kind: 'parent_personal',
    role: 'parent',
    roleLabel: 'родитель (законный представитель)',
    municipalityName: 'Кушвинский городской округ',
    organizationName: 'МАОУ СОШ № 1',
    organizationKind: 'general',
    className: '1А',
    communityTitle: null,
    expiresAt: '2026-12-28T10:00:00Z',
    needsChild: false,
    personal: false,
    ...overrides,
  };
}

const accepted = {
  personId: 900,
  login: 'ivanova.m',
  personCreated: true,
  accountCreated: true,
  changed: true,
  kind: 'parent_personal',
  role: 'parent',
  organizationId: 2,
  classId: 1,
  pupilId: 631,
  communityId: null,
};

function renderPage(me: ReturnType<typeof buildMe> | null = null) {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <I18nProvider initialLanguage="ru">
        <InvitePage code={CODE} me={me} />
      </I18nProvider>
    </QueryClientProvider>,
  );
}

function type(label: string | RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

beforeEach(() => {
  window.history.replaceState(null, '', `/i/${CODE}`);
});

describe('invitation page', () => {
  it('opens for a visitor without a session instead of the login page', async () => {
    stubFetch({
      'GET /api/v1/me': apiError(401, 'UNAUTHENTICATED'),
      [PREVIEW]: json(200, preview()),
    });
    render(<App queryClient={testQueryClient()} initialLanguage="ru" />);

    expect(
      await screen.findByRole('heading', { name: 'Приглашение для родителя' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Вход в Парту' })).not.toBeInTheDocument();
  });

  it('says what a valid invitation grants and where', async () => {
    stubFetch({ [PREVIEW]: json(200, preview()) });
    renderPage();

    await screen.findByRole('heading', { name: 'Приглашение для родителя' });
    const grant = screen.getByLabelText('Что даёт приглашение');
    expect(within(grant).getByText('МАОУ СОШ № 1')).toBeInTheDocument();
    expect(within(grant).getByText('1А')).toBeInTheDocument();
    expect(within(grant).getByText('родитель (законный представитель)')).toBeInTheDocument();
    expect(within(grant).getByText('28 декабря 2026 г.')).toBeInTheDocument();
    expect(screen.getByText(/вы будете связаны с ним/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Я здесь впервые' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it.each([
    [410, 'INVITATION_EXPIRED', 'Срок приглашения истёк', /выдать новое приглашение/],
    [410, 'INVITATION_REVOKED', 'Приглашение отозвано', /больше нельзя воспользоваться/],
    [410, 'INVITATION_USED_UP', 'Приглашение уже использовано', /столько человек/],
    [404, 'INVITATION_NOT_FOUND', 'Приглашение не найдено', /возможно, в нём опечатка/],
  ])('explains %s %s in Russian and offers to type the code', async (status, code, title, text) => {
    stubFetch({ [PREVIEW]: apiError(status, code) });
    renderPage();

    expect(await screen.findByRole('heading', { name: title })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(text);
    expect(screen.getByLabelText('Ввести код с листка')).toBeInTheDocument();
    expect(screen.queryByLabelText('Пароль')).not.toBeInTheDocument();
  });

  it('opens another code typed from the slip, spaces and dashes removed', async () => {
    stubFetch({ [PREVIEW]: apiError(404, 'INVITATION_NOT_FOUND') });
    renderPage();

    fireEvent.change(await screen.findByLabelText('Ввести код с листка'), {
      target: { value: 'abcde - fghjk' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Открыть' }));
    expect(window.location.pathname).toBe('/i/abcdefghjk');
  });

  it('says how long to wait when look-ups are throttled (429, Retry-After)', async () => {
    stubFetch({
      [PREVIEW]: apiError(429, 'TOO_MANY_REQUESTS', 'x', { 'Retry-After': '600' }),
    });
    renderPage();

    expect(
      await screen.findByRole('heading', { name: 'Слишком много попыток' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Слишком много попыток. Попробуйте через 10 минут'),
    ).toBeInTheDocument();
  });

  it('creates the account, signs in and opens the app', async () => {
    const { requests } = stubFetch({
      [PREVIEW]: json(200, preview()),
      [ACCEPT]: json(200, accepted),
      'POST /api/v1/auth/login': json(200, buildMe({ login: 'ivanova.m' })),
    });
    renderPage();

    await screen.findByRole('heading', { name: 'Приглашение для родителя' });
    type('Фамилия', ' Иванова ');
    type('Имя', 'Мария');
    fireEvent.change(screen.getByLabelText(/Кем вы приходитесь ребёнку/), {
      target: { value: 'mother' },
    });
    type('Телефон', '8 (912) 000-11-22');
    type('Логин', 'ivanova.m');
    type('Пароль', 'сосна гроза парта');
    fireEvent.click(screen.getByRole('button', { name: 'Создать учётную запись' }));

    await waitFor(() => expect(window.location.pathname).toBe('/'));
    const accept = requests.find((r) => r.path.endsWith('/accept'));
    expect(accept?.body).toEqual({
      role: 'parent',
      lastName: 'Иванова',
      firstName: 'Мария',
      relation: 'mother',
      phone: '+79120001122',
      login: 'ivanova.m',
      password: 'сосна гроза парта',
    });
    expect(requests.find((r) => r.path === '/api/v1/auth/login')?.body).toEqual({
      login: 'ivanova.m',
      password: 'сосна гроза парта',
    });
  });

  it('checks the form before sending: names, a phone or an e-mail, login, password length', async () => {
    const { requests } = stubFetch({ [PREVIEW]: json(200, preview()) });
    renderPage();

    await screen.findByRole('heading', { name: 'Приглашение для родителя' });
    type('Логин', 'ив');
    type('Пароль', 'short');
    fireEvent.click(screen.getByRole('button', { name: 'Создать учётную запись' }));

    expect(await screen.findByText('Укажите фамилию.')).toBeInTheDocument();
    expect(screen.getByText('Укажите имя.')).toBeInTheDocument();
    expect(screen.getByText('Укажите телефон или e-mail.')).toBeInTheDocument();
    expect(screen.getByText(/Логин — от 3 до 64 символов/)).toBeInTheDocument();
    expect(screen.getByText('Пароль должен быть не короче 8 символов.')).toBeInTheDocument();
    expect(screen.getByLabelText('Телефон')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('Проверьте выделенные поля.');
    await waitFor(() => expect(screen.getByLabelText('Фамилия')).toHaveFocus());
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('shows the server’s password and login problems under their fields', async () => {
    stubFetch({
      [PREVIEW]: json(200, preview()),
      [ACCEPT]: [
        apiError(400, 'WEAK_PASSWORD', 'The password is too common or easy to guess.'),
        apiError(409, 'ALREADY_EXISTS', 'The login ivanova.m is taken.'),
      ],
    });
    renderPage();

    await screen.findByRole('heading', { name: 'Приглашение для родителя' });
    type('Фамилия', 'Иванова');
    type('Имя', 'Мария');
    type('E-mail', 'ivanova@example.ru');
    type('Логин', 'ivanova.m');
    type('Пароль', 'password1');
    fireEvent.click(screen.getByRole('button', { name: 'Создать учётную запись' }));

    expect(await screen.findByText(/Пароль слишком простой/)).toBeInTheDocument();
    expect(screen.getByLabelText('Пароль')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Пароль')).toHaveAccessibleDescription(
      expect.stringContaining('Пароль слишком простой'),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Создать учётную запись' }));
    expect(await screen.findByText('Этот логин уже занят. Придумайте другой.')).toBeInTheDocument();
    expect(screen.getByLabelText('Логин')).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for the child on a class’s parents’ invitation and explains a wrong child', async () => {
    // The server names the field in `details`.
    const { requests } = stubFetch({
      [PREVIEW]: json(200, preview({ kind: 'parents', needsChild: true })),
      [ACCEPT]: json(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'body.child: no such pupil in the class',
          retriable: false,
          details: [{ path: 'body.child', message: 'no such pupil in the class' }],
        },
      }),
    });
    renderPage();

    await screen.findByRole('heading', { name: 'Приглашение для родителей' });
    type('Фамилия', 'Иванова');
    type('Имя', 'Мария');
    type('Фамилия ребёнка', 'Иванов');
    type('Имя ребёнка', 'Пётр');
    type('E-mail', 'ivanova@example.ru');
    type('Логин', 'ivanova.m');
    type('Пароль', 'сосна гроза парта');
    fireEvent.click(screen.getByRole('button', { name: 'Создать учётную запись' }));

    expect(
      await screen.findByText(/В этом классе нет ученика с такими данными/),
    ).toBeInTheDocument();
    expect(requests.find((r) => r.path.endsWith('/accept'))?.body).toMatchObject({
      child: { lastName: 'Иванов', firstName: 'Пётр' },
      email: 'ivanova@example.ru',
    });
  });

  it('accepts with one button for a signed-in person and opens the app', async () => {
    const { requests } = stubFetch({
      [PREVIEW]: json(200, preview()),
      [ACCEPT]: json(200, { ...accepted, personCreated: false, accountCreated: false }),
      'GET /api/v1/me': json(200, buildMe()),
    });
    renderPage(buildMe());

    expect(
      await screen.findByText('Вы вошли как Смирнова Анна Игоревна (teacher).'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Пароль')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Принять приглашение' }));

    await waitFor(() => expect(window.location.pathname).toBe('/'));
    expect(requests.find((r) => r.path.endsWith('/accept'))?.body).toEqual({ role: 'parent' });
  });

  it('explains a role the signed-in account cannot take', async () => {
    stubFetch({
      [PREVIEW]: json(200, preview()),
      [ACCEPT]: apiError(409, 'INVITATION_ROLE_MISMATCH'),
    });
    renderPage(buildMe());

    fireEvent.click(await screen.findByRole('button', { name: 'Принять приглашение' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/ученик не может стать родителем/);
    expect(window.location.pathname).toBe(`/i/${CODE}`);
  });

  it('turns into the «revoked» answer when the invitation is revoked while the form is open', async () => {
    stubFetch({
      [PREVIEW]: json(200, preview()),
      [ACCEPT]: apiError(410, 'INVITATION_REVOKED'),
    });
    renderPage(buildMe());

    fireEvent.click(await screen.findByRole('button', { name: 'Принять приглашение' }));
    expect(
      await screen.findByRole('heading', { name: 'Приглашение отозвано' }),
    ).toBeInTheDocument();
  });

  it('signs in with an existing account and accepts', async () => {
    const { requests } = stubFetch({
      [PREVIEW]: json(200, preview()),
      'POST /api/v1/auth/login': json(200, buildMe({ login: 'parent' })),
      [ACCEPT]: json(200, { ...accepted, personCreated: false, accountCreated: false }),
    });
    renderPage();

    fireEvent.click(await screen.findByRole('button', { name: 'У меня есть учётная запись' }));
    type('Логин, телефон или e-mail', 'parent');
    type('Пароль', 'parta-demo');
    fireEvent.click(screen.getByRole('button', { name: 'Войти и принять приглашение' }));

    await waitFor(() => expect(window.location.pathname).toBe('/'));
    const order = requests.filter((r) => r.method === 'POST').map((r) => r.path);
    expect(order).toEqual(['/api/v1/auth/login', `/api/v1/invitations/by-code/${CODE}/accept`]);
    // The acceptance carries the session's CSRF token from the sign-in answer.
    expect(requests.at(-1)?.headers.get('X-CSRF-Token')).toBe('csrf-token-1');
  });

  it('reads in English too', async () => {
    stubFetch({ [PREVIEW]: json(200, preview()) });
    render(
      <QueryClientProvider client={testQueryClient()}>
        <I18nProvider initialLanguage="en">
          <InvitePage code={CODE} me={null} />
        </I18nProvider>
      </QueryClientProvider>,
    );

    expect(
      await screen.findByRole('heading', { name: 'Invitation for a parent' }),
    ).toBeInTheDocument();
    expect(screen.getByText('parent (legal representative)')).toBeInTheDocument();
  });
});
