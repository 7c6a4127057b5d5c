import type {
  Community,
  CommunityMember,
  CommunityRole,
  CommunityRule,
  Me,
  OrganizationEntry,
} from '@parta/shared';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { icons } from '../ui/icons';
import { CommunityDialog } from './community-editor';
import { RuleEditor, namesFrom } from './community-rule-editor';
import { describeRule } from './community-rules';
import { IssueDialog } from './invitation-dialogs';
import { InvitationList } from './invitation-list';
import {
  MEMBERS_PAGE,
  isMunicipalAdmin,
  useAddMembers,
  useAddRule,
  useArchiveCommunity,
  useClassInfo,
  useDecideRequest,
  useDeleteRule,
  useJoinRequests,
  useMembers,
  usePeopleSearch,
  useRemoveMember,
  useRules,
  useSetMemberRole,
  useSyncCommunity,
  orgLabel,
} from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { ActionError, ConfirmDialog, Notice, Pager, QueryState, useDates } from './onboarding-ui';

export const COMMUNITY_TABS = ['about', 'rules', 'members', 'requests', 'invitations'] as const;
export type CommunityTab = (typeof COMMUNITY_TABS)[number];

const RANK: Record<CommunityRole, number> = { owner: 3, admin: 2, moderator: 1, member: 0 };

/**
 * The viewer's power over the community, as communities.policy.ts counts it:
 * their own role, owner-level for municipal administrators, admin-level for
 * administrators of the owner organisation. Only hides controls; the server decides.
 */
export function powerOver(me: Me, c: Community): number {
  let power = c.myRole === null ? -1 : RANK[c.myRole];
  if (isMunicipalAdmin(me)) power = Math.max(power, RANK.owner);
  else if (
    c.ownerOrganizationId !== null &&
    me.adminRoles.some((r) => r.role === 'org_admin' && r.organizationId === c.ownerOrganizationId)
  )
    power = Math.max(power, RANK.admin);
  return power;
}

/** One community: details, rules, members and roles, join requests, invitations — in tabs. */
export function CommunityDetail({
  me,
  community,
  orgs,
  tab,
  onTab,
  onBack,
}: {
  me: Me;
  community: Community;
  orgs: readonly OrganizationEntry[];
  tab: CommunityTab;
  onTab: (tab: CommunityTab) => void;
  onBack: () => void;
}) {
  const t = useOnboardingT();
  const id = useId();
  const tabs: readonly CommunityTab[] = community.canManage ? COMMUNITY_TABS : ['about'];
  const current = tabs.includes(tab) ? tab : 'about';
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? tabs[(index + 1) % tabs.length]
        : event.key === 'ArrowLeft'
          ? tabs[(index - 1 + tabs.length) % tabs.length]
          : event.key === 'Home'
            ? tabs[0]
            : event.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    onTab(next);
    refs.current[next]?.focus();
  }

  return (
    <div className="onb-stack">
      <div>
        <button type="button" className="button button--quiet button--small" onClick={onBack}>
          {icons.back()}
          {t.communities.back}
        </button>
      </div>
      <section className="card onb-card" aria-labelledby={`${id}-title`}>
        <div className="onb-card__head">
          <h3 id={`${id}-title`} className="onb-class-title">
            {community.title}
          </h3>
          <span className="muted small">
            {t.communities.kinds[community.kind]} · {t.communities.members(community.memberCount)}
            {community.archivedAt ? ` · ${t.communities.archived}` : ''}
          </span>
        </div>
        {community.canManage ? null : <p className="note">{t.communities.readOnly}</p>}
        {tabs.length > 1 ? (
          <div
            className="onb-tabs"
            role="tablist"
            aria-label={t.communities.tabsLabel}
            onKeyDown={onKeyDown}
          >
            {tabs.map((key) => (
              <button
                key={key}
                ref={(el) => {
                  refs.current[key] = el;
                }}
                type="button"
                role="tab"
                id={`${id}-tab-${key}`}
                aria-selected={key === current}
                aria-controls={`${id}-panel`}
                tabIndex={key === current ? 0 : -1}
                className="onb-tab"
                onClick={() => onTab(key)}
              >
                {t.communities.tabs[key]}
              </button>
            ))}
          </div>
        ) : null}
        <div
          id={`${id}-panel`}
          role={tabs.length > 1 ? 'tabpanel' : undefined}
          aria-labelledby={tabs.length > 1 ? `${id}-tab-${current}` : undefined}
          className="onb-panel"
        >
          {current === 'about' ? <AboutTab me={me} community={community} orgs={orgs} /> : null}
          {current === 'rules' ? <RulesTab community={community} orgs={orgs} /> : null}
          {current === 'members' ? <MembersTab me={me} community={community} /> : null}
          {current === 'requests' ? <RequestsTab community={community} /> : null}
          {current === 'invitations' ? <InvitationsTab community={community} /> : null}
        </div>
      </section>
    </div>
  );
}

