import type { ChatMember, Me } from '@parta/shared';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { chatApi, listMembers } from '../api/chats';
import { ME_KEY } from '../api/session';
import { realtimeUrl } from '../realtime/realtime-client';
import { createRealtime, Messenger, type MessengerState } from './messenger';
import type { KeyValueStorage } from './outbox';

const MessengerContext = createContext<Messenger | null>(null);

/** localStorage when the browser lets us use it. */
export function browserStorage(): KeyValueStorage | null {
  try {
    const storage = window.localStorage;
    const probe = 'parta.probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

export function createMessenger(me: Me, queryClient: QueryClient): Messenger {
  return new Messenger({
    me,
    api: chatApi(),
    realtime: createRealtime(realtimeUrl(window.location)),
    storage: browserStorage(),
    // 4401/4403: the session is gone; asking who I am shows the login page.
    onSessionEnded: () => void queryClient.invalidateQueries({ queryKey: ME_KEY }),
  });
}

export const membersKey = (chatId: number) => ['chats', chatId, 'members'] as const;

/**
 * Runs the messenger while the person is signed in: connects, follows the
 * browser's network and visibility, and keeps the member lists in the query
 * cache in step with realtime events (read marks, joins and leaves).
 */
export function MessengerProvider({
  me,
  messenger: given,
  children,
}: {
  me: Me;
  /** Tests pass their own (fake socket, stubbed API). */
  messenger?: Messenger;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [messenger] = useState(() => given ?? createMessenger(me, queryClient));

  useEffect(() => {
    messenger.start();
    return () => messenger.stop();
  }, [messenger]);

  useEffect(() => {
    const online = () => messenger.reconnectNow();
    const offline = () => messenger.networkLost();
    const visibility = () => {
      const hidden = document.visibilityState === 'hidden';
      messenger.setPresence(hidden ? 'away' : 'online');
      if (!hidden) messenger.reconnectNow();
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    document.addEventListener('visibilitychange', visibility);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [messenger]);

  useEffect(
    () =>
      messenger.subscribeEvents((event) => {
        if (event.type === 'chat.read') {
          queryClient.setQueryData<ChatMember[]>(membersKey(event.chatId), (members) =>
            members?.map((m) =>
              m.personId === event.personId && m.readSeq < event.readSeq
                ? { ...m, readSeq: event.readSeq }
                : m,
            ),
          );
        } else if (event.type === 'membership.changed') {
          void queryClient.invalidateQueries({ queryKey: membersKey(event.chatId) });
        }
      }),
    [messenger, queryClient],
  );

  return <MessengerContext value={messenger}>{children}</MessengerContext>;
}

export function useMessenger(): Messenger {
  const messenger = useContext(MessengerContext);
  if (!messenger) throw new Error('useMessenger() needs a <MessengerProvider> above');
  return messenger;
}

/** A slice of the messenger's state; re-renders only when the slice changes (by identity). */
export function useMessengerState<T>(select: (state: MessengerState) => T): T {
  const messenger = useMessenger();
  return useSyncExternalStore(messenger.store.subscribe, () => select(messenger.store.get()));
}

/** Members of a chat (names for mentions, read positions for read marks). */
export function useMembers(chatId: number, enabled = true) {
  const messenger = useMessenger();
  const query = useQuery({
    queryKey: membersKey(chatId),
    queryFn: () => listMembers(chatId),
    staleTime: 5 * 60_000,
    enabled,
  });
  const data = query.data;
  useEffect(() => {
    if (data)
      messenger.rememberNames(data.map((m) => ({ id: m.personId, displayName: m.displayName })));
  }, [data, messenger]);
  return query;
}
