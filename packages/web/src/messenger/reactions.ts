import type { Message } from '@parta/shared';

type Emoji = Message['reactions'][number]['emoji'];

/**
 * The fixed reaction set of `@parta/shared` (REACTIONS), repeated here so the
 * bundle does not pull in zod with the schema module that defines it;
 * `reactions.test.ts` keeps the two equal.
 */
export const REACTIONS = [
  '👍',
  '❤️',
  '😂',
  '😮',
  '😢',
  '🙏',
  '👏',
  '✅',
] as const satisfies readonly Emoji[];
