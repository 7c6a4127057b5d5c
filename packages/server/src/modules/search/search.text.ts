import type { SearchFragment } from '@parta/shared';
import snowball from 'snowball-stemmers';
import { ENGLISH_STOP_WORDS, RUSSIAN_STOP_WORDS } from './search.stopwords';

/**
 * Text → index terms, the same way at indexing and at query time (SQLite: the
 * FTS5 index holds these terms; PostgreSQL uses its own `russian`
 * configuration, which this mirrors): NFC, lower case, «ё» as «е», stop words
 * dropped, Cyrillic words stemmed by the Russian and Latin words by the
 * English Snowball stemmer, other tokens (numbers, «5а») kept as they are.
 */

const russian = snowball.newStemmer('russian');
const english = snowball.newStemmer('english');

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** Word characters beyond ASCII and Cyrillic, decided once each. */
const otherChars = new Map<number, boolean>();

/** A letter, a combining mark or a digit (Unicode), with the common scripts decided without a regex. */
function isWordChar(c: number): boolean {
  if (c < 0x80)
    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (c >= 0x400 && c <= 0x4ff) return true;
  let v = otherChars.get(c);
  if (v === undefined) {
    v = WORD_CHAR.test(String.fromCharCode(c));
    otherChars.set(c, v);
  }
  return v;
}

/**
 * Calls `emit` with each word of `text` (maximal runs of letters, marks and
 * digits) and its offsets. The one tokenizer of indexing, queries, ranking
 * and highlighting, so they always agree. (Characters outside the Basic
 * Multilingual Plane — emoji — separate words.)
 */
function eachWord(text: string, emit: (word: string, start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i += 1) {
    const word = i < text.length && isWordChar(text.charCodeAt(i));
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      emit(text.slice(start, i), start, i);
      start = -1;
    }
  }
}
const CYRILLIC = /^[\p{Script=Cyrillic}\p{M}]+$/u;
const LATIN = /^[\p{Script=Latin}\p{M}]+$/u;

/** Stems are pure functions of the word: a bounded memo saves most of the work on real text. */
const memo = new Map<string, string | null>();
const MEMO_MAX = 100_000;

/** The index term of one word, or null for a stop word. */
export function termOf(word: string): string | null {
  const cached = memo.get(word);
  if (cached !== undefined) return cached;
  const lower = word.toLowerCase().replace(/ё/g, 'е');
  let term: string | null;
  if (CYRILLIC.test(lower)) term = RUSSIAN_STOP_WORDS.has(lower) ? null : russian.stem(lower);
  else if (LATIN.test(lower)) term = ENGLISH_STOP_WORDS.has(lower) ? null : english.stem(lower);
  else term = lower;
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(word, term);
  return term;
}

export interface Token {
  /** UTF-16 offsets into the NFC form of the text. */
  start: number;
  end: number;
  term: string | null;
}

/** Every word of a text (NFC) with its offsets and term. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  eachWord(text.normalize('NFC'), (w, start, end) => out.push({ start, end, term: termOf(w) }));
  return out;
}

/** What the SQLite index stores for a message body: its terms, space-separated, in order. */
export function searchText(text: string): string {
  const terms: string[] = [];
  eachWord(text.normalize('NFC'), (w) => {
    const t = termOf(w);
    if (t !== null) terms.push(t);
  });
  return terms.join(' ');
}

/* ---------------- queries ---------------- */

/** One query item: a word (one term) or a phrase (terms in a row). */
export interface QueryItem {
  terms: string[];
}

/**
 * A web-search query (PostgreSQL's `websearch_to_tsquery` syntax): every
 * group must match (AND), a group matches when any of its items does (`or`),
 * and no `exclude` item may match (`-word`).
 */
export interface ParsedQuery {
  groups: QueryItem[][];
  exclude: QueryItem[];
}

function itemOf(text: string): QueryItem | null {
  const terms: string[] = [];
  eachWord(text.normalize('NFC'), (w) => {
    const t = termOf(w);
    if (t !== null) terms.push(t);
  });
  return terms.length > 0 ? { terms } : null;
}

/** Parses `q`; words that are only stop words or punctuation drop out (as in PostgreSQL). */
export function parseQuery(q: string): ParsedQuery {
  type Chunk = { text: string; negated: boolean; or: boolean };
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    let negated = false;
    if (c === '-' && i + 1 < q.length && !/\s/.test(q[i + 1] as string)) {
      negated = true;
      i += 1;
    }
    if (q[i] === '"') {
      const close = q.indexOf('"', i + 1);
      const end = close === -1 ? q.length : close;
      chunks.push({ text: q.slice(i + 1, end), negated, or: false });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < q.length && !/\s/.test(q[end] as string) && q[end] !== '"') end += 1;
    const text = q.slice(i, end);
    chunks.push({ text, negated, or: !negated && text.toLowerCase() === 'or' });
    i = end;
  }

  const groups: QueryItem[][] = [];
  const exclude: QueryItem[] = [];
  let joinNext = false;
  for (const chunk of chunks) {
    if (chunk.or) {
      joinNext = groups.length > 0;
      continue;
    }
    const item = itemOf(chunk.text);
    if (!item) continue;
    if (chunk.negated) exclude.push(item);
    else if (joinNext) groups.at(-1)?.push(item);
    else groups.push([item]);
    joinNext = false;
  }
  return { groups, exclude };
}

/** True when the query can match anything (it has at least one positive term). */
export function hasPositive(q: ParsedQuery): boolean {
  return q.groups.length > 0;
}

/** Terms to highlight: every positive term. */
export function positiveTerms(q: ParsedQuery): Set<string> {
  return new Set(q.groups.flat().flatMap((i) => i.terms));
}