function AboutTab({
  me,
  community,
  orgs,
}: {
  me: Me;
  community: Community;
  orgs: readonly OrganizationEntry[];
}) {
  const t = useOnboardingT();
  const { date } = useDates();
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const archive = useArchiveCommunity();
  const archived = community.archivedAt !== null;
  return (
    <div className="onb-stack">
      <dl className="onb-facts">
        <dt>{t.communities.kindField}</dt>
        <dd>{t.communities.kinds[community.kind]}</dd>
        <dt>{t.communities.ownerField}</dt>
        <dd>{community.ownerOrganizationName ?? t.common.municipality}</dd>
        <dt>{t.communities.membersColumn}</dt>
        <dd>{t.communities.members(community.memberCount)}</dd>
        <dt>{t.communities.descriptionField}</dt>
        <dd className="onb-pre">{community.description ?? t.communities.noDescription}</dd>
        {community.archivedAt ? (
          <>
            <dt>{t.communities.archived}</dt>
            <dd>{date(community.archivedAt)}</dd>
          </>
        ) : null}
      </dl>
      {community.canManage ? (
        <div className="onb-actions">
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => setEditing(true)}
          >
            {t.communities.edit}
          </button>
          {archived ? (
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={archive.isPending}
              onClick={() => archive.mutate({ id: community.id, archived: false })}
            >
              {t.communities.unarchive}
            </button>
          ) : (
            <button
              type="button"
              className="button button--quiet button--small button--danger-text"
              onClick={() => setArchiving(true)}
            >
              {t.communities.archive}
            </button>
          )}
        </div>
      ) : null}
      {archive.error && !archiving ? <ActionError error={archive.error} /> : null}
      {editing ? (
        <CommunityDialog
          me={me}
          orgs={orgs}
          community={community}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      ) : null}
      {archiving ? (
        <ConfirmDialog
          title={t.communities.archiveTitle}
          text={t.communities.archiveText}
          confirm={t.communities.archive}
          pending={archive.isPending}
          pendingLabel={t.common.saving}
          error={archive.error}
          onConfirm={() =>
            archive.mutate(
              { id: community.id, archived: true },
              { onSuccess: () => setArchiving(false) },
            )
          }
          onClose={() => setArchiving(false)}
        />
      ) : null}
    </div>
  );
}

/** A rule in words; a class named by a rule is looked up (the server's text if that fails). */
function RuleText({ rule, orgs }: { rule: CommunityRule; orgs: readonly OrganizationEntry[] }) {
  const t = useOnboardingT();
  const classId = 'parentsOfClass' in rule.spec ? rule.spec.parentsOfClass : null;
  const cls = useClassInfo(classId);
  if (classId !== null && !cls.data) return <>{rule.description}</>;
  const school = cls.data ? orgs.find((o) => o.id === cls.data?.organizationId) : undefined;
  const names = namesFrom(
    orgs,
    cls.data
      ? { [cls.data.id]: { name: cls.data.name, org: school ? orgLabel(school) : null } }
      : {},
  );
  return <>{describeRule(rule.spec, names, t.communities.rule)}</>;
}

