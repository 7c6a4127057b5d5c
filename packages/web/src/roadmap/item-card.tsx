import { localDay, type Comparator, type RoadmapItem, type TargetStatus } from '@parta/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/error-message';
import { useLanguage, useT, type Language } from '../i18n/i18n';
import { formatCount, formatDay, formatPercentValue, formatPeriod } from '../monitoring/format';
import { linkify } from './linkify';
import { useRoadmapT } from './messages';

const COMPARATOR_SIGNS: Record<Comparator, string> = {
  '>=': '≥',
  '>': '>',
  '=': '=',
  '<=': '≤',
  '<': '<',
};

const EVIDENCE_MAX = 5000;

/** Shares are targets in percent (100 = 100 %); counts are counts. */
function formatTargetValue(target: TargetStatus, value: number, language: Language): string {
  return target.indicator.endsWith('_share')
    ? formatPercentValue(value, language)
    : formatCount(value, language);
}

/** How far the current value is toward a «reach at least» target, 0…1; null for other comparisons. */
export function progressOf(target: TargetStatus): number | null {
  if (target.comparator !== '>=' && target.comparator !== '>') return null;
  if (target.value <= 0) return target.met ? 1 : 0;
  return Math.max(0, Math.min(1, (target.current ?? 0) / target.value));
}

/** A measurable target: the live value against the goal, as a bar and in words. */
export function TargetProgress({ target }: { target: TargetStatus }) {
  const t = useRoadmapT();
  const { language } = useLanguage();
  const progress = progressOf(target);
  const goal = t.item.goal(
    COMPARATOR_SIGNS[target.comparator],
    formatTargetValue(target, target.value, language),
  );
  const current =
    target.current === null ? t.item.noData : formatTargetValue(target, target.current, language);
  return (
    <div className={`target target--${target.status}`}>
      <p className="target__title">{target.title}</p>
      {progress !== null ? (
        <div className="target__bar" aria-hidden="true">
          <span style={{ width: `${progress * 100}%` }} />
        </div>
      ) : null}
      <p className="target__numbers">{t.item.progress(current, goal)}</p>
      {target.firstMetOn ? (
        <p className="target__met">
          {t.item.achievedOn(formatDay(target.firstMetOn, language))}
          {target.firstMetOn > target.dueDate ? ` (${t.item.late})` : null}
        </p>
      ) : (
        <p className="target__due">{t.item.dueOn(formatDay(target.dueDate, language))}</p>
      )}
    </div>
  );
}

