import type { ChatSummary, Message } from '@parta/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { isApiError } from '../api/client';
import { setMuted } from '../api/chats';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { mentionNamer } from '../chats/preview';
import { useMembers, useMessenger, useMessengerState } from '../messenger/messenger-context';
import { linkHandler, paths } from '../router/router';
import { ChatKindIcon, icons } from '../ui/icons';
import {
  ConfirmDialog,
  DateDialog,
  ForwardDialog,
  MembersDialog,
  PollDialog,
  ReadersDialog,
} from './chat-dialogs';
import { Composer } from './composer';
import { extraIcons } from './extra-icons';
import type { BubbleContext, MessageActions } from './message-bubble';
import { MessageList } from './message-list';
import { PinnedBar, togglePin, usePins } from './pins';
import { buildRows } from './rows';
import { useAttachments } from './use-attachments';

/** Member lists are fetched for read marks and mentions up to this size. */
const MEMBERS_FOR_READ_MARKS = 300;
const SMALL_CHAT = 50;

type Dialog =
  | { kind: 'members' }
  | { kind: 'date' }
  | { kind: 'poll' }
  | { kind: 'forward'; message: Message }
  | { kind: 'delete'; message: Message }
  | { kind: 'readers'; message: Message };

/** One chat: header, history, composer. Keyed by chat id: switching chats starts afresh. */
export function ChatView({ chatId, seq }: { chatId: number; seq: number | null }) {
  const t = useT();
  const messenger = useMessenger();
  const chat = useMessengerState((s) => s.list.byId[chatId]);
  const listReady = useMessengerState((s) => s.list.status === 'ready');

  // A link to a chat the list has not loaded (yet): ask for it directly.
  const direct = useQuery({
    queryKey: ['chats', chatId, 'summary'],
    queryFn: () => messenger.loadChat(chatId),
    enabled: !chat && listReady,
    retry: false,
  });

  if (!chat) {
    if (direct.isError) {
      const gone = isApiError(direct.error) && [403, 404].includes(direct.error.status);
      return (
        <section className="chat chat--empty" aria-label={t.chat.notFound}>
          <div className="empty-state">
            <p className="empty-state__title">
              {gone ? t.chat.notFound : errorMessage(direct.error, t)}
            </p>
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
          <p>{t.chat.loading}</p>
        </div>
      </section>
    );
  }
  return <LoadedChat chat={chat} initialSeq={seq} />;
}

function LoadedChat({ chat, initialSeq }: { chat: ChatSummary; initialSeq: number | null }) {
  const t = useT();
  const messenger = useMessenger();
  const chatId = chat.id;
  const meId = messenger.meId;
  const state = useMessengerState((s) => s.windows[chatId]);
  const outbox = useMessengerState((s) => s.outbox);
  const names = useMessengerState((s) => s.names);
  const typing = useMessengerState((s) => s.typing[chatId]);
  const presence = useMessengerState((s) => s.presence);
  const connection = useMessengerState((s) => s.connection);
  const members = useMembers(chatId, chat.memberCount <= MEMBERS_FOR_READ_MARKS);
  const queryClient = useQueryClient();
  const pins = usePins(chatId);
  const attachments = useAttachments(t);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);

  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [editing, setEditing] = useState<Message | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [focusSeq, setFocusSeq] = useState<number | null>(initialSeq);
  const [highlightSeq, setHighlightSeq] = useState<number | null>(null);
  const [scrollSignal, setScrollSignal] = useState(0);
  const [toast, setToast] = useState<string | null>(null);
  /** After «К последним сообщениям» the list starts at the end, not at the unread line. */
  const [alignEnd, setAlignEnd] = useState(false);

  useEffect(() => {
    messenger.setActive(chatId, true);
    void messenger.open(chatId);
    return () => messenger.setActive(chatId, false);
  }, [chatId, messenger]);

  // A focus target outside the loaded window: fetch the page around it.
  useEffect(() => {
    if (focusSeq !== null) void messenger.jumpTo(chatId, focusSeq);
  }, [focusSeq, chatId, messenger]);

  useEffect(() => {
    if (highlightSeq === null) return;
    const timer = setTimeout(() => setHighlightSeq(null), 2000);
    return () => clearTimeout(timer);
  }, [highlightSeq]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 3000);
    return () => clearTimeout(timer);
  }, [toast]);

  const onFocused = useCallback((seq: number) => {
    setFocusSeq(null);
    setHighlightSeq(seq);
  }, []);

  const w = state?.window ?? null;
  const isAdmin = chat.myRole === 'owner' || chat.myRole === 'admin';
  const canPost =
    chat.myRole !== 'readonly' && !chat.archived && (chat.kind !== 'announcement' || isAdmin);
  const canPin = !chat.archived && (chat.kind === 'direct' || isAdmin);
  const pinnedSeqs = useMemo(() => new Set((pins.data ?? []).map((p) => p.seq)), [pins.data]);
  const mentionName = useMemo(() => {
    const byMember = new Map((members.data ?? []).map((m) => [m.personId, m.displayName]));
    const fallback = mentionNamer(names, t);
    return (target: number | 'all') =>
      target === 'all' ? t.message.mentionAll : (byMember.get(target) ?? fallback(target));
  }, [members.data, names, t]);

  const fail = useCallback((error: unknown) => setToast(errorMessage(error, t)), [t]);

  const actions: MessageActions = useMemo(
    () => ({
      reply: (m) => {
        setEditing(null);
        setReplyTo(m);
      },
      edit: (m) => {
        setReplyTo(null);
        setEditing(m);
      },
      remove: (m) => setDialog({ kind: 'delete', message: m }),
      forward: (m) => setDialog({ kind: 'forward', message: m }),
      react: (m, emoji, on) => messenger.react(chatId, m.seq, emoji, on).catch(fail),
      vote: (m, ids) => messenger.vote(chatId, m.seq, ids).catch(fail),
      jumpTo: (seq) => setFocusSeq(seq),
      showReaders: (m) => setDialog({ kind: 'readers', message: m }),
      copied: () => setToast(t.message.copied),
      pin: (m, on) =>
        void togglePin(queryClient, chatId, m.seq, on).then(
          () => setToast(on ? t.pins.pinnedToast : t.pins.unpinnedToast),
          fail,
        ),
    }),
    [chatId, messenger, fail, t, queryClient],
  );

  const ctx: BubbleContext = {
    meId,
    chatKind: chat.kind,
    isAdmin,
    canPost,
    smallChat: chat.memberCount <= SMALL_CHAT,
    mentionName,
    actions,
    pinned: pinnedSeqs,
    canPin,
  };

  const pending = useMemo(() => outbox.filter((i) => i.chatId === chatId), [outbox, chatId]);
  const rows = useMemo(
    () =>
      w
        ? buildRows({
            messages: w.items,
            pending,
            meId,
            live: !w.hasAfter,
            unreadFrom: state?.unreadFrom ?? null,
          })
        : [],
    [w, pending, meId, state?.unreadFrom],
  );

  const mute = useMutation({
    mutationFn: (muted: boolean) => setMuted(chatId, muted),
    onSuccess: (_r, muted) => messenger.updateChat(chatId, { muted }),
    onError: fail,
  });

  const peer = chat.kind === 'direct' ? members.data?.find((m) => m.personId !== meId) : undefined;
  const typingNames = (typing ?? []).map((p) => p.displayName.split(/\s+/)[1] ?? p.displayName);
  const subtitle =
    typingNames.length > 0
      ? t.chat.typing(typingNames)
      : peer
        ? t.chat.presence[presence[peer.personId] ?? 'offline']
        : `${t.chats.kinds[chat.kind]} · ${t.chat.members(chat.memberCount)}`;

  const loading = state?.loading === 'initial' || (state?.loading === 'jump' && !w);

  // A file dropped beside the chat must not make the browser leave Parta to show it.
  useEffect(() => {
    const keep = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);

  // Files dropped anywhere on the chat are attached (when one may write here).
  const acceptsFiles = canPost && !editing;
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  const dropHandlers = acceptsFiles
    ? {
        onDragEnter: (event: DragEvent<HTMLElement>) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          dragDepth.current += 1;
          setDragging(true);
        },
        onDragOver: (event: DragEvent<HTMLElement>) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        },
        onDragLeave: (event: DragEvent<HTMLElement>) => {
          if (!hasFiles(event)) return;
          dragDepth.current = Math.max(0, dragDepth.current - 1);
          if (dragDepth.current === 0) setDragging(false);
        },
        onDrop: (event: DragEvent<HTMLElement>) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          dragDepth.current = 0;
          setDragging(false);
          const items = [...event.dataTransfer.items];
          const folders = items.some((item) => item.webkitGetAsEntry?.()?.isDirectory);
          const files = [...event.dataTransfer.files].filter(
            (_file, i) => !items[i]?.webkitGetAsEntry?.()?.isDirectory,
          );
          if (files.length > 0) attachments.add(files);
          if (folders) attachments.setNotice(t.files.folder);
        },
      }
    : {};

  return (
    <section
      className={`chat${dragging ? ' chat--dragging' : ''}`}
      aria-labelledby={`chat-title-${chatId}`}
      {...dropHandlers}
    >
      <header className="chat__header">
        <a
          className="icon-button chat__back"
          href={paths.chats()}
          onClick={linkHandler(paths.chats())}
          aria-label={t.chat.back}
          title={t.chat.back}
        >
          {icons.back()}
        </a>
        <span className={`chat-item__icon chat-item__icon--${chat.kind}`} aria-hidden="true">
          <ChatKindIcon kind={chat.kind} />
        </span>
        <div className="chat__heading">
          <h2 id={`chat-title-${chatId}`} className="chat__title">
            {chat.title}
          </h2>
          <p
            className={`chat__subtitle${typingNames.length > 0 ? ' chat__subtitle--typing' : ''}`}
            aria-live="polite"
          >
            {subtitle}
          </p>
        </div>
        <div className="chat__actions">
          {peer ? (
            <a
              className="icon-button"
              href={paths.person(peer.personId)}
              onClick={linkHandler(paths.person(peer.personId))}
              aria-label={t.chat.profileOf(peer.displayName)}
              title={t.chat.profileOf(peer.displayName)}
            >
              {extraIcons.user()}
            </a>
          ) : null}
          <button
            type="button"
            className="icon-button"
            aria-label={t.chat.jumpToDate}
            title={t.chat.jumpToDate}
            onClick={() => setDialog({ kind: 'date' })}
          >
            {icons.calendar()}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-pressed={chat.muted}
            aria-label={chat.muted ? t.chat.unmute : t.chat.mute}
            title={chat.muted ? t.chat.unmute : t.chat.mute}
            onClick={() => mute.mutate(!chat.muted)}
          >
            {chat.muted ? icons.bellOff() : icons.bell()}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t.chat.membersTitle}
            title={t.chat.membersTitle}
            onClick={() => setDialog({ kind: 'members' })}
          >
            {icons.users()}
          </button>
        </div>
      </header>

      {pins.data && pins.data.length > 0 ? (
        <PinnedBar
          chatId={chatId}
          pins={pins.data}
          messages={w?.items ?? []}
          canPin={canPin}
          mentionName={mentionName}
          onJump={(seq) => setFocusSeq(seq)}
          onUnpin={(seq) =>
            void togglePin(queryClient, chatId, seq, false).then(
              () => setToast(t.pins.unpinnedToast),
              fail,
            )
          }
        />
      ) : null}

      {dragging ? (
        <div className="chat__drop" aria-hidden="true">
          <p>{t.files.dropHere}</p>
        </div>
      ) : null}

      {connection !== 'online' ? (
        <div className="chat__banner" role="status">
          {connection === 'connecting' ? t.connection.connecting : t.connection.offlineHint}
        </div>
      ) : null}

      {state?.failed && !w ? (
        <div className="empty-state" role="alert">
          <p>{t.chat.loadFailed}</p>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void messenger.open(chatId)}
          >
            {t.errors.retry}
          </button>
        </div>
      ) : loading || !w ? (
        <div className="empty-state chat__loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <p>{t.chat.loading}</p>
        </div>
      ) : rows.length === 0 ? (
        <div className="empty-state chat__loading">
          <p className="muted">{t.chat.empty}</p>
        </div>
      ) : (
        <MessageList
          key={state?.generation ?? 0}
          align={alignEnd ? 'end' : 'unread'}
          chatId={chatId}
          rows={rows}
          messages={w.items}
          ctx={ctx}
          members={members.data}
          hasBefore={w.hasBefore}
          hasAfter={w.hasAfter}
          loading={state?.loading ?? null}
          focusSeq={focusSeq}
          onFocused={onFocused}
          highlightSeq={highlightSeq}
          scrollSignal={scrollSignal}
          unreadCount={chat.unread}
          online={connection === 'online'}
          onJumpToLatest={() => {
            setAlignEnd(true);
            void messenger.jumpToLatest(chatId).then(() => setScrollSignal((n) => n + 1));
          }}
        />
      )}

      {toast ? (
        <div className="toast" role="status">
          {toast}
        </div>
      ) : null}

      {canPost ? (
        <Composer
          key={editing ? `edit-${editing.seq}` : 'new'}
          chatId={chatId}
          meId={meId}
          members={members.data}
          canMentionAll={isAdmin || chat.kind === 'direct'}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          editing={editing}
          onDone={() => setEditing(null)}
          onSent={() => {
            setAlignEnd(true);
            if (w?.hasAfter) void messenger.jumpToLatest(chatId);
            setScrollSignal((n) => n + 1);
          }}
          onPoll={() => setDialog({ kind: 'poll' })}
          attachments={attachments}
        />
      ) : (
        <p className="composer composer--readonly">
          {chat.kind === 'announcement' ? t.chat.readOnlyAnnouncement : t.chat.readOnly}
        </p>
      )}

      {dialog?.kind === 'members' ? (
        <MembersDialog
          chat={chat}
          members={members.data}
          meId={meId}
          onClose={() => setDialog(null)}
        />
      ) : dialog?.kind === 'date' ? (
        <DateDialog
          chatId={chatId}
          onFound={(seq) => setFocusSeq(seq)}
          onClose={() => setDialog(null)}
        />
      ) : dialog?.kind === 'poll' ? (
        <PollDialog
          onSubmit={(poll) => {
            messenger.send(chatId, { text: '', poll });
            setScrollSignal((n) => n + 1);
          }}
          onClose={() => setDialog(null)}
        />
      ) : dialog?.kind === 'forward' ? (
        <ForwardDialog message={dialog.message} onClose={() => setDialog(null)} />
      ) : dialog?.kind === 'readers' ? (
        <ReadersDialog chatId={chatId} message={dialog.message} onClose={() => setDialog(null)} />
      ) : dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={t.message.deleteConfirm}
          text={t.message.deleteHint}
          confirm={t.message.delete}
          danger
          onConfirm={() => void messenger.remove(chatId, dialog.message.seq).catch(fail)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </section>
  );
}
