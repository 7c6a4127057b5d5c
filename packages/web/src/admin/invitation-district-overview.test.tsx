import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMe } from '../test/factories';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import { DistrictOverview } from './invitation-district-overview';
import InvitationsSection from './invitations-section';
import {
  buildHead,
  buildMunicipalAdmin,
  buildMunicipalOnboarding,
  buildOnboarding,
  buildOrg,
  page,
  renderWithProviders,
} from './onboarding-test-data';

const district = { 'GET /api/v1/onboarding': json(200, buildMunicipalOnboarding()) };

/** The names in the order the table shows them. */
function names(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent ?? '');
}

function columnHeader(table: HTMLElement, name: string): HTMLElement {
  const header = within(table)
    .getAllByRole('columnheader')
    .find((th) => within(th).queryByRole('button', { name: new RegExp(name) }));
  if (!header) throw new Error(`no column ${name}`);
  return header;
}

afterEach(() => window.history.replaceState(null, '', '/'));

describe('district overview', () => {
  it('shows every organisation and the district’s totals, with Russian plurals and shares', async () => {
    stubFetch(district);
    renderWithProviders(<DistrictOverview manageable={null} />);

    expect(await screen.findByText('Всего по округу')).toBeInTheDocument();
    expect(screen.getByText('5 организаций')).toBeInTheDocument();
    // A person counted once: 151, not the 152 the rows add up to.
    expect(screen.getByText('Учётная запись есть у 106 из 151 сотрудника')).toBeInTheDocument();
    expect(screen.getByText('Подключены родители 503 из 867 учеников')).toBeInTheDocument();

    const table = screen.getByRole('table');
    // Directory order by default: the authority, schools, kindergartens («№ 2» before «№ 12»).
    expect(names(table)).toEqual([
      'УО ДГО',
      'МАОУ СОШ № 1',
      'МАОУ СОШ № 3',
      'МАДОУ № 2',
      'МАДОУ № 12',
    ]);
    const school = within(table).getByRole('row', { name: /МАОУ СОШ № 1/ });
    expect(within(school).getByText('Общеобразовательная')).toBeInTheDocument();
    expect(within(school).getByText(/^58 из 61 · 95\s%$/)).toBeInTheDocument();
    expect(within(school).getByText(/^18 из 47 · 38\s%$/)).toBeInTheDocument();
    const authority = within(table).getByRole('row', { name: /УО ДГО/ });
    expect(within(authority).getByText('учеников нет')).toBeInTheDocument();
    // Each name opens that organisation's invitations.
    expect(within(school).getByRole('link', { name: 'МАОУ СОШ № 1' })).toHaveAttribute(
      'href',
      '/admin/invitations?org=2',
    );
  });

  it('sorts by a column from the weakest, reverses on the second click, and keeps the empty last', async () => {
    stubFetch(district);
    renderWithProviders(<DistrictOverview manageable={null} />);
    const table = await screen.findByRole('table');
    expect(columnHeader(table, 'Тип')).toHaveAttribute('aria-sort', 'ascending');

    const parents = () => columnHeader(table, 'Ученики с подключённым родителем');
    fireEvent.click(within(parents()).getByRole('button'));
    expect(parents()).toHaveAttribute('aria-sort', 'ascending');
    expect(columnHeader(table, 'Тип')).not.toHaveAttribute('aria-sort');
    // 5 %, 38 %, 50 %, 80 %; the authority has no pupils and stays last.
    expect(names(table)).toEqual([
      'МАДОУ № 12',
      'МАОУ СОШ № 1',
      'МАДОУ № 2',
      'МАОУ СОШ № 3',
      'УО ДГО',
    ]);
    fireEvent.click(within(parents()).getByRole('button'));
    expect(parents()).toHaveAttribute('aria-sort', 'descending');
    expect(names(table)).toEqual([
      'МАОУ СОШ № 3',
      'МАДОУ № 2',
      'МАОУ СОШ № 1',
      'МАДОУ № 12',
      'УО ДГО',
    ]);

    fireEvent.click(within(columnHeader(table, 'Сотрудники')).getByRole('button'));
    // 0 %, 50 %, 95 %, then 100 % twice (kind order breaks the tie).
    expect(names(table)).toEqual([
      'МАДОУ № 2',
      'МАОУ СОШ № 3',
      'МАОУ СОШ № 1',
      'УО ДГО',
      'МАДОУ № 12',
    ]);
    fireEvent.click(within(columnHeader(table, 'Организация')).getByRole('button'));
    expect(names(table)).toEqual([
      'МАДОУ № 2',
      'МАДОУ № 12',
      'МАОУ СОШ № 1',
      'МАОУ СОШ № 3',
      'УО ДГО',
    ]);
  });

  it('filters by kind, with that kind’s own totals', async () => {
    stubFetch(district);
    renderWithProviders(<DistrictOverview manageable={null} />);
    const table = await screen.findByRole('table');
    const filter = screen.getByLabelText('Тип организаций');
    // Only the kinds the district has.
    expect(
      within(filter)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Все типы',
      'Управление образования',
      'Общеобразовательные организации',
      'Дошкольные организации',
    ]);

    fireEvent.change(filter, { target: { value: 'preschool' } });
    expect(names(table)).toEqual(['МАДОУ № 2', 'МАДОУ № 12']);
    expect(screen.getByText('Итого: дошкольные организации')).toBeInTheDocument();
    expect(screen.getByText('2 организации')).toBeInTheDocument();
    expect(screen.getByText('Учётная запись есть у 21 из 41 сотрудника')).toBeInTheDocument();
    expect(screen.getByText('Подключены родители 69 из 300 учеников')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Показано 2 из 5 организаций');

    fireEvent.change(filter, { target: { value: 'authority' } });
    expect(names(table)).toEqual(['УО ДГО']);
    expect(screen.getByText('1 организация')).toBeInTheDocument();
    // No pupils in the authority: no parents' bar.
    expect(screen.queryByText(/Подключены родители/)).not.toBeInTheDocument();
  });

  it('speaks English too', async () => {
    stubFetch(district);
    renderWithProviders(<DistrictOverview manageable={null} />, 'en');
    expect(await screen.findByText('District total')).toBeInTheDocument();
    expect(screen.getByText('5 organisations')).toBeInTheDocument();
    expect(screen.getByText('106 of 151 staff members have an account')).toBeInTheDocument();
    const table = screen.getByRole('table');
    const school = within(table).getByRole('row', { name: /МАОУ СОШ № 1/ });
    expect(within(school).getByText('58 of 61 · 95%')).toBeInTheDocument();
    expect(within(school).getByText('General school')).toBeInTheDocument();
  });

  it('says why it could not load and tries again', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/onboarding': [
        apiError(503, 'DATABASE_UNAVAILABLE'),
        district['GET /api/v1/onboarding'],
      ],
    });
    renderWithProviders(<DistrictOverview manageable={null} />);
    expect(await screen.findByText('Не удалось загрузить данные.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await screen.findByText('Всего по округу')).toBeInTheDocument();
    expect(requests.filter((r) => r.path === '/api/v1/onboarding')).toHaveLength(2);
  });

  it('links only the organisations the viewer manages', async () => {
    stubFetch(district);
    renderWithProviders(<DistrictOverview manageable={new Set([1])} />);
    const table = await screen.findByRole('table');
    expect(
      within(table)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['УО ДГО']);
    expect(within(table).getByRole('rowheader', { name: 'МАОУ СОШ № 1' })).toBeInTheDocument();
  });
});

