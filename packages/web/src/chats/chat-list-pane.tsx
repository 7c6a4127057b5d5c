import type { ChatSummary } from '@parta/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { extraIcons } from '../chat/extra-icons';
import { formatListTime } from '../chat/format';
import { useT } from '../i18n/i18n';
import { sortChats } from '../messenger/chat-list';
import { useMessenger, useMessengerState } from '../messenger/messenger-context';
import { linkHandler, paths } from '../router/router';
import { ChatKindIcon, icons } from '../ui/icons';
import { useNow } from '../ui/use-now';
import { previewOf } from './preview';

/** My chats: search, unread and mention badges, newest activity first, more on scroll. */
export function ChatListPane({
  activeChatId,
  onNewChat,
}: {
  activeChatId: number | null;
  onNewChat: () => void;
}) {
  const t = useT();
  const messenger = useMessenger();
  const list = useMessengerState((s) => s.list);
  const names = useMessengerState((s) => s.names);
  const [query, setQuery] = useState('');
  const searchId = useId();
  const now = useNow();

  const chats = useMemo(() => sortChats(list.byId), [list.byId]);
  const needle = query.trim().toLocaleLowerCase();
  const shown = needle ? chats.filter((c) => c.title.toLocaleLowerCase().includes(needle)) : chats;
  const hasMore = list.nextBefore !== null;

  // Searching looks through every chat, so the rest of the list is fetched.
  useEffect(() => {
    if (needle && hasMore && list.status === 'ready') void messenger.loadChats({ more: true });
  }, [needle, hasMore, list.status, messenger]);

  return (
    <nav className="sidebar" aria-labelledby="chats-title">
      <div className="sidebar__head">
        <h1 id="chats-title" className="sidebar__title">
          {t.shell.chatsTitle}
        </h1>
        <a
          className="icon-button"
          href={paths.directory()}
          onClick={linkHandler(paths.directory())}
          aria-label={t.chats.directory}
          title={t.chats.directory}
        >
          {extraIcons.book()}
        </a>
        <button
          type="button"
          className="icon-button icon-button--accent"
          onClick={onNewChat}
          aria-label={t.chats.newChat}
          title={t.chats.newChat}
        >
          {icons.pencil()}
        </button>
      </div>
      <div className="search">
        <label htmlFor={searchId} className="visually-hidden">
          {t.chats.search}
        </label>
        <span className="search__icon">{icons.search()}</span>
        <input
          id={searchId}
          type="search"
          placeholder={t.chats.search}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoComplete="off"
        />
      </div>

      {list.status === 'error' && chats.length === 0 ? (
        <div className="sidebar__message" role="alert">
          <p>{t.chats.loadFailed}</p>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void messenger.loadChats()}
          >
            {t.errors.retry}
          </button>
        </div>
      ) : list.status !== 'ready' && chats.length === 0 ? (
        <div className="sidebar__message" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>{t.app.loading}</span>
        </div>
      ) : chats.length === 0 ? (
        <div className="sidebar__message">
          <p className="sidebar__empty-title">{t.shell.chatsEmpty}</p>
          <p className="muted">{t.shell.chatsHint}</p>
        </div>
      ) : (
        <ul className="chat-list">
          {shown.map((chat) => (
            <li key={chat.id}>
              <ChatListItem
                chat={chat}
                active={chat.id === activeChatId}
                meId={messenger.meId}
                names={names}
                now={now}
              />
            </li>
          ))}
          {shown.length === 0 ? (
            <li className="sidebar__message" role="status">
              {t.chats.nothingFound}
            </li>
          ) : null}
        </ul>
      )}
      {hasMore && chats.length > 0 ? (
        <LoadMore
          onLoad={() => void messenger.loadChats({ more: true })}
          label={t.chats.loadMore}
        />
      ) : null}
    </nav>
  );
}

/** A button that also presses itself when scrolled into view (infinite scroll that works by keyboard). */
function LoadMore({ onLoad, label }: { onLoad: () => void; label: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  const load = useRef(onLoad);
  useEffect(() => {
    load.current = onLoad;
  });
  useEffect(() => {
    const node = ref.current;
    if (!node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) load.current();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return (
    <button ref={ref} type="button" className="button button--quiet load-more" onClick={onLoad}>
      {label}
    </button>
  );
}

function ChatListItem({
  chat,
  active,
  meId,
  names,
  now,
}: {
  chat: ChatSummary;
  active: boolean;
  meId: number;
  names: Record<number, string>;
  now: Date;
}) {
  const t = useT();
  const messenger = useMessenger();
  const preview = previewOf(chat, meId, names, t);
  const href = paths.chat(chat.id);
  const unread = chat.unread > 0;
  // The history is asked for as the chat is chosen (a mouse press, else the click), not after the
  // chat view has rendered; `open` does nothing for a chat already loaded or loading.
  const load = () => void messenger.open(chat.id);
  return (
    <a
      href={href}
      onPointerDown={(event) => {
        if (event.pointerType === 'mouse' && event.button === 0) load();
      }}
      onClick={linkHandler(href, load)}
      className={`chat-item${active ? ' chat-item--active' : ''}${unread ? ' chat-item--unread' : ''}`}
      aria-current={active ? 'page' : undefined}
    >
      <span
        className={`chat-item__icon chat-item__icon--${chat.kind}`}
        title={t.chats.kinds[chat.kind]}
      >
        <ChatKindIcon kind={chat.kind} />
      </span>
      <span className="chat-item__body">
        <span className="chat-item__top">
          <span className="chat-item__title">{chat.title}</span>
          <span className="visually-hidden">, {t.chats.kinds[chat.kind]}</span>
          {chat.muted ? (
            <span className="chat-item__muted" title={t.chats.muted}>
              {icons.bellOff()}
              <span className="visually-hidden">, {t.chats.muted}</span>
            </span>
          ) : null}
          {chat.lastMessageAt ? (
            <time className="chat-item__time" dateTime={chat.lastMessageAt}>
              {formatListTime(chat.lastMessageAt, now, t.meta.locale)}
            </time>
          ) : null}
        </span>
        <span className="chat-item__bottom">
          <span className="chat-item__preview">
            {preview.author ? <span className="chat-item__author">{preview.author}: </span> : null}
            {preview.text}
          </span>
          {chat.mentions > 0 ? (
            <span className="badge badge--mention" title={t.chats.mentioned}>
              @<span className="visually-hidden"> {t.chats.mentioned}</span>
            </span>
          ) : null}
          {unread ? (
            <span className={`badge${chat.muted ? ' badge--muted' : ''}`}>
              <span aria-hidden="true">{chat.unread > 999 ? '999+' : chat.unread}</span>
              <span className="visually-hidden">{t.chats.unread(chat.unread)}</span>
            </span>
          ) : null}
        </span>
      </span>
    </a>
  );
}
