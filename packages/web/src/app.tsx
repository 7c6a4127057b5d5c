import type { Me } from '@parta/shared';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { errorMessage } from './api/error-message';
import { createQueryClient } from './api/query-client';
import { useMe } from './api/session';
import { LoginPage } from './auth/login-page';
import { I18nProvider, useT, type Language } from './i18n/i18n';
import { useRoute } from './router/router';
import { usePreferencesSync } from './settings/sync';
import { AppShell } from './shell/app-shell';

// Opened from a printed QR code or a message, often by someone without an account yet.
const InvitePage = lazy(() => import('./invite/invite-page'));

export interface AppProps {
  /** Tests pass their own client (no retries, fresh cache); the app builds one. */
  queryClient?: QueryClient;
  initialLanguage?: Language;
}

export function App({ queryClient, initialLanguage }: AppProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <I18nProvider {...(initialLanguage ? { initialLanguage } : {})}>
        <Root />
      </I18nProvider>
    </QueryClientProvider>
  );
}

/** Who is here decides the screen: the shell, the login page, or why we cannot tell yet. */
function Root() {
  const t = useT();
  const me = useMe();
  const route = useRoute();

  useEffect(() => {
    document.title = me.data === null ? `${t.login.title} · ${t.app.name}` : t.app.name;
  }, [me.data, t]);

  if (route.name === 'invite' && me.data !== undefined) {
    return (
      <Suspense fallback={<Waiting />}>
        <InvitePage code={route.code} me={me.data} />
      </Suspense>
    );
  }
  // Keep showing what we have while a background refetch fails; only a first load can block.
  if (me.data) return <SignedIn me={me.data} />;
  if (me.data === null) return <LoginPage />;
  if (me.isError) {
    return (
      <div className="center-screen" role="alert">
        <p>{t.errors.loadFailed}</p>
        <p className="muted">{errorMessage(me.error, t)}</p>
        <button type="button" className="button button--primary" onClick={() => void me.refetch()}>
          {t.errors.retry}
        </button>
      </div>
    );
  }
  return <Waiting />;
}

function SignedIn({ me }: { me: Me }) {
  usePreferencesSync(me.person.id);
  return <AppShell me={me} />;
}

function Waiting() {
  const t = useT();
  return (
    <div className="center-screen" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{t.app.loading}</span>
    </div>
  );
}
