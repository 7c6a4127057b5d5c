import type { ChatKind, Message } from '@parta/shared';
import { REACTIONS } from '../messenger/reactions';
import {
  memo,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n/i18n';
import { Markdown, plainText } from '../messenger/markdown';
import type { MentionTarget } from '../messenger/mentions';
import type { OutboxItem } from '../messenger/outbox';
import { shortName } from '../chats/preview';
import { linkHandler, paths } from '../router/router';
import { icons } from '../ui/icons';
import { MessageFiles, PendingFilesPreview } from './attachments';
import { extraIcons } from './extra-icons';
import { describeFiles } from './files';
import { formatDateTime, formatTime } from './format';
import { PollView } from './poll-view';

export interface MessageActions {
  reply(message: Message): void;
  edit(message: Message): void;
  remove(message: Message): void;
  forward(message: Message): void;
  react(message: Message, emoji: string, on: boolean): void;
  vote(message: Message, optionIds: number[]): void;
  jumpTo(seq: number): void;
  showReaders(message: Message): void;
  copied(): void;
  pin(message: Message, on: boolean): void;
}

export interface BubbleContext {
  meId: number;
  chatKind: ChatKind;
  /** I administer the chat: I may delete others' messages. */
  isAdmin: boolean;
  /** I may write (reply, react, vote). */
  canPost: boolean;
  /** Readers can be listed (chats of up to 50 members). */
  smallChat: boolean;
  mentionName: (target: MentionTarget) => string;
  actions: MessageActions;
  /** Seqs of the chat's pinned messages. */
  pinned: ReadonlySet<number>;
  /** I may pin and unpin (chat admins; both people of a direct chat). */
  canPin: boolean;
}

function initialsOf(name: string): string {
  const [a = '', b = ''] = name.trim().split(/\s+/);
  return ((a[0] ?? '') + (b[0] ?? '')).toUpperCase() || '?';
}

interface BubbleProps {
  message: Message;
  ctx: BubbleContext;
  groupStart: boolean;
  groupEnd: boolean;
  /** The message replied to: loaded, or `undefined` when it is outside the loaded window. */
  replyTarget: Message | undefined;
  /** Others who have read up to this message (own messages); null when unknown. */
  readCount: number | null;
  highlighted: boolean;
}

/**
 * Whether a bubble would render the same: its own props, and of the chat's
 * context only what this message shows. The members and pins of a chat arrive
 * after its history and change the context (names for mentions, the pinned
 * set); the bubbles they do not concern are not rendered again. A bubble that
 * is skipped keeps its previous context, which differs from the new one only
 * in what it does not use (checked here field by field).
 */
export function sameBubble(a: BubbleProps, b: BubbleProps): boolean {
  if (
    a.message !== b.message ||
    a.groupStart !== b.groupStart ||
    a.groupEnd !== b.groupEnd ||
    a.replyTarget !== b.replyTarget ||
    a.readCount !== b.readCount ||
    a.highlighted !== b.highlighted
  ) {
    return false;
  }
  const x = a.ctx;
  const y = b.ctx;
  if (x === y) return true;
  const seq = a.message.seq;
  return (
    x.meId === y.meId &&
    x.chatKind === y.chatKind &&
    x.isAdmin === y.isAdmin &&
    x.canPost === y.canPost &&
    x.smallChat === y.smallChat &&
    x.canPin === y.canPin &&
    x.actions === y.actions &&
    x.pinned.has(seq) === y.pinned.has(seq) &&
    (x.mentionName === y.mentionName || !showsMentions(a.message, a.replyTarget))
  );
}

/** The message or the quote of the one it replies to names someone (`<@id>`, `<@all>`). */
function showsMentions(message: Message, replyTarget: Message | undefined): boolean {
  return message.text.includes('<@') || (replyTarget?.text.includes('<@') ?? false);
}

/** One stored message: text or poll or tombstone, reply and forward context, reactions, read mark. */
export const MessageBubble = memo(MessageBubbleView, sameBubble);

function MessageBubbleView({
  message,
  ctx,
  groupStart,
  groupEnd,
  replyTarget,
  readCount,
  highlighted,
}: BubbleProps) {
  const t = useT();
  const own = message.author?.id === ctx.meId;
  const deleted = message.deletedAt !== null;
  const authorName = message.author?.displayName ?? '';
  // A bot (the Monday report) is a name on its posts, not a person with a profile.
  const profile = message.author && message.kind !== 'bot' ? paths.person(message.author.id) : null;
  const files = deleted ? [] : (message.attachments ?? []);

  if (message.kind === 'system') {
    return (
      <div className="system-message" data-seq={message.seq}>
        <Markdown text={message.text} mentionName={ctx.mentionName} meId={ctx.meId} />
      </div>
    );
  }

  const pinned = !deleted && ctx.pinned.has(message.seq);
  const showAuthor = groupStart && !own && ctx.chatKind !== 'direct';
  const classes = [
    'message',
    own ? 'message--own' : 'message--other',
    groupStart ? 'message--start' : '',
    groupEnd ? 'message--end' : '',
    highlighted ? 'message--highlight' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className={classes} data-seq={message.seq}>
      {!own && ctx.chatKind !== 'direct' ? (
        groupStart && profile ? (
          // The name inside the bubble is the accessible link; this one is for the mouse.
          <a
            className="message__avatar"
            href={profile}
            onClick={linkHandler(profile)}
            aria-hidden="true"
            tabIndex={-1}
          >
            {initialsOf(authorName)}
          </a>
        ) : (
          <span className="message__avatar" aria-hidden="true">
            {groupStart ? initialsOf(authorName) : null}
          </span>
        )
      ) : null}
      <article
        className="message__bubble"
        aria-label={own ? t.message.you : authorName || undefined}
      >
        {showAuthor ? (
          <p className="message__author">
            {profile ? (
              <a
                href={profile}
                onClick={linkHandler(profile)}
                title={t.message.openProfile(authorName)}
              >
                {shortName(authorName)}
              </a>
            ) : (
              shortName(authorName)
            )}
          </p>
        ) : null}
        {!showAuthor && !own && ctx.chatKind !== 'direct' ? (
          <span className="visually-hidden">{t.message.author(authorName)}</span>
        ) : null}

        {message.forwardedFrom && !deleted ? (
          <p className="message__forwarded">
            {icons.forward()}
            {message.forwardedFrom.author
              ? t.message.forwardedFrom(shortName(message.forwardedFrom.author.displayName))
              : t.message.forwarded}
          </p>
        ) : null}

        {message.replyToSeq !== null && !deleted ? (
          <button
            type="button"
            className="reply-quote"
            onClick={() => ctx.actions.jumpTo(message.replyToSeq as number)}
          >
            <span className="visually-hidden">{t.message.replyTo}: </span>
            <span className="reply-quote__author">
              {replyTarget?.author ? shortName(replyTarget.author.displayName) : t.message.unknown}
            </span>
            <span className="reply-quote__text">
              {replyTarget
                ? replyTarget.deletedAt
                  ? t.message.deleted
                  : replyTarget.poll
                    ? replyTarget.poll.question
                    : plainText(replyTarget.text, ctx.mentionName) ||
                      describeFiles(replyTarget.attachments ?? [], t)
                : '…'}
            </span>
          </button>
        ) : null}

        {deleted ? (
          <p className="message__deleted">{t.message.deleted}</p>
        ) : message.poll ? (
          <PollView
            poll={message.poll}
            disabled={!ctx.canPost}
            onVote={(ids) => ctx.actions.vote(message, ids)}
          />
        ) : message.text.trim() !== '' || files.length === 0 ? (
          <div className="message__text">
            <Markdown text={message.text} mentionName={ctx.mentionName} meId={ctx.meId} />
          </div>
        ) : null}

        {files.length > 0 ? <MessageFiles files={files} /> : null}

        <p className="message__meta">
          {pinned ? (
            <span className="message__pinned" title={t.pins.pinned}>
              {extraIcons.pin()}
              <span className="visually-hidden">{t.pins.pinned}</span>
            </span>
          ) : null}
          {message.editedAt && !deleted ? (
            <span className="message__edited">{t.message.edited}</span>
          ) : null}
          <time
            dateTime={message.createdAt}
            title={formatDateTime(message.createdAt, t.meta.locale)}
          >
            {formatTime(message.createdAt, t.meta.locale)}
          </time>
          {own && !deleted ? (
            <ReadMark
              readCount={readCount}
              onShow={ctx.smallChat ? () => ctx.actions.showReaders(message) : null}
            />
          ) : null}
        </p>

        {!deleted && message.reactions.length > 0 ? (
          <div className="reactions">
            {message.reactions.map((r) => (
              <button
                key={r.emoji}
                type="button"
                className="reaction"
                aria-pressed={r.mine}
                aria-label={t.message.reaction(r.emoji, r.count, r.mine)}
                disabled={!ctx.canPost}
                onClick={() => ctx.actions.react(message, r.emoji, !r.mine)}
              >
                <span aria-hidden="true">{r.emoji}</span>
                <span aria-hidden="true" className="reaction__count">
                  {r.count}
                </span>
              </button>
            ))}
          </div>
        ) : null}
      </article>
      {!deleted ? <MessageMenu message={message} ctx={ctx} own={own} /> : null}
    </div>
  );
}

function ReadMark({
  readCount,
  onShow,
}: {
  readCount: number | null;
  onShow: (() => void) | null;
}) {
  const t = useT();
  const read = readCount !== null && readCount > 0;
  const label = read ? t.message.readBy(readCount) : t.message.sent;
  const icon = read ? icons.checks() : icons.check();
  if (onShow && read) {
    return (
      <button type="button" className="read-mark read-mark--read" title={label} onClick={onShow}>
        {icon}
        <span className="visually-hidden">{label}</span>
      </button>
    );
  }
  return (
    <span className={`read-mark${read ? ' read-mark--read' : ''}`} title={label}>
      {icon}
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

/**
 * The ⋯ button and its menu: quick reactions, reply, forward, copy, edit and
 * delete (own, or any for chat admins). Arrow keys move, Escape closes and
 * returns focus to the button.
 */
function MessageMenu({
  message,
  ctx,
  own,
}: {
  message: Message;
  ctx: BubbleContext;
  own: boolean;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  // The menu lives in <body> (the rows are transformed, which would trap a fixed element):
  // place it by the button, below it when there is room, else above.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    const button = buttonRef.current;
    if (!open || !menu || !button) return;
    const at = button.getBoundingClientRect();
    const height = menu.offsetHeight;
    const width = menu.offsetWidth;
    const below = at.bottom + 4 + height <= window.innerHeight;
    menu.style.top = `${Math.max(4, below ? at.bottom + 4 : at.top - height - 4)}px`;
    const left = own ? at.right - width : at.left;
    menu.style.left = `${Math.min(Math.max(4, left), window.innerWidth - width - 4)}px`;
  }, [open, own]);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = () => setOpen(false);
    window.addEventListener('resize', away);
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => {
      document.removeEventListener('pointerdown', outside);
      window.removeEventListener('resize', away);
    };
  }, [open]);

  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const choose = (action: () => void) => {
    setOpen(false);
    action();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowRight') {
      event.preventDefault();
      items[(index + 1) % items.length]?.focus();
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') {
      event.preventDefault();
      items[(index - 1 + items.length) % items.length]?.focus();
    } else if (event.key === 'Tab') {
      close(false);
    }
  };

  const canEdit = own && message.kind === 'text' && ctx.canPost;
  const canDelete = own || ctx.isAdmin;
  const mine = new Set(message.reactions.filter((r) => r.mine).map((r) => r.emoji));

  return (
    <div className="message__actions">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button icon-button--small message__more"
        aria-label={t.message.actions}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((v) => !v)}
      >
        {icons.more()}
      </button>
      {open
        ? createPortal(
            <div
              ref={menuRef}
              id={menuId}
              role="menu"
              aria-label={t.message.actions}
              className="menu"
              onKeyDown={onKeyDown}
            >
              {ctx.canPost ? (
                <div className="menu__reactions" role="group" aria-label={t.message.react}>
                  {REACTIONS.map((emoji) => (
                    <button
                      key={emoji}
                      type="button"
                      role="menuitem"
                      className={`menu__emoji${mine.has(emoji) ? ' menu__emoji--mine' : ''}`}
                      aria-label={emoji}
                      onClick={() =>
                        choose(() => ctx.actions.react(message, emoji, !mine.has(emoji)))
                      }
                    >
                      {emoji}
                    </button>
                  ))}
                </div>
              ) : null}
              {ctx.canPost ? (
                <MenuItem
                  icon={icons.reply()}
                  label={t.message.reply}
                  onClick={() => choose(() => ctx.actions.reply(message))}
                />
              ) : null}
              <MenuItem
                icon={icons.forward()}
                label={t.message.forward}
                onClick={() => choose(() => ctx.actions.forward(message))}
              />
              {message.text ? (
                <MenuItem
                  icon={icons.copy()}
                  label={t.message.copy}
                  onClick={() =>
                    choose(() => {
                      void navigator.clipboard?.writeText(plainText(message.text, ctx.mentionName));
                      ctx.actions.copied();
                    })
                  }
                />
              ) : null}
              {ctx.canPin ? (
                <MenuItem
                  icon={extraIcons.pin()}
                  label={ctx.pinned.has(message.seq) ? t.pins.unpin : t.pins.pin}
                  onClick={() =>
                    choose(() => ctx.actions.pin(message, !ctx.pinned.has(message.seq)))
                  }
                />
              ) : null}
              {own && ctx.smallChat ? (
                <MenuItem
                  icon={icons.checks()}
                  label={t.message.readers}
                  onClick={() => choose(() => ctx.actions.showReaders(message))}
                />
              ) : null}
              {canEdit ? (
                <MenuItem
                  icon={icons.pencil()}
                  label={t.message.edit}
                  onClick={() => choose(() => ctx.actions.edit(message))}
                />
              ) : null}
              {canDelete ? (
                <MenuItem
                  icon={icons.trash()}
                  label={t.message.delete}
                  danger
                  onClick={() => choose(() => ctx.actions.remove(message))}
                />
              ) : null}
            </div>,
            document.body,
          )
        : null}
    </div>
  );
}

