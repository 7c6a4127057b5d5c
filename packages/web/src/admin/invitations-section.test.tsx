import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import InvitationsSection from './invitations-section';
import {
  buildHead,
  buildInvitation,
  buildOnboarding,
  buildOrg,
  page,
  renderWithProviders,
} from './onboarding-test-data';

const orgRoutes = {
  'GET /api/v1/organizations': json(200, {
    items: [buildOrg(), buildOrg({ id: 3, shortName: 'МАОУ СОШ № 3' })],
    total: 2,
    limit: 200,
    offset: 0,
  }),
  'GET /api/v1/organizations/2/onboarding': json(200, buildOnboarding()),
};

function renderSection(query = '') {
  return renderWithProviders(
    <InvitationsSection me={buildHead()} params={new URLSearchParams(query)} />,
  );
}

afterEach(() => api.setCsrfToken(null));

describe('invitations section', () => {
  it('shows who is connected, with Russian plurals, for the organisation the head manages', async () => {
    stubFetch({ ...orgRoutes, 'GET /api/v1/invitations': json(200, page([])) });
    renderSection();

    expect(await screen.findByText('Подключение: МАОУ СОШ № 1')).toBeInTheDocument();
    expect(
      await screen.findByText('Учётная запись есть у 58 из 61 сотрудника'),
    ).toBeInTheDocument();
    expect(screen.getByText('По приглашению подключились 3 сотрудника')).toBeInTheDocument();
    expect(screen.getByText('Подключены родители 18 из 47 учеников')).toBeInTheDocument();
    // Classes in their natural order («5А» before «10А»), each with its progress and its sheet.
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['5А', '10А']);
    expect(within(rows[0]!).getByText('Подключены родители 18 из 25 учеников')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Подключены родители 0 из 22 учеников')).toBeInTheDocument();
    expect(
      within(rows[0]!).getByRole('button', { name: 'Лист приглашений для родителей 5А, PDF' }),
    ).toBeInTheDocument();
    // The head administers one organisation: no organisation picker.
    expect(screen.queryByLabelText('Организация')).not.toBeInTheDocument();
    expect(await screen.findByText('Приглашений пока нет.')).toBeInTheDocument();
  });

  it('issues a staff invitation with the role fixed by the form and shows its link', async () => {
    const created = buildInvitation({
      id: 40,
      kind: 'staff',
      role: 'teacher',
      classId: null,
      className: null,
      code: 'ABCDEFGHJK',
      shortLink: 'https://parta.example.ru/i/ABCDEFGHJK',
      uses: 0,
      maxUses: 5,
    });
    const { requests } = stubFetch({
      ...orgRoutes,
      'GET /api/v1/invitations': json(200, page([])),
      'POST /api/v1/invitations': json(201, { ...created, token: 't'.repeat(32), link: 'x' }),
    });
    renderSection();

    fireEvent.click(await screen.findByRole('button', { name: 'Ссылка для новых сотрудников' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ссылка для новых сотрудников' });
    // An organisation administrator may not invite a head (invitations.policy.ts).
    const role = within(dialog).getByLabelText('Кем станет');
    expect(
      within(role)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['педагог', 'заместитель руководителя', 'сотрудник']);
    fireEvent.change(within(dialog).getByLabelText('Название должности'), {
      target: { value: ' Учитель математики ' },
    });
    fireEvent.change(within(dialog).getByLabelText('Сколько раз можно использовать'), {
      target: { value: '5' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать приглашение' }));

    const done = await screen.findByRole('dialog', { name: 'Приглашение создано' });
    expect(
      within(done).getByRole('link', { name: 'parta.example.ru/i/ABCDEFGHJK' }),
    ).toHaveAttribute('href', 'https://parta.example.ru/i/ABCDEFGHJK');
    expect(within(done).getByRole('img')).toHaveAttribute('src', '/api/v1/invitations/40/qr.svg');
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({
      kind: 'staff',
      organizationId: 2,
      role: 'teacher',
      pedagogical: true,
      title: 'Учитель математики',
      expiresInDays: 30,
      maxUses: 5,
    });
    expect(post?.headers.get('Content-Type')).toBe('application/json');
  });

  it('refuses an expiry out of range before asking the server', async () => {
    const { requests } = stubFetch({
      ...orgRoutes,
      'GET /api/v1/invitations': json(200, page([])),
    });
    renderSection();

    fireEvent.click(await screen.findByRole('button', { name: 'Ссылка для новых сотрудников' }));
    const dialog = await screen.findByRole('dialog');
    const days = within(dialog).getByLabelText('Срок действия, дней');
    fireEvent.change(days, { target: { value: '400' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать приглашение' }));

    expect(await within(dialog).findByText('Укажите число дней от 1 до 365.')).toBeInTheDocument();
    expect(days).toHaveAttribute('aria-invalid', 'true');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('labels every status and revokes an active invitation after confirmation', async () => {
    const active = buildInvitation({ id: 31 });
    const listed = [
      active,
      buildInvitation({ id: 32, status: 'expired', code: 'EXPIRED001' }),
      buildInvitation({ id: 33, status: 'revoked', revokedAt: '2026-11-30T10:00:00Z' }),
      buildInvitation({
        id: 34,
        kind: 'parent_personal',
        status: 'used_up',
        uses: 2,
        maxUses: 2,
        pupilId: 631,
        pupilName: 'Андреев Семён',
      }),
    ];
    const revoked = { ...active, status: 'revoked', revokedAt: '2026-12-01T10:00:00Z' };
    const { requests } = stubFetch({
      ...orgRoutes,
      'GET /api/v1/invitations': [
        json(200, page(listed)),
        json(200, page([revoked, ...listed.slice(1)])),
      ],
      'POST /api/v1/invitations/31/revoke': json(200, revoked),
    });
    renderSection();

    const list = await screen.findByRole('list');
    const items = await within(list).findAllByRole('listitem');
    expect(items.map((i) => i.querySelector('.onb-status')?.textContent)).toEqual([
      'Действует',
      'Срок истёк',
      'Отозвано',
      'Использовано полностью',
    ]);
    expect(within(items[0]!).getByText(/использовано 3 из 80/)).toBeInTheDocument();
    expect(within(items[3]!).getByText('Для родителя: Андреев Семён, 5А')).toBeInTheDocument();
    // Only the active one can be revoked.
    expect(within(list).getAllByRole('button', { name: 'Отозвать' })).toHaveLength(1);

    fireEvent.click(within(items[0]!).getByRole('button', { name: 'Отозвать' }));
    const confirm = await screen.findByRole('dialog', { name: 'Отозвать приглашение?' });
    expect(within(confirm).getByText(/перестанут работать сразу/)).toBeInTheDocument();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Отозвать' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.filter((r) => r.path === '/api/v1/invitations/31/revoke')).toHaveLength(1);
    await waitFor(() => expect(screen.getAllByText('Отозвано').length).toBeGreaterThanOrEqual(2));
  });

  it('keeps the confirmation open and says why when revoking fails', async () => {
    stubFetch({
      ...orgRoutes,
      'GET /api/v1/invitations': json(200, page([buildInvitation()])),
      'POST /api/v1/invitations/31/revoke': apiError(403, 'FORBIDDEN'),
    });
    renderSection();

    fireEvent.click(await screen.findByRole('button', { name: 'Отозвать' }));
    const confirm = await screen.findByRole('dialog');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Отозвать' }));
    expect(await within(confirm).findByText('Это действие вам недоступно.')).toBeInTheDocument();
  });

  it('opens a class from the URL and issues a personal parent invitation for a pupil', async () => {
    const issued = buildInvitation({
      id: 50,
      kind: 'parent_personal',
      pupilId: 702,
      pupilName: 'Белов Арсений Витальевич',
      code: 'PERSONAL01',
      shortLink: 'https://parta.example.ru/i/PERSONAL01',
      maxUses: 2,
      uses: 0,
    });
    const { requests } = stubFetch({
      ...orgRoutes,
      'GET /api/v1/classes/5/onboarding': json(200, buildOnboarding().classes[1]),
      'GET /api/v1/classes/5/pupils': json(200, {
        items: [
          {
            id: 701,
            lastName: 'Андреев',
            firstName: 'Семён',
            middleName: null,
            displayName: 'Андреев Семён',
            positions: [],
            active: true,
          },
          {
            id: 702,
            lastName: 'Белов',
            firstName: 'Арсений',
            middleName: 'Витальевич',
            displayName: 'Белов Арсений Витальевич',
            positions: [],
            active: true,
          },
        ],
        total: 2,
        limit: 200,
        offset: 0,
      }),
      'GET /api/v1/invitations': json(
        200,
        page([
          buildInvitation({
            id: 49,
            kind: 'parent_personal',
            pupilId: 701,
            pupilName: 'Андреев Семён',
            shortLink: 'https://parta.example.ru/i/ANDREEV001',
            maxUses: 2,
          }),
        ]),
      ),
      'POST /api/v1/invitations': json(201, { ...issued, token: 't'.repeat(32), link: 'x' }),
    });
    renderSection('org=2&class=5');

    expect(await screen.findByRole('heading', { name: '5А: приглашения' })).toBeInTheDocument();
    expect(
      await screen.findByText('Личных приглашений родителям выдано: 25, принято: 18'),
    ).toBeInTheDocument();
    const pupils = await screen.findByRole('table');
    const andreev = within(pupils).getByRole('row', { name: /Андреев Семён/ });
    expect(within(andreev).getByText('Действует')).toBeInTheDocument();
    expect(within(andreev).getByText('parta.example.ru/i/ANDREEV001')).toBeInTheDocument();
    const belov = within(pupils).getByRole('row', { name: /Белов Арсений/ });
    expect(within(belov).getByText('Не выдано')).toBeInTheDocument();

    fireEvent.click(
      within(belov).getByRole('button', {
        name: 'Выдать личное приглашение для родителя: Белов Арсений Витальевич',
      }),
    );
    const done = await screen.findByRole('dialog', { name: 'Приглашение создано' });
    expect(within(done).getByText('PERSO-NAL01')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      kind: 'parent_personal',
      pupilId: 702,
      expiresInDays: 30,
    });
    // The class's parents' sheet is one click away.
    expect(screen.getByRole('button', { name: 'Лист для родителей (PDF)' })).toBeInTheDocument();
  });

  /** jsdom has no object URLs and does not download: record what the page hands to the browser. */
  function recordDownloads(): string[] {
    URL.createObjectURL ??= () => '';
    URL.revokeObjectURL ??= () => undefined;
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:sheet');
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    return clicked;
  }

  const sheetPdf = (headers: Record<string, string> = {}) =>
    new Response('%PDF-1.3', {
      status: 200,
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': 'attachment; filename="invitations-class-5.pdf"',
        'X-Parta-Slips': '23',
        'X-Parta-Missing': '0',
        ...headers,
      },
    });

  it('prepares the class sheet with a POST (with the CSRF token), then downloads the PDF and says how many slips are new', async () => {
    const { requests } = stubFetch({
      ...orgRoutes,
      'GET /api/v1/invitations': json(200, page([])),
      'POST /api/v1/classes/5/invitation-sheet': json(200, {
        slips: 23,
        issued: 22,
        reused: 1,
        sheetUrl: '/api/v1/classes/5/invitation-sheet.pdf',
      }),
      'GET /api/v1/classes/5/invitation-sheet.pdf': sheetPdf(),
    });
    const clicked = recordDownloads();
    api.setCsrfToken('csrf-token-1');
    renderSection();

    fireEvent.click(
      await screen.findByRole('button', { name: 'Лист приглашений для родителей 5А, PDF' }),
    );
    expect(
      await screen.findByText('PDF готов: 22 новых приглашения, 1 выданное раньше.'),
    ).toBeInTheDocument();
    expect(clicked).toEqual(['invitations-class-5.pdf']);
    const sheet = requests.filter((r) => r.path.startsWith('/api/v1/classes/5/invitation-sheet'));
    // Issuing is the POST, guarded like every write; the PDF is a GET that only prints.
    expect(sheet.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/classes/5/invitation-sheet',
      'GET /api/v1/classes/5/invitation-sheet.pdf',
    ]);
    expect(sheet[0]?.headers.get('X-CSRF-Token')).toBe('csrf-token-1');
    expect(sheet[0]?.body).toBeUndefined();
    // Counts and lists are read again: the sheet has issued invitations.
    await waitFor(() =>
      expect(
        requests.filter((r) => r.path === '/api/v1/organizations/2/onboarding').length,
      ).toBeGreaterThanOrEqual(2),
    );
  });

  it('says when someone was left without a slip, and downloads nothing when nobody needs one', async () => {
    const { requests } = stubFetch({
      ...orgRoutes,
      'GET /api/v1/invitations': json(200, page([])),
      'POST /api/v1/classes/5/invitation-sheet': json(200, {
        slips: 3,
        issued: 3,
        reused: 0,
        sheetUrl: '/api/v1/classes/5/invitation-sheet.pdf',
      }),
      'GET /api/v1/classes/5/invitation-sheet.pdf': sheetPdf({
        'X-Parta-Slips': '2',
        'X-Parta-Missing': '1',
      }),
      'POST /api/v1/organizations/2/staff-invitation-sheet': json(200, {
        slips: 0,
        issued: 0,
        reused: 0,
        sheetUrl: '/api/v1/organizations/2/staff-invitation-sheet.pdf',
      }),
    });
    const clicked = recordDownloads();
    renderSection();

    fireEvent.click(
      await screen.findByRole('button', { name: 'Лист приглашений для родителей 5А, PDF' }),
    );
    expect(
      await screen.findByText(
        'PDF готов: 3 новых приглашения, 0 выданных раньше. Без полоски: 1 человек — список изменился, пока готовился PDF. Нажмите кнопку ещё раз.',
      ),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Лист для сотрудников (PDF)' }));
    expect(
      await screen.findByText('Печатать нечего: в списке нет никого, кому нужна полоска.'),
    ).toBeInTheDocument();
    expect(clicked).toEqual(['invitations-class-5.pdf']);
    expect(requests.some((r) => r.path.endsWith('/staff-invitation-sheet.pdf'))).toBe(false);
  });

  it('shows the server’s refusal to prepare a sheet instead of downloading an error', async () => {
    const { requests } = stubFetch({
      ...orgRoutes,
      'GET /api/v1/invitations': json(200, page([])),
      'POST /api/v1/organizations/2/staff-invitation-sheet': apiError(403, 'FORBIDDEN'),
    });
    renderSection();

    fireEvent.click(await screen.findByRole('button', { name: 'Лист для сотрудников (PDF)' }));
    expect(await screen.findByText('Это действие вам недоступно.')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'GET' && r.path.endsWith('.pdf'))).toBe(false);
  });

  it('shows why the PDF could not be downloaded after the sheet was prepared', async () => {
    stubFetch({
      ...orgRoutes,
      'GET /api/v1/invitations': json(200, page([])),
      'POST /api/v1/classes/5/invitation-sheet': json(200, {
        slips: 23,
        issued: 0,
        reused: 23,
        sheetUrl: '/api/v1/classes/5/invitation-sheet.pdf',
      }),
      'GET /api/v1/classes/5/invitation-sheet.pdf': apiError(409, 'CONFLICT'),
    });
    const clicked = recordDownloads();
    renderSection();

    fireEvent.click(
      await screen.findByRole('button', { name: 'Лист приглашений для родителей 5А, PDF' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Не получилось: данные изменились. Обновите страницу и попробуйте ещё раз.',
    );
    expect(screen.queryByText(/PDF готов/)).not.toBeInTheDocument();
    expect(clicked).toEqual([]);
  });
});
