import { useId, useRef, useState, type DragEvent } from 'react';
import { useLanguage } from '../i18n/i18n';
import { useAdminT } from './messages';

const ACCEPT = [
  '.xlsx',
  '.csv',
  '.txt',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
].join(',');

/** «12,4 КБ», «1,2 МБ». */
export function useFileSize(): (bytes: number) => string {
  const t = useAdminT();
  const { language } = useLanguage();
  const n = new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
    maximumFractionDigits: 1,
  });
  return (bytes) =>
    bytes < 1024
      ? t.import.bytes(bytes)
      : bytes < 1024 * 1024
        ? t.import.kilobytes(n.format(bytes / 1024))
        : t.import.megabytes(n.format(bytes / 1024 / 1024));
}

/**
 * Choosing the roster file: a button (the keyboard's and the phone's way)
 * or dropping the file onto the zone. One file at a time.
 */
export function ImportFilePicker({
  file,
  onFile,
  disabled = false,
}: {
  file: File | null;
  onFile: (file: File, note: string | null) => void;
  disabled?: boolean;
}) {
  const t = useAdminT();
  const size = useFileSize();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();

  const take = (files: FileList | null) => {
    const first = files?.[0];
    if (!first) return;
    onFile(first, files && files.length > 1 ? t.import.onlyFirst(first.name) : null);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (!disabled) take(event.dataTransfer.files);
  };

  return (
    <div
      className={`dropzone${over ? ' dropzone--over' : ''}${file ? ' dropzone--chosen' : ''}`}
      onDragEnter={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
      data-testid="import-dropzone"
    >
      <p className="dropzone__title">
        {file ? (
          <>
            <span className="muted">{t.import.chosen} </span>
            <strong className="dropzone__name">{file.name}</strong>{' '}
            <span className="muted">({size(file.size)})</span>
          </>
        ) : (
          t.import.dropHere
        )}
      </p>
      <button
        type="button"
        className={`button ${file ? 'button--quiet' : 'button--primary'}`}
        onClick={() => input.current?.click()}
        disabled={disabled}
        aria-describedby={hintId}
      >
        {file ? t.import.chooseOther : t.import.choose}
      </button>
      <p id={hintId} className="field__hint">
        {t.import.fileHint}
      </p>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        accept={ACCEPT}
        onChange={(e) => {
          take(e.target.files);
          // Choosing the same (corrected) file again must fire again.
          e.target.value = '';
        }}
        data-testid="import-file-input"
      />
    </div>
  );
}
