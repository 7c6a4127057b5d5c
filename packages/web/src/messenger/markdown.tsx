import type { ReactNode } from 'react';
import type { MentionTarget } from './mentions';

/**
 * The Markdown subset of messages, parsed into a small tree and rendered as
 * React elements — never as HTML, so a message cannot inject markup:
 * everything that is not recognised stays literal text.
 *
 * Inline: **bold**, _italic_ (and *italic*), ~~strike~~, `code`,
 * [text](url), bare http(s) links, mentions `<@id>` / `<@all>`.
 * Blocks: paragraphs (single newlines are line breaks), `-`/`*` and `1.`
 * lists, ``` fenced code.
 * Links: only http, https and mailto; anything else (javascript:, data:,
 * vbscript:, relative) renders as text.
 */

export type InlineNode =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong' | 'em' | 'del'; c: InlineNode[] }
  | { t: 'link'; href: string; c: InlineNode[] }
  | { t: 'mention'; target: MentionTarget };

export type BlockNode =
  | { t: 'p'; lines: InlineNode[][] }
  | { t: 'ul' | 'ol'; items: InlineNode[][] }
  | { t: 'pre'; v: string };

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The URL to put in `href`, or null when it is not a safe absolute http(s)/mailto URL. */
export function safeHref(raw: string): string | null {
  const text = raw.trim();
  // Control characters and whitespace inside a scheme are a classic filter bypass («java\tscript:»).
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (text === '' || /[\u0000-\u001f\u007f\s]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}

interface InlineRule {
  re: RegExp;
  build: (m: RegExpExecArray, depth: number, links: boolean) => InlineNode | null;
}

const MAX_DEPTH = 4;

/* Each rule is sticky (`y`): it matches only at the position being scanned. */
const RULES: InlineRule[] = [
  { re: /`([^`\n]+)`/y, build: (m) => ({ t: 'code', v: m[1] ?? '' }) },
  {
    re: /<@(\d{1,15}|all)>/y,
    build: (m) => ({ t: 'mention', target: m[1] === 'all' ? 'all' : Number(m[1]) }),
  },
  {
    re: /\[([^\]\n]{1,500})\]\(([^()\s]{1,2000})\)/y,
    build: (m, depth) => {
      const href = safeHref(m[2] ?? '');
      return href === null
        ? null
        : { t: 'link', href, c: parseInline(m[1] ?? '', depth + 1, false) };
    },
  },
  {
    re: /(?:https?:\/\/|mailto:)[^\s<>"'`]+/y,
    build: (m) => {
      // Trailing punctuation belongs to the sentence, not the link.
      const raw = m[0].replace(/[.,;:!?»)\]]+$/, '');
      const href = safeHref(raw);
      return href === null ? null : { t: 'link', href, c: [{ t: 'text', v: raw }] };
    },
  },
  { re: /\*\*(?=\S)([\s\S]*?\S)\*\*/y, build: (m, d, l) => wrap('strong', m[1], d, l) },
  { re: /~~(?=\S)([\s\S]*?\S)~~/y, build: (m, d, l) => wrap('del', m[1], d, l) },
  { re: /_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/uy, build: (m, d, l) => wrap('em', m[1], d, l) },
  { re: /\*(?=[^\s*])([^*]*?[^\s*])\*(?!\*)/y, build: (m, d, l) => wrap('em', m[1], d, l) },
];

function wrap(
  t: 'strong' | 'em' | 'del',
  inner: string | undefined,
  depth: number,
  links: boolean,
): InlineNode {
  return { t, c: parseInline(inner ?? '', depth + 1, links) };
}

/** Characters that may start a rule; everything else is copied as text in one go. */
const TRIGGERS = new Set(['`', '<', '[', 'h', 'm', '*', '~', '_']);

export function parseInline(text: string, depth = 0, links = true): InlineNode[] {
  const out: InlineNode[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer !== '') out.push({ t: 'text', v: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    // `_` and bare links start only at a word start: snake_case and «xhttp://» stay text.
    const wordInside =
      (ch === '_' || ch === 'h' || ch === 'm') && i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1] ?? '');
    let matched = false;
    if (TRIGGERS.has(ch) && depth < MAX_DEPTH && !wordInside) {
      for (const rule of RULES) {
        rule.re.lastIndex = i;
        const m = rule.re.exec(text);
        if (!m) continue;
        const node = rule.build(m, depth, links);
        if (node === null || (!links && node.t === 'link')) continue;
        flush();
        out.push(node);
        i += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      buffer += ch;
      i += 1;
    }
  }
  flush();
  return out;
}

