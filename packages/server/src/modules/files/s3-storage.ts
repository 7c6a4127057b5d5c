import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertKey, StorageObjectNotFound, type ByteRange, type FileStorage } from './storage';

export interface S3StorageOptions {
  /** Empty: AWS itself. */
  endpoint: string;
  region: string;
  bucket: string;
  /** Empty: the SDK's default credential chain. */
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Bytes per multipart part (at least 5 MiB, the S3 minimum). */
  partSize?: number;
}

const isNotFound = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);

/**
 * S3-compatible object storage through the official AWS SDK v3. A put is a
 * streamed multipart upload (`@aws-sdk/lib-storage`): memory holds at most
 * `partSize × 2` bytes whatever the file size, and S3 shows the object only
 * once the upload completes (a failed upload is aborted, its parts removed).
 */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly opts: S3StorageOptions) {
    this.client = new S3Client({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      forcePathStyle: opts.forcePathStyle,
      ...(opts.accessKeyId
        ? {
            credentials: {
              accessKeyId: opts.accessKeyId,
              secretAccessKey: opts.secretAccessKey,
            },
          }
        : {}),
      // Checksums only where S3 demands them: several S3-compatible servers
      // reject the SDK's default streaming trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable, meta: { contentType: string }): Promise<void> {
    assertKey(key);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.opts.bucket, Key: key, Body: body, ContentType: meta.contentType },
      partSize: this.opts.partSize ?? 8 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
    });
    // A source that fails must fail the upload (lib-storage would otherwise wait for more data).
    const failed = new Promise<never>((_, reject) => body.once('error', reject));
    try {
      await Promise.race([upload.done(), failed]);
    } catch (err) {
      await upload.abort().catch(() => undefined);
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertKey(key);
    try {
      const r = await this.client.send(
        new GetObjectCommand({
          Bucket: this.opts.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      if (!(r.Body instanceof Readable)) throw new Error('S3 returned no body stream');
      return r.Body;
    } catch (err) {
      if (isNotFound(err)) throw new StorageObjectNotFound(key);
      throw err;
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    assertKey(key);
    try {
      const r = await this.client.send(
        new HeadObjectCommand({ Bucket: this.opts.bucket, Key: key }),
      );
      return { size: Number(r.ContentLength ?? 0) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: key }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