/** One item of the roadmap on the board. */
export function ItemCard({
  item,
  roadmapId,
  canManage,
  timeZone,
  asOf,
  isToday,
}: {
  item: RoadmapItem;
  roadmapId: number;
  canManage: boolean;
  /** The municipality's: the day an item was closed is a local day. */
  timeZone: string;
  /** The date statuses are evaluated at. */
  asOf: string;
  /** Marking done changes today's state: offered only when looking at today. */
  isToday: boolean;
}) {
  const t = useRoadmapT();
  const { language } = useLanguage();
  const id = useId();
  const overdue = item.status === 'overdue';
  // Evidence given after the status date did not exist yet on that date.
  const closedOn = item.closure ? localDay(new Date(item.closure.closedAt), timeZone) : null;
  const closure = item.closure && closedOn !== null && closedOn <= asOf ? item.closure : null;
  return (
    <article
      className={`item item--${item.status}`}
      aria-labelledby={`${id}-title`}
      data-number={item.number}
    >
      <header className="item__head">
        <span className="item__number">{t.item.number(item.number)}</span>
        <StatusBadge status={item.status} />
      </header>
      <h3 id={`${id}-title`} className="item__title">
        {item.title}
      </h3>
      <dl className="item__facts">
        <div>
          <dt>{t.item.responsible}</dt>
          <dd>{item.responsible}</dd>
        </div>
        <div>
          <dt>{t.item.period}</dt>
          <dd>
            {formatPeriod(item.periodFrom, item.periodTo, language)}
            {overdue ? (
              <span className="item__overdue">
                {' · '}
                {t.item.overdueSince(formatDay(item.periodTo, language))}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t.item.expected}</dt>
          <dd>{item.expectedResult}</dd>
        </div>
      </dl>
      {item.target ? <TargetProgress target={item.target} /> : null}
      {item.achievedOn && !item.target ? (
        <p className="item__achieved">
          {t.item.achievedOn(formatDay(item.achievedOn, language))}
          {item.late ? ` (${t.item.late})` : null}
        </p>
      ) : null}
      {closure ? (
        <div className="item__evidence">
          <p className="item__evidence-title">
            {t.item.evidence}:{' '}
            <span className="item__evidence-date">
              {t.item.closedOn(formatDay(closedOn ?? '', language))}
            </span>
          </p>
          <p className="item__note">{linkify(closure.note)}</p>
        </div>
      ) : null}
      {item.target === null && isToday ? (
        <Closure item={item} roadmapId={roadmapId} canManage={canManage} />
      ) : null}
    </article>
  );
}

export function StatusBadge({ status }: { status: RoadmapItem['status'] }) {
  const t = useRoadmapT();
  return (
    <span className={`status status--${status}`}>
      <span className="status__dot" aria-hidden="true" />
      {t.status[status]}
    </span>
  );
}

/**
 * Items without a metric are closed by a responsible person with evidence
 * (the authority and municipal admins; the server checks and audits it).
 */
function Closure({
  item,
  roadmapId,
  canManage,
}: {
  item: RoadmapItem;
  roadmapId: number;
  canManage: boolean;
}) {
  const t = useRoadmapT();
  const app = useT();
  const id = useId();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/v1/roadmaps/${roadmapId}/items/${item.id}`;
  const done = () => queryClient.invalidateQueries({ queryKey: ['roadmap'] });

  const close = useMutation({
    mutationFn: (note: string) => api.post<RoadmapItem>(`${base}/close`, { note }),
    onSuccess: async () => {
      setEditing(false);
      await done();
    },
  });
  const reopen = useMutation({
    mutationFn: () => api.post<RoadmapItem>(`${base}/reopen`),
    onSuccess: done,
  });

  if (!canManage) {
    return item.closure ? null : <p className="field__hint">{t.item.noEvidence}</p>;
  }

  if (item.closure) {
    return (
      <div className="item__actions">
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => reopen.mutate()}
          disabled={reopen.isPending}
        >
          {reopen.isPending ? t.close.reopening : t.close.reopen}
        </button>
        {reopen.isError ? (
          <p className="field__error" role="alert">
            {errorMessage(reopen.error, app)}
          </p>
        ) : null}
      </div>
    );
  }

  if (!editing) {
    return (
      <div className="item__actions">
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => setEditing(true)}
        >
          {t.close.open}
        </button>
      </div>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
    if (!note) return setError(t.close.empty);
    if (note.length > EVIDENCE_MAX) return setError(t.close.tooLong);
    setError(null);
    close.mutate(note);
  };

  const shownError = error ?? (close.isError ? errorMessage(close.error, app) : null);
  return (
    <form className="item__form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t.close.label}</label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={4}
          maxLength={EVIDENCE_MAX}
          required
          autoFocus
          aria-invalid={shownError ? true : undefined}
          aria-describedby={`${id}-hint${shownError ? ` ${id}-error` : ''}`}
        />
        <p id={`${id}-hint`} className="field__hint">
          {t.close.hint}
        </p>
        {shownError ? (
          <p id={`${id}-error`} className="field__error" role="alert">
            {shownError}
          </p>
        ) : null}
      </div>
      <div className="form__actions">
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => {
            setEditing(false);
            setError(null);
          }}
        >
          {t.close.cancel}
        </button>
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={close.isPending}
        >
          {close.isPending ? t.close.saving : t.close.save}
        </button>
      </div>
    </form>
  );
}
