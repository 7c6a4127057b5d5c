import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FILE_LIMITS, type FileInfo } from '@parta/shared';
import sharp from 'sharp';
import type { Db, DbOrTrx } from '../../db/database';
import { toInt, toIso } from '../../db/values';
import type { Actor } from '../../platform/actor';
import { AppError, notFound } from '../../platform/errors';
import { getPersonFacts } from '../people';
import { detectType } from './files.detect';
import type { FilesSettings } from './files.config';
import { canThumbnail, isInline, kindOf, sanitizeFileName } from './files.policy';
import * as repo from './files.repository';
import type { ByteRange, FileStorage } from './storage';

// Thumbnails of untrusted images: no cache of decoded images between
// requests, one libvips thread per image (two cores serve everything else too).
sharp.cache(false);
sharp.concurrency(1);

export interface FilesDeps {
  storage: FileStorage;
  settings: FilesSettings;
  now: () => Date;
  /** Where storage failures are reported (the client sees FILE_STORAGE_UNAVAILABLE). */
  log?: { warn(obj: object, msg: string): void };
}

/** 503 for a storage that failed; the cause goes to the log, never to the client. */
export function storageUnavailable(deps: FilesDeps, err: unknown): AppError {
  deps.log?.warn({ err }, 'file storage failed');
  return new AppError('FILE_STORAGE_UNAVAILABLE');
}

export type FileRow = repo.FileRow;

const GiB = 1024 * 1024 * 1024;
const human = (bytes: number) =>
  bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${Math.round(bytes / 1024 / 1024)} MiB`;

function invalidField(p: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${p}: ${message}`, { details: [{ path: p, message }] });
}

/** 413 that also closes the connection: the rest of the body is never read. */
export function fileTooLarge(maxBytes: number): AppError {
  return new AppError('FILE_TOO_LARGE', `Files may be at most ${human(maxBytes)}.`, {
    headers: { connection: 'close' },
  });
}

/**
 * A multipart body the parser could not read (no boundary, cut short) is the
 * client's fault (400); an error of our own disk or storage (it carries a
 * `syscall`) stays a server error.
 */
export function malformedUpload(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { syscall?: unknown; statusCode?: unknown };
  if (typeof e?.syscall === 'string' || typeof e?.statusCode === 'number') return err;
  return new AppError(
    'BAD_REQUEST',
    `The multipart body could not be read: ${(err as Error)?.message ?? 'malformed'}.`,
  );
}

function quotaExceeded(quotaBytes: number): AppError {
  return new AppError(
    'STORAGE_QUOTA_EXCEEDED',
    `The organisation's storage quota of ${human(quotaBytes)} is used up.`,
    { headers: { connection: 'close' } },
  );
}

export function toFileInfo(r: FileRow): FileInfo {
  return {
    id: Number(r.id),
    name: r.name,
    mime: r.mime,
    size: toInt(r.size),
    kind: kindOf(r.mime),
    inline: isInline(r.mime),
    width: r.width,
    height: r.height,
    url: `/api/v1/files/${r.id}`,
    thumbnailUrl: r.thumbnail_key ? `/api/v1/files/${r.id}/thumbnail` : null,
    createdAt: toIso(r.created_at),
  };
}

/* ---------------- uploading ---------------- */

/** Whose quota an upload counts against. */
export interface UploadOwner {
  personId: number;
  municipalityId: number;
  /** The uploader's organisation: where they work, else study, else where their child studies. */
  organizationId: number | null;
}

const lowest = (ids: ReadonlySet<number>) => (ids.size > 0 ? Math.min(...ids) : null);

export async function uploadOwner(db: DbOrTrx, actor: Actor): Promise<UploadOwner> {
  const f = await getPersonFacts(db, actor.personId);
  if (!f) throw new AppError('UNAUTHENTICATED');
  return {
    personId: f.personId,
    municipalityId: f.municipalityId,
    organizationId: lowest(f.staffOrgIds) ?? lowest(f.pupilOrgIds) ?? lowest(f.childOrgIds),
  };
}

/**
 * Refuses an upload that cannot fit before its body is read: `declared` is
 * the request's Content-Length when it sent one.
 */
export async function assertQuota(
  db: DbOrTrx,
  deps: FilesDeps,
  owner: UploadOwner,
  declared: number,
): Promise<void> {
  const quota = deps.settings.quotaBytes;
  if (quota === 0) return;
  const used = await repo.usedBytes(db, owner.municipalityId, owner.organizationId);
  if (used + declared > quota) throw quotaExceeded(quota);
}

