/**
 * Text rules of messages. The body is stored as written (a Markdown subset the
 * clients render safely: **bold**, _italic_, `code`, links, lists); mentions
 * are tokens `<@123>` (a person) and `<@all>` (everyone, admins only).
 */

const MENTION = /<@(\d{1,15}|all)>/g;

export function parseMentions(text: string): { people: number[]; all: boolean } {
  const people = new Set<number>();
  let all = false;
  for (const m of text.matchAll(MENTION)) {
    if (m[1] === 'all') all = true;
    else people.add(Number(m[1]));
  }
  return { people: [...people], all };
}

/** Stored form: JSON array of strings, so `LIKE '%"42"%'` finds mentions of 42. */
export function encodeMentions(m: { people: number[]; all: boolean }): string | null {
  const items = [...m.people.map(String), ...(m.all ? ['all'] : [])];
  return items.length ? JSON.stringify(items) : null;
}

export function decodeMentions(stored: string | null): (number | 'all')[] {
  if (!stored) return [];
  try {
    const items = JSON.parse(stored) as string[];
    return items.map((s) => (s === 'all' ? 'all' : Number(s)));
  } catch {
    return [];
  }
}

/** Short formal answers that carry no content, whatever their length in letters. */
const FORMAL = new Set([
  'ок',
  'окей',
  'ok',
  'okay',
  'да',
  'нет',
  'ага',
  'угу',
  'спасибо',
  'спс',
  'благодарю',
  'понятно',
  'хорошо',
  'принято',
  'ясно',
  'добрый день',
  'здравствуйте',
  'привет',
  'thanks',
  'yes',
  'no',
]);

/**
 * A "substantive" message (monitoring's honest signal beside the formal
 * count): after removing mentions, links, Markdown marks and emoji, it has at
 * least 3 words of 2+ letters or digits, and is not a formal reply like «ок,
 * спасибо». Emoji-only, "+" and «ок» are formal, whatever their number.
 */
export function isSubstantive(text: string): boolean {
  const plain = text
    .replace(MENTION, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[*_`~>#[\]()|-]/g, ' ')
    .toLowerCase();
  const words = plain.match(/[\p{L}\p{N}]{2,}/gu) ?? [];
  if (words.length < 3) return false;
  const joined = words.join(' ');
  return !FORMAL.has(joined);
}
