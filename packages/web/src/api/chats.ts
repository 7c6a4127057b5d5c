import type {
  ChatMember,
  ChatSummary,
  CreateChat,
  Message,
  Person,
  SendMessage,
} from '@parta/shared';
import type { HistoryPage } from '../messenger/chat-window';
import { api, type ApiClient } from './client';

/** The chats and messages endpoints the messenger uses (see chats.routes.ts, messages.routes.ts). */
export interface ChatApi {
  listChats(params: { limit?: number; before?: string | null }): Promise<{
    items: ChatSummary[];
    nextBefore: string | null;
  }>;
  getChat(chatId: number): Promise<ChatSummary>;
  history(
    chatId: number,
    params: { afterSeq?: number; beforeSeq?: number; aroundSeq?: number; limit?: number },
  ): Promise<HistoryPage>;
  send(chatId: number, input: SendMessage): Promise<Message>;
  edit(chatId: number, seq: number, text: string): Promise<Message>;
  remove(chatId: number, seq: number): Promise<void>;
  react(chatId: number, seq: number, emoji: string, on: boolean): Promise<Message>;
  vote(chatId: number, seq: number, optionIds: number[]): Promise<Message>;
  markRead(chatId: number, seq: number): Promise<{ readSeq: number }>;
}

const query = (params: Record<string, string | number | null | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

export function chatApi(client: ApiClient = api): ChatApi {
  const chat = (chatId: number) => `/api/v1/chats/${chatId}`;
  return {
    listChats: ({ limit = 50, before }) => client.get(`/api/v1/chats${query({ limit, before })}`),
    getChat: (chatId) => client.get(chat(chatId)),
    history: (chatId, params) => client.get(`${chat(chatId)}/messages${query(params)}`),
    send: (chatId, input) => client.post(`${chat(chatId)}/messages`, input),
    edit: (chatId, seq, text) => client.patch(`${chat(chatId)}/messages/${seq}`, { text }),
    remove: (chatId, seq) => client.delete(`${chat(chatId)}/messages/${seq}`),
    react: (chatId, seq, emoji, on) =>
      on
        ? client.put(`${chat(chatId)}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`)
        : client.delete(`${chat(chatId)}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`),
    vote: (chatId, seq, optionIds) =>
      client.post(`${chat(chatId)}/messages/${seq}/votes`, { optionIds }),
    markRead: (chatId, seq) => client.post(`${chat(chatId)}/read`, { seq }),
  };
}

export const listMembers = (chatId: number) =>
  api.get<{ items: ChatMember[] }>(`/api/v1/chats/${chatId}/members`).then((r) => r.items);

export const readersOf = (chatId: number, seq: number) =>
  api
    .get<{
      items: { personId: number; displayName: string }[];
    }>(`/api/v1/chats/${chatId}/messages/${seq}/readers`)
    .then((r) => r.items);

export const createChat = (body: CreateChat) => api.post<ChatSummary>('/api/v1/chats', body);

export const setMuted = (chatId: number, muted: boolean) =>
  api.put<undefined>(`/api/v1/chats/${chatId}/mute`, { muted });

export const leaveChat = (chatId: number) => api.post<undefined>(`/api/v1/chats/${chatId}/leave`);

export const listStaff = (orgId: number) =>
  api
    .get<{ items: Person[]; total: number }>(`/api/v1/organizations/${orgId}/staff?limit=200`)
    .then((r) => r.items);
