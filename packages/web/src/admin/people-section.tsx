import { PeopleRoleFilter, type PersonListItem } from '@parta/shared';
import { useEffect, useState } from 'react';
import { linkHandler, paths } from '../router/router';
import type { AdminSectionProps } from './admin-page';
import { PAGE_SIZE, usePeople } from './admin-api';
import { useAdminT } from './messages';
import {
  chosenOrg,
  goTo,
  LoadError,
  Loading,
  OrgPicker,
  Pager,
  SelectField,
  TextField,
  useAdminOrgs,
} from './org-ui';
import { useDebounced } from './people-picker';
import { PersonForm } from './person-form';
import { PersonPage } from './person-page';

const ROLE_FILTERS = PeopleRoleFilter.options;

/**
 * The people directory of one organisation (or, for municipal
 * administrators, of the whole municipality): search by name, filter by
 * role, pages of 50; a person's card (`?person=`); a new person.
 */
export default function PeopleSection({ me, params }: AdminSectionProps) {
  const t = useAdminT();
  const { scope, orgs, query: orgsQuery } = useAdminOrgs(me, 'manage');
  const org = chosenOrg(params, orgs);
  const orgId = org?.id ?? null;
  const personId = Number(params.get('person'));
  const roleParam = params.get('role');
  const role = ROLE_FILTERS.includes(roleParam as PeopleRoleFilter)
    ? (roleParam as PeopleRoleFilter)
    : null;
  const offset = Math.max(0, Math.floor(Number(params.get('offset')) || 0));
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim());
  const [creating, setCreating] = useState(false);

  // The search travels in the URL (Back returns to it) without a history entry per keystroke.
  useEffect(() => {
    if ((params.get('q') ?? '') !== q)
      goTo('people', params, { q, offset: null }, { replace: true });
  }, [q, params]);

  // A municipal administrator may list everyone; others need an organisation.
  const ready = orgId !== null || scope.municipal;
  const people = usePeople({ orgId, q, role, offset }, ready && !personId);

  if (orgsQuery.isPending) return <Loading />;
  if (orgsQuery.isError)
    return <LoadError error={orgsQuery.error} onRetry={() => void orgsQuery.refetch()} />;
  if (orgs.length === 0) return <p className="muted">{t.orgPicker.none}</p>;

  if (personId > 0) {
    return (
      <PersonPage
        me={me}
        personId={personId}
        orgs={orgs}
        orgId={orgId}
        onBack={() => goTo('people', params, { person: null })}
      />
    );
  }

  const data = people.data;
  return (
    <section aria-labelledby="people-title">
      <div className="admin-toolbar">
        <h2 id="people-title" className="admin-toolbar__title">
          {t.sections.people}
        </h2>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setCreating(true)}
          disabled={!ready}
        >
          {t.people.create}
        </button>
      </div>
      <div className="admin-filters" role="search">
        <OrgPicker
          orgs={orgs}
          value={orgId}
          allowAll={scope.municipal}
          onChange={(id) => goTo('people', params, { org: id, offset: null })}
        />
        <TextField
          label={t.people.search}
          type="search"
          value={text}
          onChange={setText}
          placeholder={t.people.searchPlaceholder}
          maxLength={100}
        />
        <SelectField
          label={t.people.roleFilter}
          value={role ?? ''}
          onChange={(v) => goTo('people', params, { role: v, offset: null })}
        >
          <option value="">{t.people.allRoles}</option>
          {ROLE_FILTERS.map((r) => (
            <option key={r} value={r}>
              {t.rolesPlural[r]}
            </option>
          ))}
        </SelectField>
      </div>

      {!ready ? <p className="muted">{t.orgPicker.choose}</p> : null}
      {ready && people.isPending ? <Loading /> : null}
      {people.isError ? (
        <LoadError error={people.error} onRetry={() => void people.refetch()} />
      ) : null}
      {data ? (
        <>
          <p className="muted small" role="status">
            {t.people.found(data.total)}
          </p>
          {data.items.length === 0 ? (
            <p className="empty-state__hint">{q ? t.people.noneFound(q) : t.people.none}</p>
          ) : (
            <PeopleTable items={data.items} orgId={orgId} params={params} />
          )}
          <Pager
            offset={offset}
            limit={PAGE_SIZE}
            total={data.total}
            onChange={(o) => goTo('people', params, { offset: o || null })}
          />
        </>
      ) : null}

      {creating ? (
        <PersonForm
          person={null}
          orgs={orgs}
          orgId={orgId}
          allowNone={scope.municipal}
          onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            goTo('people', params, { person: p.id });
          }}
        />
      ) : null}
    </section>
  );
}

function PeopleTable({
  items,
  orgId,
  params,
}: {
  items: PersonListItem[];
  orgId: number | null;
  params: URLSearchParams;
}) {
  const t = useAdminT();
  const href = (id: number) => {
    const next = new URLSearchParams(params);
    next.set('person', String(id));
    return paths.admin('people', Object.fromEntries(next));
  };
  return (
    <table className="admin-table">
      <caption className="visually-hidden">{t.sections.people}</caption>
      <thead>
        <tr>
          <th scope="col">{t.people.name}</th>
          <th scope="col">{t.people.roles}</th>
          <th scope="col">{t.people.account}</th>
          <th scope="col">{t.people.status}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((p) => {
          const roles = [
            ...p.positions
              .filter((x) => orgId === null || x.organizationId === orgId)
              .map((x) => x.title ?? t.roles[x.role]),
            ...(p.kinds.includes('pupil') ? [t.roles.pupil] : []),
            ...(p.kinds.includes('parent') ? [t.roles.parent] : []),
          ];
          return (
            <tr key={p.id} className={p.active ? undefined : 'is-muted'}>
              <th scope="row" className="admin-table__main">
                <a href={href(p.id)} onClick={linkHandler(href(p.id))}>
                  {p.displayName}
                </a>
              </th>
              <td data-label={t.people.roles}>{roles.join(', ') || t.common.none}</td>
              <td data-label={t.people.account}>
                {p.hasAccount ? t.people.hasAccount : t.people.noAccount}
              </td>
              <td data-label={t.people.status}>
                <span className={`tag${p.active ? ' tag--ok' : ' tag--danger'}`}>
                  {p.active ? t.people.active : t.people.inactive}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
