import { ORG_KINDS, type OrgKind } from '@parta/shared';
import { useEffect, useMemo, useState } from 'react';
import { linkHandler, paths } from '../router/router';
import type { AdminSectionProps } from './admin-page';
import { adminScope, seesOrg, useOrganizations, useOrganizationSearch } from './admin-api';
import { useAdminT } from './messages';
import { OrgForm } from './org-form';
import { OrgPage } from './org-page';
import { compareOrgs, goTo, LoadError, Loading, orgLabel, SelectField, TextField } from './org-ui';
import { useDebounced } from './people-picker';

const isKind = (v: string | null): v is OrgKind => ORG_KINDS.includes(v as OrgKind);

/**
 * The organisations of the municipality (its administrators) or one's own
 * (organisation administrators, heads): filter by kind, search by name (the
 * server searches: any case, «е» for «ё»), open one (`?org=`), create one
 * (municipal administrators).
 */
export default function OrganizationsSection({ me, params }: AdminSectionProps) {
  const t = useAdminT();
  const scope = useMemo(() => adminScope(me), [me]);
  const includeArchived = scope.municipal && params.get('archived') === '1';
  const query = useOrganizations(includeArchived);
  const kind = isKind(params.get('kind')) ? (params.get('kind') as OrgKind) : null;
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim());
  const [creating, setCreating] = useState(false);
  const orgParam = Number(params.get('org'));
  // Without a search or a kind the whole directory (already read) is the list.
  const filtered = q !== '' || kind !== null;
  const search = useOrganizationSearch({ q, kind, includeArchived }, filtered && !(orgParam > 0));

  // The search travels in the URL (Back returns to it) without a history entry per keystroke.
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) goTo('organizations', params, { q }, { replace: true });
  }, [q, params]);

  const mine = useMemo(
    () => (query.data ?? []).filter((o) => seesOrg(scope, o.id)).sort(compareOrgs),
    [query.data, scope],
  );
  const shown = useMemo(
    () =>
      filtered ? (search.data ?? []).filter((o) => seesOrg(scope, o.id)).sort(compareOrgs) : mine,
    [filtered, search.data, scope, mine],
  );

  if (orgParam > 0) {
    return (
      <OrgPage
        me={me}
        orgId={orgParam}
        {...(mine.length !== 1 || scope.municipal
          ? { onBack: () => goTo('organizations', params, { org: null }) }
          : {})}
      />
    );
  }
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  // One's own single organisation: its page is the section.
  const only = mine[0];
  if (!scope.municipal && mine.length === 1 && only) return <OrgPage me={me} orgId={only.id} />;

  const set = (patch: Record<string, string | null>) => goTo('organizations', params, patch);

  return (
    <section aria-labelledby="orgs-title">
      <div className="admin-toolbar">
        <h2 id="orgs-title" className="admin-toolbar__title">
          {t.sections.organizations}
        </h2>
        {scope.municipal ? (
          <button
            type="button"
            className="button button--primary"
            onClick={() => setCreating(true)}
          >
            {t.orgs.create}
          </button>
        ) : null}
      </div>
      <div className="admin-filters" role="search">
        <TextField
          label={t.orgs.search}
          type="search"
          value={text}
          onChange={setText}
          placeholder={t.orgs.searchPlaceholder}
          maxLength={200}
        />
        <SelectField label={t.orgs.kind} value={kind ?? ''} onChange={(v) => set({ kind: v })}>
          <option value="">{t.orgs.allKinds}</option>
          {ORG_KINDS.map((k) => (
            <option key={k} value={k}>
              {t.orgKindsPlural[k]}
            </option>
          ))}
        </SelectField>
        {scope.municipal ? (
          <label className="check admin-filters__check">
            <input
              type="checkbox"
              checked={includeArchived}
              onChange={(e) => set({ archived: e.target.checked ? '1' : null })}
            />
            {t.orgs.showArchived}
          </label>
        ) : null}
      </div>
      {filtered && search.isError ? (
        <LoadError error={search.error} onRetry={() => void search.refetch()} />
      ) : null}
      {filtered && search.isPending ? (
        <Loading />
      ) : (
        <p className="muted small" role="status">
          {t.orgs.found(shown.length)}
        </p>
      )}
      {filtered && (search.isPending || search.isError) ? null : shown.length === 0 ? (
        <p className="empty-state__hint">
          {mine.length === 0 ? t.orgs.noneMine : t.orgs.noneFound}
        </p>
      ) : (
        <table className="admin-table">
          <caption className="visually-hidden">{t.sections.organizations}</caption>
          <thead>
            <tr>
              <th scope="col">{t.orgPicker.label}</th>
              <th scope="col">{t.orgs.kind}</th>
              <th scope="col" className="num">
                {t.orgs.countStaff}
              </th>
              <th scope="col" className="num">
                {t.orgs.countPedagogical}
              </th>
              <th scope="col" className="num">
                {t.orgs.countPupils}
              </th>
              <th scope="col" className="num">
                {t.orgs.countClasses}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => {
              const href = paths.admin('organizations', { org: o.id });
              const c = o.counts;
              return (
                <tr key={o.id} className={o.archived ? 'is-muted' : undefined}>
                  <th scope="row" className="admin-table__main">
                    <a href={href} onClick={linkHandler(href)}>
                      {orgLabel(o)}
                    </a>
                    {o.shortName ? <span className="muted small">{o.name}</span> : null}
                    {o.archived ? <span className="tag tag--muted">{t.orgs.archived}</span> : null}
                  </th>
                  <td data-label={t.orgs.kind}>{t.orgKinds[o.kind]}</td>
                  <td data-label={t.orgs.countStaff} className="num">
                    {c ? c.staff : t.common.none}
                  </td>
                  <td data-label={t.orgs.countPedagogical} className="num">
                    {c ? c.pedagogical : t.common.none}
                  </td>
                  <td data-label={t.orgs.countPupils} className="num">
                    {c && o.kind !== 'authority' ? c.pupils : t.common.none}
                  </td>
                  <td data-label={t.orgs.countClasses} className="num">
                    {c && o.kind !== 'authority' ? c.classes : t.common.none}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {creating ? (
        <OrgForm
          org={null}
          full
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            goTo('organizations', params, { org: id });
          }}
        />
      ) : null}
    </section>
  );
}