/** A file part of a multipart request, as `@fastify/multipart` hands it over. */
export interface IncomingFile {
  stream: Readable & { truncated?: boolean };
  filename: string | undefined;
  mimetype: string | undefined;
}

interface Thumbnail {
  file: string;
  size: number;
  width: number;
  height: number;
}

/**
 * Width/height and a WebP thumbnail of an image, or null when it is not a
 * readable image within the pixel limit. sharp reads the header first, so a
 * decompression bomb (a 50 000 × 50 000 PNG header) is refused before any
 * pixel is decoded, and a broken image only loses its thumbnail.
 */
async function makeThumbnail(
  src: string,
  dest: string,
  maxPixels: number,
): Promise<Thumbnail | null> {
  try {
    const meta = await sharp(src, { limitInputPixels: maxPixels }).metadata();
    if (!meta.width || !meta.height || meta.width * meta.height > maxPixels) return null;
    const side = FILE_LIMITS.thumbnailSide;
    const out = await sharp(src, { limitInputPixels: maxPixels, autoOrient: true })
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toFile(dest);
    const oriented = meta.autoOrient ?? { width: meta.width, height: meta.height };
    return { file: dest, size: out.size, width: oriented.width, height: oriented.height };
  } catch {
    return null;
  }
}

/**
 * Photos of children must not carry where and when they were taken: a JPEG,
 * WebP, PNG or TIFF that holds EXIF, XMP or IPTC metadata (GPS position,
 * camera serial, time) is re-encoded without it — oriented as it was shown,
 * in sRGB — and the stored file is the clean copy. Images without metadata,
 * and ones beyond the pixel limit, are stored as they came.
 * Returns the clean file's path, or null when nothing was removed.
 */
async function stripMetadata(src: string, mime: string, maxPixels: number): Promise<string | null> {
  const format = STRIPPABLE[mime];
  if (!format) return null;
  try {
    const meta = await sharp(src, { limitInputPixels: maxPixels }).metadata();
    if (!meta.exif && !meta.xmp && !meta.iptc) return null;
    if (!meta.width || !meta.height || meta.width * meta.height > maxPixels) return null;
    const dest = `${src}.clean`;
    let pipeline = sharp(src, { limitInputPixels: maxPixels, autoOrient: true });
    pipeline =
      format === 'jpeg'
        ? pipeline.jpeg({ quality: 92 })
        : format === 'webp'
          ? pipeline.webp({ quality: 90 })
          : format === 'png'
            ? pipeline.png()
            : pipeline.tiff();
    await pipeline.toFile(dest);
    return dest;
  } catch {
    return null;
  }
}

const STRIPPABLE: Record<string, 'jpeg' | 'webp' | 'png' | 'tiff'> = {
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/png': 'png',
  'image/tiff': 'tiff',
};