const phrase = (item: QueryItem) => `"${item.terms.join(' ')}"`;

/**
 * The FTS5 expression over column `body` (terms contain only letters and
 * digits, so quoting them as phrases is safe). Call only when `hasPositive`.
 */
export function toFtsMatch(q: ParsedQuery): string {
  const positive = q.groups
    .map((g) => (g.length === 1 ? phrase(g[0] as QueryItem) : `(${g.map(phrase).join(' OR ')})`))
    .join(' AND ');
  const body = `(body : (${positive}))`;
  if (q.exclude.length === 0) return body;
  return `(${body} NOT (body : (${q.exclude.map(phrase).join(' OR ')})))`;
}

/* ---------------- highlighted fragments ---------------- */

export interface HeadlineOptions {
  /** Words per fragment. */
  maxWords: number;
  maxFragments: number;
}

const DEFAULT_HEADLINE: HeadlineOptions = { maxWords: 24, maxFragments: 2 };
export const FRAGMENT_DELIMITER = ' … ';

function pushText(out: SearchFragment[], text: string, highlight: boolean): void {
  if (text === '') return;
  const last = out.at(-1);
  if (last && last.highlight === highlight) last.text += text;
  else out.push({ text, highlight });
}

/**
 * Fragments of `text` around the words whose term is in `terms`, those words
 * marked (what `ts_headline` does on PostgreSQL; used for SQLite, whose index
 * holds terms, not the text).
 */
export function headline(
  text: string,
  terms: ReadonlySet<string>,
  opts: HeadlineOptions = DEFAULT_HEADLINE,
): SearchFragment[] {
  const nfc = text.normalize('NFC');
  const tokens = tokenize(nfc);
  const hit = (t: Token) => t.term !== null && terms.has(t.term);
  const windows: [number, number][] = [];
  const lead = Math.floor(opts.maxWords / 3);
  for (let i = 0; i < tokens.length && windows.length < opts.maxFragments; i += 1) {
    if (!hit(tokens[i] as Token)) continue;
    const prev = windows.at(-1);
    if (prev && i < prev[1]) continue;
    const start = Math.max(prev ? prev[1] : 0, i - lead);
    windows.push([start, Math.min(tokens.length, start + opts.maxWords)]);
  }
  if (windows.length === 0) windows.push([0, Math.min(tokens.length, opts.maxWords)]);
  if (tokens.length === 0) return nfc.trim() ? [{ text: nfc.trim(), highlight: false }] : [];

  const out: SearchFragment[] = [];
  windows.forEach(([from, to], w) => {
    const first = tokens[from] as Token;
    const last = tokens[to - 1] as Token;
    if (w > 0) {
      const gap = from > (windows[w - 1] as [number, number])[1];
      pushText(
        out,
        gap ? FRAGMENT_DELIMITER : nfc.slice((tokens[from - 1] as Token).end, first.start),
        false,
      );
    } else if (from > 0) pushText(out, '… ', false);
    else pushText(out, nfc.slice(0, first.start).trimStart(), false);
    let cursor = first.start;
    for (let i = from; i < to; i += 1) {
      const t = tokens[i] as Token;
      if (!hit(t)) continue;
      pushText(out, nfc.slice(cursor, t.start), false);
      pushText(out, nfc.slice(t.start, t.end), true);
      cursor = t.end;
    }
    pushText(out, nfc.slice(cursor, last.end), false);
    if (w === windows.length - 1) {
      if (to < tokens.length) pushText(out, ' …', false);
      else pushText(out, nfc.slice(last.end).trimEnd(), false);
    }
  });
  return out;
}

/** Markers `ts_headline` puts around matches (private-use characters, stripped from the text first). */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** `ts_headline` output with MARK_START/MARK_END → fragments. */
export function fromMarked(marked: string): SearchFragment[] {
  const out: SearchFragment[] = [];
  const re = new RegExp(`${MARK_START}([^${MARK_END}]*)${MARK_END}`, 'g');
  let cursor = 0;
  for (const m of marked.matchAll(re)) {
    pushText(out, marked.slice(cursor, m.index), false);
    pushText(out, m[1] ?? '', true);
    cursor = m.index + m[0].length;
  }
  pushText(out, marked.slice(cursor), false);
  return out;
}

/* ---------------- ranking ---------------- */

const BM25_K1 = 1.2;
const BM25_B = 0.75;

/**
 * Orders texts by Okapi BM25 of `terms`, with document frequencies and the
 * average length taken over the texts themselves (the candidate window);
 * ties keep the given order. Used on SQLite, where FTS5's own `bm25()` reads
 * the index once more per row and costs more than the search itself.
 */
export function rankByBm25<T>(
  items: readonly T[],
  text: (item: T) => string,
  terms: ReadonlySet<string>,
): T[] {
  if (items.length < 2 || terms.size === 0) return [...items];
  const docs = items.map((item) => {
    const tf = new Map<string, number>();
    let length = 0;
    eachWord(text(item).normalize('NFC'), (w) => {
      const t = termOf(w);
      if (t === null) return;
      length += 1;
      if (terms.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
    });
    return { item, tf, length };
  });
  const n = docs.length;
  const avg = docs.reduce((s, d) => s + d.length, 0) / n || 1;
  const idf = new Map<string, number>();
  for (const t of terms) {
    const df = docs.filter((d) => d.tf.has(t)).length;
    idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  const scored = docs.map((d, i) => {
    let score = 0;
    for (const [t, f] of d.tf) {
      const norm = f + BM25_K1 * (1 - BM25_B + (BM25_B * d.length) / avg);
      score += ((idf.get(t) ?? 0) * f * (BM25_K1 + 1)) / norm;
    }
    return { item: d.item, score, i };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((s) => s.item);
}
