import type { Message } from '@parta/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { chatApi } from '../api/chats';
import { listPins, setPinned, type Pin } from '../api/pins';
import { useT } from '../i18n/i18n';
import { indexOfSeq } from '../messenger/chat-window';
import { plainText } from '../messenger/markdown';
import type { MentionTarget } from '../messenger/mentions';
import { useMessenger } from '../messenger/messenger-context';
import { icons } from '../ui/icons';
import { extraIcons } from './extra-icons';
import { describeFiles } from './files';

export const pinsKey = (chatId: number) => ['chats', chatId, 'pins'] as const;

/**
 * The pinned messages of a chat, newest pin first, kept fresh by the
 * `message.pinned` events of the chat (pins by others, on other devices).
 */
export function usePins(chatId: number) {
  const messenger = useMessenger();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: pinsKey(chatId),
    queryFn: () => listPins(chatId),
    staleTime: 60_000,
  });
  useEffect(
    () =>
      messenger.subscribeEvents((event) => {
        if (event.type === 'message.pinned' && event.chatId === chatId) {
          void queryClient.invalidateQueries({ queryKey: pinsKey(chatId) });
        }
      }),
    [messenger, queryClient, chatId],
  );
  return query;
}

/** Pins or unpins, and shows the change at once (the event confirms it to everyone). */
export async function togglePin(
  queryClient: ReturnType<typeof useQueryClient>,
  chatId: number,
  seq: number,
  pinned: boolean,
): Promise<void> {
  await setPinned(chatId, seq, pinned);
  queryClient.setQueryData<Pin[]>(pinsKey(chatId), (pins = []) =>
    pinned
      ? [
          { seq, pinnedAt: new Date().toISOString(), pinnedBy: null },
          ...pins.filter((p) => p.seq !== seq),
        ]
      : pins.filter((p) => p.seq !== seq),
  );
  void queryClient.invalidateQueries({ queryKey: pinsKey(chatId) });
}

/**
 * The strip under the chat header: one pinned message at a time. A click
 * shows it in the history and moves the strip on to the next (older) pin;
 * those who may pin can unpin from here.
 */
export function PinnedBar({
  chatId,
  pins,
  messages,
  canPin,
  mentionName,
  onJump,
  onUnpin,
}: {
  chatId: number;
  pins: readonly Pin[];
  /** The loaded window: a pinned message found there needs no fetch. */
  messages: readonly Message[];
  canPin: boolean;
  mentionName: (target: MentionTarget) => string;
  onJump: (seq: number) => void;
  onUnpin: (seq: number) => void;
}) {
  const t = useT();
  const [index, setIndex] = useState(0);
  const current = pins[Math.min(index, pins.length - 1)];
  const seq = current?.seq ?? 0;
  const loaded = useMemo(() => {
    const i = indexOfSeq(messages, seq);
    return i === -1 ? undefined : messages[i];
  }, [messages, seq]);
  const fetched = useQuery({
    queryKey: ['chats', chatId, 'message', seq],
    queryFn: () =>
      chatApi()
        .history(chatId, { afterSeq: seq - 1, limit: 1 })
        .then((page) => page.items.find((m) => m.seq === seq) ?? null),
    enabled: current !== undefined && loaded === undefined,
    staleTime: 60_000,
  });
  if (!current) return null;
  const message = loaded ?? fetched.data ?? null;
  const position = Math.min(index, pins.length - 1);
  const text = !message
    ? fetched.isError
      ? t.pins.unavailable
      : '…'
    : message.deletedAt
      ? t.message.deleted
      : message.poll
        ? t.chats.preview.poll(message.poll.question)
        : plainText(message.text, mentionName) || describeFiles(message.attachments, t);

  return (
    <div className="pinned-bar">
      <button
        type="button"
        className="pinned-bar__main"
        onClick={() => {
          onJump(current.seq);
          setIndex((position + 1) % pins.length);
        }}
        aria-label={`${pins.length > 1 ? t.pins.position(position + 1, pins.length) : t.pins.pinned}: ${text}. ${t.pins.show}`}
      >
        <span className="pinned-bar__icon" aria-hidden="true">
          {extraIcons.pin()}
        </span>
        {pins.length > 1 ? (
          <span className="pinned-bar__dots" aria-hidden="true">
            {pins.slice(0, 5).map((p, i) => (
              <span key={p.seq} className={i === position ? 'pinned-bar__dot--on' : ''} />
            ))}
          </span>
        ) : null}
        <span className="pinned-bar__text" aria-hidden="true">
          <span className="pinned-bar__title">
            {pins.length > 1 ? t.pins.position(position + 1, pins.length) : t.pins.pinned}
          </span>
          <span className="pinned-bar__quote">{text}</span>
        </span>
      </button>
      {canPin ? (
        <button
          type="button"
          className="icon-button icon-button--small"
          onClick={() => onUnpin(current.seq)}
          aria-label={t.pins.unpin}
          title={t.pins.unpin}
        >
          {icons.close()}
        </button>
      ) : null}
    </div>
  );
}
