import type { FileInfo } from '@parta/shared';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { downloadUrl } from '../api/files';
import { useT } from '../i18n/i18n';
import { icons } from '../ui/icons';
import { extraIcons } from './extra-icons';
import { formatFileSize } from './files';
import './image-viewer.css';

/**
 * The photos of a message, one at a time, over everything: Escape or the
 * backdrop closes, ← and → go through the photos, focus stays inside and
 * returns to the thumbnail on close. Loaded on demand.
 */
export default function ImageViewer({
  images,
  start,
  onClose,
}: {
  images: readonly FileInfo[];
  start: number;
  onClose: () => void;
}) {
  const t = useT();
  const [index, setIndex] = useState(start);
  const [failed, setFailed] = useState<number | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const file = images[index];
  const many = images.length > 1;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const { overflow } = document.body.style;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = overflow;
      previous?.focus?.();
    };
  }, []);

  if (!file) return null;
  const go = (step: number) => setIndex((i) => (i + step + images.length) % images.length);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowRight' && many) {
      event.preventDefault();
      go(1);
    } else if (event.key === 'ArrowLeft' && many) {
      event.preventDefault();
      go(-1);
    } else if (event.key === 'Tab' && ref.current) {
      const items = [...ref.current.querySelectorAll<HTMLElement>('a[href], button')];
      const first = items[0];
      const last = items.at(-1);
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  };

  return createPortal(
    <div
      ref={ref}
      className="viewer"
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="viewer__bar">
        <p id={titleId} className="viewer__title">
          <span className="viewer__name">{file.name}</span>
          <span className="viewer__meta">
            {many ? `${t.viewer.position(index + 1, images.length)} · ` : ''}
            {formatFileSize(file.size, t)}
          </span>
        </p>
        <a
          className="viewer__button"
          href={downloadUrl(file)}
          download={file.name}
          aria-label={t.files.download(file.name, formatFileSize(file.size, t))}
          title={t.viewer.download}
        >
          {extraIcons.download()}
        </a>
        <button
          ref={closeRef}
          type="button"
          className="viewer__button"
          onClick={onClose}
          aria-label={t.viewer.close}
          title={t.viewer.close}
        >
          {icons.close()}
        </button>
      </div>
      <div
        className="viewer__stage"
        onPointerDown={(e) => {
          if (e.target === e.currentTarget) onClose();
        }}
      >
        {failed === index ? (
          <p className="viewer__error" role="alert">
            {t.viewer.failed}
          </p>
        ) : (
          <img
            key={file.id}
            className="viewer__image"
            src={file.url}
            alt={file.name}
            onError={() => setFailed(index)}
          />
        )}
      </div>
      {many ? (
        <>
          <button
            type="button"
            className="viewer__button viewer__nav viewer__nav--prev"
            onClick={() => go(-1)}
            aria-label={t.viewer.previous}
            title={t.viewer.previous}
          >
            {icons.back()}
          </button>
          <button
            type="button"
            className="viewer__button viewer__nav viewer__nav--next"
            onClick={() => go(1)}
            aria-label={t.viewer.next}
            title={t.viewer.next}
          >
            <span className="viewer__flip">{icons.back()}</span>
          </button>
        </>
      ) : null}
    </div>,
    document.body,
  );
}
