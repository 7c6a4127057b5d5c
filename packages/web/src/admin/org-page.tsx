import {
  BASELINE_CATEGORIES,
  type Baseline,
  type BaselineCategory,
  type Me,
  type OrganizationDetails,
} from '@parta/shared';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { linkHandler, paths } from '../router/router';
import {
  adminScope,
  canManageOrg,
  setBaselines,
  useBaselines,
  useInvalidateAdmin,
  useOrganization,
} from './admin-api';
import { useAdminT } from './messages';
import { OrgForm } from './org-form';
import {
  LoadError,
  Loading,
  orgLabel,
  TextField,
  useDates,
  useFieldErrors,
  FormFooter,
} from './org-ui';

/** One organisation: its details, counts, headcount baselines and where to go next. */
export function OrgPage({ me, orgId, onBack }: { me: Me; orgId: number; onBack?: () => void }) {
  const t = useAdminT();
  const scope = useMemo(() => adminScope(me), [me]);
  const manage = canManageOrg(scope, orgId);
  const authorityStaff = me.person.positions.some((p) => p.role === 'authority_staff');
  const org = useOrganization(orgId);
  const [editing, setEditing] = useState(false);

  if (org.isPending) return <Loading />;
  if (org.isError) return <LoadError error={org.error} onRetry={() => void org.refetch()} />;
  const o = org.data;
  const link = (section: 'people' | 'classes' | 'import') => paths.admin(section, { org: o.id });

  return (
    <article className="org-page" aria-labelledby="org-page-title">
      {onBack ? (
        <button type="button" className="link-button admin-back" onClick={onBack}>
          ← {t.orgs.backToList}
        </button>
      ) : null}
      <header className="admin-head">
        <div>
          <h2 id="org-page-title" className="admin-head__title">
            {orgLabel(o)}
          </h2>
          {o.shortName ? <p className="muted">{o.name}</p> : null}
          <p className="admin-head__meta">
            <span className="tag">{t.orgKinds[o.kind]}</span>
            {o.archivedAt ? <span className="tag tag--muted">{t.orgs.archived}</span> : null}
            {o.externalId ? (
              <span className="muted small">
                {t.orgs.externalId}: {o.externalId}
              </span>
            ) : null}
          </p>
        </div>
        {manage ? (
          <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
            {t.common.edit}
          </button>
        ) : null}
      </header>

      {o.counts ? (
        <dl className="stat-tiles">
          <div className="stat-tile">
            <dt>{t.orgs.countStaff}</dt>
            <dd>{o.counts.staff}</dd>
          </div>
          <div className="stat-tile">
            <dt>{t.orgs.countPedagogical}</dt>
            <dd>{o.counts.pedagogical}</dd>
          </div>
          {o.kind !== 'authority' ? (
            <>
              <div className="stat-tile">
                <dt>{t.orgs.countPupils}</dt>
                <dd>{o.counts.pupils}</dd>
              </div>
              <div className="stat-tile">
                <dt>{t.orgs.countClasses}</dt>
                <dd>{o.counts.classes}</dd>
              </div>
            </>
          ) : null}
        </dl>
      ) : null}

      <nav className="admin-links" aria-label={t.orgs.goTo}>
        {manage ? (
          <a
            className="button button--quiet"
            href={link('people')}
            onClick={linkHandler(link('people'))}
          >
            {t.sections.people}
          </a>
        ) : null}
        {o.kind !== 'authority' ? (
          <a
            className="button button--quiet"
            href={link('classes')}
            onClick={linkHandler(link('classes'))}
          >
            {t.sections.classes}
          </a>
        ) : null}
        {manage && !o.archivedAt ? (
          <a
            className="button button--quiet"
            href={link('import')}
            onClick={linkHandler(link('import'))}
          >
            {t.sections.import}
          </a>
        ) : null}
      </nav>

      {manage || authorityStaff ? (
        <BaselinesCard me={me} org={o} canWrite={scope.municipal} />
      ) : null}

      {editing ? (
        <OrgForm
          org={o}
          full={scope.municipal}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      ) : null}
    </article>
  );
}

