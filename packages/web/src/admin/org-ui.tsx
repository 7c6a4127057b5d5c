import { ORG_KINDS, type Me, type OrganizationEntry, type OrgKind } from '@parta/shared';
import { useEffect, useId, useMemo, type ReactNode, type RefObject } from 'react';
import { errorMessage } from '../api/error-message';
import { useLanguage, useT } from '../i18n/i18n';
import { navigate, paths, type AdminSection } from '../router/router';
import { Modal } from '../ui/modal';
import {
  adminScope,
  canManageOrg,
  fieldErrors,
  seesOrg,
  useOrganizations,
  type AdminScope,
} from './admin-api';
import { useAdminT } from './messages';

/**
 * Pieces shared by the organisation-scoped administration screens
 * (organisations, people, classes, import): the organisation picker, paging,
 * a confirmation dialog, form fields with their errors, dates.
 */

/**
 * The end of every administration form: what went wrong (if anything), Cancel,
 * and the submit button, which says it is working while the request runs.
 */
export function FormFooter({
  error,
  pending,
  submitLabel,
  onCancel,
}: {
  error: ReactNode;
  pending: boolean;
  submitLabel: string;
  onCancel: () => void;
}) {
  const t = useAdminT();
  return (
    <>
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t.common.cancel}
        </button>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t.common.working : submitLabel}
        </button>
      </div>
    </>
  );
}

/** «МАОУ СОШ № 1» rather than the full legal name, where there is one. */
export const orgLabel = (org: { name: string; shortName: string | null }) =>
  org.shortName ?? org.name;

const KIND_ORDER = new Map<OrgKind, number>(ORG_KINDS.map((k, i) => [k, i]));

export function compareOrgs(a: OrganizationEntry, b: OrganizationEntry): number {
  return (
    (KIND_ORDER.get(a.kind) ?? 9) - (KIND_ORDER.get(b.kind) ?? 9) ||
    orgLabel(a).localeCompare(orgLabel(b), 'ru', { numeric: true })
  );
}

/**
 * The organisations this person works with here, sorted by kind and name:
 * those they may manage (`manage`) or also those they lead (`see`).
 */
export function useAdminOrgs(me: Me, mode: 'manage' | 'see') {
  const scope = useMemo(() => adminScope(me), [me]);
  const query = useOrganizations();
  const orgs = useMemo(
    () =>
      (query.data ?? [])
        .filter((o) => (mode === 'manage' ? canManageOrg(scope, o.id) : seesOrg(scope, o.id)))
        .sort(compareOrgs),
    [query.data, scope, mode],
  );
  return { scope, orgs, query };
}

/** The organisation chosen in the URL (`?org=`), or the only one there is. */
export function chosenOrg(
  params: URLSearchParams,
  orgs: readonly OrganizationEntry[],
): OrganizationEntry | null {
  const id = Number(params.get('org'));
  const found = orgs.find((o) => o.id === id);
  if (found) return found;
  return orgs.length === 1 ? (orgs[0] ?? null) : null;
}

/** Replaces or sets query parameters of an administration section (null removes one). */
export function goTo(
  section: AdminSection,
  params: URLSearchParams,
  patch: Record<string, string | number | null>,
  options: { replace?: boolean } = {},
): void {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  navigate(paths.admin(section, Object.fromEntries(next)), options);
}

