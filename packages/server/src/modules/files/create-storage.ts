import type { FilesSettings } from './files.config';
import { LocalStorage } from './local-storage';
import type { FileStorage } from './storage';

/**
 * The configured storage. The S3 client (a large SDK) is loaded only when
 * S3 is configured.
 */
export async function createStorage(settings: FilesSettings): Promise<FileStorage> {
  if (settings.storage === 'local') return new LocalStorage(settings.dir);
  const { S3Storage } = await import('./s3-storage');
  return new S3Storage(settings.s3);
}
