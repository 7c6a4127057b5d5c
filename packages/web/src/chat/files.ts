import { FILE_LIMITS, type FileInfo, type FileKind } from '@parta/shared';
import type { Messages } from '../i18n/ru';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    // «1023 Б», not «1 023 Б»: a separator only from five digits on.
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, useGrouping: 'min2' });
    numberFormats.set(key, f);
  }
  return f;
}

/**
 * «512 Б», «1,5 КБ», «12 МБ», «1,2 ГБ» (binary units, as file managers show
 * them): one decimal below 10, none above; the units come from the dictionary.
 */
export function formatFileSize(bytes: number, t: Messages): string {
  const units = t.files.units;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96 КБ would print as «1024 КБ»: say «1 МБ» instead.
  if (unit > 0 && unit < units.length - 1 && Math.round(value) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${numberFormat(t.meta.locale, digits).format(value)}\u00a0${units[unit]}`;
}

/** What the browser says a picked file is; the server decides from the content in the end. */
export function guessKind(mime: string): FileKind {
  if (/^image\/(png|jpeg|gif|webp|avif)$/.test(mime)) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return 'file';
}

/** Recordings made in the composer are named so; any other audio file keeps its own name. */
export const VOICE_PREFIX = 'voice-';

export function isVoice(file: Pick<FileInfo, 'kind' | 'name'>): boolean {
  return file.kind === 'audio' && file.name.startsWith(VOICE_PREFIX);
}

/**
 * Why a file cannot be attached, in the person's language, or null. The
 * server enforces the same (and may be configured lower: its 413 is shown too).
 */
export function checkFile(file: { name: string; size: number }, t: Messages): string | null {
  if (file.size === 0) return t.files.empty(file.name);
  if (file.size > FILE_LIMITS.maxBytes) {
    return t.files.tooLarge(file.name, formatFileSize(FILE_LIMITS.maxBytes, t));
  }
  return null;
}

/** A one-line description of a message's files: «Фото», «Голосовое сообщение», «Файл: отчёт.pdf». */
export function describeFiles(files: readonly Pick<FileInfo, 'kind' | 'name'>[], t: Messages) {
  const [first] = files;
  if (!first) return '';
  if (files.length > 1) {
    const images = files.every((f) => f.kind === 'image');
    return images ? t.files.preview.photos(files.length) : t.files.preview.files(files.length);
  }
  if (isVoice(first)) return t.files.preview.voice;
  if (first.kind === 'image') return t.files.preview.photo;
  if (first.kind === 'video') return t.files.preview.video;
  if (first.kind === 'audio') return t.files.preview.audio(first.name);
  return t.files.preview.file(first.name);
}
