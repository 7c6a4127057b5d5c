import { FILE_LIMITS, type FileInfo, type FileKind } from '@parta/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../api/client';
import { errorMessage } from '../api/error-message';
import { discardUpload, uploadFile } from '../api/files';
import type { Messages } from '../i18n/ru';
import { checkFile, guessKind } from './files';

/** A file on its way into the next message. */
export interface PendingFile {
  key: string;
  name: string;
  size: number;
  kind: FileKind;
  /** Object URL of the picked file for a preview in the composer (images, audio). */
  previewUrl: string | null;
  /** 0…1 of the bytes sent. */
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  error: string | null;
  /** The server's record once uploaded: its id goes into the message's `fileIds`. */
  info: FileInfo | null;
}

export interface Attachments {
  items: readonly PendingFile[];
  /** Uploaded and ready to send, in the order they were added. */
  ready: FileInfo[];
  uploading: boolean;
  failed: boolean;
  /** Why the last files offered could not be taken (size, count, folders), or null. */
  notice: string | null;
  /** Checks and starts uploading; returns how many were taken. */
  add(files: readonly File[]): number;
  /** Cancels the upload, or deletes the unsent upload from the server. */
  remove(key: string): void;
  retry(key: string): void;
  /** The message went out with them: forget them (they belong to the message now). */
  sent(): void;
  /**
   * Calls back once no upload is running any more (at once if none is), with
   * whether some failed. Returns a function that cancels the wait.
   */
  whenSettled(callback: (failed: boolean, ready: FileInfo[]) => void): () => void;
  setNotice(notice: string | null): void;
}

let counter = 0;

function readyOf(items: readonly PendingFile[]): FileInfo[] {
  return items.flatMap((i) => (i.status === 'done' && i.info ? [i.info] : []));
}

/**
 * Attachments of the composer: each picked, pasted or dropped file is checked
 * against the limits, uploaded at once with its progress shown, and can be
 * cancelled or removed before the message is sent. Lives in the chat view
 * (not the composer), so starting an edit does not lose them; leaving the
 * chat cancels uploads and deletes what was uploaded but not sent.
 */
