import { z } from 'zod';
import { Id, Timestamp } from './common';

// FILE_LIMITS lives in ../limits (no zod there): clients check sizes without loading the schemas.

/**
 * How a client shows a file: `image` (thumbnail, width/height), `audio` (an
 * inline player: voice messages), `video`, anything else a download.
 */
export const FILE_KINDS = ['image', 'audio', 'video', 'file'] as const;
export const FileKind = z.enum(FILE_KINDS);
export type FileKind = z.infer<typeof FileKind>;

/** An uploaded file as the API shows it (upload answer, message attachments). */
export const FileInfo = z.object({
  id: z.number().int(),
  name: z
    .string()
    .describe('Sanitised original name; Unicode kept, no paths or control characters'),
  mime: z.string().describe('Type detected from the content, never taken from the name'),
  size: z.number().int().describe('Bytes'),
  kind: FileKind,
  /** Browsers may show it in place (images, audio, video); otherwise it is always downloaded. */
  inline: z.boolean(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string().describe('GET it with the session; supports Range for audio and video'),
  thumbnailUrl: z.string().nullable(),
  createdAt: Timestamp,
});
export type FileInfo = z.infer<typeof FileInfo>;

export const FileParams = z.strictObject({ id: Id });

export const FileDownloadQuery = z.strictObject({
  /** `1`: always `Content-Disposition: attachment`, even for an image. */
  download: z.enum(['0', '1']).optional(),
});
