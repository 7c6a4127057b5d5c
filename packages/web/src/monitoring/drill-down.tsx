import type { StaffDrillDown } from '@parta/shared';
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../api/client';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { Modal } from '../ui/modal';
import { useMonitoringT } from './messages';
import type { Formatters } from './use-format';

export function drillDownPath(orgId: number, week: string, threshold: number | null): string {
  const query = new URLSearchParams({ week });
  if (threshold !== null) query.set('threshold', String(threshold));
  return `/api/v1/monitoring/organizations/${orgId}/staff?${query.toString()}`;
}

/**
 * The staff of one organisation below the threshold in the week: names and
 * counts, never content. The server decides who may look (and audits each
 * look); a refusal is explained, not shown as a failure.
 */
export function DrillDown({
  orgId,
  orgName,
  week,
  threshold,
  range,
  onClose,
  f,
}: {
  orgId: number;
  /** Known from the report's table; the answer names it otherwise. */
  orgName: string | null;
  week: string;
  threshold: number | null;
  range: string;
  onClose: () => void;
  f: Formatters;
}) {
  const t = useMonitoringT();
  const app = useT();
  const staff = useQuery({
    queryKey: ['monitoring', 'staff', orgId, week, threshold],
    queryFn: ({ signal }) =>
      api.get<StaffDrillDown>(drillDownPath(orgId, week, threshold), { signal }),
    // A refusal or a missing organisation will not change by asking again.
    retry: false,
  });
  const name = orgName ?? staff.data?.organization.name ?? '';
  const refused = isApiError(staff.error) && staff.error.status === 403;
  const missing = isApiError(staff.error) && staff.error.status === 404;

  return (
    <Modal
      title={t.drill.title(name)}
      onClose={onClose}
      wide
      footer={
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t.drill.close}
        </button>
      }
    >
      <p className="muted">{range}</p>
      {staff.isPending ? (
        <p role="status" className="muted">
          <span className="spinner spinner--small" aria-hidden="true" /> {t.drill.loading}
        </p>
      ) : refused ? (
        <p className="note drill__refused" role="alert">
          {t.drill.forbidden}
        </p>
      ) : missing ? (
        <p className="note drill__refused" role="alert">
          {t.drill.notFound}
        </p>
      ) : staff.isError ? (
        <div className="form__error" role="alert">
          {errorMessage(staff.error, app)}{' '}
          <button type="button" className="link-button" onClick={() => void staff.refetch()}>
            {t.retry}
          </button>
        </div>
      ) : (
        <>
          <p>
            {staff.data.below.length === 0
              ? t.drill.none(staff.data.threshold)
              : t.drill.summary(staff.data.below.length, staff.data.staff, staff.data.threshold)}
          </p>
          {staff.data.below.length > 0 ? (
            // Its own scroller, reachable by keyboard, so a long list never makes the dialog scroll.
            <div
              className="drill__scroll"
              tabIndex={0}
              role="group"
              aria-label={t.drill.title(name)}
            >
              <table className="data-table data-table--compact drill__table">
                <thead>
                  <tr>
                    <th scope="col">{t.drill.columns.name}</th>
                    <th scope="col" className="num">
                      {t.drill.columns.messages}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {staff.data.below.map((person) => (
                    <tr key={person.personId}>
                      <th scope="row">
                        <span className="drill__name">{person.displayName}</span>
                        {person.titles.length > 0 ? (
                          <span className="drill__titles">{person.titles.join(', ')}</span>
                        ) : null}
                        {!person.registered ? (
                          <span className="badge badge--muted drill__badge">
                            {t.drill.notRegistered}
                          </span>
                        ) : null}
                      </th>
                      <td className="num">{f.count(person.messages)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <p className="field__hint">{t.drill.privacy}</p>
        </>
      )}
    </Modal>
  );
}
