import {
  ITEM_STATUSES,
  type ItemStatus,
  type Me,
  type Roadmap,
  type RoadmapSummary,
  type RoadmapTemplate,
} from '@parta/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/error-message';
import { useLanguage, useT } from '../i18n/i18n';
import { formatDay, today } from '../monitoring/format';
import { navigate, paths } from '../router/router';
import { useNow } from '../ui/use-now';
import { ItemCard, StatusBadge, TargetProgress } from './item-card';
import { useRoadmapT } from './messages';
import {
  isCalendarDate,
  parseRoadmapState,
  roadmapQuery,
  VIEWS,
  type RoadmapState,
  type View,
} from './params';
import { Timeline } from './timeline';
import './roadmap.css';

export interface RoadmapPageProps {
  me: Me;
  params: URLSearchParams;
}

/** Board columns, left to right: from not begun to done, the overdue ones before done. */
const COLUMNS: ItemStatus[] = ['not_started', 'in_progress', 'overdue', 'achieved'];

/** Changes roadmaps: the authority's staff and municipal administrators (roadmap.policy.ts). */
export function canManageRoadmaps(me: Me): boolean {
  return (
    me.person.positions.some((p) => p.role === 'authority_staff') ||
    me.adminRoles.some((r) => r.role === 'municipal_admin' || r.role === 'platform_admin')
  );
}

