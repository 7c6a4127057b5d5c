import type { Me } from '@parta/shared';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { ChatView } from '../chat/chat-view';
import { describeFiles } from '../chat/files';
import { ChatListPane } from '../chats/chat-list-pane';
import { mentionNamer } from '../chats/preview';
import { DirectOpener } from '../chats/direct-opener';
import { useT } from '../i18n/i18n';
import { totalUnread } from '../messenger/chat-list';
import { plainText } from '../messenger/markdown';
import type { Messenger } from '../messenger/messenger';
import { MessengerProvider, useMessenger, useMessengerState } from '../messenger/messenger-context';
import { playChime, shouldNotify } from '../notifications/notifier';
import { readNotificationSettings, useTheme } from '../settings/settings';
import { linkHandler, navigate, paths, useRoute, type Route } from '../router/router';
import { Logo } from '../ui/logo';
import { canAdminister, canMonitor, canSeeRoadmap } from './access';
import { describeAffiliation, initials } from './affiliation';

// Not on the first screen: loaded when opened.
const SettingsPage = lazy(() => import('../settings/settings-page'));
const NewChatDialog = lazy(() => import('../chats/new-chat-dialog'));
const AdminPage = lazy(() => import('../admin/admin-page'));
const MonitoringPage = lazy(() => import('../monitoring/monitoring-page'));
const RoadmapPage = lazy(() => import('../roadmap/roadmap-page'));
const ProfilePage = lazy(() => import('../profile/profile-page'));
const DirectoryPage = lazy(() => import('../directory/directory-page'));

/** The signed-in app: the messenger (list and chat side by side on wide screens, one at a time on phones). */
export function AppShell({ me, messenger }: { me: Me; messenger?: Messenger }) {
  return (
    <MessengerProvider me={me} {...(messenger ? { messenger } : {})}>
      <Layout me={me} />
    </MessengerProvider>
  );
}

