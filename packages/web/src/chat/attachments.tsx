import type { FileInfo } from '@parta/shared';
import { lazy, Suspense, useState, type SyntheticEvent } from 'react';
import { downloadUrl } from '../api/files';
import { useT } from '../i18n/i18n';
import { extraIcons } from './extra-icons';
import { formatFileSize, isVoice } from './files';
import { FileGlyph } from './pending-files';

// Opened on a click on a photo: not needed to show a chat.
const ImageViewer = lazy(() => import('./image-viewer'));

/** Longest side of a single photo in a bubble, CSS pixels. */
const PHOTO_SIDE = 280;

/** A photo is shown as its thumbnail; one without (too large, HEIC…) as a file card. */
export function isPhoto(file: FileInfo): file is FileInfo & { thumbnailUrl: string } {
  return file.kind === 'image' && file.thumbnailUrl !== null;
}

/**
 * The files of a message: photos as thumbnails that open a viewer, voice
 * messages and other audio as players, video in place, anything else as a
 * card with its name and size that downloads it.
 */
export function MessageFiles({ files }: { files: readonly FileInfo[] }) {
  const t = useT();
  const [viewing, setViewing] = useState<number | null>(null);
  const photos = files.filter(isPhoto);
  const others = files.filter((f) => !isPhoto(f));

  return (
    <div className="message-files">
      {photos.length > 0 ? (
        <ul
          className={`message-photos message-photos--${Math.min(photos.length, 3)}`}
          aria-label={t.files.photos(photos.length)}
        >
          {photos.map((file, index) => (
            <li key={file.id}>
              <button
                type="button"
                className="message-photo"
                onClick={() => setViewing(index)}
                aria-label={t.files.openImage(file.name)}
                style={photos.length === 1 ? singlePhotoBox(file) : undefined}
              >
                <img
                  src={file.thumbnailUrl}
                  alt={file.name}
                  loading="lazy"
                  decoding="async"
                  {...(file.width && file.height ? { width: file.width, height: file.height } : {})}
                />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {others.map((file) =>
        file.kind === 'audio' && file.inline ? (
          <AudioFile key={file.id} file={file} />
        ) : file.kind === 'video' && file.inline ? (
          <figure key={file.id} className="message-video">
            <video controls preload="metadata" src={file.url} aria-label={file.name} />
            <figcaption>
              <FileCard file={file} compact />
            </figcaption>
          </figure>
        ) : (
          <FileCard key={file.id} file={file} />
        ),
      )}
      {viewing !== null ? (
        <Suspense fallback={null}>
          <ImageViewer images={photos} start={viewing} onClose={() => setViewing(null)} />
        </Suspense>
      ) : null}
    </div>
  );
}

/** One photo keeps its proportions (no jump when it loads), at most PHOTO_SIDE a side. */
function singlePhotoBox(file: FileInfo) {
  if (!file.width || !file.height) return undefined;
  const scale = Math.min(1, PHOTO_SIDE / Math.max(file.width, file.height));
  return {
    width: Math.max(48, Math.round(file.width * scale)),
    aspectRatio: `${file.width} / ${file.height}`,
  };
}

/** Name, size and a download link; `compact` under a video. */
export function FileCard({ file, compact = false }: { file: FileInfo; compact?: boolean }) {
  const t = useT();
  const size = formatFileSize(file.size, t);
  return (
    <a
      className={`file-card${compact ? ' file-card--compact' : ''}`}
      href={downloadUrl(file)}
      download={file.name}
      aria-label={t.files.download(file.name, size)}
    >
      {compact ? null : (
        <span className="file-card__icon" aria-hidden="true">
          <FileGlyph kind={file.kind} />
        </span>
      )}
      <span className="file-card__text">
        <span className="file-card__name" title={file.name}>
          {file.name}
        </span>
        <span className="file-card__size">{size}</span>
      </span>
      <span className="file-card__action" aria-hidden="true">
        {extraIcons.download()}
      </span>
    </a>
  );
}

/**
 * A voice message or an audio file: the browser's own player (keyboard and
 * screen readers know it). Recordings from Chromium carry no duration; the
 * player learns it by seeking to the end once.
 */
function AudioFile({ file }: { file: FileInfo }) {
  const t = useT();
  const voice = isVoice(file);
  const label = voice ? t.files.voice : file.name;
  return (
    <figure className={`message-audio${voice ? ' message-audio--voice' : ''}`}>
      <figcaption className="message-audio__title">
        {voice ? extraIcons.mic() : null}
        <span>{label}</span>
        <span className="message-audio__size">{formatFileSize(file.size, t)}</span>
        {voice ? null : (
          <a
            className="message-audio__download"
            href={downloadUrl(file)}
            download={file.name}
            aria-label={t.files.download(file.name, formatFileSize(file.size, t))}
          >
            {extraIcons.download()}
          </a>
        )}
      </figcaption>
      <audio
        controls
        preload="metadata"
        src={file.url}
        aria-label={label}
        onLoadedMetadata={learnDuration}
      />
    </figure>
  );
}

function learnDuration(event: SyntheticEvent<HTMLAudioElement>) {
  const audio = event.currentTarget;
  if (audio.duration !== Infinity) return;
  const back = () => {
    audio.removeEventListener('timeupdate', back);
    audio.currentTime = 0;
  };
  audio.addEventListener('timeupdate', back);
  audio.currentTime = Number.MAX_SAFE_INTEGER;
}

/** The files of a message still on its way (the uploads are done; the message is not). */
export function PendingFilesPreview({ files }: { files: readonly FileInfo[] }) {
  const t = useT();
  return (
    <ul className="message-pending-files">
      {files.map((file) => (
        <li key={file.id}>
          {isPhoto(file) ? (
            <img src={file.thumbnailUrl} alt={file.name} className="message-pending-files__thumb" />
          ) : (
            <span className="file-card file-card--static">
              <span className="file-card__icon" aria-hidden="true">
                <FileGlyph kind={file.kind} />
              </span>
              <span className="file-card__text">
                <span className="file-card__name">{isVoice(file) ? t.files.voice : file.name}</span>
                <span className="file-card__size">{formatFileSize(file.size, t)}</span>
              </span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