function MenuItem({
  icon,
  label,
  onClick,
  danger = false,
}: {
  icon: ReactNode;
  label: string;
  onClick: () => void;
  danger?: boolean;
}) {
  return (
    <button
      type="button"
      role="menuitem"
      className={`menu__item${danger ? ' menu__item--danger' : ''}`}
      onClick={onClick}
    >
      {icon}
      <span>{label}</span>
    </button>
  );
}

/** A message of mine on its way: the optimistic bubble, replaced by the stored one on ack. */
export function PendingBubble({
  item,
  ctx,
  groupStart,
  groupEnd,
  online,
  onRetry,
  onDiscard,
}: {
  item: OutboxItem;
  ctx: Pick<BubbleContext, 'meId' | 'mentionName'>;
  groupStart: boolean;
  groupEnd: boolean;
  online: boolean;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const t = useT();
  const failed = item.status === 'failed';
  const status = failed ? t.message.failed : online ? t.message.sending : t.message.queued;
  return (
    <div
      className={`message message--own message--pending${groupStart ? ' message--start' : ''}${groupEnd ? ' message--end' : ''}${failed ? ' message--failed' : ''}`}
    >
      <article className="message__bubble" aria-label={`${t.message.you}, ${status}`}>
        {item.poll ? (
          <p className="message__text">
            <strong>{item.poll.question}</strong>
          </p>
        ) : item.forward && item.text.trim() === '' ? (
          <p className="message__forwarded">{t.message.forwarded}</p>
        ) : item.text.trim() !== '' || !item.files?.length ? (
          <div className="message__text">
            <Markdown text={item.text} mentionName={ctx.mentionName} meId={ctx.meId} />
          </div>
        ) : null}
        {item.files?.length ? <PendingFilesPreview files={item.files} /> : null}
        <p className="message__meta">
          <time dateTime={item.createdAt}>{formatTime(item.createdAt, t.meta.locale)}</time>
          <span className={`read-mark${failed ? ' read-mark--failed' : ''}`} title={status}>
            {failed ? icons.alert() : icons.clock()}
            <span className="visually-hidden">{status}</span>
          </span>
        </p>
        {failed ? (
          <p className="message__failed" role="alert">
            {status}
            <button type="button" className="link-button" onClick={onRetry}>
              {t.message.retry}
            </button>
            <button type="button" className="link-button" onClick={onDiscard}>
              {t.message.discard}
            </button>
          </p>
        ) : null}
      </article>
    </div>
  );
}
