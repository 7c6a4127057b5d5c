import type { FileInfo } from '@parta/shared';
import { api, type ApiClient, type UploadOptions } from './client';

/**
 * Uploads one file (`POST /api/v1/files`, multipart, one part). The server
 * detects the type from the content and keeps the upload unattached until a
 * message names it in `fileIds` (orphans are removed after a day).
 */
export function uploadFile(
  file: Blob,
  name: string,
  options: UploadOptions = {},
  client: ApiClient = api,
): Promise<FileInfo> {
  const form = new FormData();
  form.append('file', file, name);
  return client.upload<FileInfo>('/api/v1/files', form, options);
}

/** Deletes an upload that was not sent after all (only before it is attached). */
export const discardUpload = (fileId: number) => api.delete<undefined>(`/api/v1/files/${fileId}`);

/** `?download=1`: always saved, never shown in place. */
export const downloadUrl = (file: Pick<FileInfo, 'url'>) =>
  `${file.url}${file.url.includes('?') ? '&' : '?'}download=1`;
