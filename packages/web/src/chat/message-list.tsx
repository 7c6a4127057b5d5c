import type { ChatMember, Message } from '@parta/shared';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import { indexOfSeq } from '../messenger/chat-window';
import { useMessenger } from '../messenger/messenger-context';
import { icons } from '../ui/icons';
import { useNow, usePageVisible } from '../ui/use-now';
import { describeFiles } from './files';
import { formatDay } from './format';
import { MessageBubble, PendingBubble, type BubbleContext } from './message-bubble';
import type { Row } from './rows';

const PADDING_START = 8;
const PADDING_END = 12;

function estimate(row: Row | undefined): number {
  if (!row) return 60;
  const separators = (row.day ? 44 : 0) + (row.unread ? 40 : 0);
  if (row.kind === 'pending') return separators + 60 + (row.item.files?.length ? 120 : 0);
  const m = row.message;
  const files = m.deletedAt ? [] : (m.attachments ?? []);
  const photos = files.filter((f) => f.kind === 'image' && f.thumbnailUrl);
  const lines = Math.ceil(Math.max(1, m.text.length) / 48) + m.text.split('\n').length - 1;
  return (
    separators +
    36 +
    lines * 22 +
    (row.groupStart ? 22 : 0) +
    (m.poll ? 60 + m.poll.options.length * 52 : 0) +
    (m.reactions.length ? 34 : 0) +
    (m.replyToSeq ? 48 : 0) +
    (photos.length === 1 ? 240 : Math.ceil(photos.length / 3) * 110) +
    (files.length - photos.length) * 64
  );
}

/** How many other members have read up to `seq`: `others` is their read positions, ascending. */
function readersAtLeast(others: readonly number[], seq: number): number {
  let lo = 0;
  let hi = others.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((others[mid] as number) < seq) lo = mid + 1;
    else hi = mid;
  }
  return others.length - lo;
}

/**
 * The history of a chat, virtualised: only the rows near the viewport are in
 * the DOM, so thousands of messages scroll smoothly. The list is anchored to
 * its end: older pages prepend without moving what is on screen, and new
 * messages follow when the person is at the bottom.
 */
