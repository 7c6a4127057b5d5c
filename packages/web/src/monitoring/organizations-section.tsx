import type { OrganizationRow, WeeklyReport } from '@parta/shared';
import { useId, useMemo } from 'react';
import { linkHandler } from '../router/router';
import { trendOf } from './format';
import { useMonitoringT } from './messages';
import { filterRows, sortRows } from './organizations';
import {
  defaultDir,
  ORG_TYPES,
  ZONE_FILTERS,
  type MonitoringState,
  type OrgType,
  type SortKey,
  type ZoneFilter,
} from './params';
import type { Formatters } from './use-format';
import { TrendArrow, ZoneBadge } from './zone';

type Patch = Partial<Omit<MonitoringState, 'invalid'>>;

/** Columns in the order shown; `num` ones are right-aligned numbers. */
const COLUMNS: { key: SortKey; num: boolean }[] = [
  { key: 'name', num: false },
  { key: 'type', num: false },
  { key: 'baseline', num: true },
  { key: 'registered', num: true },
  { key: 'active', num: true },
  { key: 'share', num: true },
  { key: 'change', num: true },
  { key: 'substantive', num: true },
  { key: 'zone', num: false },
];

/**
 * Every organisation of the viewer's scope with its zone: sortable by each
 * column, filtered by type, zone and name. On phones each row is a card.
 */
