import type { ChatSummary, Me, Message } from '@parta/shared';
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
      kinds: ['staff'],
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

/** A text message; override what a test is about. */
export function buildMessage(overrides: Partial<Message> = {}): Message {
  const seq = overrides.seq ?? 1;
  return {
    id: 1000 + seq,
    chatId: 38,
    seq,
    kind: 'text',
    author: { id: 7, displayName: 'Смирнова Анна Игоревна' },
    clientMessageId: `client-${seq}-abcdef`,
    text: `Сообщение ${seq}`,
    replyToSeq: null,
    forwardedFrom: null,
    mentions: [],
    reactions: [],
    poll: null,
    attachments: [],
    createdAt: new Date(Date.UTC(2024, 9, 1, 9, 0, seq)).toISOString(),
    editedAt: null,
    deletedAt: null,
    ...overrides,
  };
}

/** A chat of the list; override what a test is about. */
export function buildChat(overrides: Partial<ChatSummary> = {}): ChatSummary {
  return {
    id: 38,
    kind: 'class_parents',
    title: '7А · родители',
    description: null,
    avatar: null,
    organizationId: 2,
    classId: 19,
    lastSeq: 0,
    readSeq: 0,
    unread: 0,
    mentions: 0,
    muted: false,
    myRole: 'member',
    memberCount: 40,
    lastMessage: null,
    lastMessageAt: null,
    archived: false,
    ...overrides,
  };
}
