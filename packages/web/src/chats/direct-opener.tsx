import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { isApiError } from '../api/client';
import { createChat } from '../api/chats';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { useMessenger } from '../messenger/messenger-context';
import { linkHandler, navigate, paths } from '../router/router';

/**
 * `/direct/:personId` — «write to this person»: opens the direct chat (the
 * server returns the existing one or creates it) and goes there. When the
 * closed environment forbids it (DIRECT_NOT_ALLOWED) the person is told why.
 */
export function DirectOpener({ personId }: { personId: number }) {
  const t = useT();
  const messenger = useMessenger();
  // POST is idempotent for direct chats (200 existing / 201 new): safe as a query.
  const opened = useQuery({
    queryKey: ['direct', personId],
    queryFn: () => createChat({ kind: 'direct', personId }),
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });

  useEffect(() => {
    if (!opened.data) return;
    messenger.addChat(opened.data);
    navigate(paths.chat(opened.data.id), { replace: true });
  }, [opened.data, messenger]);

  if (opened.isError) {
    const refused = isApiError(opened.error) && opened.error.code === 'DIRECT_NOT_ALLOWED';
    return (
      <section className="chat chat--empty" aria-labelledby="direct-title">
        <div className="empty-state" role="alert">
          <h2 id="direct-title" className="empty-state__title">
            {refused ? t.newChat.notAllowedTitle : t.errors.loadFailed}
          </h2>
          <p className="empty-state__text">{errorMessage(opened.error, t)}</p>
          <a
            className="button button--quiet"
            href={paths.chats()}
            onClick={linkHandler(paths.chats())}
          >
            {t.chat.back}
          </a>
        </div>
      </section>
    );
  }
  return (
    <section className="chat chat--empty" aria-busy="true">
      <div className="empty-state" role="status">
        <span className="spinner" aria-hidden="true" />
        <p>{t.newChat.opening}</p>
      </div>
    </section>
  );
}
