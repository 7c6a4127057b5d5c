import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageObjectNotFound, type FileStorage } from './storage';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A stream of `size` pseudo-random bytes made chunk by chunk (never held whole). */
function generated(size: number, seed: string): { stream: Readable; sha256: Promise<string> } {
  const hash = createHash('sha256');
  let resolve: (v: string) => void = () => undefined;
  const sha256 = new Promise<string>((r) => (resolve = r));
  let sent = 0;
  let counter = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) {
        resolve(hash.digest('hex'));
        this.push(null);
        return;
      }
      const n = Math.min(256 * 1024, size - sent);
      const chunk = Buffer.alloc(n);
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      for (let i = 0; i < n; i += block.length)
        block.copy(chunk, i, 0, Math.min(block.length, n - i));
      hash.update(chunk);
      sent += n;
      this.push(chunk);
    },
  });
  return { stream, sha256 };
}

/**
 * The contract every `FileStorage` keeps (see `storage.ts`), run against each
 * implementation: the local directory and S3 (a real S3-compatible server on
 * loopback).
 */
export function storageContract(
  name: string,
  open: () => Promise<{ storage: FileStorage; close(): Promise<void> }>,
): void {
  describe(`file storage contract: ${name}`, () => {
    let storage: FileStorage;
    let close: () => Promise<void>;
    const key = (k: string) => `contract/${randomBytes(6).toString('hex')}/${k}`;

    beforeAll(async () => {
      ({ storage, close } = await open());
    });
    afterAll(async () => {
      await storage.close();
      await close();
    });

    it('stores exactly the bytes it was given and returns them', async () => {
      const k = key('hello.txt');
      const body = Buffer.from('Привет, мир! 👋\n');
      await storage.put(k, Readable.from([body]), { contentType: 'text/plain' });
      expect(await storage.stat(k)).toEqual({ size: body.length });
      expect((await bytesOf(await storage.get(k))).equals(body)).toBe(true);
    });

    it('streams a large object in and out without holding it whole', async () => {
      const k = key('large.bin');
      const size = 12 * 1024 * 1024 + 12345;
      const src = generated(size, k);
      await storage.put(k, src.stream, { contentType: 'application/octet-stream' });
      expect(await storage.stat(k)).toEqual({ size });
      const hash = createHash('sha256');
      let read = 0;
      for await (const c of await storage.get(k)) {
        hash.update(c as Buffer);
        read += (c as Buffer).length;
      }
      expect(read).toBe(size);
      expect(hash.digest('hex')).toBe(await src.sha256);
    });

    it('returns an inclusive byte range', async () => {
      const k = key('range.bin');
      const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
      await storage.put(k, Readable.from([body]), { contentType: 'application/octet-stream' });
      const part = await bytesOf(await storage.get(k, { start: 10, end: 19 }));
      expect(part.equals(body.subarray(10, 20))).toBe(true);
      const tail = await bytesOf(await storage.get(k, { start: 990, end: 999 }));
      expect(tail.equals(body.subarray(990))).toBe(true);
    });

    it('tells a missing object apart', async () => {
      const k = key('missing.bin');
      expect(await storage.stat(k)).toBeNull();
      await expect(storage.get(k)).rejects.toBeInstanceOf(StorageObjectNotFound);
    });

    it('deletes idempotently', async () => {
      const k = key('gone.bin');
      await storage.put(k, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' });
      await storage.delete(k);
      expect(await storage.stat(k)).toBeNull();
      await storage.delete(k);
      await expect(storage.get(k)).rejects.toBeInstanceOf(StorageObjectNotFound);
    });

    it('leaves nothing under the key when the source fails midway', async () => {
      const k = key('broken.bin');
      let n = 0;
      const failing = new Readable({
        read() {
          n += 1;
          if (n > 3) this.destroy(new Error('client went away'));
          else this.push(Buffer.alloc(64 * 1024, n));
        },
      });
      await expect(
        storage.put(k, failing, { contentType: 'application/octet-stream' }),
      ).rejects.toThrow();
      expect(await storage.stat(k)).toBeNull();
    });

    it('refuses keys that could escape the storage or mean two things', async () => {
      for (const bad of [
        '',
        '../x',
        'a/../b',
        '/etc/passwd',
        'a//b',
        'a/.hidden',
        'A/B',
        'a\nb',
        'a b',
      ]) {
        await expect(
          storage.put(bad, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }),
          bad,
        ).rejects.toThrow(/invalid storage key/);
        await expect(storage.get(bad), bad).rejects.toThrow(/invalid storage key/);
        await expect(storage.delete(bad), bad).rejects.toThrow(/invalid storage key/);
      }
    });
  });
}
