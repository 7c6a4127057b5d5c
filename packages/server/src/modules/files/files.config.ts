import path from 'node:path';
import { FILE_LIMITS } from '@parta/shared';
import { z } from 'zod';
import { ConfigError } from '../../config';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const GiB = 1024 * 1024 * 1024;

/**
 * The files module's environment, validated when the app is built (a bad
 * value stops the process naming the variable, as `config.ts` does).
 */
export const FilesEnvSchema = z.object({
  /** `local` (a directory; shared storage in a cluster) or `s3` (S3-compatible object storage). */
  PARTA_FILES_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Directory of stored files (local storage) and of uploads in progress (both). */
  PARTA_FILES_DIR: z.string().min(1).default('./data/files'),
  /** Largest file, bytes; larger uploads are refused with 413 (before the body is read when Content-Length tells). */
  PARTA_FILES_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * GiB)
    .default(FILE_LIMITS.maxBytes),
  /** Storage quota of one organisation, bytes; `0` = no quota. */
  PARTA_FILES_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(20 * GiB),
  /** Days the files of a deleted message are kept (moderation) before they are removed. */
  PARTA_FILES_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Hours an upload may stay unattached to any message before it is removed. */
  PARTA_FILES_ORPHAN_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  /** Minutes between runs of the files clean-up job; `0` = never (run `parta files gc` instead). */
  PARTA_FILES_GC_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  /** Largest image (width × height) that gets a thumbnail; larger ones are stored without. */
  PARTA_FILES_MAX_PIXELS: z.coerce.number().int().min(1).max(1_000_000_000).default(100_000_000),
  /** S3 endpoint URL (MinIO, Yandex Object Storage, …); empty = AWS. */
  PARTA_S3_ENDPOINT: z.union([z.literal(''), z.url()]).default(''),
  PARTA_S3_REGION: z.string().min(1).default('us-east-1'),
  PARTA_S3_BUCKET: z.string().default(''),
  /** Empty: the AWS SDK's default credential chain (environment, profile, instance role). */
  PARTA_S3_ACCESS_KEY_ID: z.string().default(''),
  PARTA_S3_SECRET_ACCESS_KEY: z.string().default(''),
  /** Path-style URLs (`endpoint/bucket/key`): needed by most S3-compatible servers. */
  PARTA_S3_FORCE_PATH_STYLE: bool.default(true),
});

export interface FilesSettings {
  storage: 'local' | 's3';
  dir: string;
  /** Uploads in progress are spooled here (on disk, never in memory). */
  incomingDir: string;
  maxBytes: number;
  quotaBytes: number;
  retentionDays: number;
  orphanHours: number;
  gcMinutes: number;
  maxPixels: number;
  s3: {
    endpoint: string;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
  };
}

/** Reads and validates the files settings; throws `ConfigError` naming each bad variable. */
export function readFilesSettings(env: NodeJS.ProcessEnv = process.env): FilesSettings {
  const input: Record<string, string> = {};
  for (const key of Object.keys(FilesEnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = FilesEnvSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.PARTA_FILES_STORAGE === 's3' && e.PARTA_S3_BUCKET === '') {
    throw new ConfigError(
      'invalid configuration:\n  PARTA_S3_BUCKET="": required when PARTA_FILES_STORAGE=s3',
    );
  }
  const dir = path.resolve(e.PARTA_FILES_DIR);
  return {
    storage: e.PARTA_FILES_STORAGE,
    dir,
    incomingDir: path.join(dir, '.incoming'),
    maxBytes: e.PARTA_FILES_MAX_BYTES,
    quotaBytes: e.PARTA_FILES_QUOTA_BYTES,
    retentionDays: e.PARTA_FILES_RETENTION_DAYS,
    orphanHours: e.PARTA_FILES_ORPHAN_HOURS,
    gcMinutes: e.PARTA_FILES_GC_MINUTES,
    maxPixels: e.PARTA_FILES_MAX_PIXELS,
    s3: {
      endpoint: e.PARTA_S3_ENDPOINT,
      region: e.PARTA_S3_REGION,
      bucket: e.PARTA_S3_BUCKET,
      accessKeyId: e.PARTA_S3_ACCESS_KEY_ID,
      secretAccessKey: e.PARTA_S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.PARTA_S3_FORCE_PATH_STYLE,
    },
  };
}
