import type { Readable } from 'node:stream';

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The object is not in the storage (never written, or deleted). */
export class StorageObjectNotFound extends Error {
  override name = 'StorageObjectNotFound';
  constructor(readonly key: string) {
    super(`no stored object ${key}`);
  }
}

/**
 * Where file bytes live: a local directory or S3-compatible object storage.
 * One contract (`storage.contract.ts`) is run against every implementation.
 *
 * Contract:
 * - keys are relative paths of `[a-z0-9._-]` segments separated by `/`
 *   (`assertKey`); anything else is refused before any I/O;
 * - `put` consumes the stream to its end and stores exactly its bytes, never
 *   holding the whole object in memory; the object becomes visible only
 *   complete — a failed or aborted `put` leaves nothing readable under the key;
 * - `get` returns the bytes (or an inclusive range of them) as a stream, or
 *   rejects with `StorageObjectNotFound`; a range must lie within the object
 *   (the caller checks it against the stored size);
 * - `delete` is idempotent: deleting a missing object succeeds.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Readable, meta: { contentType: string }): Promise<void>;
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Size of a stored object, or null when there is none. */
  stat(key: string): Promise<{ size: number } | null>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*(\/[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*)*$/;

/** Refuses keys that could escape the storage root or mean different things to different backends. */
export function assertKey(key: string): void {
  if (key.length === 0 || key.length > 256 || !KEY.test(key)) {
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  }
}