async function sizeAndHash(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

function newKey(now: Date): string {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${y}/${m}/${randomBytes(16).toString('hex')}`;
}

/**
 * Stores an upload: the stream is spooled to a file in `incomingDir` (disk,
 * never memory) while its size and SHA-256 are counted, stopped at the size
 * limit (413), typed from its content, given a thumbnail when it is an
 * image, and then streamed into the storage. The row is written first,
 * inside the quota check, as an unattached upload: if the process dies
 * before the bytes are stored, the orphan clean-up removes the row.
 */
export async function storeUpload(
  db: Db,
  deps: FilesDeps,
  owner: UploadOwner,
  incoming: IncomingFile,
): Promise<FileInfo> {
  const { settings, storage } = deps;
  await fs.promises.mkdir(settings.incomingDir, { recursive: true });
  const spool = path.join(settings.incomingDir, randomBytes(16).toString('hex'));
  const thumbSpool = `${spool}.thumb`;
  try {
    const hash = createHash('sha256');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(
        incoming.stream,
        count,
        fs.createWriteStream(spool, { flags: 'wx', mode: 0o600 }),
      );
    } catch (err) {
      throw malformedUpload(err);
    }
    if (incoming.stream.truncated || size > settings.maxBytes)
      throw fileTooLarge(settings.maxBytes);
    if (size === 0) throw invalidField('body.file', 'the file is empty');

    const mime = await detectType(spool, incoming.mimetype);
    let digest = '';
    const clean = await stripMetadata(spool, mime, settings.maxPixels);
    if (clean) {
      await fs.promises.rename(clean, spool);
      const counted = await sizeAndHash(spool);
      size = counted.size;
      digest = counted.sha256;
    }
    const thumb = canThumbnail(mime)
      ? await makeThumbnail(spool, thumbSpool, settings.maxPixels)
      : null;
    const now = deps.now();
    const key = newKey(now);
    const thumbKey = thumb ? `${key}.thumb` : null;

    const id = await db.transaction().execute(async (trx) => {
      if (settings.quotaBytes > 0) {
        const used = await repo.usedBytes(trx, owner.municipalityId, owner.organizationId);
        if (used + size > settings.quotaBytes) throw quotaExceeded(settings.quotaBytes);
      }
      return repo.insertFile(trx, {
        municipality_id: owner.municipalityId,
        organization_id: owner.organizationId,
        uploader_id: owner.personId,
        storage_key: key,
        thumbnail_key: thumbKey,
        thumbnail_size: thumb ? thumb.size : null,
        name: sanitizeFileName(incoming.filename),
        mime,
        size,
        sha256: digest || hash.digest('hex'),
        width: thumb ? thumb.width : null,
        height: thumb ? thumb.height : null,
        created_at: now,
        attached_at: null,
      });
    });
    try {
      await storage.put(key, fs.createReadStream(spool), { contentType: mime });
      if (thumb && thumbKey) {
        await storage.put(thumbKey, fs.createReadStream(thumb.file), { contentType: 'image/webp' });
      }
    } catch (err) {
      await repo.deleteFileRow(db, id);
      await Promise.allSettled([storage.delete(key), thumbKey ? storage.delete(thumbKey) : null]);
      throw storageUnavailable(deps, err);
    }
    const row = await repo.findFile(db, id);
    if (!row) throw new Error('upload vanished after it was stored');
    return toFileInfo(row);
  } finally {
    await Promise.allSettled([
      fs.promises.rm(spool, { force: true }),
      fs.promises.rm(thumbSpool, { force: true }),
    ]);
  }
}

/* ---------------- files the platform makes ---------------- */

/**
 * Stores bytes the platform made itself (the weekly report the monitoring
 * bot posts) as an unattached file of `owner`, to be attached with
 * `attachFiles` in the posting transaction like an upload. As for uploads,
 * the row comes first: if the process dies before the bytes are stored,
 * the orphan clean-up removes it. The content is ours, so it is neither
 * typed from its bytes nor checked against a quota.
 */
export async function storeGeneratedFile(
  db: DbOrTrx,
  deps: Pick<FilesDeps, 'storage' | 'now'>,
  owner: UploadOwner,
  file: { name: string; mime: string; bytes: Buffer },
): Promise<number> {
  const now = deps.now();
  const key = newKey(now);
  const id = await repo.insertFile(db, {
    municipality_id: owner.municipalityId,
    organization_id: owner.organizationId,
    uploader_id: owner.personId,
    storage_key: key,
    thumbnail_key: null,
    thumbnail_size: null,
    name: sanitizeFileName(file.name),
    mime: file.mime,
    size: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    width: null,
    height: null,
    created_at: now,
    attached_at: null,
  });
  try {
    await deps.storage.put(key, Readable.from([file.bytes]), { contentType: file.mime });
  } catch (err) {
    await repo.deleteFileRow(db, id);
    await deps.storage.delete(key).catch(() => undefined);
    throw err;
  }
  return id;
}

/** Removes a generated file that no message took after all (its post was made elsewhere). */
export async function discardGeneratedFile(
  db: DbOrTrx,
  storage: FileStorage,
  fileId: number,
): Promise<void> {
  const row = await repo.findFile(db, fileId);
  if (!row || row.attached_at !== null) return;
  await repo.deleteFileRow(db, fileId);
  await removeObjects(storage, row);
}

/* ---------------- reading ---------------- */

/**
 * The file if the actor may read it now: its uploader until it is attached;
 * afterwards a current member of a chat where a message that is not deleted
 * carries it. Checked on every request (leaving a chat ends access at once).
 */
export async function requireReadable(db: Db, actor: Actor, fileId: number): Promise<FileRow> {
  const row = await repo.findFile(db, fileId);
  if (!row) throw notFound('No such file.');
  if (row.uploader_id === actor.personId && row.attached_at === null) return row;
  if (await repo.readableThroughChat(db, fileId, actor.personId)) return row;
  throw new AppError('FORBIDDEN', 'You may not read this file.');
}

/**
 * One HTTP byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) within `size`:
 * null to serve the whole file (no header, or one the server may ignore:
 * malformed or several ranges), `unsatisfiable` for 416.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}

/** Deletes an upload its uploader no longer wants (only before it is attached). */
export async function discardUpload(
  db: Db,
  deps: FilesDeps,
  actor: Actor,
  fileId: number,
): Promise<void> {
  const row = await repo.findFile(db, fileId);
  if (!row) throw notFound('No such file.');
  if (row.uploader_id !== actor.personId)
    throw new AppError('FORBIDDEN', 'Only the uploader may delete an upload.');
  if (row.attached_at !== null || !(await repo.deleteUnattached(db, fileId, actor.personId)))
    throw new AppError(
      'CONFLICT',
      'The file is attached to a message; delete the message instead.',
    );
  await removeObjects(deps.storage, row);
}

async function removeObjects(storage: FileStorage, row: FileRow): Promise<void> {
  await storage.delete(row.storage_key);
  if (row.thumbnail_key) await storage.delete(row.thumbnail_key);
}

/* ---------------- attaching (called by the messages module) ---------------- */

/**
 * Links uploads to a message inside the sending transaction: each file must
 * be the sender's own and not attached yet (400 VALIDATION_FAILED on
 * `body.fileIds` otherwise, which rolls the send back). Two sends racing for
 * one upload: the second finds it attached and fails.
 */
export async function attachFiles(
  trx: DbOrTrx,
  personId: number,
  messageId: number,
  fileIds: readonly number[],
  at: Date,
): Promise<void> {
  const ids = [...new Set(fileIds)];
  if (ids.length === 0) return;
  const rows = await repo.filesForAttaching(trx, ids);
  const usable = rows.filter((r) => r.uploader_id === personId && r.attached_at === null);
  const refuse = () =>
    invalidField('body.fileIds', 'not an unattached upload of yours (upload it again)');
  if (usable.length !== ids.length) throw refuse();
  if ((await repo.linkFiles(trx, messageId, ids, at)) !== ids.length) throw refuse();
}

/** The files of each message, in the order they were sent. */
export async function attachmentsByMessage(
  db: DbOrTrx,
  messageIds: readonly number[],
): Promise<Map<number, FileInfo[]>> {
  const rows = await repo.attachmentsOf(db, [...messageIds]);
  const out = new Map<number, FileInfo[]>();
  for (const r of rows) {
    const list = out.get(Number(r.message_id)) ?? [];
    list.push(toFileInfo(r));
    out.set(Number(r.message_id), list);
  }
  return out;
}

/* ---------------- clean-up ---------------- */

const GC_BATCH = 500;

export interface GcResult {
  orphans: number;
  expired: number;
  failed: number;
}

/**
 * Removes uploads never attached within `orphanHours`, and files whose every
 * message was deleted more than `retentionDays` ago. Each row is deleted
 * first, conditionally (a file attached meanwhile stays), and its objects
 * after; deleting is idempotent, so several nodes may run this at once.
 * Also removes spool files left by uploads that died.
 */
export async function collectGarbage(db: Db, deps: FilesDeps): Promise<GcResult> {
  const now = deps.now().getTime();
  const { settings, storage } = deps;
  const orphanCutoff = new Date(now - settings.orphanHours * 3_600_000);
  const retentionCutoff = new Date(now - settings.retentionDays * 86_400_000);
  const result: GcResult = { orphans: 0, expired: 0, failed: 0 };

  for (const row of await repo.orphansBefore(db, orphanCutoff, GC_BATCH)) {
    try {
      if (!(await repo.deleteIfOrphan(db, row.id, orphanCutoff))) continue;
      await removeObjects(storage, row);
      result.orphans += 1;
    } catch {
      result.failed += 1;
    }
  }
  for (const row of await repo.expiredAttachedFiles(db, retentionCutoff, GC_BATCH)) {
    try {
      if (!(await repo.deleteIfExpired(db, row.id, retentionCutoff))) continue;
      await removeObjects(storage, row);
      result.expired += 1;
    } catch {
      result.failed += 1;
    }
  }
  await removeStaleSpool(settings.incomingDir, now - 86_400_000);
  return result;
}

async function removeStaleSpool(dir: string, before: number): Promise<void> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const p = path.join(dir, name);
    const s = await fs.promises.stat(p).catch(() => null);
    if (s && s.mtimeMs < before) await fs.promises.rm(p, { force: true });
  }
}