export function MessageList({
  chatId,
  rows,
  messages,
  ctx,
  members,
  hasBefore,
  hasAfter,
  loading,
  focusSeq,
  onFocused,
  highlightSeq,
  scrollSignal,
  unreadCount,
  online,
  onJumpToLatest,
  align,
}: {
  /** Where to start when the list mounts: the «Новые сообщения» line (if any) or the end. */
  align: 'unread' | 'end';
  chatId: number;
  rows: Row[];
  messages: readonly Message[];
  ctx: BubbleContext;
  members: readonly ChatMember[] | undefined;
  hasBefore: boolean;
  hasAfter: boolean;
  /** What the messenger is fetching for this chat. */
  loading: 'initial' | 'older' | 'newer' | 'jump' | null;
  /** Scroll this message into view (a reply, a date, a link), then call onFocused. */
  focusSeq: number | null;
  onFocused: (seq: number) => void;
  highlightSeq: number | null;
  /** Incremented to scroll to the newest message (after sending). */
  scrollSignal: number;
  unreadCount: number;
  online: boolean;
  onJumpToLatest: () => void;
}) {
  const t = useT();
  const messenger = useMessenger();
  const now = useNow();
  const visible = usePageVisible();
  const scrollRef = useRef<HTMLDivElement>(null);

  // Where the first render starts, from the estimates: the rows mounted (and measured) first are
  // those around the place the list opens at, not the top of the window it then scrolls away from.
  const [start] = useState(() => {
    const unread = align === 'unread' ? rows.findIndex((r) => r.unread) : -1;
    // The list's viewport is not laid out yet: the window's height is more than it will be.
    const viewport = typeof window === 'undefined' ? 800 : window.innerHeight;
    let before = PADDING_START;
    let total = PADDING_START + PADDING_END;
    rows.forEach((row, i) => {
      if (i < unread) before += estimate(row);
      total += estimate(row);
    });
    return { viewport, offset: unread !== -1 ? before : Math.max(0, total - viewport) };
  });

  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders us on scroll
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimate(rows[index]),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 8,
    paddingStart: PADDING_START,
    paddingEnd: PADDING_END,
    anchorTo: 'end',
    followOnAppend: true,
    initialOffset: start.offset,
    initialRect: { width: 0, height: start.viewport },
  });
  const items = virtualizer.getVirtualItems();

  const others = useMemo(
    () =>
      members
        ? members
            .filter((m) => m.personId !== ctx.meId)
            .map((m) => m.readSeq)
            .sort((a, b) => a - b)
        : null,
    [members, ctx.meId],
  );

  // First paint: at the «Новые сообщения» line if there is one, else at the bottom. The bottom is
  // the scroll's end (scrollToEnd), not the last row's end: 12 px short of it (the padding below)
  // does not count as «at the end», and new messages would not be followed.
  const positioned = useRef(false);
  useLayoutEffect(() => {
    if (positioned.current || rows.length === 0) return;
    positioned.current = true;
    const unread = align === 'unread' ? rows.findIndex((r) => r.unread) : -1;
    if (unread !== -1) virtualizer.scrollToIndex(unread, { align: 'start' });
    else virtualizer.scrollToEnd();
  }, [rows, virtualizer, align]);

  useEffect(() => {
    if (scrollSignal > 0 && rows.length > 0) virtualizer.scrollToEnd();
    // Only the signal triggers this; the rows at that moment are the right target.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollSignal]);

  useEffect(() => {
    if (focusSeq === null) return;
    const index = rows.findIndex((r) => r.kind === 'message' && r.message.seq === focusSeq);
    if (index === -1) return;
    virtualizer.scrollToIndex(index, { align: 'center' });
    onFocused(focusSeq);
  }, [focusSeq, rows, virtualizer, onFocused]);

  // Paging follows the person's scrolling: near the top, older messages; near the bottom of a
  // window that stops short of the end, newer ones. (Render-time indexes would fire on mount.)
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el || !positioned.current || loading) return;
    if (hasBefore && el.scrollTop < 400) void messenger.loadOlder(chatId);
    else if (hasAfter && el.scrollHeight - el.scrollTop - el.clientHeight < 400) {
      void messenger.loadNewer(chatId);
    }
  };
  // A history shorter than the screen cannot be scrolled: fetch until it fills it.
  const totalSize = virtualizer.getTotalSize();
  const viewportHeight = virtualizer.scrollRect?.height ?? 0;
  useEffect(() => {
    if (loading || !hasBefore || viewportHeight === 0) return;
    if (totalSize < viewportHeight + 200) void messenger.loadOlder(chatId);
  }, [loading, hasBefore, totalSize, viewportHeight, chatId, messenger]);

  // The newest message fully on screen is read — only while the page is in front of the person.
  const offset = virtualizer.scrollOffset ?? 0;
  const viewport = viewportHeight;
  let lastSeen: number | null = null;
  for (const item of items) {
    const row = rows[item.index];
    if (row?.kind === 'message' && item.end <= offset + viewport + 4 && item.start >= offset - 4) {
      lastSeen = Math.max(lastSeen ?? 0, row.message.seq);
    }
  }
  useEffect(() => {
    if (visible && lastSeen !== null && positioned.current) messenger.markRead(chatId, lastSeen);
  }, [visible, lastSeen, chatId, messenger]);

  const atEnd = !hasAfter && virtualizer.getDistanceFromEnd() < 120;

  // One polite announcement for a message that arrives while the chat is open.
  const lastMessage = messages.at(-1);
  const announce =
    lastMessage && lastMessage.author?.id !== ctx.meId && !hasAfter
      ? `${lastMessage.author?.displayName ?? ''}: ${
          lastMessage.deletedAt
            ? t.message.deleted
            : lastMessage.text.slice(0, 200) || describeFiles(lastMessage.attachments ?? [], t)
        }`
      : '';

  return (
    <div className="messages-wrap">
      <div
        ref={scrollRef}
        className="messages"
        tabIndex={0}
        onScroll={onScroll}
        role="region"
        aria-label={t.chat.messages}
        aria-busy={loading !== null}
      >
        <div className="messages__inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="messages__row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {renderRow(row)}
              </div>
            );
          })}
        </div>
      </div>
      {loading === 'older' || loading === 'newer' ? (
        <div className={`messages__loader messages__loader--${loading}`} role="status">
          <span className="spinner spinner--small" aria-hidden="true" />
          <span className="visually-hidden">{t.chat.loading}</span>
        </div>
      ) : null}
      <div className="visually-hidden" aria-live="polite">
        {announce}
      </div>
      {!atEnd ? (
        <button
          type="button"
          className="jump-latest"
          onClick={() => {
            onJumpToLatest();
            if (!hasAfter) virtualizer.scrollToEnd();
          }}
          aria-label={
            unreadCount > 0
              ? `${t.chat.jumpToLatest}: ${t.chat.newBelow(unreadCount)}`
              : t.chat.jumpToLatest
          }
          title={t.chat.jumpToLatest}
        >
          {icons.down()}
          {unreadCount > 0 ? (
            <span className="badge" aria-hidden="true">
              {unreadCount}
            </span>
          ) : null}
        </button>
      ) : null}
    </div>
  );

  function renderRow(row: Row) {
    return (
      <>
        {row.day ? (
          <div className="day-separator">
            <span>{formatDay(row.day, now, t)}</span>
          </div>
        ) : null}
        {row.unread ? (
          <div className="unread-separator" role="separator">
            <span>{t.chat.newMessages}</span>
          </div>
        ) : null}
        {row.kind === 'message' ? (
          <MessageBubble
            message={row.message}
            ctx={ctx}
            groupStart={row.groupStart}
            groupEnd={row.groupEnd}
            replyTarget={replyTargetOf(row.message)}
            readCount={
              others && row.message.author?.id === ctx.meId
                ? readersAtLeast(others, row.message.seq)
                : null
            }
            highlighted={highlightSeq === row.message.seq}
          />
        ) : (
          <PendingBubble
            item={row.item}
            ctx={ctx}
            groupStart={row.groupStart}
            groupEnd={row.groupEnd}
            online={online}
            onRetry={() => messenger.retry(row.item.clientMessageId)}
            onDiscard={() => messenger.discard(row.item.clientMessageId)}
          />
        )}
      </>
    );
  }

  function replyTargetOf(m: Message): Message | undefined {
    if (m.replyToSeq === null) return undefined;
    const index = indexOfSeq(messages, m.replyToSeq);
    return index === -1 ? undefined : messages[index];
  }
}