export function useAttachments(t: Messages): Attachments {
  const [items, setItems] = useState<PendingFile[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  // The list as of now for callbacks (uploads finish outside React's render cycle).
  const current = useRef<PendingFile[]>([]);
  const files = useRef(new Map<string, File>());
  const controllers = useRef(new Map<string, AbortController>());
  const waiters = useRef(new Set<(failed: boolean, ready: FileInfo[]) => void>());
  const tRef = useRef(t);
  useEffect(() => {
    tRef.current = t;
  }, [t]);

  const commit = useCallback((next: PendingFile[]) => {
    current.current = next;
    setItems(next);
    if (waiters.current.size > 0 && !next.some((i) => i.status === 'uploading')) {
      const failed = next.some((i) => i.status === 'failed');
      const waiting = [...waiters.current];
      waiters.current.clear();
      for (const waiter of waiting) waiter(failed, readyOf(next));
    }
  }, []);

  const whenSettled = useCallback((callback: (failed: boolean, ready: FileInfo[]) => void) => {
    const list = current.current;
    if (!list.some((i) => i.status === 'uploading')) {
      callback(
        list.some((i) => i.status === 'failed'),
        readyOf(list),
      );
      return () => undefined;
    }
    waiters.current.add(callback);
    return () => {
      waiters.current.delete(callback);
    };
  }, []);

  const patch = useCallback(
    (key: string, change: Partial<PendingFile>) =>
      commit(current.current.map((item) => (item.key === key ? { ...item, ...change } : item))),
    [commit],
  );

  const start = useCallback(
    (key: string) => {
      const file = files.current.get(key);
      if (!file) return;
      const controller = new AbortController();
      controllers.current.set(key, controller);
      patch(key, { status: 'uploading', progress: 0, error: null });
      uploadFile(file, file.name, {
        signal: controller.signal,
        onProgress: (progress) => patch(key, { progress }),
      }).then(
        (info) => {
          controllers.current.delete(key);
          // Removed while its last bytes were on the way: do not leave it on the server.
          if (!current.current.some((i) => i.key === key)) {
            discardUpload(info.id).catch(() => undefined);
            return;
          }
          patch(key, { status: 'done', progress: 1, info, kind: info.kind, name: info.name });
        },
        (error: unknown) => {
          controllers.current.delete(key);
          if (error instanceof DOMException && error.name === 'AbortError') return;
          patch(key, { status: 'failed', error: uploadError(error, file.name, tRef.current) });
        },
      );
    },
    [patch],
  );

  const add = useCallback(
    (picked: readonly File[]) => {
      const t = tRef.current;
      const problems: string[] = [];
      const room = FILE_LIMITS.perMessage - current.current.length;
      const accepted: PendingFile[] = [];
      for (const file of picked) {
        const problem = checkFile(file, t);
        if (problem) {
          problems.push(problem);
          continue;
        }
        if (accepted.length >= room) {
          problems.push(t.files.tooMany(FILE_LIMITS.perMessage));
          break;
        }
        const key = `f${++counter}`;
        const kind = guessKind(file.type);
        files.current.set(key, file);
        accepted.push({
          key,
          name: file.name,
          size: file.size,
          kind,
          previewUrl:
            (kind === 'image' || kind === 'audio') && typeof URL.createObjectURL === 'function'
              ? URL.createObjectURL(file)
              : null,
          progress: 0,
          status: 'uploading',
          error: null,
          info: null,
        });
      }
      setNotice(problems.length > 0 ? problems.join(' ') : null);
      if (accepted.length === 0) return 0;
      commit([...current.current, ...accepted]);
      for (const item of accepted) start(item.key);
      return accepted.length;
    },
    [start, commit],
  );

  const forget = useCallback((key: string) => {
    const item = current.current.find((i) => i.key === key);
    if (item?.previewUrl) URL.revokeObjectURL(item.previewUrl);
    files.current.delete(key);
    controllers.current.get(key)?.abort();
    controllers.current.delete(key);
    return item;
  }, []);

  const remove = useCallback(
    (key: string) => {
      const item = forget(key);
      // Tidy up at once; the server would remove the orphan after a day anyway.
      if (item?.info) discardUpload(item.info.id).catch(() => undefined);
      commit(current.current.filter((i) => i.key !== key));
    },
    [forget, commit],
  );

  const sent = useCallback(() => {
    for (const item of current.current) forget(item.key);
    commit([]);
    setNotice(null);
  }, [forget, commit]);

  // Leaving the chat: cancel what is on its way, delete what was never sent.
  useEffect(
    () => () => {
      for (const item of current.current) {
        if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
        if (item.info) discardUpload(item.info.id).catch(() => undefined);
      }
      for (const controller of controllers.current.values()) controller.abort();
      controllers.current.clear();
      files.current.clear();
      waiters.current.clear();
    },
    [],
  );

  const ready = readyOf(items);

  return {
    items,
    ready,
    uploading: items.some((i) => i.status === 'uploading'),
    failed: items.some((i) => i.status === 'failed'),
    notice,
    add,
    remove,
    retry: start,
    sent,
    whenSettled,
    setNotice,
  };
}

/** The reason an upload failed, for the person. */
export function uploadError(error: unknown, name: string, t: Messages): string {
  if (isApiError(error)) {
    switch (error.code) {
      case 'FILE_TOO_LARGE':
        return t.files.errors.tooLargeForServer(name);
      case 'STORAGE_QUOTA_EXCEEDED':
        return t.files.errors.quota;
      case 'FILE_STORAGE_UNAVAILABLE':
        return t.files.errors.storage;
      case 'NETWORK_ERROR':
        return t.files.errors.network(name);
      case 'VALIDATION_FAILED':
        return t.files.empty(name);
      default:
        return `${t.files.errors.failed(name)} ${errorMessage(error, t)}`;
    }
  }
  return t.files.errors.failed(name);
}