export function OrgPicker({
  orgs,
  value,
  onChange,
  allowAll = false,
}: {
  orgs: readonly OrganizationEntry[];
  value: number | null;
  onChange: (orgId: number | null) => void;
  /** «Все организации» (municipal administrators, people directory). */
  allowAll?: boolean;
}) {
  const t = useAdminT();
  const id = useId();
  const only = orgs.length === 1 ? orgs[0] : undefined;
  if (only && !allowAll) {
    return (
      <p className="org-picker org-picker--single">
        <span className="muted">{t.orgPicker.label}: </span>
        <strong>{orgLabel(only)}</strong>
      </p>
    );
  }
  const groups = ORG_KINDS.map((kind) => ({
    kind,
    items: orgs.filter((o) => o.kind === kind),
  })).filter((g) => g.items.length > 0);
  return (
    <div className="field org-picker">
      <label htmlFor={id}>{t.orgPicker.label}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
      >
        <option value="">{allowAll ? t.orgPicker.all : t.orgPicker.choose}</option>
        {groups.map((g) => (
          <optgroup key={g.kind} label={t.orgKindsPlural[g.kind]}>
            {g.items.map((o) => (
              <option key={o.id} value={o.id}>
                {orgLabel(o)}
                {o.archived ? ` (${t.orgs.archived})` : ''}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

export function Pager({
  offset,
  limit,
  total,
  onChange,
}: {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
}) {
  const t = useAdminT();
  if (total <= limit && offset === 0) return null;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={t.common.pager}>
      <button
        type="button"
        className="button button--quiet button--small"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - limit))}
      >
        {t.common.previous}
      </button>
      <span className="pager__range" aria-live="polite">
        {t.common.range(from, to, total)}
      </span>
      <button
        type="button"
        className="button button--quiet button--small"
        disabled={to >= total}
        onClick={() => onChange(offset + limit)}
      >
        {t.common.next}
      </button>
    </nav>
  );
}

/** A question before an action that is hard to undo. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  pending = false,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useAdminT();
  const tt = useT();
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button--danger' : 'button--primary'}`}
            disabled={pending}
            onClick={onConfirm}
            data-autofocus
          >
            {pending ? t.common.working : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      {error ? (
        <p className="form__error" role="alert">
          {errorMessage(error, tt)}
        </p>
      ) : null}
    </Modal>
  );
}

/** A labelled text input with its hint and its error, tied by aria attributes. */
export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  required = false,
  type = 'text',
  inputMode,
  autoComplete = 'off',
  maxLength,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  type?: 'text' | 'email' | 'tel' | 'date' | 'number' | 'search';
  inputMode?: 'text' | 'email' | 'tel' | 'numeric';
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        autoComplete={autoComplete}
        {...(inputMode ? { inputMode } : {})}
        {...(maxLength ? { maxLength } : {})}
        {...(placeholder ? { placeholder } : {})}
      />
      {hint ? (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** A labelled select. */
export function SelectField({
  label,
  value,
  onChange,
  children,
  error,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      >
        {children}
      </select>
      {hint ? (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** What went wrong while loading, with a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useAdminT();
  const tt = useT();
  return (
    <div className="admin-notice admin-notice--error" role="alert">
      <p>
        {t.common.loadFailed} {errorMessage(error, tt)}
      </p>
      <button type="button" className="button button--quiet button--small" onClick={onRetry}>
        {t.common.retry}
      </button>
    </div>
  );
}

export function Loading() {
  const t = useAdminT();
  return (
    <p className="admin-loading" role="status">
      <span className="spinner spinner--small" aria-hidden="true" />
      {t.loading}
    </p>
  );
}

/** Dates in the person's language; calendar dates (YYYY-MM-DD) and instants in the municipality's zone. */
export function useDates(timeZone: string) {
  const { language } = useLanguage();
  return useMemo(() => {
    const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
    const day = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' });
    const instant = new Intl.DateTimeFormat(locale, {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    return {
      /** `2015-09-01` → «1 сент. 2015 г.». */
      day: (iso: string) => {
        const [y, m, d] = iso.split('-').map(Number);
        return y && m && d ? day.format(new Date(Date.UTC(y, m - 1, d))) : iso;
      },
      instant: (iso: string) => instant.format(new Date(iso)),
    };
  }, [language, timeZone]);
}

/**
 * The server's validation errors by field, as people read them: the server
 * names the field (`body.phone`) and says what is wrong in English; the text
 * shown is ours, in the person's language.
 */
export function useFieldErrors(error: unknown): Record<string, string> {
  const t = useAdminT();
  return useMemo(() => {
    const out: Record<string, string> = {};
    for (const [field, message] of Object.entries(fieldErrors(error))) {
      const last = field.split('.').at(-1) ?? field;
      const m = message.toLowerCase();
      out[field] =
        last === 'phone'
          ? t.fieldErrors.phone
          : last === 'email'
            ? t.fieldErrors.email
            : /date|validfrom/i.test(last)
              ? t.fieldErrors.date
              : /too small|>=\s*1 char|required|expected string, received undefined/.test(m)
                ? t.fieldErrors.required
                : /too big|<=/.test(m)
                  ? t.fieldErrors.tooLong
                  : t.fieldErrors.generic;
    }
    return out;
  }, [error, t]);
}

/**
 * After a refused submit, the first field with an error gets the focus (and
 * is scrolled to): a long form on a phone does not hide what is wrong.
 */
export function useFocusFirstInvalid(
  form: RefObject<HTMLFormElement | null>,
  errors: Record<string, unknown>,
): void {
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
}

/** `+79123456789` → «+7 912 345-67-89»; anything else as it is. */
export function formatPhone(phone: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phone);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : phone;
}

export type { AdminScope };
