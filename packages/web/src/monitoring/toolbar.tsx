import { MESSAGE_THRESHOLD_MAX, shiftIsoWeek, type WeeklyReport } from '@parta/shared';
import { useId, useState, type FormEvent } from 'react';
import { linkHandler } from '../router/router';
import { icons } from '../ui/icons';
import { weekDays, weekOfDay } from './format';
import { useMonitoringT } from './messages';
import type { Formatters } from './use-format';

/** The report's address for a week; with a format it is a file (the browser sends the session cookie). */
export function weeklyPath(
  week: string,
  threshold: number | null,
  format?: 'xlsx' | 'csv' | 'pdf',
): string {
  const query = new URLSearchParams({ week });
  if (threshold !== null) query.set('threshold', String(threshold));
  if (format) query.set('format', format);
  return `/api/v1/monitoring/weekly?${query.toString()}`;
}

/** `11.12.2023` (typed where the browser has no date picker) or `2023-12-11` → `2023-12-11`. */
function readDate(raw: string): string | null {
  const text = raw.trim();
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (ru) return `${ru[3]}-${ru[2]?.padStart(2, '0')}-${ru[1]?.padStart(2, '0')}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
}

/**
 * Previous and next week (links, so they open in a new tab too), the week of
 * a date, and back to the last closed week. Weeks after the running one do
 * not exist yet and cannot be chosen.
 */
export function WeekPicker({
  week,
  latest,
  running,
  weekHref,
  onWeek,
  f,
}: {
  week: string;
  /** The last closed week: the default. */
  latest: string;
  /** The week in progress: the last one that can be opened. */
  running: string;
  weekHref: (week: string) => string;
  onWeek: (week: string) => void;
  f: Formatters;
}) {
  const t = useMonitoringT();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const { from, to } = weekDays(week);
  const previous = shiftIsoWeek(week, -1);
  const next = shiftIsoWeek(week, 1);
  const [year, number] = week.split('-W');

  const jump = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const raw = new FormData(event.currentTarget).get('date');
    const day = readDate(typeof raw === 'string' ? raw : '');
    const target = day ? weekOfDay(day) : null;
    if (!target) return setError(t.week.badDate);
    if (target > running) return setError(t.week.futureDate);
    setError(null);
    onWeek(target);
  };

  return (
    <div className="week-picker">
      <div className="week-picker__nav" role="group" aria-labelledby={`${id}-label`}>
        <span id={`${id}-label`} className="visually-hidden">
          {t.week.label}
        </span>
        <a
          className="icon-button week-picker__step"
          href={weekHref(previous)}
          onClick={linkHandler(weekHref(previous))}
          aria-label={t.week.previous}
          title={t.week.previous}
        >
          {icons.back()}
        </a>
        <p className="week-picker__current" aria-live="polite">
          <strong className="week-picker__range">{f.range(from, to)}</strong>
          <span className="week-picker__number">{t.week.number(Number(number), Number(year))}</span>
        </p>
        {week < running ? (
          <a
            className="icon-button week-picker__step week-picker__step--next"
            href={weekHref(next)}
            onClick={linkHandler(weekHref(next))}
            aria-label={t.week.next}
            title={t.week.next}
          >
            {icons.back()}
          </a>
        ) : (
          <button
            type="button"
            className="icon-button week-picker__step week-picker__step--next"
            disabled
            aria-label={t.week.next}
            title={t.week.next}
          >
            {icons.back()}
          </button>
        )}
      </div>
      <form className="week-picker__jump" onSubmit={jump} noValidate>
        <div className="field">
          <label htmlFor={`${id}-date`}>{t.week.byDate}</label>
          <input
            id={`${id}-date`}
            name="date"
            type="date"
            key={week}
            defaultValue={from}
            max={weekDays(running).to}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-date-error` : undefined}
          />
        </div>
        <button type="submit" className="button button--quiet">
          {t.week.go}
        </button>
        {week !== latest ? (
          <a
            className="button button--quiet"
            href={weekHref(latest)}
            onClick={linkHandler(weekHref(latest))}
          >
            {t.week.latest}
          </a>
        ) : null}
        {error ? (
          <p id={`${id}-date-error`} className="field__error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </div>
  );
}

/** N of «wrote at least N messages»: empty means the municipality's setting. */
export function ThresholdForm({
  value,
  fallback,
  onApply,
}: {
  /** From the URL; null: the setting. */
  value: number | null;
  /** The municipality's setting (from the report). */
  fallback: number | null;
  onApply: (threshold: number | null) => void;
}) {
  const t = useMonitoringT();
  const id = useId();
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get('threshold') ?? '').trim();
    if (raw === '') {
      setError(null);
      return onApply(null);
    }
    const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MESSAGE_THRESHOLD_MAX)
      return setError(t.threshold.invalid);
    setError(null);
    // The setting's own value is the frozen report: keep the address short.
    onApply(n === fallback ? null : n);
  };

  return (
    <form className="threshold" onSubmit={submit} noValidate key={value ?? 'default'}>
      <div className="field">
        <label htmlFor={`${id}-n`}>{t.threshold.label}</label>
        <input
          id={`${id}-n`}
          name="threshold"
          type="number"
          inputMode="numeric"
          min={1}
          max={MESSAGE_THRESHOLD_MAX}
          step={1}
          defaultValue={value ?? fallback ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        />
      </div>
      <button type="submit" className="button button--quiet">
        {t.threshold.apply}
      </button>
      {value !== null ? (
        <button type="button" className="link-button" onClick={() => onApply(null)}>
          {t.threshold.reset}
        </button>
      ) : null}
      <p id={`${id}-hint`} className="field__hint threshold__hint">
        {fallback !== null ? t.threshold.hint(fallback) : null}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** XLSX, CSV and PDF of the selected week: plain links, so the browser downloads with the session cookie. */
export function ExportLinks({
  week,
  threshold,
  range,
}: {
  week: string;
  threshold: number | null;
  range: string;
}) {
  const t = useMonitoringT();
  const id = useId();
  return (
    <div className="exports" role="group" aria-labelledby={`${id}-title`}>
      <span id={`${id}-title`} className="exports__title">
        {t.exports.title}
      </span>
      <div className="exports__links">
        {(['xlsx', 'csv', 'pdf'] as const).map((format) => (
          <a
            key={format}
            className="button button--quiet button--small exports__link"
            href={weeklyPath(week, threshold, format)}
            download
            aria-label={t.exports.label(format.toUpperCase(), range)}
          >
            {icons.file()}
            {format.toUpperCase()}
          </a>
        ))}
      </div>
      <p className="field__hint exports__hint">{t.exports.hint}</p>
    </div>
  );
}

/** Frozen, computed on request, or still running: how final the numbers are. */
export function WeekStatus({ report, f }: { report: WeeklyReport; f: Formatters }) {
  const t = useMonitoringT();
  const tz = report.timeZone;
  const kind = !report.closed ? 'live' : report.frozen ? 'frozen' : 'computed';
  const at = f.instant(report.frozen && report.frozenAt ? report.frozenAt : report.computedAt, tz);
  const text =
    kind === 'live'
      ? t.status.live(at)
      : kind === 'frozen'
        ? t.status.frozen(at)
        : t.status.computed(at);
  return (
    <p className={`week-status week-status--${kind}`}>
      <span className="week-status__dot" aria-hidden="true" />
      {text}
    </p>
  );
}
