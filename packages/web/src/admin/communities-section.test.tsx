import type { CommunityRule } from '@parta/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test/fake-fetch';
import CommunitiesSection from './communities-section';
import {
  buildCommunity,
  buildMunicipalAdmin,
  buildOrg,
  page,
  renderWithProviders,
} from './onboarding-test-data';

const orgs = json(200, {
  items: [
    buildOrg({ id: 1, kind: 'authority', shortName: 'УО ДГО', name: 'Управление образования' }),
    buildOrg(),
    buildOrg({ id: 4, shortName: 'МАОУ СОШ № 3' }),
  ],
  total: 3,
  limit: 200,
  offset: 0,
});

const headsRule: CommunityRule = {
  id: 4,
  communityId: 4,
  spec: { roles: ['head'], orgKinds: ['general', 'additional', 'preschool'] },
  description: 'Руководители: общеобразовательные организации, …',
  matches: 24,
  createdAt: '2026-04-13T04:00:00Z',
};

function renderSection(query = '') {
  return renderWithProviders(
    <CommunitiesSection me={buildMunicipalAdmin()} params={new URLSearchParams(query)} />,
  );
}

describe('communities section', () => {
  it('lists communities with kind, owner and a correctly declined member count', async () => {
    stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/communities': json(
        200,
        page([
          buildCommunity(),
          buildCommunity({
            id: 8,
            kind: 'parents',
            title: 'Родители 1А — МАОУ СОШ № 1',
            ownerOrganizationName: 'МАОУ СОШ № 1',
            memberCount: 21,
            myRole: null,
          }),
          buildCommunity({ id: 9, title: 'Округ', ownerOrganizationName: null, memberCount: 3 }),
        ]),
      ),
    });
    renderSection();

    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('Руководители')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('30 участников')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('вы: администратор')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('21 участник')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Родители')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('3 участника')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Муниципалитет')).toBeInTheDocument();
    expect(screen.getByText('3 сообщества')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Создать сообщество' })).toBeInTheDocument();
  });

  it('shows the rules in words and adds «all deputy heads of general schools»', async () => {
    const added: CommunityRule = {
      id: 7,
      communityId: 4,
      spec: { roles: ['deputy'], orgKinds: ['general'] },
      description: 'Заместители руководителей: общеобразовательные организации',
      matches: 23,
      createdAt: '2026-12-01T04:00:00Z',
    };
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/communities/4': json(200, buildCommunity()),
      'GET /api/v1/communities/4/rules': [
        json(200, { items: [headsRule] }),
        json(200, { items: [headsRule, added] }),
      ],
      'POST /api/v1/communities/4/rules': json(201, {
        rule: added,
        sync: { communities: 1, added: 21, removed: 0 },
      }),
    });
    renderSection('community=4&tab=rules');

    expect(await screen.findByRole('tab', { name: 'Правила' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByText(
        'Руководители общеобразовательных организаций, организаций дополнительного образования и дошкольных образовательных организаций',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/сейчас подходят 24 человека/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Заместители руководителей' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Общеобразовательные' }));
    expect(
      screen.getByText('Заместители руководителей общеобразовательных организаций'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Добавить правило' }));

    expect(
      await screen.findByText('Правило добавлено. В сообщество вошёл 21 человек.'),
    ).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      spec: { roles: ['deputy'], orgKinds: ['general'] },
    });
    await waitFor(() =>
      expect(screen.getByText(/сейчас подходят 23 человека/)).toBeInTheDocument(),
    );
  });

  it('will not add a positions rule without a position', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/communities/4': json(200, buildCommunity()),
      'GET /api/v1/communities/4/rules': json(200, { items: [] }),
    });
    renderSection('community=4&tab=rules');

    expect(await screen.findByText(/Правил нет/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Добавить правило' }));
    expect(await screen.findByText('Отметьте хотя бы одну должность.')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('approves a join request', async () => {
    const request = {
      id: 3,
      communityId: 4,
      personId: 77,
      displayName: 'Соколова Ирина Павловна',
      message: 'Я новый директор СОШ № 3',
      status: 'pending' as const,
      createdAt: '2026-11-30T09:00:00Z',
      decidedAt: null,
    };
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/communities/4': json(200, buildCommunity()),
      'GET /api/v1/communities/4/requests': [
        json(200, { items: [request] }),
        json(200, { items: [] }),
      ],
      'POST /api/v1/communities/4/requests/3/approve': json(200, {
        ...request,
        status: 'approved',
      }),
    });
    renderSection('community=4&tab=requests');

    expect(await screen.findByText('Я новый директор СОШ № 3')).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Принять заявку: Соколова Ирина Павловна' }),
    );
    expect(await screen.findByText('Новых заявок нет.')).toBeInTheDocument();
    expect(requests.some((r) => r.path === '/api/v1/communities/4/requests/3/approve')).toBe(true);
  });

  it('creates a community with a starting rule', async () => {
    const created = buildCommunity({ id: 12, title: 'Заместители школ', kind: 'deputies' });
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/communities': json(200, page([])),
      'POST /api/v1/communities': json(201, created),
      'GET /api/v1/communities/12': json(200, created),
      'GET /api/v1/communities/12/rules': json(200, { items: [] }),
    });
    renderSection();

    fireEvent.click(await screen.findByRole('button', { name: 'Создать сообщество' }));
    const dialog = await screen.findByRole('dialog', { name: 'Новое сообщество' });
    fireEvent.change(within(dialog).getByLabelText('Название'), {
      target: { value: 'Заместители школ' },
    });
    fireEvent.change(within(dialog).getByLabelText('Вид'), { target: { value: 'deputies' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Заместители руководителей' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Общеобразовательные' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Добавить правило' }));
    expect(
      within(dialog).getAllByText('Заместители руководителей общеобразовательных организаций'),
    ).toHaveLength(2);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать сообщество' }));

    expect(await screen.findByText('Сообщество «Заместители школ» создано.')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      title: 'Заместители школ',
      kind: 'deputies',
      rules: [{ roles: ['deputy'], orgKinds: ['general'] }],
    });
    expect(window.location.search).toBe('?community=12&tab=rules');
  });
});
