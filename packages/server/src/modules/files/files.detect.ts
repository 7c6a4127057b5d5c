import fs from 'node:fs';
import { fileTypeFromFile } from 'file-type';
import { essence } from './files.policy';

const SNIFF_BYTES = 4096;

async function head(file: string): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Markup `file-type` does not recognise (it detects binary signatures only):
 * SVG, HTML and XML are recognised so they are labelled for what they are
 * (and always served as attachments); other valid UTF-8 without NUL bytes is
 * `text/plain`.
 */
function sniffText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A multi-byte character cut at the end of the sample is still text.
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, -3));
    } catch {
      return null;
    }
  }
  const lower = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (/<svg[\s>]/.test(lower)) return 'image/svg+xml';
  if (
    /^<(!doctype\s+html|html|head|body|script|iframe|meta|!--)/.test(lower) ||
    /<html[\s>]/.test(lower)
  )
    return 'text/html';
  if (lower.startsWith('<?xml')) return 'application/xml';
  return 'text/plain';
}

/**
 * Refinements the container cannot tell: a WebM or MP4 holding only audio
 * (voice messages recorded in the browser) is detected as video; the
 * client's word is taken only to narrow to the audio type of the same container.
 */
const AUDIO_OF: Record<string, string> = {
  'video/webm': 'audio/webm',
  'video/mp4': 'audio/mp4',
  'video/ogg': 'audio/ogg',
};

/**
 * The real type of an uploaded file, from its content (never from its name):
 * the `file-type` signature, else markup or text sniffing, else
 * `application/octet-stream`. Archives are recognised by their header and
 * never expanded.
 */
export async function detectType(file: string, claimed: string | undefined): Promise<string> {
  const detected = await fileTypeFromFile(file);
  // An XML signature may be SVG (or XHTML): look closer.
  if (detected && essence(detected.mime) === 'application/xml') {
    const markup = sniffText(await head(file));
    if (markup === 'image/svg+xml' || markup === 'text/html') return markup;
  }
  if (detected) {
    const refined = AUDIO_OF[essence(detected.mime)];
    if (refined && claimed && essence(claimed) === refined) return refined;
    return detected.mime;
  }
  return sniffText(await head(file)) ?? 'application/octet-stream';
}