function Layout({ me }: { me: Me }) {
  const t = useT();
  const route = useRoute();
  const [newChat, setNewChat] = useState(false);
  useTheme();
  useTabTitle();
  useNotifications(me);

  const page = pageOf(route, me);
  const detail = route.name !== 'chats';
  const activeChatId = route.name === 'chat' ? route.chatId : null;

  if (page) {
    return (
      <div className="app app--page">
        <a className="skip-link" href="#main">
          {t.app.skipToContent}
        </a>
        <TopBar me={me} />
        <main id="main" className="workspace workspace--page" tabIndex={-1}>
          <Suspense fallback={<Loading />}>{page}</Suspense>
        </main>
      </div>
    );
  }

  return (
    <div className={`app ${detail ? 'app--detail' : 'app--list'}`}>
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <TopBar me={me} />
      <main id="main" className="workspace" tabIndex={-1}>
        <ChatListPane activeChatId={activeChatId} onNewChat={() => setNewChat(true)} />
        <div className="detail">
          {route.name === 'chat' ? (
            <ChatView key={route.chatId} chatId={route.chatId} seq={route.seq} />
          ) : route.name === 'direct' ? (
            <DirectOpener key={route.personId} personId={route.personId} />
          ) : route.name === 'settings' ? (
            <Suspense fallback={<Loading />}>
              <SettingsPage me={me} />
            </Suspense>
          ) : route.name === 'person' ? (
            <Suspense fallback={<Loading />}>
              <ProfilePage key={route.personId} me={me} personId={route.personId} />
            </Suspense>
          ) : route.name === 'directory' ? (
            <Suspense fallback={<Loading />}>
              <DirectoryPage me={me} tab={route.tab} />
            </Suspense>
          ) : (
            <div className="empty-state detail__empty">
              <p className="empty-state__title">{t.chats.selectChat}</p>
              <p className="empty-state__hint">{t.chats.selectChatHint}</p>
            </div>
          )}
        </div>
      </main>
      {newChat ? (
        <Suspense fallback={null}>
          <NewChatDialog me={me} onClose={() => setNewChat(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}

/** Administration, monitoring and the roadmap take the whole width; null: a messenger screen. */
function pageOf(route: Route, me: Me): ReactNode {
  if (route.name === 'admin' && canAdminister(me)) {
    return <AdminPage me={me} section={route.section} params={route.params} />;
  }
  if (route.name === 'monitoring' && canMonitor(me)) {
    return <MonitoringPage me={me} params={route.params} />;
  }
  if (route.name === 'roadmap' && canSeeRoadmap(me)) {
    return <RoadmapPage me={me} params={route.params} />;
  }
  return null;
}

function Loading() {
  const t = useT();
  return (
    <div className="empty-state" role="status">
      <span className="spinner" aria-hidden="true" />
      <p>{t.app.loading}</p>
    </div>
  );
}

function TopBar({ me }: { me: Me }) {
  const t = useT();
  const connection = useMessengerState((s) => s.connection);
  const affiliation = describeAffiliation(me, t);
  return (
    <header className="topbar">
      <a className="brand" href={paths.chats()} onClick={linkHandler(paths.chats())}>
        <Logo />
        <span className="brand__name">{t.app.name}</span>
      </a>
      <p
        className={`connection connection--${connection}`}
        role="status"
        aria-label={t.connection.label}
      >
        <span className="connection__dot" aria-hidden="true" />
        <span>{t.connection[connection]}</span>
      </p>
      <SectionNav me={me} />
      <a
        className="account-link"
        href={paths.settings()}
        onClick={linkHandler(paths.settings())}
        title={t.shell.settings}
      >
        <span className="account-link__text">
          <span className="account-link__name">{me.person.displayName}</span>
          <span className="account-link__org">{affiliation}</span>
          <span className="visually-hidden">, {t.shell.accountAndSettings}</span>
        </span>
        <span className="avatar" aria-hidden="true">
          {initials(me)}
        </span>
      </a>
    </header>
  );
}

/** Chats, administration, monitoring, the roadmap: shown only to those who have more than chats. */
function SectionNav({ me }: { me: Me }) {
  const t = useT();
  const route = useRoute();
  const links = [
    { key: 'chats', href: paths.chats(), label: t.shell.nav.chats, shown: true },
    { key: 'admin', href: paths.admin(), label: t.shell.nav.admin, shown: canAdminister(me) },
    {
      key: 'monitoring',
      href: paths.monitoring(),
      label: t.shell.nav.monitoring,
      shown: canMonitor(me),
    },
    { key: 'roadmap', href: paths.roadmap(), label: t.shell.nav.roadmap, shown: canSeeRoadmap(me) },
  ].filter((link) => link.shown);
  if (links.length < 2) return null;
  const current = ['admin', 'monitoring', 'roadmap'].includes(route.name) ? route.name : 'chats';
  return (
    <nav className="section-nav" aria-label={t.shell.nav.label}>
      {links.map((link) => (
        <a
          key={link.key}
          className="section-nav__link"
          href={link.href}
          onClick={linkHandler(link.href)}
          {...(link.key === current ? { 'aria-current': 'page' as const } : {})}
        >
          {link.label}
        </a>
      ))}
    </nav>
  );
}

/** «(3) Парта»: unread messages in the tab title. */
function useTabTitle() {
  const t = useT();
  const byId = useMessengerState((s) => s.list.byId);
  const unread = totalUnread(byId);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t.app.name}` : t.app.name;
  }, [unread, t]);
}

/** Browser notifications and a chime for messages that arrive while the tab is hidden. */
function useNotifications(me: Me) {
  const messenger = useMessenger();
  const t = useT();
  useEffect(
    () =>
      messenger.onIncoming((message, chat) => {
        const settings = readNotificationSettings(me.person.id);
        const pageHidden = document.visibilityState === 'hidden' || !document.hasFocus();
        if (!shouldNotify({ message, chat, settings, now: new Date(), pageHidden })) return;
        if (settings.sound) playChime();
        if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !chat) {
          return;
        }
        const text = message.poll
          ? t.chats.preview.poll(message.poll.question)
          : plainText(message.text, mentionNamer(messenger.store.get().names, t)) ||
            describeFiles(message.attachments ?? [], t);
        const notification = new Notification(chat.title, {
          body: t.notification.body(message.author?.displayName ?? '', text.slice(0, 200)),
          tag: `parta-chat-${chat.id}`,
          icon: '/icons/icon-192.png',
        });
        notification.onclick = () => {
          window.focus();
          navigate(paths.chat(chat.id));
          notification.close();
        };
      }),
    [messenger, me.person.id, t],
  );
}