/** Headcounts the shares are computed against; municipal administrators set them from a date. */
function BaselinesCard({
  me,
  org,
  canWrite,
}: {
  me: Me;
  org: OrganizationDetails;
  canWrite: boolean;
}) {
  const t = useAdminT();
  const dates = useDates(me.municipality.timeZone);
  const baselines = useBaselines(org.id, true);
  const [editing, setEditing] = useState(false);
  const categories = BASELINE_CATEGORIES.filter((c) =>
    org.kind === 'authority' ? c === 'authority_staff' : c !== 'authority_staff',
  );

  return (
    <section className="card admin-card" aria-labelledby="baselines-title">
      <div className="admin-card__head">
        <h3 id="baselines-title" className="card__title">
          {t.orgs.baselinesTitle}
        </h3>
        {canWrite && !editing ? (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => setEditing(true)}
          >
            {t.orgs.baselineSet}
          </button>
        ) : null}
      </div>
      <p className="muted small">{t.orgs.baselinesHint}</p>
      {baselines.isPending ? <Loading /> : null}
      {baselines.isError ? (
        <LoadError error={baselines.error} onRetry={() => void baselines.refetch()} />
      ) : null}
      {baselines.data ? (
        baselines.data.current.length === 0 ? (
          <p className="muted">{t.orgs.baselinesNone}</p>
        ) : (
          <table className="admin-table admin-table--compact">
            <thead>
              <tr>
                <th scope="col">{t.orgs.baselineCategory}</th>
                <th scope="col" className="num">
                  {t.orgs.baselineHeadcount}
                </th>
                <th scope="col">{t.orgs.baselineFrom}</th>
              </tr>
            </thead>
            <tbody>
              {baselines.data.current.map((b) => (
                <tr key={b.category}>
                  <td data-label={t.orgs.baselineCategory}>{t.baselineCategories[b.category]}</td>
                  <td data-label={t.orgs.baselineHeadcount} className="num">
                    {b.headcount}
                  </td>
                  <td data-label={t.orgs.baselineFrom}>{dates.day(b.validFrom)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {baselines.data && baselines.data.history.length > baselines.data.current.length ? (
        <details className="admin-details">
          <summary>{t.orgs.baselinesHistory}</summary>
          <ul className="plain-list">
            {baselines.data.history.map((b: Baseline) => (
              <li key={`${b.category}@${b.validFrom}`}>
                {dates.day(b.validFrom)}: {t.baselineCategories[b.category]} — {b.headcount}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {editing ? (
        <BaselineForm
          orgId={org.id}
          categories={categories}
          today={new Date().toISOString().slice(0, 10)}
          onDone={() => setEditing(false)}
        />
      ) : null}
    </section>
  );
}

function BaselineForm({
  orgId,
  categories,
  today,
  onDone,
}: {
  orgId: number;
  categories: BaselineCategory[];
  today: string;
  onDone: () => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const [values, setValues] = useState<Record<string, string>>({});
  const [validFrom, setValidFrom] = useState(today);
  const [bad, setBad] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      setBaselines(
        orgId,
        categories
          .filter((c) => (values[c] ?? '').trim() !== '')
          .map((c) => ({ category: c, headcount: Number(values[c]), validFrom })),
      ),
    onSuccess: async () => {
      await invalidate();
      onDone();
    },
  });
  const errors = useFieldErrors(save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filled = categories.filter((c) => (values[c] ?? '').trim() !== '');
    if (filled.length === 0) return setBad(t.orgs.baselineNothing);
    if (filled.some((c) => !/^\d{1,7}$/.test((values[c] ?? '').trim())))
      return setBad(t.orgs.baselineNumber);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) return setBad(t.fieldErrors.date);
    setBad(null);
    save.mutate();
  };

  return (
    <form className="form admin-inline-form" onSubmit={submit} noValidate>
      <div className="form-row">
        {categories.map((c) => (
          <TextField
            key={c}
            label={t.baselineCategories[c]}
            type="number"
            inputMode="numeric"
            value={values[c] ?? ''}
            onChange={(v) => setValues({ ...values, [c]: v })}
          />
        ))}
        <TextField
          label={t.orgs.baselineFrom}
          type="date"
          value={validFrom}
          onChange={setValidFrom}
          error={errors['items.0.validFrom']}
        />
      </div>
      <FormFooter
        error={bad ?? (save.error ? errorMessage(save.error, tt) : null)}
        pending={save.isPending}
        submitLabel={t.common.save}
        onCancel={onDone}
      />
    </form>
  );
}
