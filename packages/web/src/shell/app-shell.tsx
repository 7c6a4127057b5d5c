import type { Me } from '@parta/shared';
import { useEffect, useRef } from 'react';
import { isApiError } from '../api/client';
import { errorMessage } from '../api/error-message';
import { useLogout } from '../api/session';
import { useT } from '../i18n/i18n';
import { LanguageSwitch } from '../ui/language-switch';
import { Logo } from '../ui/logo';
import { describeAffiliation, initials } from './affiliation';

/** The signed-in frame: header with the person and actions, and the main area. */
export function AppShell({ me }: { me: Me }) {
  const t = useT();
  const logoutMutation = useLogout();
  const mainRef = useRef<HTMLElement>(null);
  const affiliation = describeAffiliation(me, t);

  // After signing in, move focus off the vanished form to the start of the content.
  useEffect(() => {
    mainRef.current?.focus();
  }, []);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header className="topbar">
        <div className="brand">
          <Logo />
          <span className="brand__name">{t.app.name}</span>
        </div>

        <section className="account" aria-label={t.shell.account}>
          <span className="avatar" aria-hidden="true">
            {initials(me)}
          </span>
          <span className="account__text">
            {/* `title`: the full text where a narrow screen cuts it with an ellipsis. */}
            <span className="account__name" title={me.person.displayName}>
              {me.person.displayName}
            </span>
            <span className="account__org" title={affiliation}>
              {affiliation}
            </span>
          </span>
        </section>

        <div className="topbar__actions">
          <LanguageSwitch />
          <button
            type="button"
            className="button button--quiet"
            onClick={() => logoutMutation.mutate()}
            disabled={logoutMutation.isPending}
          >
            {logoutMutation.isPending ? t.shell.loggingOut : t.shell.logout}
          </button>
        </div>
      </header>

      {logoutMutation.isError ? (
        <div className="banner banner--error" role="alert">
          {isApiError(logoutMutation.error) && logoutMutation.error.code === 'NETWORK_ERROR'
            ? t.errors.logoutFailed
            : errorMessage(logoutMutation.error, t)}
        </div>
      ) : null}

      <main id="main" ref={mainRef} tabIndex={-1} className="main">
        <section className="empty-state" aria-labelledby="chats-title">
          <ChatsIcon />
          <h1 id="chats-title" className="empty-state__title">
            {t.shell.chatsTitle}
          </h1>
          <p className="empty-state__text">{t.shell.chatsEmpty}</p>
          <p className="empty-state__hint">{t.shell.chatsHint}</p>
        </section>
      </main>
    </div>
  );
}

function ChatsIcon() {
  return (
    <svg
      className="empty-state__icon"
      width="56"
      height="56"
      viewBox="0 0 48 48"
      aria-hidden="true"
      focusable="false"
    >
      <path
        className="icon-stroke"
        d="M8 12a4 4 0 0 1 4-4h18a4 4 0 0 1 4 4v10a4 4 0 0 1-4 4H18l-6 5v-5a4 4 0 0 1-4-4z"
      />
      <path
        className="icon-stroke"
        d="M38 18h2a4 4 0 0 1 4 4v10a4 4 0 0 1-4 4v5l-6-5H24a4 4 0 0 1-4-4v-2"
      />
    </svg>
  );
}
