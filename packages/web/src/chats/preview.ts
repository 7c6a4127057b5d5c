import type { ChatSummary } from '@parta/shared';
import { describeFiles } from '../chat/files';
import type { Messages } from '../i18n/ru';
import { plainText } from '../messenger/markdown';
import type { MentionTarget } from '../messenger/mentions';

/** «Яковлева Ксения Владиславовна» → «Яковлева Ксения»: enough to know who wrote, short enough for a list. */
export function shortName(displayName: string): string {
  return displayName.trim().split(/\s+/).slice(0, 2).join(' ');
}

export function mentionNamer(names: Record<number, string>, t: Messages) {
  return (target: MentionTarget): string =>
    target === 'all' ? t.message.mentionAll : (names[target] ?? t.message.mentionUnknown);
}

/** The last message of a chat as one line: «Вы: …», «Иванова Анна: …», a poll, a tombstone. */
export function previewOf(
  chat: ChatSummary,
  meId: number,
  names: Record<number, string>,
  t: Messages,
): { author: string | null; text: string } {
  const m = chat.lastMessage;
  if (!m) return { author: null, text: t.chats.noMessages };
  let text: string;
  if (m.deletedAt !== null) text = t.chats.preview.deleted;
  else if (m.poll) text = t.chats.preview.poll(m.poll.question);
  else if (m.text.trim() === '' && m.attachments?.length) text = describeFiles(m.attachments, t);
  else if (m.text.trim() === '' && m.forwardedFrom) text = t.chats.preview.forwarded;
  else text = plainText(m.text, mentionNamer(names, t));
  if (m.kind === 'system' || !m.author) return { author: null, text };
  if (m.author.id === meId) return { author: t.chats.you, text };
  return { author: chat.kind === 'direct' ? null : shortName(m.author.displayName), text };
}
