import type { Message } from '@parta/shared';

/** Mention tokens in stored text: `<@123>` for a person, `<@all>` for everyone in the chat. */
export const MENTION_TOKEN = /<@(\d{1,15}|all)>/g;

export type MentionTarget = number | 'all';

/** Does this message call me (by name or through @all)? */
export function mentionsPerson(message: Pick<Message, 'mentions'>, personId: number): boolean {
  return message.mentions.some((m) => m === 'all' || m === personId);
}

/**
 * What a person types and sees in the composer is `@Имя Фамилия`; what is
 * stored is `<@id>`. The composer remembers which names it inserted (the
 * `picked` map: display text without `@` → target) and converts only those,
 * so a literal «@» in prose stays prose.
 */
export function encodeMentions(text: string, picked: ReadonlyMap<string, MentionTarget>): string {
  if (picked.size === 0) return text;
  // Longest names first: «Иванова Анна Петровна» before «Иванова Анна».
  const names = [...picked.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`@(${names.map(escapeRegExp).join('|')})`, 'g');
  return text.replace(pattern, (whole, name: string) => {
    const target = picked.get(name);
    return target === undefined ? whole : `<@${target}>`;
  });
}

/** The reverse, for editing a stored message: tokens back to `@Name`, and the map to re-encode. */
export function decodeMentions(
  text: string,
  nameOf: (target: MentionTarget) => string,
): { text: string; picked: Map<string, MentionTarget> } {
  const picked = new Map<string, MentionTarget>();
  const decoded = text.replace(MENTION_TOKEN, (_whole, raw: string) => {
    const target: MentionTarget = raw === 'all' ? 'all' : Number(raw);
    const name = nameOf(target);
    picked.set(name, target);
    return `@${name}`;
  });
  return { text: decoded, picked };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
