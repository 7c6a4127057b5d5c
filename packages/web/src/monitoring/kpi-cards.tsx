import type { StaffIndicators, WeeklyReport } from '@parta/shared';
import { useId } from 'react';
import { trendOf } from './format';
import { useMonitoringT, type MonitoringMessages } from './messages';
import { zoneOf } from './organizations';
import type { Formatters } from './use-format';
import { TrendArrow, ZoneBadge } from './zone';

interface Change {
  active: number;
  share: number | null;
}

/** The two targets of the roadmap: teachers and the authority's staff who wrote ≥ N messages. */
export function KpiCards({
  report,
  previousRange,
  f,
}: {
  report: WeeklyReport;
  /** The previous week's dates, when the report compares with it. */
  previousRange: string | null;
  f: Formatters;
}) {
  const t = useMonitoringT();
  const change = report.change;
  return (
    <section className="kpis" aria-label={t.kpi.label}>
      <KpiCard
        title={t.kpi.pedagogical}
        indicators={report.totals.pedagogical}
        report={report}
        who={t.counts.teachers}
        change={
          change ? { active: change.pedagogicalActive, share: change.pedagogicalShare } : null
        }
        previousRange={previousRange}
        f={f}
      />
      <KpiCard
        title={t.kpi.authority}
        indicators={report.totals.authority}
        report={report}
        who={t.counts.staff}
        change={change ? { active: change.authorityActive, share: change.authorityShare } : null}
        previousRange={previousRange}
        f={f}
      />
    </section>
  );
}

function KpiCard({
  title,
  indicators,
  report,
  who,
  change,
  previousRange,
  f,
}: {
  title: string;
  indicators: StaffIndicators;
  report: WeeklyReport;
  who: MonitoringMessages['counts']['teachers'];
  change: Change | null;
  previousRange: string | null;
  f: Formatters;
}) {
  const t = useMonitoringT();
  const id = useId();
  const target = f.share(report.zones.targetShare);
  const share = indicators.share;
  const ofTarget =
    share === null ? 0 : Math.min(1, share / Math.max(report.zones.targetShare, 0.0001));
  // Less than 0.05 p.p. reads as «0» and is shown flat.
  const trend = !change
    ? 'flat'
    : change.share !== null
      ? trendOf(change.share, 0.0005)
      : trendOf(change.active);

  return (
    <article className="kpi card" aria-labelledby={`${id}-title`}>
      <header className="kpi__head">
        <h2 id={`${id}-title`} className="kpi__title">
          {title}
        </h2>
        <ZoneBadge zone={zoneOf(share, report.zones)} />
      </header>
      <p className="kpi__criterion">{t.kpi.criterion(report.threshold)}</p>
      <p className="kpi__value">
        <span className="kpi__number">{f.share(share)}</span>
        <span className="kpi__unit">{t.kpi.ofBaseline(target)}</span>
      </p>
      <div className="kpi__bar" aria-hidden="true">
        <span className="kpi__fill" style={{ width: `${ofTarget * 100}%` }} />
      </div>
      <p className="visually-hidden">{t.kpi.progress(f.share(share), target)}</p>
      <ul className="kpi__facts">
        <li>{t.kpi.wrote(who(indicators.active, f.count(indicators.active)))}</li>
        <li>{t.kpi.baseline(f.count(indicators.baseline))}</li>
        <li>{t.kpi.registered(f.count(indicators.registered))}</li>
        {indicators.shareOfRegistered !== null ? (
          <li>{t.kpi.ofRegistered(f.share(indicators.shareOfRegistered))}</li>
        ) : null}
      </ul>
      {change ? (
        <p className={`kpi__change kpi__change--${trend}`}>
          <TrendArrow trend={trend} />
          <span className="visually-hidden">{t.kpi.trend[trend]}: </span>
          <span>
            {t.kpi.change(
              change.share === null ? '—' : f.points(change.share),
              who(change.active, f.change(change.active)),
            )}
          </span>
          {previousRange ? <span className="kpi__since">{t.kpi.since(previousRange)}</span> : null}
        </p>
      ) : (
        <p className="kpi__change muted">{t.kpi.noPrevious}</p>
      )}
    </article>
  );
}
