import type { Me } from '@parta/shared';
import { QueryClient } from '@tanstack/react-query';

/** A signed-in teacher; override what a test is about. */
export function buildMe(overrides: Partial<Me> = {}, person: Partial<Me['person']> = {}): Me {
  return {
    person: {
      id: 7,
      lastName: 'Смирнова',
      firstName: 'Анна',
      middleName: 'Игоревна',
      displayName: 'Смирнова Анна Игоревна',
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
      ],
      active: true,
      phone: null,
      email: null,
      birthDate: null,
      externalId: null,
      hasAccount: true,
      createdAt: '2024-09-01T00:00:00Z',
      ...person,
    },
    login: 'teacher',
    adminRoles: [],
    children: [],
    classes: [],
    municipality: { id: 1, name: 'Городской округ', timeZone: 'Asia/Yekaterinburg' },
    csrfToken: 'csrf-token-1',
    ...overrides,
  };
}

/** No retries and no cache between tests: each test sees exactly the answers it stubs. */
export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
}
