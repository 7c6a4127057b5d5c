import type {
  Community,
  Invitation,
  Me,
  MunicipalOnboarding,
  OrganizationEntry,
  OrgOnboarding,
  OutboxEntry,
} from '@parta/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { I18nProvider, type Language } from '../i18n/i18n';
import { buildMe, testQueryClient } from '../test/factories';

/** Small factories for the invitations, communities and outbox tests. */

/** Renders with a fresh query client and the language; `rerender` keeps both. */
export function renderWithProviders(ui: ReactElement, language: Language = 'ru') {
  const client = testQueryClient();
  return render(ui, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>
        <I18nProvider initialLanguage={language}>{children}</I18nProvider>
      </QueryClientProvider>
    ),
  });
}

/** The head of school № 1 and its organisation administrator (the demo `head`). */
export function buildHead(): Me {
  return buildMe(
    { login: 'head', adminRoles: [{ role: 'org_admin', organizationId: 2 }] },
    {
      id: 9,
      displayName: 'Морозова Юлия Денисовна',
      positions: [
        {
          id: 3,
          organizationId: 2,
          organizationName: 'МАОУ СОШ № 1',
          organizationKind: 'general',
          role: 'head',
          title: 'Директор',
          pedagogical: true,
        },
      ],
    },
  );
}

export function buildMunicipalAdmin(): Me {
  return buildMe(
    { login: 'admin', adminRoles: [{ role: 'municipal_admin', organizationId: null }] },
    { id: 5, displayName: 'Волков Иван Анатольевич', positions: [] },
  );
}

export function buildOrg(overrides: Partial<OrganizationEntry> = {}): OrganizationEntry {
  return {
    id: 2,
    kind: 'general',
    name: 'Муниципальное автономное общеобразовательное учреждение «СОШ № 1»',
    shortName: 'МАОУ СОШ № 1',
    archived: false,
    counts: null,
    ...overrides,
  };
}

export function buildOnboarding(overrides: Partial<OrgOnboarding> = {}): OrgOnboarding {
  return {
    organizationId: 2,
    name: 'МАОУ СОШ № 1',
    kind: 'general',
    staff: 61,
    staffWithAccount: 58,
    staffAccepted: 3,
    pupils: 47,
    pupilsWithConnectedParent: 18,
    parents: 80,
    parentsWithAccount: 21,
    classes: [
      {
        classId: 11,
        name: '10А',
        pupils: 22,
        pupilsWithAccount: 0,
        pupilsWithConnectedParent: 0,
        parents: 40,
        parentsWithAccount: 0,
        parentInvitations: 0,
        parentInvitationsAccepted: 0,
      },
      {
        classId: 5,
        name: '5А',
        pupils: 25,
        pupilsWithAccount: 3,
        pupilsWithConnectedParent: 18,
        parents: 40,
        parentsWithAccount: 21,
        parentInvitations: 25,
        parentInvitationsAccepted: 18,
      },
    ],
    ...overrides,
  };
}

/**
 * A small district: the authority, two schools, two kindergartens. One
 * teacher works in both schools, so the totals count one person less than
 * the rows add up to.
 */
export function buildMunicipalOnboarding(): MunicipalOnboarding {
  const org = (
    organizationId: number,
    kind: OrgOnboarding['kind'],
    name: string,
    staff: [number, number],
    pupils: [number, number],
  ): OrgOnboarding => ({
    organizationId,
    name,
    kind,
    staff: staff[1],
    staffWithAccount: staff[0],
    staffAccepted: 0,
    pupils: pupils[1],
    pupilsWithConnectedParent: pupils[0],
    parents: pupils[1],
    parentsWithAccount: pupils[0],
    classes: [],
  });
  const totals = (organizations: number, staff: [number, number], pupils: [number, number]) => ({
    organizations,
    staff: staff[1],
    staffWithAccount: staff[0],
    staffAccepted: 0,
    pupils: pupils[1],
    pupilsWithConnectedParent: pupils[0],
    parents: pupils[1],
    parentsWithAccount: pupils[0],
  });
  return {
    items: [
      org(1, 'authority', 'УО ДГО', [6, 6], [0, 0]),
      org(2, 'general', 'МАОУ СОШ № 1', [58, 61], [18, 47]),
      org(3, 'general', 'МАОУ СОШ № 3', [22, 44], [416, 520]),
      org(4, 'preschool', 'МАДОУ № 12', [21, 21], [9, 180]),
      org(5, 'preschool', 'МАДОУ № 2', [0, 20], [60, 120]),
    ],
    totals: totals(5, [106, 151], [503, 867]),
    kinds: [
      { kind: 'authority', ...totals(1, [6, 6], [0, 0]) },
      { kind: 'general', ...totals(2, [79, 104], [434, 567]) },
      { kind: 'preschool', ...totals(2, [21, 41], [69, 300]) },
    ],
  };
}

export function buildInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 31,
    kind: 'parents',
    role: 'parent',
    status: 'active',
    organizationId: 2,
    organizationName: 'МАОУ СОШ № 1',
    classId: 5,
    className: '5А',
    pupilId: null,
    pupilName: null,
    personId: null,
    personName: null,
    communityId: null,
    communityTitle: null,
    code: 'CPGKFVQHA3',
    shortLink: 'https://parta.example.ru/i/CPGKFVQHA3',
    maxUses: 80,
    uses: 3,
    expiresAt: '2026-12-28T10:00:00Z',
    revokedAt: null,
    note: null,
    createdBy: 9,
    createdAt: '2026-11-28T10:00:00Z',
    ...overrides,
  };
}

export function page<T>(items: T[], total = items.length) {
  return { items, total, limit: 20, offset: 0 };
}

export function buildCommunity(overrides: Partial<Community> = {}): Community {
  return {
    id: 4,
    kind: 'heads',
    title: 'Руководители ОО — УО',
    description: 'Руководители всех организаций и специалисты Управления образования.',
    ownerOrganizationId: 1,
    ownerOrganizationName: 'УО ДГО',
    memberCount: 30,
    myRole: 'admin',
    requestPending: false,
    chatId: 100,
    announcementChatId: 101,
    canManage: true,
    createdAt: '2026-04-13T04:00:00Z',
    archivedAt: null,
    ...overrides,
  };
}

export function buildOutboxEntry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: 1,
    channel: 'email',
    recipient: 'ivanova@example.ru',
    subject: 'Приглашение в Парту',
    body: 'Здравствуйте! Вас приглашают в Парту: https://parta.example.ru/i/CPGKFVQHA3',
    status: 'stored',
    error: null,
    sender: 'outbox',
    invitationId: 31,
    organizationId: 2,
    createdBy: 9,
    createdAt: '2026-11-28T10:00:00Z',
    sentAt: null,
    ...overrides,
  };
}
