import type { Me, OrganizationEntry } from '@parta/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { configure, render } from '@testing-library/react';
import { api } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import { useRoute } from '../router/router';
import { buildMe, testQueryClient } from '../test/factories';
import { json } from '../test/fake-fetch';
import AdminPage from './admin-page';

// Sections are lazily loaded chunks: on a busy machine the first one takes longer than a second.
configure({ asyncUtilTimeout: 4000 });

/**
 * Test helpers of the administration screens: the administration page at a
 * URL (navigation inside it works as in the app), people and organisations.
 */

/** The head of «МАОУ СОШ № 5» (id 3), its organisation administrator. */
export function buildHead(overrides: Partial<Me> = {}): Me {
  return buildMe(
    { login: 'head', adminRoles: [{ role: 'org_admin', organizationId: 3 }], ...overrides },
    {
      id: 7,
      displayName: 'Смирнова Анна Игоревна',
      positions: [
        {
          id: 1,
          organizationId: 3,
          organizationName: 'МАОУ СОШ № 5',
          organizationKind: 'general',
          role: 'head',
          title: 'Директор',
          pedagogical: true,
        },
      ],
    },
  );
}

export function buildOrgEntry(overrides: Partial<OrganizationEntry> = {}): OrganizationEntry {
  return {
    id: 3,
    kind: 'general',
    name: 'Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 5»',
    shortName: 'МАОУ СОШ № 5',
    archived: false,
    counts: { staff: 40, pedagogical: 38, pupils: 424, classes: 19 },
    ...overrides,
  };
}

export const page = <T,>(items: T[]) =>
  json(200, { items, total: items.length, limit: 200, offset: 0 });

function Routed({ me }: { me: Me }) {
  const route = useRoute();
  return route.name === 'admin' ? (
    <AdminPage me={me} section={route.section} params={route.params} />
  ) : null;
}

/** Renders the administration at `url` as `me` (CSRF token `csrf-1`). */
export function renderAdmin(url: string, me: Me = buildHead()) {
  window.history.replaceState(null, '', url);
  api.setCsrfToken('csrf-1');
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <I18nProvider initialLanguage="ru">
        <Routed me={me} />
      </I18nProvider>
    </QueryClientProvider>,
  );
}

/** The query string of the n-th call of the stubbed fetch to a path (0-based). */
export function queryOf(
  fetchMock: { mock: { calls: unknown[][] } },
  method: string,
  path: string,
  n = 0,
): URLSearchParams {
  const calls = fetchMock.mock.calls.filter(([input, init]) => {
    const url = new URL(String(input), 'http://localhost');
    return (
      url.pathname === path &&
      ((init as RequestInit | undefined)?.method ?? 'GET').toUpperCase() === method
    );
  });
  const call = calls[n];
  if (!call) throw new Error(`no call ${n} of ${method} ${path} (${calls.length} made)`);
  return new URL(String(call[0]), 'http://localhost').searchParams;
}
