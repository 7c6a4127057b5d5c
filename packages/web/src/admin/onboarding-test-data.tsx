import type {
  Community,
  Invitation,
  Me,
  OrganizationEntry,
  OrgOnboarding,
  OutboxEntry,
} from '@parta/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nProvider, type Language } from '../i18n/i18n';
import { buildMe, testQueryClient } from '../test/factories';

/** Small factories for the invitations, communities and outbox tests. */

export function renderWithProviders(ui: ReactNode, language: Language = 'ru') {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <I18nProvider initialLanguage={language}>{ui}</I18nProvider>
    </QueryClientProvider>,
  );
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
