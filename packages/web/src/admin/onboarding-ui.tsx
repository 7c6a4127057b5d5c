import { useEffect, useId, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { icons } from '../ui/icons';
import { Modal } from '../ui/modal';
import { useOnboardingT } from './onboarding-messages';

/** Small pieces shared by the invitations, communities and outbox sections. */

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' },
    );
    dateFormats.set(key, format);
  }
  return format;
}

/** «28 декабря 2026 г.» / «28 дек. 2026 г., 14:42» in the reader's language. */
export function useDates() {
  const t = useT();
  return {
    date: (iso: string) => dateFormat(t.meta.locale, false).format(new Date(iso)),
    dateTime: (iso: string) => dateFormat(t.meta.locale, true).format(new Date(iso)),
  };
}

/** A labelled bar: the text says the numbers, the bar only shows them. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const tone = max === 0 ? 'none' : share >= 0.8 ? 'good' : share >= 0.4 ? 'fair' : 'low';
  return (
    <div className="onb-progress">
      <span className="onb-progress__label">{label}</span>
      <span className={`onb-progress__track onb-progress__track--${tone}`} aria-hidden="true">
        <span className="onb-progress__fill" style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
    </div>
  );
}

/** Loading, or why loading failed with a retry; renders nothing once there is data. */
export function QueryState({
  isPending,
  error,
  onRetry,
}: {
  isPending: boolean;
  error: unknown;
  onRetry: () => void;
}) {
  const t = useOnboardingT();
  const app = useT();
  if (error) {
    return (
      <div className="onb-problem" role="alert">
        <p>{t.common.loadFailed}</p>
        <p className="muted">{errorMessage(error, app)}</p>
        <button type="button" className="button button--quiet button--small" onClick={onRetry}>
          {t.common.retry}
        </button>
      </div>
    );
  }
  if (isPending) {
    return (
      <p className="onb-loading" role="status">
        <span className="spinner spinner--small" aria-hidden="true" />
        {t.common.loading}
      </p>
    );
  }
  return null;
}

/** The error of a failed action, in the reader's language, announced. */
export function ActionError({ error }: { error: unknown }) {
  const app = useT();
  return (
    <p className="form__error" role="alert">
      {error ? errorMessage(error, app) : null}
    </p>
  );
}

/** A result announced politely (after saving, sending, printing). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="onb-notice" role="status">
      {children}
    </p>
  );
}

/** Copies text to the clipboard and says so; falls back to asking for a manual copy. */
export function CopyButton({
  text,
  label,
  done,
  compact = false,
}: {
  text: string;
  /** What is copied: the visible text, or the accessible name of the compact (icon) button. */
  label: string;
  /** What to announce after copying. */
  done?: string;
  compact?: boolean;
}) {
  const t = useOnboardingT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="onb-copy">
      <button
        type="button"
        className={
          compact ? 'icon-button icon-button--small' : 'button button--quiet button--small'
        }
        aria-label={compact ? label : undefined}
        title={compact ? label : undefined}
        onClick={() => void copy()}
      >
        {state === 'copied' ? icons.check() : icons.copy()}
        {compact ? null : <span>{label}</span>}
      </button>
      <span className={state === 'failed' ? 'onb-copy__failed' : 'visually-hidden'} role="status">
        {state === 'copied'
          ? (done ?? t.common.copied)
          : state === 'failed'
            ? t.common.copyFailed
            : ''}
      </span>
    </span>
  );
}

/** Paging is the same everywhere in the administration. */
export { Pager } from './org-ui';

/** Asks before something that cannot be undone; shows the failure if it fails. */
export function ConfirmDialog({
  title,
  text,
  confirm,
  pending,
  pendingLabel,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  text: ReactNode;
  confirm: string;
  pending: boolean;
  pendingLabel: string;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useOnboardingT();
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button--quiet" onClick={onClose} data-autofocus>
            {t.common.cancel}
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={pending}
            onClick={onConfirm}
          >
            {pending ? pendingLabel : confirm}
          </button>
        </>
      }
    >
      <p>{text}</p>
      {error ? <ActionError error={error} /> : null}
    </Modal>
  );
}

/** A select of an enumeration with an «all» option; value '' means all. */
export function FilterSelect<V extends string>({
  label,
  value,
  allLabel,
  options,
  onChange,
}: {
  label: string;
  value: V | '';
  allLabel: string;
  options: readonly (readonly [V, string])[];
  onChange: (value: V | '') => void;
}) {
  const id = useId();
  return (
    <div className="field onb-filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V | '')}>
        <option value="">{allLabel}</option>
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
