import type { OnboardingTotals, OrgKind, OrgOnboarding } from '@parta/shared';
import { useId, useMemo, useState } from 'react';
import { useT } from '../i18n/i18n';
import { linkHandler, paths } from '../router/router';
import { useMunicipalOnboarding } from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { FilterSelect, ProgressBar, QueryState } from './onboarding-ui';

/**
 * The district at a glance for municipal administrators and the authority
 * (`GET /api/v1/onboarding`): per organisation, staff with an account and
 * pupils with at least one connected parent; the district's totals (or one
 * kind's), a person counted once. Sortable by any column, filtered by kind;
 * each name opens that organisation's invitations (`?org=ID`). Below 700 px
 * the table is a stacked list and its headings a row of sort buttons.
 */

export type SortKey = 'name' | 'kind' | 'staff' | 'parents';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

const KIND_ORDER: readonly OrgKind[] = ['authority', 'general', 'additional', 'preschool'];
const COLUMNS: readonly SortKey[] = ['name', 'kind', 'staff', 'parents'];
const collator = new Intl.Collator('ru', { numeric: true, sensitivity: 'base' });

const shareOf = (n: number, total: number): number | null => (total > 0 ? n / total : null);

function sortValue(o: OrgOnboarding, key: 'staff' | 'parents'): number | null {
  return key === 'staff'
    ? shareOf(o.staffWithAccount, o.staff)
    : shareOf(o.pupilsWithConnectedParent, o.pupils);
}

/**
 * The order of the rows. Shares compare as fractions; an organisation with
 * nobody to count (no pupils, say) has no share and goes last either way.
 * Ties fall back to the kind's order, then to the name.
 */
export function compareOrgs(sort: Sort) {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byKind = (a: OrgOnboarding, b: OrgOnboarding) =>
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  const byName = (a: OrgOnboarding, b: OrgOnboarding) => collator.compare(a.name, b.name);
  return (a: OrgOnboarding, b: OrgOnboarding): number => {
    if (sort.key === 'name') return sign * byName(a, b);
    if (sort.key === 'kind') return sign * byKind(a, b) || byName(a, b);
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null)
      return x === y ? byKind(a, b) || byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byKind(a, b) || byName(a, b);
  };
}

/** A heading's first click sorts names and kinds А→Я and shares from the weakest; the next reverses. */
function nextSort(current: Sort, key: SortKey): Sort {
  return current.key === key
    ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' }
    : { key, dir: 'asc' };
}

export function DistrictOverview({
  manageable,
  onOpen,
}: {
  /** Organisations whose invitations the viewer may open; null: all of them. */
  manageable: ReadonlySet<number> | null;
  /** Called after a name is followed (the section brings that organisation into view). */
  onOpen?: (orgId: number) => void;
}) {
  const t = useOnboardingT();
  const app = useT();
  const titleId = useId();
  const overview = useMunicipalOnboarding(true);
  const [kind, setKind] = useState<OrgKind | ''>('');
  const [sort, setSort] = useState<Sort>({ key: 'kind', dir: 'asc' });
  const percent = useMemo(
    () => new Intl.NumberFormat(app.meta.locale, { style: 'percent', maximumFractionDigits: 0 }),
    [app.meta.locale],
  );
  const data = overview.data;
  const rows = useMemo(
    () => (data?.items ?? []).filter((o) => kind === '' || o.kind === kind).sort(compareOrgs(sort)),
    [data, kind, sort],
  );
  const totals: OnboardingTotals | undefined =
    kind === '' ? data?.totals : data?.kinds.find((k) => k.kind === kind);
  const share = (n: number, total: number) => t.district.share(n, total, percent.format(n / total));

  return (
    <section className="card onb-card onb-district" aria-labelledby={titleId}>
      <h3 id={titleId} className="card__title">
        {t.district.title}
      </h3>
      <p className="muted small">{t.district.lead}</p>
      <QueryState
        isPending={overview.isPending}
        error={overview.error}
        onRetry={() => void overview.refetch()}
      />
      {data && data.items.length === 0 ? <p className="muted">{t.district.empty}</p> : null}
      {data && data.items.length > 0 ? (
        <>
          <div className="onb-filters">
            <FilterSelect
              label={t.district.kindFilter}
              value={kind}
              allLabel={t.district.allKinds}
              options={data.kinds.map((k) => [k.kind, t.common.orgKinds[k.kind]] as const)}
              onChange={setKind}
            />
          </div>
          {totals ? (
            <div className="onb-district__totals">
              <h4 className="onb-subtitle">
                {kind === '' ? t.district.totals : t.district.totalsOf(t.common.orgKinds[kind])}
                <span className="muted onb-district__count">
                  {t.district.organizations(totals.organizations)}
                </span>
              </h4>
              <div className="onb-bars">
                <ProgressBar
                  value={totals.staffWithAccount}
                  max={totals.staff}
                  label={t.invitations.staffAccounts(totals.staffWithAccount, totals.staff)}
                />
                {totals.pupils > 0 ? (
                  <ProgressBar
                    value={totals.pupilsWithConnectedParent}
                    max={totals.pupils}
                    label={t.invitations.parentsConnected(
                      totals.pupilsWithConnectedParent,
                      totals.pupils,
                    )}
                  />
                ) : null}
              </div>
              <p className="muted small">{t.district.onceNote}</p>
            </div>
          ) : null}
          {rows.length === 0 ? (
            <p className="muted">{t.district.emptyFiltered}</p>
          ) : (
            <table className="onb-table onb-district-table">
              <caption className="visually-hidden">{t.district.caption}</caption>
              <thead>
                <tr data-sort-label={t.district.sortLabel}>
                  {COLUMNS.map((key) => {
                    const active = sort.key === key;
                    return (
                      <th
                        key={key}
                        scope="col"
                        aria-sort={
                          active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined
                        }
                      >
                        <button
                          type="button"
                          className="onb-sort"
                          onClick={() => setSort((current) => nextSort(current, key))}
                        >
                          {t.district.columns[key]}
                          <span className="onb-sort__mark" aria-hidden="true">
                            {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                          </span>
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {rows.map((o) => {
                  const href = paths.admin('invitations', { org: o.organizationId });
                  const open = manageable === null || manageable.has(o.organizationId);
                  return (
                    <tr key={o.organizationId}>
                      <th scope="row" className="onb-table__name">
                        {open ? (
                          <a
                            className="onb-district__link"
                            href={href}
                            onClick={linkHandler(href, () => onOpen?.(o.organizationId))}
                          >
                            {o.name}
                          </a>
                        ) : (
                          o.name
                        )}
                      </th>
                      <td data-label={t.district.columns.kind}>{t.district.kinds[o.kind]}</td>
                      <td data-label={t.district.columns.staff}>
                        {o.staff > 0 ? (
                          <ProgressBar
                            value={o.staffWithAccount}
                            max={o.staff}
                            label={share(o.staffWithAccount, o.staff)}
                          />
                        ) : (
                          <span className="muted">{t.district.noStaff}</span>
                        )}
                      </td>
                      <td data-label={t.district.columns.parents}>
                        {o.pupils > 0 ? (
                          <ProgressBar
                            value={o.pupilsWithConnectedParent}
                            max={o.pupils}
                            label={share(o.pupilsWithConnectedParent, o.pupils)}
                          />
                        ) : (
                          <span className="muted">{t.district.noPupils}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {kind !== '' ? (
            <p className="muted small" role="status">
              {t.district.shown(rows.length, data.items.length)}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