export function OrganizationsSection({
  report,
  state,
  range,
  onChange,
  drillHref,
  canDrill,
  f,
}: {
  report: WeeklyReport;
  state: MonitoringState;
  range: string;
  onChange: (patch: Patch, options?: { replace?: boolean }) => void;
  drillHref: (orgId: number) => string;
  canDrill: (orgId: number) => boolean;
  f: Formatters;
}) {
  const t = useMonitoringT();
  const id = useId();
  const total = report.organizations.length;
  const rows = useMemo(
    () =>
      sortRows(
        filterRows(report.organizations, { type: state.type, zone: state.zone, q: state.q }),
        state.sort,
        state.dir,
      ),
    [report.organizations, state.type, state.zone, state.q, state.sort, state.dir],
  );
  const filtered = state.type !== null || state.zone !== null || state.q.trim() !== '';
  const showFilters = total > 3 || filtered;
  const label = (key: SortKey) =>
    key === 'active' ? t.table.activeColumn(report.threshold) : t.table.columns[key];

  const sortBy = (key: SortKey) =>
    onChange({
      sort: key,
      dir: state.sort === key ? (state.dir === 'asc' ? 'desc' : 'asc') : defaultDir(key),
    });

  return (
    <section className="card orgs" aria-labelledby={`${id}-title`}>
      <header className="section-head">
        <h2 id={`${id}-title`} className="section-head__title">
          {t.table.title}
        </h2>
        <p className="field__hint">
          {t.zonesLegend(f.share(report.zones.redBelow), f.share(report.zones.yellowBelow))}
        </p>
      </header>
      {report.scope === 'organizations' ? <p className="note">{t.ownScope}</p> : null}

      {showFilters ? (
        <div className="orgs__filters" role="search" aria-label={t.table.filters}>
          <div className="field">
            <label htmlFor={`${id}-type`}>{t.table.typeLabel}</label>
            <select
              id={`${id}-type`}
              value={state.type ?? ''}
              onChange={(event) =>
                onChange({ type: (event.target.value || null) as OrgType | null })
              }
            >
              <option value="">{t.table.typeAll}</option>
              {ORG_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t.types[type]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-zone`}>{t.table.zoneLabel}</label>
            <select
              id={`${id}-zone`}
              value={state.zone ?? ''}
              onChange={(event) =>
                onChange({ zone: (event.target.value || null) as ZoneFilter | null })
              }
            >
              <option value="">{t.table.zoneAll}</option>
              {ZONE_FILTERS.map((zone) => (
                <option key={zone} value={zone}>
                  {t.zones[zone]}
                </option>
              ))}
            </select>
          </div>
          <div className="field orgs__search">
            <label htmlFor={`${id}-q`}>{t.table.search}</label>
            <input
              id={`${id}-q`}
              type="search"
              value={state.q}
              maxLength={200}
              placeholder={t.table.searchPlaceholder}
              autoComplete="off"
              onChange={(event) => onChange({ q: event.target.value }, { replace: true })}
            />
          </div>
          {filtered ? (
            <button
              type="button"
              className="button button--quiet orgs__reset"
              onClick={() => onChange({ type: null, zone: null, q: '' })}
            >
              {t.table.resetFilters}
            </button>
          ) : null}
        </div>
      ) : null}

      <p className="muted orgs__count" role="status" aria-live="polite">
        {t.table.shown(rows.length, total)}
      </p>

      {rows.length === 0 ? (
        <p className="empty-state__hint orgs__empty">{t.table.empty}</p>
      ) : (
        <div
          className="table-scroll orgs__scroll"
          tabIndex={0}
          role="group"
          aria-label={t.table.caption(range)}
        >
          <table className="data-table orgs__table">
            <caption className="visually-hidden">{t.table.caption(range)}</caption>
            <thead>
              <tr>
                {COLUMNS.map(({ key, num }) => (
                  <th
                    key={key}
                    scope="col"
                    className={num ? 'num' : undefined}
                    {...(state.sort === key
                      ? { 'aria-sort': state.dir === 'asc' ? 'ascending' : 'descending' }
                      : {})}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => sortBy(key)}
                      title={t.table.sortBy(label(key))}
                    >
                      {label(key)}
                      <span className="sort-button__mark" aria-hidden="true">
                        {state.sort === key ? (state.dir === 'asc' ? '↑' : '↓') : '↕'}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <OrganizationRowView
                  key={row.id}
                  row={row}
                  label={label}
                  drillHref={canDrill(row.id) ? drillHref(row.id) : null}
                  f={f}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function OrganizationRowView({
  row,
  label,
  drillHref,
  f,
}: {
  row: OrganizationRow;
  label: (key: SortKey) => string;
  drillHref: string | null;
  f: Formatters;
}) {
  const t = useMonitoringT();
  const name = row.shortName ?? row.name;
  const change = row.activeChange;
  const trend = trendOf(change);
  return (
    <tr className={`orgs__row orgs__row--${row.zone ?? 'none'}`}>
      <th scope="row" className="orgs__name" data-label={label('name')}>
        <span className="orgs__title" title={row.name}>
          {name}
        </span>
        {drillHref ? (
          <a
            className="orgs__drill"
            href={drillHref}
            onClick={linkHandler(drillHref)}
            aria-label={t.table.drillLabel(name)}
          >
            {t.table.drill}
          </a>
        ) : null}
      </th>
      <td data-label={label('type')}>{t.type[row.type]}</td>
      <td className="num" data-label={label('baseline')}>
        {f.count(row.baseline)}
      </td>
      <td className="num" data-label={label('registered')}>
        {f.count(row.registered)}
      </td>
      <td className="num" data-label={label('active')}>
        {f.count(row.active)}
      </td>
      <td className="num" data-label={label('share')}>
        <span className="share-cell">
          <span className="share-cell__bar" aria-hidden="true">
            <span style={{ width: `${Math.min(1, row.share ?? 0) * 100}%` }} />
          </span>
          {f.share(row.share)}
        </span>
      </td>
      <td className="num" data-label={label('change')}>
        {change === null ? (
          '—'
        ) : (
          <span className={`change change--${trend}`}>
            <TrendArrow trend={trend} />
            <span className="visually-hidden">{t.kpi.trend[trend]}: </span>
            {f.change(change)}
          </span>
        )}
      </td>
      <td className="num" data-label={label('substantive')}>
        {f.share(row.substantiveShare)}
      </td>
      <td data-label={label('zone')}>
        <ZoneBadge zone={row.zone} short />
      </td>
    </tr>
  );
}
