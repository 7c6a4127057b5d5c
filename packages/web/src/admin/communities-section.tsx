import type { Community } from '@parta/shared';
import { useState } from 'react';
import { navigate, paths } from '../router/router';
import type { AdminSectionProps } from './admin-page';
import { COMMUNITY_TABS, CommunityDetail, type CommunityTab } from './community-detail';
import { COMMUNITY_KINDS, CommunityDialog, ownerChoices } from './community-editor';
import {
  useCommunities,
  useCommunity,
  useOrganizations,
  type CommunityKind,
} from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { FilterSelect, Notice, Pager, QueryState } from './onboarding-ui';
import './onboarding.css';

const PAGE = 50;

function isTab(value: string | null): value is CommunityTab {
  return (COMMUNITY_TABS as readonly (string | null)[]).includes(value);
}

/**
 * Network communities: the directory with kinds, owners and sizes; a
 * community opens in place (`/admin/communities?community=4&tab=rules`) with
 * its rules, members, join requests and invitations.
 */
export default function CommunitiesSection({ me, params }: AdminSectionProps) {
  const t = useOnboardingT();
  const orgs = useOrganizations();
  const openedId = Number(params.get('community')) || null;
  const tabParam = params.get('tab');
  const tab: CommunityTab = isTab(tabParam) ? tabParam : 'about';
  const opened = useCommunity(openedId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const open = (id: number, next: CommunityTab = 'about') =>
    navigate(
      paths.admin(
        'communities',
        next === 'about' ? { community: id } : { community: id, tab: next },
      ),
    );
  const canCreate = orgs.data
    ? ownerChoices(me, orgs.data).municipality || ownerChoices(me, orgs.data).orgs.length > 0
    : false;

  return (
    <div className="onb">
      <header className="onb-header">
        <div>
          <h2 className="onb-title">{t.communities.title}</h2>
          <p className="muted onb-lead">{t.communities.lead}</p>
        </div>
        {canCreate && openedId === null ? (
          <button
            type="button"
            className="button button--primary"
            onClick={() => setCreating(true)}
          >
            {t.communities.create}
          </button>
        ) : null}
      </header>
      {created ? <Notice>{created}</Notice> : null}

      {openedId !== null ? (
        <>
          <QueryState
            isPending={opened.isPending}
            error={opened.error}
            onRetry={() => void opened.refetch()}
          />
          {opened.data ? (
            <CommunityDetail
              me={me}
              community={opened.data}
              orgs={orgs.data ?? []}
              tab={tab}
              onTab={(next) => open(opened.data.id, next)}
              onBack={() => navigate(paths.admin('communities'))}
            />
          ) : null}
        </>
      ) : (
        <CommunityList onOpen={open} />
      )}

      {creating && orgs.data ? (
        <CommunityDialog
          me={me}
          orgs={orgs.data}
          community={null}
          onClose={() => setCreating(false)}
          onSaved={(community: Community) => {
            setCreating(false);
            setCreated(t.communities.created(community.title));
            open(community.id, 'rules');
          }}
        />
      ) : null}
    </div>
  );
}

function CommunityList({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useOnboardingT();
  const [kind, setKind] = useState<CommunityKind | ''>('');
  const [archived, setArchived] = useState(false);
  const [offset, setOffset] = useState(0);
  const list = useCommunities({
    ...(kind ? { kind } : {}),
    ...(archived ? { includeArchived: '1' as const } : {}),
    limit: PAGE,
    offset,
  });

  return (
    <section className="card onb-card" aria-labelledby="onb-communities-title">
      <div className="onb-card__head">
        <h3 id="onb-communities-title" className="visually-hidden">
          {t.communities.title}
        </h3>
        <div className="onb-filters">
          <FilterSelect
            label={t.communities.kindFilter}
            value={kind}
            allLabel={t.communities.allKinds}
            options={COMMUNITY_KINDS.map((k) => [k, t.communities.kinds[k]] as const)}
            onChange={(v) => {
              setKind(v);
              setOffset(0);
            }}
          />
          <label className="check onb-filter-check">
            <input
              type="checkbox"
              checked={archived}
              onChange={(e) => {
                setArchived(e.target.checked);
                setOffset(0);
              }}
            />
            {t.communities.showArchived}
          </label>
        </div>
        {list.data ? (
          <span className="muted small">{t.communities.total(list.data.total)}</span>
        ) : null}
      </div>
      <QueryState
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
      />
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="muted">{t.communities.empty}</p>
        ) : (
          <table className="onb-table onb-table--communities">
            <thead>
              <tr>
                <th scope="col">{t.communities.titleColumn}</th>
                <th scope="col">{t.communities.kindColumn}</th>
                <th scope="col">{t.communities.ownerColumn}</th>
                <th scope="col">{t.communities.membersColumn}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id} className={c.archivedAt ? 'onb-row--archived' : undefined}>
                  <th scope="row" className="onb-table__name">
                    <a
                      className="onb-community-link"
                      href={paths.admin('communities', { community: c.id })}
                      onClick={(e) => {
                        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
                          return;
                        e.preventDefault();
                        onOpen(c.id);
                      }}
                    >
                      {c.title}
                    </a>
                    {c.archivedAt ? (
                      <span className="onb-tag">{t.communities.archived}</span>
                    ) : null}
                    {c.myRole ? (
                      <span className="muted small onb-you">
                        {t.communities.youAre(t.communities.roles[c.myRole])}
                      </span>
                    ) : null}
                  </th>
                  <td data-label={t.communities.kindColumn}>{t.communities.kinds[c.kind]}</td>
                  <td data-label={t.communities.ownerColumn}>
                    {c.ownerOrganizationName ?? t.common.municipality}
                  </td>
                  <td data-label={t.communities.membersColumn}>
                    {t.communities.members(c.memberCount)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {list.data ? (
        <Pager offset={offset} limit={PAGE} total={list.data.total} onChange={setOffset} />
      ) : null}
    </section>
  );
}
