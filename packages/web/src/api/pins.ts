import { api } from './client';

/** A pinned message of a chat (`GET /api/v1/chats/:id/pins`), newest pin first. */
export interface Pin {
  seq: number;
  pinnedAt: string;
  pinnedBy: number | null;
}

export const listPins = (chatId: number) =>
  api.get<{ items: Pin[] }>(`/api/v1/chats/${chatId}/pins`).then((r) => r.items);

/** Pin or unpin (chat owners and admins; anyone in a direct chat). */
export const setPinned = (chatId: number, seq: number, pinned: boolean) =>
  pinned
    ? api.put<undefined>(`/api/v1/chats/${chatId}/pins/${seq}`)
    : api.delete<undefined>(`/api/v1/chats/${chatId}/pins/${seq}`);
