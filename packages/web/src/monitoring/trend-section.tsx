import { shiftIsoWeek, type Trend } from '@parta/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { linkHandler } from '../router/router';
import { useMonitoringT } from './messages';
import { TREND_SPANS, type TrendSpan } from './params';
import { DEFAULT_VISIBLE, SERIES, type SeriesKey } from './series';
import type { Formatters } from './use-format';

// ECharts (~150 KB) arrives only with the chart, after the numbers are on screen.
const TrendChart = lazy(() => import('./trend-chart'));

export function trendPath(week: string, span: TrendSpan, threshold: number | null): string {
  const query = new URLSearchParams({ from: shiftIsoWeek(week, -(span - 1)), to: week });
  if (threshold !== null) query.set('threshold', String(threshold));
  return `/api/v1/monitoring/trend?${query.toString()}`;
}

/** The weekly shares over a span of weeks ending with the selected one, as a chart and a table. */
export function TrendSection({
  week,
  span,
  threshold,
  effectiveThreshold,
  targetShare,
  weekHref,
  onSelectWeek,
  onSpan,
  f,
}: {
  week: string;
  span: TrendSpan;
  threshold: number | null;
  effectiveThreshold: number;
  targetShare: number;
  weekHref: (week: string) => string;
  onSelectWeek: (week: string) => void;
  onSpan: (span: TrendSpan) => void;
  f: Formatters;
}) {
  const t = useMonitoringT();
  const app = useT();
  const id = useId();
  const trend = useQuery({
    queryKey: ['monitoring', 'trend', week, span, threshold],
    queryFn: ({ signal }) => api.get<Trend>(trendPath(week, span, threshold), { signal }),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const points = useMemo(() => trend.data?.points ?? [], [trend.data]);

  const [visible, setVisible] = useState(DEFAULT_VISIBLE);
  const labels = useMemo(
    (): Record<SeriesKey, string> => ({
      pedagogical: t.trend.pedagogical,
      authority: t.trend.authority,
      substantive: t.trend.substantive,
      ...t.types,
      target: t.trend.target(f.share(targetShare)),
    }),
    [t, f, targetShare],
  );

  const summary = useMemo(() => {
    const shares = points.map((p) => p.pedagogical.share).filter((s): s is number => s !== null);
    const first = points[0];
    const last = points.at(-1);
    if (!first || !last || shares.length === 0) return t.trend.title;
    return t.trend.summary(
      effectiveThreshold,
      f.range(first.from, last.to),
      f.share(Math.min(...shares)),
      f.share(Math.max(...shares)),
      f.share(last.pedagogical.share),
    );
  }, [points, t, f, effectiveThreshold]);

  return (
    <section className="card trend" aria-labelledby={`${id}-title`}>
      <header className="section-head">
        <h2 id={`${id}-title`} className="section-head__title">
          {t.trend.title}
        </h2>
        <div className="field field--inline">
          <label htmlFor={`${id}-span`}>{t.trend.span}</label>
          <select
            id={`${id}-span`}
            value={span}
            onChange={(event) => onSpan(Number(event.target.value) as TrendSpan)}
          >
            {TREND_SPANS.map((n) => (
              <option key={n} value={n}>
                {t.trend.spans(n)}
              </option>
            ))}
          </select>
        </div>
      </header>

      {trend.isError && !trend.data ? (
        <div className="form__error" role="alert">
          {t.trend.failed} {errorMessage(trend.error, app)}{' '}
          <button type="button" className="link-button" onClick={() => void trend.refetch()}>
            {t.retry}
          </button>
        </div>
      ) : !trend.data ? (
        <p className="muted trend__placeholder" role="status">
          <span className="spinner spinner--small" aria-hidden="true" /> {t.trend.loading}
        </p>
      ) : (
        <>
          <div className="trend__scroll" tabIndex={0} role="group" aria-label={t.trend.title}>
            <Suspense
              fallback={
                <p className="muted trend__placeholder" role="status">
                  <span className="spinner spinner--small" aria-hidden="true" /> {t.trend.loading}
                </p>
              }
            >
              <TrendChart
                points={points}
                selectedWeek={week}
                targetShare={targetShare}
                labels={labels}
                visible={visible}
                language={f.language}
                ariaLabel={summary}
                onSelectWeek={onSelectWeek}
              />
            </Suspense>
          </div>
          <ul className="trend__legend" aria-label={t.trend.legend}>
            {SERIES.map(({ key, color, dashed }) => (
              <li key={key}>
                {key === 'target' ? (
                  <span className="trend__series">
                    <Swatch color={color} dashed={dashed} />
                    {labels[key]}
                  </span>
                ) : (
                  <button
                    type="button"
                    className="trend__series trend__toggle"
                    aria-pressed={visible[key]}
                    onClick={() => setVisible((v) => ({ ...v, [key]: !v[key] }))}
                  >
                    <Swatch color={color} dashed={dashed} />
                    {labels[key]}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <p className="field__hint trend__hint">{t.trend.hint}</p>
          <details className="trend__data">
            <summary>{t.trend.table}</summary>
            <div className="table-scroll" tabIndex={0} role="group" aria-label={t.trend.table}>
              <table className="data-table data-table--compact">
                <thead>
                  <tr>
                    <th scope="col">{t.trend.columns.week}</th>
                    <th scope="col" className="num">
                      {t.trend.columns.pedagogical}
                    </th>
                    <th scope="col" className="num">
                      {t.trend.columns.authority}
                    </th>
                    <th scope="col" className="num">
                      {t.trend.columns.substantive}
                    </th>
                    <th scope="col" className="num">
                      {t.trend.columns.parents}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...points].reverse().map((p) => (
                    <tr key={p.week} {...(p.week === week ? { 'aria-current': 'true' } : {})}>
                      <th scope="row">
                        <a href={weekHref(p.week)} onClick={linkHandler(weekHref(p.week))}>
                          {f.range(p.from, p.to)}
                        </a>
                      </th>
                      <td className="num">
                        {f.share(p.pedagogical.share)}{' '}
                        <span className="muted">({f.count(p.pedagogical.active)})</span>
                      </td>
                      <td className="num">
                        {f.share(p.authority.share)}{' '}
                        <span className="muted">({f.count(p.authority.active)})</span>
                      </td>
                      <td className="num">{f.share(p.substantiveShare)}</td>
                      <td className="num">{f.share(p.parentShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

/** A line's colour and style in the legend, from the same custom property the chart reads. */
function Swatch({ color, dashed }: { color: string; dashed: boolean }) {
  return (
    <span
      className={`trend__swatch${dashed ? ' trend__swatch--dashed' : ''}`}
      style={{ borderColor: `var(${color})` }}
      aria-hidden="true"
    />
  );
}