/** The roadmap's items: a board by status and a timeline, progress checked from live data. */
export default function RoadmapPage({ me, params }: RoadmapPageProps) {
  const t = useRoadmapT();
  const app = useT();
  const { language } = useLanguage();
  const now = useNow();
  const state = parseRoadmapState(params);
  const timeZone = me.municipality.timeZone;
  const todayLocal = today(now, timeZone);
  const asOf = state.asOf ?? todayLocal;
  const canManage = canManageRoadmaps(me);
  const go = (patch: Partial<Omit<RoadmapState, 'invalid'>>, replace = false) =>
    navigate(paths.roadmap(roadmapQuery({ ...state, ...patch })), { replace });

  const list = useQuery({
    queryKey: ['roadmap', 'list', asOf],
    queryFn: ({ signal }) =>
      api.get<{ items: RoadmapSummary[] }>(`/api/v1/roadmaps?asOf=${asOf}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const roadmaps = list.data?.items ?? [];
  const selectedId = state.id ?? roadmaps[0]?.id ?? null;
  const roadmap = useQuery({
    queryKey: ['roadmap', 'detail', selectedId, asOf],
    queryFn: ({ signal }) =>
      api.get<Roadmap>(`/api/v1/roadmaps/${selectedId}?asOf=${asOf}`, { signal }),
    enabled: selectedId !== null,
    placeholderData: keepPreviousData,
  });

  const failed = list.isError
    ? list.error
    : roadmap.isError && !roadmap.data
      ? roadmap.error
      : null;
  const data = roadmap.data;

  return (
    <section className="page roadmap" aria-labelledby="roadmap-title">
      <header className="roadmap__head">
        <h1 id="roadmap-title" className="page__title">
          {t.title}
        </h1>
        {roadmaps.length > 1 ? (
          <div className="field field--inline">
            <label htmlFor="roadmap-choice">{t.choose}</label>
            <select
              id="roadmap-choice"
              value={selectedId ?? ''}
              onChange={(event) => go({ id: Number(event.target.value) })}
            >
              {roadmaps.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </header>

      {state.invalid.length > 0 ? (
        <p className="note" role="status">
          {t.invalidParams(state.invalid.join(', '))}
        </p>
      ) : null}

      {failed ? (
        <div className="card" role="alert">
          <p>{t.loadFailed}</p>
          <p className="muted">{errorMessage(failed, app)}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => void (list.isError ? list.refetch() : roadmap.refetch())}
          >
            {t.retry}
          </button>
        </div>
      ) : list.isPending || (selectedId !== null && !data) ? (
        <div className="empty-state" role="status">
          <span className="spinner" aria-hidden="true" />
          <p>{t.loading}</p>
        </div>
      ) : selectedId === null || !data ? (
        <NoRoadmap canManage={canManage} onCreated={(id) => go({ id })} />
      ) : (
        <>
          <div className="roadmap__intro">
            <p className="roadmap__name">{data.title}</p>
            {data.dueDate ? (
              <p className="muted">{t.dueDate(formatDay(data.dueDate, language))}</p>
            ) : null}
            {data.description ? (
              <details className="roadmap__description">
                <summary>{t.description}</summary>
                <p>{data.description}</p>
              </details>
            ) : null}
          </div>

          <p className="roadmap__print-as-of">
            {t.asOf.label} {formatDay(data.asOf, language)}
          </p>
          <div className="roadmap__bar card">
            <AsOfForm
              asOf={asOf}
              isToday={state.asOf === null}
              onChange={(date) => go({ asOf: date === todayLocal ? null : date }, true)}
            />
            <ul className="roadmap__counts" aria-label={t.summary}>
              {ITEM_STATUSES.map((status) => (
                <li key={status}>
                  <StatusBadge status={status} />
                  <span className="roadmap__count">{data.counts[status]}</span>
                </li>
              ))}
            </ul>
          </div>

          {data.goals.length > 0 ? (
            <section className="roadmap__goals" aria-labelledby="roadmap-goals">
              <h2 id="roadmap-goals" className="roadmap__subtitle">
                {t.goals.title}
              </h2>
              <div className="roadmap__goal-list">
                {data.goals.map((goal) => (
                  <div key={goal.id} className={`card goal goal--${goal.status}`}>
                    <StatusBadge status={goal.status} />
                    <TargetProgress target={goal} />
                  </div>
                ))}
              </div>
            </section>
          ) : null}

          <ViewTabs view={state.view} onView={(view) => go({ view })} />

          <div
            id={`roadmap-panel-${state.view}`}
            role="tabpanel"
            aria-labelledby={`roadmap-tab-${state.view}`}
            className={`roadmap__panel${roadmap.isPlaceholderData ? ' roadmap__panel--stale' : ''}`}
          >
            {state.view === 'board' ? (
              <div className="board">
                {COLUMNS.map((status) => {
                  const items = data.items.filter((i) => i.status === status);
                  return (
                    <section
                      key={status}
                      className={`board__column board__column--${status}`}
                      aria-labelledby={`board-${status}`}
                    >
                      <h2 id={`board-${status}`} className="board__title">
                        {t.status[status]}
                        <span className="board__count">{t.counts(items.length)}</span>
                      </h2>
                      {items.length === 0 ? (
                        <p className="board__empty">{t.columnEmpty}</p>
                      ) : (
                        items.map((item) => (
                          <ItemCard
                            key={item.id}
                            item={item}
                            roadmapId={data.id}
                            canManage={canManage}
                            timeZone={timeZone}
                            asOf={data.asOf}
                            isToday={state.asOf === null}
                          />
                        ))
                      )}
                    </section>
                  );
                })}
              </div>
            ) : (
              <Timeline
                items={data.items}
                dueDate={data.dueDate}
                asOf={data.asOf}
                asOfIsToday={state.asOf === null}
              />
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** Board and timeline as tabs (arrow keys move between them); the choice is in the URL. */
function ViewTabs({ view, onView }: { view: View; onView: (view: View) => void }) {
  const t = useRoadmapT();
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const next = VIEWS[(VIEWS.indexOf(view) + 1) % VIEWS.length] ?? 'board';
    onView(next);
    document.getElementById(`roadmap-tab-${next}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={t.views.label} onKeyDown={onKeyDown}>
      {VIEWS.map((v) => (
        <button
          key={v}
          id={`roadmap-tab-${v}`}
          type="button"
          role="tab"
          className="tabs__tab"
          aria-selected={v === view}
          aria-controls={`roadmap-panel-${v}`}
          tabIndex={v === view ? 0 : -1}
          onClick={() => onView(v)}
        >
          {t.views[v]}
        </button>
      ))}
    </div>
  );
}

/** The date statuses are computed at: today by default, any day to look back. */
function AsOfForm({
  asOf,
  isToday,
  onChange,
}: {
  asOf: string;
  isToday: boolean;
  onChange: (date: string | null) => void;
}) {
  const t = useRoadmapT();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  // The field follows the URL (Back, «Today») without losing focus while one types.
  const [value, setValue] = useState(asOf);
  const [shown, setShown] = useState(asOf);
  if (shown !== asOf) {
    setShown(asOf);
    setValue(asOf);
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const raw = value.trim();
    const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw);
    const date = ru ? `${ru[3]}-${ru[2]?.padStart(2, '0')}-${ru[1]?.padStart(2, '0')}` : raw;
    if (!isCalendarDate(date)) return setError(t.asOf.invalid);
    setError(null);
    onChange(date);
  };
  return (
    <form className="as-of" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-date`}>{t.asOf.label}</label>
        <input
          id={`${id}-date`}
          name="asOf"
          type="date"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(event) => {
            setValue(event.target.value);
            if (isCalendarDate(event.target.value)) {
              setError(null);
              onChange(event.target.value);
            }
          }}
        />
      </div>
      {!isToday ? (
        <button type="button" className="button button--quiet" onClick={() => onChange(null)}>
          {t.asOf.today}
        </button>
      ) : null}
      <p id={`${id}-hint`} className="field__hint as-of__hint">
        {t.asOf.hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** No roadmap yet: the authority can start one from a template; others are told who does. */
function NoRoadmap({
  canManage,
  onCreated,
}: {
  canManage: boolean;
  onCreated: (id: number) => void;
}) {
  const t = useRoadmapT();
  const app = useT();
  const queryClient = useQueryClient();
  const templates = useQuery({
    queryKey: ['roadmap', 'templates'],
    queryFn: ({ signal }) =>
      api.get<{ items: RoadmapTemplate[] }>('/api/v1/roadmap-templates', { signal }),
    enabled: canManage,
  });
  const create = useMutation({
    mutationFn: (template: string) => api.post<Roadmap>('/api/v1/roadmaps', { template }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['roadmap'] });
      onCreated(created.id);
    },
  });
  return (
    <div className="empty-state">
      <p className="empty-state__title">{t.empty.title}</p>
      <p className="empty-state__hint">{t.empty.hint}</p>
      {canManage
        ? templates.data?.items.map((template) => (
            <button
              key={template.key}
              type="button"
              className="button button--primary"
              disabled={create.isPending}
              onClick={() => create.mutate(template.key)}
            >
              {create.isPending ? t.empty.creating : t.empty.fromTemplate(template.title)}
            </button>
          ))
        : null}
      {create.isError ? (
        <p className="field__error" role="alert">
          {errorMessage(create.error, app)}
        </p>
      ) : null}
    </div>
  );
}