function RulesTab({
  community,
  orgs,
}: {
  community: Community;
  orgs: readonly OrganizationEntry[];
}) {
  const t = useOnboardingT();
  const rules = useRules(community.id);
  const add = useAddRule(community.id);
  const remove = useDeleteRule(community.id);
  const sync = useSyncCommunity(community.id);
  const [deleting, setDeleting] = useState<CommunityRule | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const names = namesFrom(orgs);

  return (
    <div className="onb-stack">
      <p className="muted small">{t.communities.rulesHint}</p>
      <QueryState
        isPending={rules.isPending}
        error={rules.error}
        onRetry={() => void rules.refetch()}
      />
      {rules.data ? (
        rules.data.length === 0 ? (
          <p className="muted">{t.communities.rulesEmpty}</p>
        ) : (
          <ul className="onb-rules">
            {rules.data.map((rule) => (
              <li key={rule.id} className="onb-rule">
                <span>
                  <strong>
                    <RuleText rule={rule} orgs={orgs} />
                  </strong>
                  <span className="muted small"> · {t.communities.matches(rule.matches)}</span>
                </span>
                {community.archivedAt ? null : (
                  <button
                    type="button"
                    className="button button--quiet button--small button--danger-text"
                    aria-label={t.communities.deleteRuleLabel(
                      describeRule(rule.spec, names, t.communities.rule),
                    )}
                    onClick={() => setDeleting(rule)}
                  >
                    {t.communities.deleteRule}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )
      ) : null}
      {notice ? <Notice>{notice}</Notice> : null}
      {community.archivedAt ? null : (
        <>
          <div className="onb-actions">
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={sync.isPending}
              onClick={() =>
                sync.mutate(undefined, {
                  onSuccess: (r) => setNotice(t.communities.syncDone(r.added, r.removed)),
                })
              }
            >
              {sync.isPending ? t.communities.syncing : t.communities.sync}
            </button>
          </div>
          {sync.error ? <ActionError error={sync.error} /> : null}
          <section className="onb-subcard" aria-label={t.communities.addRule}>
            <h4 className="onb-subtitle">{t.communities.addRule}</h4>
            <RuleEditor
              orgs={orgs}
              pending={add.isPending}
              error={add.error}
              onAdd={(spec) =>
                add.mutate(spec, {
                  onSuccess: (r) => setNotice(t.communities.ruleAdded(r.sync.added)),
                })
              }
            />
          </section>
        </>
      )}
      {deleting ? (
        <ConfirmDialog
          title={t.communities.deleteRuleTitle}
          text={t.communities.deleteRuleText}
          confirm={t.communities.deleteRule}
          pending={remove.isPending}
          pendingLabel={t.common.saving}
          error={remove.error}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: (r) => {
                setDeleting(null);
                setNotice(t.communities.ruleDeleted(r.removed));
              },
            })
          }
          onClose={() => {
            setDeleting(null);
            remove.reset();
          }}
        />
      ) : null}
    </div>
  );
}

function MembersTab({ me, community }: { me: Me; community: Community }) {
  const t = useOnboardingT();
  const [offset, setOffset] = useState(0);
  const members = useMembers(community.id, offset);
  const setRole = useSetMemberRole(community.id);
  const remove = useRemoveMember(community.id);
  const [removing, setRemoving] = useState<CommunityMember | null>(null);
  const power = powerOver(me, community);
  const grantable = (['admin', 'moderator', 'member'] as const).filter((r) => RANK[r] <= power);
  const canAct = (m: CommunityMember) =>
    power >= RANK.admin &&
    m.role !== 'owner' &&
    RANK[m.role] < power &&
    m.personId !== me.person.id;

  return (
    <div className="onb-stack">
      <QueryState
        isPending={members.isPending}
        error={members.error}
        onRetry={() => void members.refetch()}
      />
      {members.data ? (
        members.data.items.length === 0 ? (
          <p className="muted">{t.communities.membersEmpty}</p>
        ) : (
          <table className="onb-table onb-table--members">
            <thead>
              <tr>
                <th scope="col">{t.communities.nameColumn}</th>
                <th scope="col">{t.communities.roleColumn}</th>
                <th scope="col">{t.communities.sourceColumn}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.invitations.actionsColumn}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((m) => (
                <tr key={m.personId}>
                  <th scope="row" className="onb-table__name">
                    {m.displayName}
                  </th>
                  <td>
                    {canAct(m) && !community.archivedAt ? (
                      <select
                        aria-label={t.communities.roleOf(m.displayName)}
                        value={m.role}
                        disabled={setRole.isPending}
                        onChange={(e) =>
                          setRole.mutate({
                            personId: m.personId,
                            role: e.target.value as CommunityRole,
                          })
                        }
                      >
                        {grantable.map((r) => (
                          <option key={r} value={r}>
                            {t.communities.roles[r]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t.communities.roles[m.role]
                    )}
                  </td>
                  <td className="muted small">{t.communities.sources[m.source]}</td>
                  <td className="onb-table__actions">
                    {canAct(m) && !community.archivedAt ? (
                      <button
                        type="button"
                        className="button button--quiet button--small button--danger-text"
                        aria-label={t.communities.removeLabel(m.displayName)}
                        onClick={() => setRemoving(m)}
                      >
                        {t.communities.remove}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {setRole.error ? <ActionError error={setRole.error} /> : null}
      {members.data ? (
        <Pager
          offset={offset}
          limit={MEMBERS_PAGE}
          total={members.data.total}
          onChange={setOffset}
        />
      ) : null}
      {community.archivedAt || power < RANK.admin ? null : (
        <AddMembers communityId={community.id} grantable={grantable} />
      )}
      {removing ? (
        <ConfirmDialog
          title={t.communities.removeTitle}
          text={t.communities.removeText(removing.displayName)}
          confirm={t.communities.remove}
          pending={remove.isPending}
          pendingLabel={t.common.saving}
          error={remove.error}
          onConfirm={() => remove.mutate(removing.personId, { onSuccess: () => setRemoving(null) })}
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
        />
      ) : null}
    </div>
  );
}

/** Finds people in the administrators' directory and adds the ticked ones with one role. */
function AddMembers({
  communityId,
  grantable,
}: {
  communityId: number;
  grantable: readonly ('admin' | 'moderator' | 'member')[];
}) {
  const t = useOnboardingT();
  const id = useId();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Map<number, string>>(new Map());
  const [role, setRole] = useState<'admin' | 'moderator' | 'member'>('member');
  const found = usePeopleSearch(q);
  const add = useAddMembers(communityId);

  return (
    <section className="onb-subcard" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="onb-subtitle">
        {t.communities.addPeople}
      </h4>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t.communities.searchPeople}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={q}
          maxLength={100}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setQ(e.target.value)}
        />
        <span id={`${id}-hint`} className="field__hint">
          {t.communities.searchHint}
        </span>
      </div>
      {q.trim().length >= 2 ? (
        found.error ? (
          <ActionError error={found.error} />
        ) : found.data && found.data.length === 0 ? (
          <p className="muted">{t.communities.nothingFound}</p>
        ) : (
          <div className="onb-org-list">
            {(found.data ?? []).map((p) => (
              <label key={p.id} className="check">
                <input
                  type="checkbox"
                  checked={picked.has(p.id)}
                  onChange={(e) => {
                    const next = new Map(picked);
                    if (e.target.checked) next.set(p.id, p.displayName);
                    else next.delete(p.id);
                    setPicked(next);
                  }}
                />
                <span>
                  {p.displayName}
                  {p.positions[0] ? (
                    <span className="muted small">
                      {' '}
                      · {p.positions[0].title ?? p.positions[0].organizationName}
                    </span>
                  ) : null}
                </span>
              </label>
            ))}
          </div>
        )
      ) : null}
      <div className="onb-form-row onb-form-row--end">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t.communities.addAs}</label>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(e) => setRole(e.target.value as typeof role)}
          >
            {grantable.map((r) => (
              <option key={r} value={r}>
                {t.communities.roles[r]}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={picked.size === 0 || add.isPending}
          onClick={() =>
            add.mutate(
              { personIds: [...picked.keys()], role },
              { onSuccess: () => setPicked(new Map()) },
            )
          }
        >
          {add.isPending ? t.communities.adding : t.communities.add}
          {picked.size > 0 ? ` (${picked.size})` : ''}
        </button>
      </div>
      {add.data ? <Notice>{t.communities.addedCount(add.data.added)}</Notice> : null}
      {add.error ? <ActionError error={add.error} /> : null}
    </section>
  );
}

function RequestsTab({ community }: { community: Community }) {
  const t = useOnboardingT();
  const { dateTime } = useDates();
  const requests = useJoinRequests(community.id);
  const decide = useDecideRequest(community.id);
  return (
    <div className="onb-stack">
      <QueryState
        isPending={requests.isPending}
        error={requests.error}
        onRetry={() => void requests.refetch()}
      />
      {requests.data ? (
        requests.data.length === 0 ? (
          <p className="muted">{t.communities.requestsEmpty}</p>
        ) : (
          <ul className="onb-rules">
            {requests.data.map((r) => (
              <li key={r.id} className="onb-rule">
                <span>
                  <strong>{r.displayName}</strong>
                  <span className="muted small">
                    {' '}
                    · {t.communities.requestedAt(dateTime(r.createdAt))}
                  </span>
                  {r.message ? <span className="onb-request__message">{r.message}</span> : null}
                </span>
                <span className="onb-actions">
                  <button
                    type="button"
                    className="button button--primary button--small"
                    aria-label={t.communities.approveLabel(r.displayName)}
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ requestId: r.id, approve: true })}
                  >
                    {t.communities.approve}
                  </button>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    aria-label={t.communities.rejectLabel(r.displayName)}
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ requestId: r.id, approve: false })}
                  >
                    {t.communities.reject}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {decide.error ? <ActionError error={decide.error} /> : null}
    </div>
  );
}

function InvitationsTab({ community }: { community: Community }) {
  const t = useOnboardingT();
  const [issuing, setIssuing] = useState(false);
  return (
    <div className="onb-stack">
      {community.archivedAt ? null : (
        <div className="onb-actions">
          <button
            type="button"
            className="button button--primary button--small"
            onClick={() => setIssuing(true)}
          >
            {t.communities.inviteLink}
          </button>
        </div>
      )}
      <InvitationList
        scope={{ communityId: community.id }}
        title={t.communities.invitationsTitle}
      />
      {issuing ? (
        <IssueDialog
          target={{
            kind: 'community',
            communityId: community.id,
            communityTitle: community.title,
          }}
          onClose={() => setIssuing(false)}
        />
      ) : null}
    </div>
  );
}
