import { useT } from '../i18n/i18n';
import { icons } from '../ui/icons';
import { formatFileSize } from './files';
import type { Attachments, PendingFile } from './use-attachments';

/** The files waiting in the composer: preview, name, size, progress, cancel / remove / retry. */
export function PendingFiles({ attachments }: { attachments: Attachments }) {
  const t = useT();
  if (attachments.items.length === 0) return null;
  return (
    <ul className="pending-files" aria-label={t.files.pending}>
      {attachments.items.map((item) => (
        <PendingFileItem key={item.key} item={item} attachments={attachments} />
      ))}
    </ul>
  );
}

function PendingFileItem({ item, attachments }: { item: PendingFile; attachments: Attachments }) {
  const t = useT();
  const percent = Math.round(item.progress * 100);
  const uploading = item.status === 'uploading';
  return (
    <li className={`pending-file pending-file--${item.status}`}>
      <span className="pending-file__thumb" aria-hidden="true">
        {item.kind === 'image' && item.previewUrl ? (
          <img src={item.previewUrl} alt="" />
        ) : (
          <FileGlyph kind={item.kind} />
        )}
      </span>
      <span className="pending-file__body">
        <span className="pending-file__name" title={item.name}>
          {item.name}
        </span>
        <span className="pending-file__meta">
          {formatFileSize(item.size, t)}
          {uploading ? ` · ${t.files.uploading(percent)}` : null}
          {item.status === 'done' ? ` · ${t.files.uploaded}` : null}
        </span>
        {uploading ? (
          <span
            className="pending-file__progress"
            role="progressbar"
            aria-label={t.files.progress(item.name)}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <span style={{ width: `${percent}%` }} />
          </span>
        ) : null}
        {item.status === 'failed' ? (
          <span className="pending-file__error" role="alert">
            {item.error}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => attachments.retry(item.key)}
            >
              {t.files.retry}
            </button>
          </span>
        ) : null}
      </span>
      <button
        type="button"
        className="icon-button icon-button--small"
        aria-label={uploading ? t.files.cancelUpload(item.name) : t.files.remove(item.name)}
        title={uploading ? t.files.cancelUpload(item.name) : t.files.remove(item.name)}
        onClick={() => attachments.remove(item.key)}
      >
        {icons.close()}
      </button>
    </li>
  );
}

/** A file's picture by kind, for cards without a thumbnail. */
export function FileGlyph({ kind }: { kind: PendingFile['kind'] }) {
  const d =
    kind === 'audio'
      ? [
          'M9 18V6l10-2v12',
          'M9 18a3 3 0 1 1-3-3 3 3 0 0 1 3 3z',
          'M19 16a3 3 0 1 1-3-3 3 3 0 0 1 3 3z',
        ]
      : kind === 'video'
        ? ['M3 6h12v12H3z', 'M15 10l6-3v10l-6-3']
        : kind === 'image'
          ? ['M3 5h18v14H3z', 'M3 16l5-5 4 4 3-3 6 6', 'M15 9h.01']
          : ['M6 3h8l4 4v14H6z', 'M14 3v4h4'];
  return (
    <svg width={22} height={22} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {d.map((path) => (
        <path key={path} className="icon-stroke" d={path} />
      ))}
    </svg>
  );
}