const UL_ITEM = /^\s{0,3}[-*•]\s+(.*)$/;
const OL_ITEM = /^\s{0,3}\d{1,3}[.)]\s+(.*)$/;
const FENCE = /^\s{0,3}```/;

export function parseBlocks(text: string): BlockNode[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: BlockNode[] = [];
  let paragraph: InlineNode[][] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ t: 'p', lines: paragraph });
    paragraph = [];
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (FENCE.test(line)) {
      const closing = lines.findIndex((l, j) => j > i && FENCE.test(l));
      if (closing !== -1) {
        endParagraph();
        blocks.push({ t: 'pre', v: lines.slice(i + 1, closing).join('\n') });
        i = closing;
        continue;
      }
    }
    const ul = UL_ITEM.exec(line);
    const ol = ul ? null : OL_ITEM.exec(line);
    if (ul || ol) {
      endParagraph();
      const kind = ul ? 'ul' : 'ol';
      const pattern = ul ? UL_ITEM : OL_ITEM;
      const items: InlineNode[][] = [];
      let j = i;
      for (; j < lines.length; j += 1) {
        const item = pattern.exec(lines[j] ?? '');
        if (!item) break;
        items.push(parseInline(item[1] ?? ''));
      }
      blocks.push({ t: kind, items });
      i = j - 1;
      continue;
    }
    if (line.trim() === '') {
      endParagraph();
      continue;
    }
    paragraph.push(parseInline(line));
  }
  endParagraph();
  return blocks;
}

export interface RenderOptions {
  /** The name shown for a mention (without `@`). */
  mentionName: (target: MentionTarget) => string;
  /** Mentions of this person (and @all) are highlighted. */
  meId?: number;
}

function renderInline(nodes: InlineNode[], options: RenderOptions): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.t) {
      case 'text':
        return node.v;
      case 'code':
        return <code key={index}>{node.v}</code>;
      case 'strong':
        return <strong key={index}>{renderInline(node.c, options)}</strong>;
      case 'em':
        return <em key={index}>{renderInline(node.c, options)}</em>;
      case 'del':
        return <del key={index}>{renderInline(node.c, options)}</del>;
      case 'link':
        return (
          <a key={index} href={node.href} target="_blank" rel="noopener noreferrer">
            {renderInline(node.c, options)}
          </a>
        );
      case 'mention': {
        const own = node.target === 'all' || node.target === options.meId;
        return (
          <span key={index} className={own ? 'mention mention--me' : 'mention'}>
            @{options.mentionName(node.target)}
          </span>
        );
      }
    }
  });
}

/** A message's text as React elements. */
export function Markdown({ text, ...options }: { text: string } & RenderOptions) {
  const blocks = parseBlocks(text);
  return (
    <>
      {blocks.map((block, index) => {
        switch (block.t) {
          case 'p':
            return (
              <p key={index}>
                {block.lines.map((line, n) => (
                  <span key={n}>
                    {n > 0 ? <br /> : null}
                    {renderInline(line, options)}
                  </span>
                ))}
              </p>
            );
          case 'ul':
          case 'ol': {
            const List = block.t;
            return (
              <List key={index}>
                {block.items.map((item, n) => (
                  <li key={n}>{renderInline(item, options)}</li>
                ))}
              </List>
            );
          }
          case 'pre':
            return (
              <pre key={index}>
                <code>{block.v}</code>
              </pre>
            );
        }
      })}
    </>
  );
}

/** One line of plain text for previews (chat list, reply quotes, notifications). */
export function plainText(text: string, mentionName: (target: MentionTarget) => string): string {
  const flat = (nodes: InlineNode[]): string =>
    nodes
      .map((node) => {
        switch (node.t) {
          case 'text':
          case 'code':
            return node.v;
          case 'mention':
            return `@${mentionName(node.target)}`;
          default:
            return flat(node.c);
        }
      })
      .join('');
  return parseBlocks(text)
    .flatMap((block) =>
      block.t === 'pre' ? [block.v] : (block.t === 'p' ? block.lines : block.items).map(flat),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
