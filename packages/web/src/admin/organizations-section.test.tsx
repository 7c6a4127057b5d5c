import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, stubFetch } from '../test/fake-fetch';
import { buildHead, buildOrgEntry, page, queryOf, renderAdmin } from './org-test-utils';

const school5 = buildOrgEntry();
const school3 = buildOrgEntry({
  id: 4,
  name: 'Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 3»',
  shortName: 'МАОУ СОШ № 3',
});
const kindergarten = buildOrgEntry({
  id: 5,
  kind: 'preschool',
  name: 'Муниципальное автономное дошкольное образовательное учреждение «Детский сад «Берёзка»»',
  shortName: 'МАДОУ д/с «Берёзка»',
  counts: { staff: 20, pedagogical: 15, pupils: 120, classes: 6 },
});
const municipal = buildHead({ adminRoles: [{ role: 'municipal_admin', organizationId: null }] });

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.querySelector('a')?.textContent);

describe('organisations', () => {
  it('searches on the server: the words and the kind go in the query, the list shows its answer', async () => {
    const { fetchMock } = stubFetch({
      'GET /api/v1/organizations': [
        page([school5, school3, kindergarten]),
        page([kindergarten]),
        page([]),
      ],
    });
    renderAdmin('/admin/organizations', municipal);

    const table = await screen.findByRole('table', { name: 'Организации' });
    expect(rowsOf(table)).toEqual(['МАОУ СОШ № 3', 'МАОУ СОШ № 5', 'МАДОУ д/с «Берёзка»']);
    expect(screen.getByText('3 организации')).toBeInTheDocument();
    // The whole directory was read once, without a search.
    expect(queryOf(fetchMock, 'GET', '/api/v1/organizations').get('q')).toBeNull();

    fireEvent.change(screen.getByRole('searchbox', { name: 'Поиск по названию' }), {
      target: { value: '  березка ' },
    });
    expect(await screen.findByText('1 организация')).toBeInTheDocument();
    expect(rowsOf(screen.getByRole('table', { name: 'Организации' }))).toEqual([
      'МАДОУ д/с «Берёзка»',
    ]);
    const search = queryOf(fetchMock, 'GET', '/api/v1/organizations', 1);
    expect(search.get('q')).toBe('березка');
    expect(search.get('kind')).toBeNull();
    expect(window.location.search).toContain('q=');

    fireEvent.change(screen.getByRole('combobox', { name: 'Тип' }), {
      target: { value: 'general' },
    });
    expect(
      await screen.findByText('Ничего не нашлось: измените поиск или тип.'),
    ).toBeInTheDocument();
    const both = queryOf(fetchMock, 'GET', '/api/v1/organizations', 2);
    expect(both.get('q')).toBe('березка');
    expect(both.get('kind')).toBe('general');
  });

  it('an organisation administrator sees only their own organisations among the matches', async () => {
    const head = buildHead({
      adminRoles: [
        { role: 'org_admin', organizationId: 3 },
        { role: 'org_admin', organizationId: 4 },
      ],
    });
    stubFetch({
      'GET /api/v1/organizations': [
        page([school5, school3, kindergarten]),
        page([school3, kindergarten]),
      ],
    });
    renderAdmin('/admin/organizations', head);
    const table = await screen.findByRole('table', { name: 'Организации' });
    expect(rowsOf(table)).toEqual(['МАОУ СОШ № 3', 'МАОУ СОШ № 5']);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Поиск по названию' }), {
      target: { value: '3' },
    });
    await waitFor(() =>
      expect(rowsOf(screen.getByRole('table', { name: 'Организации' }))).toEqual(['МАОУ СОШ № 3']),
    );
    expect(screen.getByText('1 организация')).toBeInTheDocument();
  });

  it('a failed search is said, with a retry', async () => {
    stubFetch({
      'GET /api/v1/organizations': [page([school5, school3]), apiError(500, 'INTERNAL')],
    });
    renderAdmin('/admin/organizations', municipal);
    await screen.findByRole('table', { name: 'Организации' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Поиск по названию' }), {
      target: { value: 'сош' },
    });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('button', { name: 'Повторить' })).toBeInTheDocument();
  });
});
