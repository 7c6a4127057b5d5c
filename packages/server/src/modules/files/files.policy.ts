import { FILE_LIMITS, type FileKind } from '@parta/shared';

/**
 * How files are typed, named and served. Pure functions, tested as tables.
 *
 * Serving rules (the browser must never run what a user uploaded):
 * - only raster images, audio and video a browser plays by itself are shown
 *   in place (`inline`); everything else is `attachment`;
 * - active content (HTML, SVG, XML, scripts, PDF, any text) is sent as
 *   `application/octet-stream`, whatever it was detected as;
 * - every file response carries `X-Content-Type-Options: nosniff` and a CSP
 *   that forbids everything (`FILE_RESPONSE_HEADERS`).
 */

const INLINE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'audio/webm',
  'audio/ogg',
  'audio/opus',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/aac',
  'audio/wav',
  'audio/x-wav',
  'audio/flac',
  'video/mp4',
  'video/webm',
  'video/ogg',
  'video/quicktime',
]);

/** Images sharp can read for a thumbnail (browsers may not show all of them). */
const THUMBNAILABLE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/tiff',
  'image/heic',
  'image/heif',
]);

const ACTIVE =
  /^(text\/|image\/svg|application\/(xhtml|xml|javascript|ecmascript|x-javascript|pdf|x-shockwave-flash|java-archive|x-httpd))/;

/** The type without parameters: `audio/ogg; codecs=opus` → `audio/ogg`. */
export function essence(mime: string): string {
  return (mime.split(';')[0] ?? '').trim().toLowerCase();
}

export function isInline(mime: string): boolean {
  return INLINE.has(essence(mime));
}

export function canThumbnail(mime: string): boolean {
  return THUMBNAILABLE.has(essence(mime));
}

export function kindOf(mime: string): FileKind {
  const e = essence(mime);
  if (THUMBNAILABLE.has(e)) return 'image';
  if (e.startsWith('audio/')) return 'audio';
  if (e.startsWith('video/')) return 'video';
  return 'file';
}

/** The Content-Type a file is served with. */
export function servedType(mime: string): string {
  if (isInline(mime)) return mime;
  return ACTIVE.test(essence(mime)) ? 'application/octet-stream' : mime;
}

/** Headers on every file response, whatever the type. */
export const FILE_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/* ---------------- names ---------------- */

// Control characters, bidirectional overrides and invisible marks: they break
// headers (CRLF) or disguise the extension («фото‮gpj.exe»).
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
// Separators and characters Windows forbids in names.
const FORBIDDEN = /[/\\:*?"<>|]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Cuts a string to at most `max` UTF-16 units without splitting a character. */
function cut(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * A safe file name from what the client sent: the last path component only,
 * no control or invisible characters (no CRLF), no characters that are
 * separators anywhere, no leading dots (no `..`, no hidden files), at most
 * `FILE_LIMITS.nameMaxLength` characters with the extension kept; Unicode
 * letters (Cyrillic) are kept as they are. Never empty.
 */
export function sanitizeFileName(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC').replace(INVISIBLE, '');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(FORBIDDEN, '_').replace(/\s+/g, ' ');
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (RESERVED.test(name)) name = `_${name}`;
  const max = FILE_LIMITS.nameMaxLength;
  if (name.length > max) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = cut(name.slice(0, name.length - ext.length), max - ext.length).trimEnd() + ext;
  }
  return name || 'file';
}

/** RFC 8187 (RFC 5987) `ext-value` encoding: UTF-8, percent-encoded beyond `attr-char`. */
function encodeExtValue(s: string): string {
  return encodeURIComponent(s).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `Content-Disposition` with an ASCII fallback `filename` for old clients and
 * the exact name in `filename*` (RFC 6266 / RFC 8187).
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const safe = sanitizeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(safe)}`;
}