describe('district overview in the invitations section', () => {
  const orgs = {
    'GET /api/v1/organizations': json(200, {
      items: [
        buildOrg({ id: 1, kind: 'authority', name: 'Управление образования', shortName: 'УО ДГО' }),
        buildOrg(),
        buildOrg({ id: 3, shortName: 'МАОУ СОШ № 3' }),
      ],
      total: 3,
      limit: 200,
      offset: 0,
    }),
    'GET /api/v1/organizations/1/onboarding': json(
      200,
      buildOnboarding({ organizationId: 1, name: 'УО ДГО', kind: 'authority', classes: [] }),
    ),
    'GET /api/v1/organizations/2/onboarding': json(200, buildOnboarding()),
    'GET /api/v1/organizations/3/onboarding': json(
      200,
      buildOnboarding({ organizationId: 3, name: 'МАОУ СОШ № 3' }),
    ),
    'GET /api/v1/invitations': json(200, page([])),
  };

  it('is on top for a municipal administrator; a name opens that organisation below and moves focus to it', async () => {
    stubFetch({ ...district, ...orgs });
    const view = renderWithProviders(
      <InvitationsSection me={buildMunicipalAdmin()} params={new URLSearchParams()} />,
    );
    const overview = await screen.findByRole('region', { name: 'Подключение по округу' });
    expect(await screen.findByText('Подключение: УО ДГО')).toBeInTheDocument();
    // The overview comes before the organisation's own card.
    const orgCard = screen.getByRole('heading', { name: 'Подключение: УО ДГО' });
    expect(
      overview.compareDocumentPosition(orgCard) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    fireEvent.click(await within(overview).findByRole('link', { name: 'МАОУ СОШ № 3' }));
    expect(window.location.pathname + window.location.search).toBe('/admin/invitations?org=3');
    // The admin page passes the new parameters down; the opened organisation takes the focus.
    view.rerender(
      <InvitationsSection me={buildMunicipalAdmin()} params={new URLSearchParams('org=3')} />,
    );
    const heading = await screen.findByRole('heading', { name: 'Подключение: МАОУ СОШ № 3' });
    await waitFor(() => expect(heading).toHaveFocus());
  });

  it('is shown to the authority’s staff, and not to a school’s head', async () => {
    const specialist = buildMe(
      { login: 'specialist', adminRoles: [] },
      {
        positions: [
          {
            id: 8,
            organizationId: 1,
            organizationName: 'УО ДГО',
            organizationKind: 'authority',
            role: 'head',
            title: 'Начальник управления',
            pedagogical: false,
          },
        ],
      },
    );
    const { requests } = stubFetch({ ...district, ...orgs });
    const first = renderWithProviders(
      <InvitationsSection me={specialist} params={new URLSearchParams()} />,
    );
    const overview = await screen.findByRole('region', { name: 'Подключение по округу' });
    // The head of the authority leads only the authority: the schools are not links.
    await within(overview).findByRole('table');
    expect(
      within(overview)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['УО ДГО']);
    first.unmount();

    requests.length = 0;
    renderWithProviders(<InvitationsSection me={buildHead()} params={new URLSearchParams()} />);
    expect(await screen.findByText('Подключение: МАОУ СОШ № 1')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Подключение по округу' })).not.toBeInTheDocument();
    expect(requests.some((r) => r.path === '/api/v1/onboarding')).toBe(false);
  });
});
