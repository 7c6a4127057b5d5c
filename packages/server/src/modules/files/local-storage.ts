import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, StorageObjectNotFound, type ByteRange, type FileStorage } from './storage';

/**
 * Files in a directory (the default; a shared mount in a cluster). A put
 * writes `<key>.<random>.partial`, fsyncs it and renames it into place, so a
 * reader sees a whole file or none, and a crash leaves only a partial file
 * that no key names.
 */
export class LocalStorage implements FileStorage {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertKey(key);
    const p = path.resolve(this.root, key);
    if (!p.startsWith(this.root + path.sep))
      throw new Error(`storage key escapes the root: ${key}`);
    return p;
  }

  async put(key: string, body: Readable, _meta: { contentType: string }): Promise<void> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await pipeline(body, fs.createWriteStream(partial, { flags: 'wx', mode: 0o640 }));
      // Durable before it becomes visible: a crash never leaves a short file under the key.
      const handle = await fs.promises.open(partial, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      await fs.promises.rm(partial, { force: true });
      throw err;
    }
    try {
      await fs.promises.rename(partial, target);
    } catch (err) {
      await fs.promises.rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const p = this.pathOf(key);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(p, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StorageObjectNotFound(key);
      throw err;
    }
    // The open handle keeps the bytes readable even if the file is deleted meanwhile.
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const s = await fs.promises.stat(this.pathOf(key));
      return { size: s.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async close(): Promise<void> {}
}
