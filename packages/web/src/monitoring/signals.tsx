import type { Distribution, FamilyIndicators, StaffIndicators, WeeklyReport } from '@parta/shared';
import { useId, type ReactNode } from 'react';
import { linkHandler } from '../router/router';
import { useMonitoringT, type MonitoringMessages } from './messages';
import type { Formatters } from './use-format';
import { ZoneBadge } from './zone';

const BUCKETS = [
  'none',
  'from1to4',
  'from5to9',
  'from10to19',
  'from20',
] as const satisfies readonly (keyof Distribution)[];

/** A number with its name and an optional line of explanation. */
function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="stat">
      <dt className="stat__label">{label}</dt>
      <dd className="stat__value">{value}</dd>
      {hint ? <dd className="stat__hint">{hint}</dd> : null}
    </div>
  );
}

/** How many people wrote 0, 1–4, 5–9, 10–19 and 20+ messages: a stacked bar with its legend in words. */
function DistributionBar({
  title,
  indicators,
  who,
  f,
}: {
  title: string;
  indicators: StaffIndicators;
  who: MonitoringMessages['counts']['teachers'];
  f: Formatters;
}) {
  const t = useMonitoringT();
  const total = BUCKETS.reduce((sum, key) => sum + indicators.distribution[key], 0);
  return (
    <figure className="distribution">
      <figcaption className="distribution__title">{t.signals.distributionOf(title)}</figcaption>
      <div className="distribution__bar" aria-hidden="true">
        {BUCKETS.map((key) =>
          indicators.distribution[key] > 0 ? (
            <span
              key={key}
              className={`distribution__part distribution__part--${key}`}
              style={{ flexGrow: indicators.distribution[key] }}
            />
          ) : null,
        )}
      </div>
      <ul className="distribution__legend">
        {BUCKETS.map((key) => {
          const n = indicators.distribution[key];
          return (
            <li key={key}>
              <span
                className={`distribution__swatch distribution__part--${key}`}
                aria-hidden="true"
              />
              <span className="distribution__bucket">{t.signals.buckets[key]}</span>
              <span className="distribution__count">
                {who(n, f.count(n))}
                {total > 0 ? <span className="muted"> · {f.share(n / total)}</span> : null}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/**
 * Beside the formal count: how people write (distribution, substantive share,
 * replies, conversations with parents) and the network communities.
 */
export function SignalsSection({ report, f }: { report: WeeklyReport; f: Formatters }) {
  const t = useMonitoringT();
  const id = useId();
  const ped = report.totals.pedagogical;
  const communities = report.totals.communities;
  return (
    <section className="card signals" aria-labelledby={`${id}-title`}>
      <header className="section-head">
        <h2 id={`${id}-title`} className="section-head__title">
          {t.signals.title}
        </h2>
        <p className="field__hint">{t.signals.hint}</p>
      </header>
      <div className="signals__grid">
        <DistributionBar title={t.kpi.pedagogical} indicators={ped} who={t.counts.teachers} f={f} />
        <DistributionBar
          title={t.kpi.authority}
          indicators={report.totals.authority}
          who={t.counts.staff}
          f={f}
        />
      </div>
      <dl className="stats">
        <Stat
          label={t.signals.substantive}
          value={
            <>
              {f.share(ped.substantiveShare)}{' '}
              <span className="muted">
                {t.signals.substantiveOf(
                  f.count(ped.substantive),
                  ped.messages,
                  f.count(ped.messages),
                )}
              </span>
            </>
          }
          hint={t.signals.substantiveHint}
        />
        <Stat
          label={t.signals.replies}
          value={t.counts.replies(ped.repliesReceived, f.count(ped.repliesReceived))}
          hint={t.signals.repliesHint}
        />
        <Stat
          label={t.signals.parents}
          value={t.counts.messages(ped.parentConversation, f.count(ped.parentConversation))}
          hint={t.signals.parentsHint}
        />
      </dl>
      <h3 className="subhead">{t.signals.communities}</h3>
      {communities.available ? (
        <dl className="stats stats--compact">
          {(Object.keys(communities.byKind) as (keyof typeof communities.byKind)[]).map((kind) => (
            <Stat
              key={kind}
              label={t.signals.communityKinds[kind]}
              value={t.counts.communities(
                communities.byKind[kind],
                f.count(communities.byKind[kind]),
              )}
            />
          ))}
          <Stat
            label={t.signals.headsConnected}
            value={t.counts.people(communities.headsConnected, f.count(communities.headsConnected))}
          />
          <Stat
            label={t.signals.deputiesConnected}
            value={t.counts.people(
              communities.deputiesConnected,
              f.count(communities.deputiesConnected),
            )}
          />
        </dl>
      ) : (
        <p className="muted">{t.signals.noCommunities}</p>
      )}
    </section>
  );
}

/** The organisations with the lowest share, weakest first (the authority's view only). */
export function WeakestSection({
  report,
  orgHref,
  f,
}: {
  report: WeeklyReport;
  orgHref: (orgId: number) => string | null;
  f: Formatters;
}) {
  const t = useMonitoringT();
  const id = useId();
  return (
    <section className="card weakest" aria-labelledby={`${id}-title`}>
      <header className="section-head">
        <h2 id={`${id}-title`} className="section-head__title">
          {t.weakest.title}
        </h2>
        <p className="field__hint">{t.weakest.hint(report.threshold)}</p>
      </header>
      {report.weakest.length === 0 ? (
        <p className="muted">{t.weakest.none}</p>
      ) : (
        <ol className="weakest__list">
          {report.weakest.map((org) => {
            const href = orgHref(org.id);
            return (
              <li key={org.id} className="weakest__item">
                <span className="weakest__row">
                  <span className="weakest__name">
                    {href ? (
                      <a href={href} onClick={linkHandler(href)}>
                        {org.name}
                      </a>
                    ) : (
                      org.name
                    )}
                  </span>
                  <span className="weakest__share">{f.share(org.share)}</span>
                  <ZoneBadge zone={org.zone} short />
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function FamilyStats({ families, f }: { families: FamilyIndicators; f: Formatters }) {
  const t = useMonitoringT();
  const pupils = families.pupilsBaseline > 0 ? families.pupilsBaseline : families.pupils;
  return (
    <dl className="stats">
      <Stat
        label={t.families.parentShare}
        value={
          <>
            {f.share(families.parentShare)}{' '}
            <span className="muted">
              {t.families.parentShareOf(
                f.count(families.pupilsWithConnectedParent),
                pupils,
                f.count(pupils),
              )}
            </span>
          </>
        }
      />
      <Stat
        label={t.families.parentsConnected}
        value={t.counts.parents(families.parentsConnected, f.count(families.parentsConnected))}
      />
      <Stat
        label={t.families.parentsActive}
        value={t.counts.parents(families.parentsActive, f.count(families.parentsActive))}
      />
      <Stat
        label={t.families.pupilsConnected}
        value={t.counts.pupils(families.pupilsConnected, f.count(families.pupilsConnected))}
      />
      <Stat
        label={t.families.pupilsActive}
        value={t.counts.pupils(families.pupilsActive, f.count(families.pupilsActive))}
      />
    </dl>
  );
}

/** Parents and pupils connected: the district (or the viewer's scope) and each organisation with pupils. */
export function FamiliesSection({ report, f }: { report: WeeklyReport; f: Formatters }) {
  const t = useMonitoringT();
  const id = useId();
  const rows = report.organizations.filter((o) => o.families.pupils > 0);
  return (
    <section className="card families" aria-labelledby={`${id}-title`}>
      <header className="section-head">
        <h2 id={`${id}-title`} className="section-head__title">
          {t.families.title}
        </h2>
      </header>
      <FamilyStats families={report.totals.families} f={f} />
      {rows.length > 0 ? (
        <details className="families__details" open={rows.length <= 3}>
          <summary>{t.families.byOrganization}</summary>
          <div
            className="table-scroll"
            tabIndex={0}
            role="group"
            aria-label={t.families.byOrganization}
          >
            <table className="data-table data-table--compact">
              <thead>
                <tr>
                  <th scope="col">{t.families.columns.name}</th>
                  <th scope="col" className="num">
                    {t.families.columns.pupils}
                  </th>
                  <th scope="col" className="num">
                    {t.families.columns.withParent}
                  </th>
                  <th scope="col" className="num">
                    {t.families.columns.share}
                  </th>
                  <th scope="col" className="num">
                    {t.families.columns.parentsActive}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">{row.shortName ?? row.name}</th>
                    <td className="num">{f.count(row.families.pupils)}</td>
                    <td className="num">{f.count(row.families.pupilsWithConnectedParent)}</td>
                    <td className="num">{f.share(row.families.parentShare)}</td>
                    <td className="num">{f.count(row.families.parentsActive)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </section>
  );
}

/** Counts imported from another messenger, never mixed with Parta's own. */
export function ImportedSection({ report, f }: { report: WeeklyReport; f: Formatters }) {
  const t = useMonitoringT();
  const id = useId();
  const imported = report.imported;
  if (imported.people === 0) return null;
  return (
    <section className="card imported" aria-labelledby={`${id}-title`}>
      <header className="section-head">
        <h2 id={`${id}-title`} className="section-head__title">
          {t.imported.title}
        </h2>
        <p className="field__hint">{t.imported.hint}</p>
      </header>
      <dl className="stats">
        <Stat
          label={t.imported.people}
          value={t.counts.people(imported.people, f.count(imported.people))}
        />
        <Stat
          label={t.imported.pedagogical(report.threshold)}
          value={
            <>
              {f.share(imported.pedagogical.share)}{' '}
              <span className="muted">
                {t.counts.teachers(
                  imported.pedagogical.active,
                  f.count(imported.pedagogical.active),
                )}
              </span>
            </>
          }
        />
        <Stat
          label={t.imported.authority(report.threshold)}
          value={
            <>
              {f.share(imported.authority.share)}{' '}
              <span className="muted">
                {t.counts.staff(imported.authority.active, f.count(imported.authority.active))}
              </span>
            </>
          }
        />
        {imported.byType.map((row) => (
          <Stat
            key={row.type}
            label={t.types[row.type]}
            value={
              <>
                {f.share(row.share)}{' '}
                <span className="muted">{t.counts.teachers(row.active, f.count(row.active))}</span>
              </>
            }
          />
        ))}
      </dl>
    </section>
  );
}
