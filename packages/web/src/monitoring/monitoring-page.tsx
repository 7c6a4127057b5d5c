import { type Me, type MonitoringSettings, type WeeklyReport } from '@parta/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { linkHandler, navigate, paths } from '../router/router';
import { useNow } from '../ui/use-now';
import { DrillDown } from './drill-down';
import { currentWeek, lastClosedWeek, weekDays } from './format';
import { KpiCards } from './kpi-cards';
import { useMonitoringT } from './messages';
import { OrganizationsSection } from './organizations-section';
import { parseState, stateQuery, type MonitoringState } from './params';
import { FamiliesSection, ImportedSection, SignalsSection, WeakestSection } from './signals';
import { ExportLinks, ThresholdForm, WeekPicker, WeekStatus, weeklyPath } from './toolbar';
import { TrendSection } from './trend-section';
import { useFormat } from './use-format';
import './monitoring.css';

export interface MonitoringPageProps {
  me: Me;
  params: URLSearchParams;
}

type Patch = Partial<Omit<MonitoringState, 'invalid'>>;

const LEADS = new Set(['head', 'deputy']);

/** The weekly indicators: KPI cards, the trend, organisations by zone, drill-down, exports. */
export default function MonitoringPage({ me, params }: MonitoringPageProps) {
  const t = useMonitoringT();
  const app = useT();
  const f = useFormat();
  const now = useNow();
  const timeZone = me.municipality.timeZone;
  const parsed = useMemo(() => parseState(params), [params]);
  const latest = lastClosedWeek(now, timeZone);
  const running = currentWeek(now, timeZone);
  // A week that has not begun cannot be reported: fall back to the default and say so.
  const future = parsed.week !== null && parsed.week > running;
  const state: MonitoringState = future ? { ...parsed, week: null } : parsed;
  const week = state.week ?? latest;
  const { from, to } = weekDays(week);
  const range = f.range(from, to);

  const href = (patch: Patch) => paths.monitoring(stateQuery({ ...state, ...patch }));
  const update = (patch: Patch, options: { replace?: boolean } = {}) =>
    navigate(href(patch), options);
  // Changing the week keeps the filters but closes an open drill-down.
  const weekHref = (w: string) => href({ week: w === latest ? null : w, org: null });

  const settings = useQuery({
    queryKey: ['monitoring', 'settings'],
    queryFn: ({ signal }) => api.get<MonitoringSettings>('/api/v1/monitoring/settings', { signal }),
    staleTime: 10 * 60_000,
  });
  const report = useQuery({
    queryKey: ['monitoring', 'weekly', week, state.threshold],
    queryFn: ({ signal }) => api.get<WeeklyReport>(weeklyPath(week, state.threshold), { signal }),
    placeholderData: keepPreviousData,
    // A running week changes while one looks at it; a closed one hardly ever.
    staleTime: week >= running ? 60_000 : 5 * 60_000,
    refetchInterval: week >= running ? 5 * 60_000 : false,
  });
  const data = report.data;
  const stale = report.isPlaceholderData;
  const effectiveThreshold = state.threshold ?? data?.threshold ?? settings.data?.threshold ?? 10;

  const ownLeadOrgs = useMemo(
    () =>
      new Set(me.person.positions.filter((p) => LEADS.has(p.role)).map((p) => p.organizationId)),
    [me],
  );
  const canDrill = (orgId: number) => data?.scope === 'municipality' || ownLeadOrgs.has(orgId);
  const drillHref = (orgId: number) => href({ org: orgId });
  const drillOrg = data?.organizations.find((o) => o.id === state.org) ?? null;

  const silent = data
    ? data.totals.pedagogical.messages === 0 && data.totals.authority.messages === 0
    : false;
  const lastActive = settings.data?.lastActiveWeek ?? null;
  const notices = [
    ...(state.invalid.length > 0 ? [t.invalidParams(state.invalid.join(', '))] : []),
    ...(future ? [t.futureWeek] : []),
  ];

  return (
    <section className="page monitoring" aria-labelledby="monitoring-title" aria-busy={stale}>
      <header className="monitoring__head">
        <div className="monitoring__heading">
          <h1 id="monitoring-title" className="page__title">
            {t.title}
          </h1>
          <p className="muted monitoring__municipality">{me.municipality.name}</p>
        </div>
        <button
          type="button"
          className="button button--quiet monitoring__print"
          onClick={() => window.print()}
        >
          {t.print}
        </button>
      </header>

      {notices.map((notice) => (
        <p key={notice} className="note monitoring__notice" role="status">
          {notice}
        </p>
      ))}

      <div className="monitoring__bar card">
        <WeekPicker
          week={week}
          latest={latest}
          running={running}
          weekHref={weekHref}
          onWeek={(w) => navigate(weekHref(w))}
          f={f}
        />
        <ThresholdForm
          value={state.threshold}
          fallback={settings.data?.threshold ?? null}
          onApply={(threshold) => update({ threshold, org: null })}
        />
        <ExportLinks week={week} threshold={state.threshold} range={range} />
      </div>

      {data ? <WeekStatus report={data} f={f} /> : null}

      {report.isError && !data ? (
        <div className="card monitoring__error" role="alert">
          <p>{t.loadFailed}</p>
          <p className="muted">{errorMessage(report.error, app)}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => void report.refetch()}
          >
            {t.retry}
          </button>
        </div>
      ) : !data ? (
        <div className="empty-state" role="status">
          <span className="spinner" aria-hidden="true" />
          <p>{t.loading}</p>
        </div>
      ) : (
        <div className={`monitoring__body${stale ? ' monitoring__body--stale' : ''}`}>
          {silent ? (
            <p className="note monitoring__notice">
              {t.noActivity}
              {lastActive && lastActive !== week ? (
                <>
                  {' '}
                  <a href={weekHref(lastActive)} onClick={linkHandler(weekHref(lastActive))}>
                    {t.lastActiveWeek(f.range(weekDays(lastActive).from, weekDays(lastActive).to))}
                  </a>
                </>
              ) : null}
            </p>
          ) : null}
          <div className="monitoring__top">
            <KpiCards
              report={data}
              previousRange={
                data.change
                  ? f.range(
                      weekDays(data.change.previousWeek).from,
                      weekDays(data.change.previousWeek).to,
                    )
                  : null
              }
              f={f}
            />
            {data.scope === 'municipality' ? (
              <WeakestSection
                report={data}
                orgHref={(orgId) => (canDrill(orgId) ? drillHref(orgId) : null)}
                f={f}
              />
            ) : null}
          </div>
          <TrendSection
            week={week}
            span={state.span}
            threshold={state.threshold}
            effectiveThreshold={effectiveThreshold}
            targetShare={data.zones.targetShare}
            weekHref={weekHref}
            onSelectWeek={(w) => navigate(weekHref(w > running ? running : w))}
            onSpan={(span) => update({ span }, { replace: true })}
            f={f}
          />
          <OrganizationsSection
            report={data}
            state={state}
            range={range}
            onChange={update}
            drillHref={drillHref}
            canDrill={canDrill}
            f={f}
          />
          <SignalsSection report={data} f={f} />
          <FamiliesSection report={data} f={f} />
          <ImportedSection report={data} f={f} />
        </div>
      )}

      {state.org !== null ? (
        <DrillDown
          orgId={state.org}
          orgName={drillOrg ? (drillOrg.shortName ?? drillOrg.name) : null}
          week={week}
          threshold={state.threshold}
          range={range}
          onClose={() => navigate(href({ org: null }), { replace: true })}
          f={f}
        />
      ) : null}
    </section>
  );
}
