import { useMemo, useState } from 'react';
import { linkHandler, paths } from '../router/router';
import type { AdminSectionProps } from './admin-page';
import { canManageOrg, useClasses, useStaff } from './admin-api';
import { ClassForm } from './class-form';
import { ClassPage } from './class-page';
import { useAdminT } from './messages';
import {
  chosenOrg,
  goTo,
  LoadError,
  Loading,
  OrgPicker,
  SelectField,
  useAdminOrgs,
} from './org-ui';

/**
 * Classes and groups of one organisation, by academic year: their teachers
 * and pupil counts; one class's pupils (`?class=`); a new class.
 */
export default function ClassesSection({ me, params }: AdminSectionProps) {
  const t = useAdminT();
  const { scope, orgs: all, query: orgsQuery } = useAdminOrgs(me, 'see');
  const orgs = useMemo(() => all.filter((o) => o.kind !== 'authority'), [all]);
  const org = chosenOrg(params, orgs);
  const orgId = org?.id ?? null;
  const manage = org !== null && canManageOrg(scope, org.id);
  const classes = useClasses(orgId);
  const staff = useStaff(orgId);
  const classId = Number(params.get('class'));
  const [creating, setCreating] = useState(false);

  const years = useMemo(
    () => [...new Set((classes.data ?? []).map((c) => c.academicYear))].sort((a, b) => b - a),
    [classes.data],
  );
  const yearParam = Number(params.get('year'));
  const year = years.includes(yearParam) ? yearParam : (years[0] ?? null);
  const shown = (classes.data ?? []).filter((c) => year === null || c.academicYear === year);
  const teacherName = (id: number | null) =>
    id === null ? null : (staff.data?.find((p) => p.id === id)?.displayName ?? null);

  if (orgsQuery.isPending) return <Loading />;
  if (orgsQuery.isError)
    return <LoadError error={orgsQuery.error} onRetry={() => void orgsQuery.refetch()} />;
  if (orgs.length === 0) return <p className="muted">{t.orgPicker.none}</p>;

  if (org && classId > 0) {
    return (
      <ClassPage
        me={me}
        classId={classId}
        org={org}
        manage={manage}
        onBack={() => goTo('classes', params, { class: null })}
      />
    );
  }

  return (
    <section aria-labelledby="classes-title">
      <div className="admin-toolbar">
        <h2 id="classes-title" className="admin-toolbar__title">
          {t.sections.classes}
        </h2>
        {manage ? (
          <button
            type="button"
            className="button button--primary"
            onClick={() => setCreating(true)}
          >
            {t.classes.create}
          </button>
        ) : null}
      </div>
      <div className="admin-filters">
        <OrgPicker
          orgs={orgs}
          value={orgId}
          onChange={(id) => goTo('classes', params, { org: id, year: null })}
        />
        {years.length > 1 ? (
          <SelectField
            label={t.classes.year}
            value={String(year ?? '')}
            onChange={(v) => goTo('classes', params, { year: v })}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {t.classes.yearLabel(y)}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      {org === null ? <p className="muted">{t.orgPicker.choose}</p> : null}
      {org && classes.isPending ? <Loading /> : null}
      {classes.isError ? (
        <LoadError error={classes.error} onRetry={() => void classes.refetch()} />
      ) : null}
      {org && classes.data ? (
        shown.length === 0 ? (
          <div className="empty-state__hint">
            <p>{t.classes.none}</p>
            {manage ? (
              <a
                href={paths.admin('import', { org: org.id, kind: 'pupils' })}
                onClick={linkHandler(paths.admin('import', { org: org.id, kind: 'pupils' }))}
              >
                {t.classes.importHint}
              </a>
            ) : null}
          </div>
        ) : (
          <>
            <p className="muted small" role="status">
              {t.classes.found(
                shown.length,
                shown.reduce((n, c) => n + c.pupilCount, 0),
              )}
            </p>
            <table className="admin-table">
              <caption className="visually-hidden">{t.sections.classes}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.classes.name}</th>
                  <th scope="col">{t.classes.teacher}</th>
                  <th scope="col" className="num">
                    {t.classes.pupils}
                  </th>
                  <th scope="col">{t.classes.kind}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => {
                  const href = paths.admin('classes', { org: org.id, class: c.id });
                  return (
                    <tr key={c.id}>
                      <th scope="row" className="admin-table__main">
                        <a href={href} onClick={linkHandler(href)}>
                          {c.name}
                        </a>
                      </th>
                      <td data-label={t.classes.teacher}>
                        {teacherName(c.classTeacherId) ??
                          (c.classTeacherId === null ? t.common.none : t.classes.teacherNotStaff)}
                      </td>
                      <td data-label={t.classes.pupils} className="num">
                        {c.pupilCount}
                      </td>
                      <td data-label={t.classes.kind}>{t.classKinds[c.kind]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )
      ) : null}
      {creating && org ? (
        <ClassForm
          org={org}
          years={years}
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            goTo('classes', params, { class: id });
          }}
        />
      ) : null}
    </section>
  );
}
