import type { Community, Me, OrganizationEntry, OrgKind, Person } from '@parta/shared';
import { COMMUNITY_KINDS, ORG_KINDS } from '@parta/shared';
import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { isApiError } from '../api/client';
import {
  leaveCommunity,
  listCommunities,
  listOrganizations,
  listOrgStaff,
  requestToJoin,
  type Page,
} from '../api/directory';
import { errorMessage } from '../api/error-message';
import { ConfirmDialog } from '../chat/chat-dialogs';
import { useT } from '../i18n/i18n';
import { useMessenger } from '../messenger/messenger-context';
import { linkHandler, paths } from '../router/router';
import { ChatKindIcon, icons } from '../ui/icons';
import { useDirectoryT } from './messages';
import './directory.css';

type Tab = 'communities' | 'organizations';

const COMMUNITIES_KEY = ['directory', 'communities'] as const;
const ORGANIZATIONS_KEY = ['directory', 'organizations'] as const;
const staffKey = (orgId: number) => ['directory', 'staff', orgId] as const;

/** The next offset of a paged listing, or undefined at its end. */
function nextOffset<T>(last: Page<T>): number | undefined {
  const next = last.offset + last.items.length;
  return last.items.length > 0 && next < last.total ? next : undefined;
}

/**
 * `/directory/communities` and `/directory/organizations`: the network
 * communities one can see (join by request, leave) and the organisations of
 * the municipality with their staff — exactly as far as the server shows
 * them to this person (pupils and parents see their own school's staff only).
 */
export default function DirectoryPage({ me, tab }: { me: Me; tab: Tab }) {
  const d = useDirectoryT();
  const titleId = useId();
  return (
    <section className="page-pane directory" aria-labelledby={titleId}>
      <header className="chat__header">
        <a
          className="icon-button chat__back"
          href={paths.chats()}
          onClick={linkHandler(paths.chats())}
          aria-label={d.directory.back}
          title={d.directory.back}
        >
          {icons.back()}
        </a>
        <h2 id={titleId} className="chat__title">
          {d.directory.title}
        </h2>
      </header>
      <nav className="directory__tabs" aria-label={d.directory.tabs}>
        {(['communities', 'organizations'] as const).map((key) => (
          <a
            key={key}
            className="directory__tab"
            href={paths.directory(key)}
            onClick={linkHandler(paths.directory(key))}
            {...(key === tab ? { 'aria-current': 'page' as const } : {})}
          >
            {d.directory[key]}
          </a>
        ))}
      </nav>
      <div className="page-pane__body">
        {tab === 'communities' ? <CommunitiesTab me={me} /> : <OrganizationsTab />}
      </div>
    </section>
  );
}

/* ---------------- communities ---------------- */

function CommunitiesTab({ me }: { me: Me }) {
  const d = useDirectoryT();
  const messenger = useMessenger();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<'' | Community['kind']>('');
  const [notice, setNotice] = useState<string | null>(null);
  const searchId = useId();
  const kindId = useId();
  const communities = useInfiniteQuery({
    queryKey: COMMUNITIES_KEY,
    queryFn: ({ pageParam }) => listCommunities(pageParam),
    initialPageParam: 0,
    getNextPageParam: nextOffset,
  });

  // An approved request (or a removal) reaches me as a change of my chats: show it here too.
  useEffect(
    () =>
      messenger.subscribeEvents((event) => {
        if (
          event.type === 'chat.created' ||
          (event.type === 'membership.changed' && event.personId === messenger.meId)
        ) {
          void queryClient.invalidateQueries({ queryKey: COMMUNITIES_KEY });
        }
      }),
    [messenger, queryClient],
  );

  const all = useMemo(
    () => communities.data?.pages.flatMap((page) => page.items) ?? [],
    [communities.data],
  );
  const needle = query.trim().toLocaleLowerCase();
  // Mine first, then those I asked to join, then the rest (the server's order within each).
  const rank = (c: Community) => (c.myRole !== null ? 0 : c.requestPending ? 1 : 2);
  const shown = [...all]
    .sort((a, b) => rank(a) - rank(b))
    .filter(
      (c) =>
        (kind === '' || c.kind === kind) &&
        (needle === '' ||
          [c.title, c.description ?? '', c.ownerOrganizationName ?? '']
            .join(' ')
            .toLocaleLowerCase()
            .includes(needle)),
    );
  const seesOwnOnly = me.person.positions.length === 0 && me.adminRoles.length === 0;

  return (
    <>
      {seesOwnOnly ? <p className="note">{d.communities.ownOnly}</p> : null}
      <div className="directory__filters">
        <div className="search directory__search">
          <label htmlFor={searchId} className="visually-hidden">
            {d.communities.search}
          </label>
          <span className="search__icon">{icons.search()}</span>
          <input
            id={searchId}
            type="search"
            placeholder={d.communities.search}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
          />
        </div>
        <label htmlFor={kindId} className="visually-hidden">
          {d.communities.kind}
        </label>
        <select
          id={kindId}
          className="directory__select"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          <option value="">{d.communities.allKinds}</option>
          {COMMUNITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {d.communities.kinds[k]}
            </option>
          ))}
        </select>
      </div>
      {notice ? (
        <p className="directory__notice" role="status">
          {notice}
        </p>
      ) : null}
      <Listing
        query={communities}
        count={all.length}
        empty={d.communities.empty}
        nothing={shown.length === 0 ? d.communities.nothingFound : null}
      >
        <ul className="directory-list">
          {shown.map((community) => (
            <li key={community.id}>
              <CommunityCard community={community} onNotice={setNotice} />
            </li>
          ))}
        </ul>
      </Listing>
    </>
  );
}

/** Replaces one community in the cached pages. */
function patchCommunity(
  data: InfiniteData<Page<Community>, number> | undefined,
  id: number,
  change: Partial<Community>,
) {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((c) => (c.id === id ? { ...c, ...change } : c)),
    })),
  };
}

function CommunityCard({
  community: c,
  onNotice,
}: {
  community: Community;
  onNotice: (text: string | null) => void;
}) {
  const t = useT();
  const d = useDirectoryT();
  const messenger = useMessenger();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [message, setMessage] = useState('');
  const titleId = useId();
  const messageId = useId();

  const request = useMutation({
    mutationFn: () => requestToJoin(c.id, message.trim() || null),
    onSuccess: () => {
      queryClient.setQueryData<InfiniteData<Page<Community>, number>>(COMMUNITIES_KEY, (data) =>
        patchCommunity(data, c.id, { requestPending: true }),
      );
      setAsking(false);
      setMessage('');
      onNotice(d.communities.requested);
    },
    onError: (error) => {
      // Already a member or already waiting: the list is out of date.
      if (isApiError(error) && error.code === 'ALREADY_EXISTS') {
        void queryClient.invalidateQueries({ queryKey: COMMUNITIES_KEY });
      }
    },
  });
  const leave = useMutation({
    mutationFn: () => leaveCommunity(c.id),
    onSuccess: () => {
      for (const chatId of [c.chatId, c.announcementChatId]) {
        if (chatId !== null) messenger.removeChat(chatId);
      }
      onNotice(d.communities.left(c.title));
      void queryClient.invalidateQueries({ queryKey: COMMUNITIES_KEY });
    },
  });

  const failure = request.error ?? leave.error;
  const failureText =
    isApiError(failure) && failure.code === 'ALREADY_EXISTS'
      ? d.communities.alreadyRequested
      : isApiError(failure) && failure.code === 'CONFLICT' && leave.isError
        ? d.communities.ownerCannotLeave
        : failure
          ? errorMessage(failure, t)
          : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };

  return (
    <article className="directory-card" aria-labelledby={titleId}>
      <span className="chat-item__icon chat-item__icon--community" aria-hidden="true">
        <ChatKindIcon kind="community" />
      </span>
      <div className="directory-card__body">
        <h3 id={titleId} className="directory-card__title">
          {c.title}
        </h3>
        <p className="directory-card__meta">
          {d.communities.kinds[c.kind]} · {c.ownerOrganizationName ?? d.communities.municipal} ·{' '}
          {d.communities.members(c.memberCount)}
        </p>
        {c.description ? <p className="directory-card__text">{c.description}</p> : null}

        {c.myRole !== null ? (
          <div className="directory-card__actions">
            <span className="directory-card__state directory-card__state--member">
              {icons.check()}
              {d.communities.myRole[c.myRole]}
            </span>
            {c.chatId !== null ? (
              <a
                className="button button--primary button--small"
                href={paths.chat(c.chatId)}
                onClick={linkHandler(paths.chat(c.chatId))}
              >
                {d.communities.openChat}
              </a>
            ) : null}
            {c.announcementChatId !== null ? (
              <a
                className="button button--quiet button--small"
                href={paths.chat(c.announcementChatId)}
                onClick={linkHandler(paths.chat(c.announcementChatId))}
              >
                {d.communities.openAnnouncements}
              </a>
            ) : null}
            {c.myRole !== 'owner' ? (
              <button
                type="button"
                className="button button--quiet button--small button--danger-text"
                disabled={leave.isPending}
                onClick={() => setConfirmLeave(true)}
              >
                {d.communities.leave}
              </button>
            ) : null}
          </div>
        ) : c.requestPending ? (
          <p className="directory-card__state directory-card__state--pending">
            {icons.clock()}
            {d.communities.pending}
          </p>
        ) : asking ? (
          <form
            className="directory-card__form"
            onSubmit={submit}
            aria-label={d.communities.joinTitle(c.title)}
          >
            <p className="muted small">{d.communities.joinHint}</p>
            <div className="field">
              <label htmlFor={messageId}>{d.communities.joinMessage}</label>
              <textarea
                id={messageId}
                rows={2}
                maxLength={500}
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                // The form opened on the person's click: typing can start at once.
                autoFocus
              />
            </div>
            <div className="directory-card__actions">
              <button
                type="submit"
                className="button button--primary button--small"
                disabled={request.isPending}
              >
                {d.communities.sendRequest}
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() => setAsking(false)}
              >
                {d.communities.cancel}
              </button>
            </div>
          </form>
        ) : (
          <div className="directory-card__actions">
            <button
              type="button"
              className="button button--primary button--small"
              aria-describedby={titleId}
              onClick={() => {
                request.reset();
                setAsking(true);
              }}
            >
              {d.communities.join}
            </button>
          </div>
        )}
        {failureText ? (
          <p className="form__error" role="alert">
            {failureText}
          </p>
        ) : null}
      </div>
      {confirmLeave ? (
        <ConfirmDialog
          title={d.communities.leaveTitle(c.title)}
          text={d.communities.leaveText}
          confirm={d.communities.leave}
          danger
          onConfirm={() => leave.mutate()}
          onClose={() => setConfirmLeave(false)}
        />
      ) : null}
    </article>
  );
}

/* ---------------- organisations ---------------- */

function OrganizationsTab() {
  const d = useDirectoryT();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const organizations = useInfiniteQuery({
    queryKey: ORGANIZATIONS_KEY,
    queryFn: ({ pageParam }) => listOrganizations(pageParam),
    initialPageParam: 0,
    getNextPageParam: nextOffset,
  });
  const all = useMemo(
    () => organizations.data?.pages.flatMap((page) => page.items) ?? [],
    [organizations.data],
  );
  const needle = query.trim().toLocaleLowerCase();
  const shown = all.filter(
    (o) => needle === '' || `${o.name} ${o.shortName ?? ''}`.toLocaleLowerCase().includes(needle),
  );
  const groups = ORG_KINDS.map((kind) => ({
    kind,
    items: shown.filter((o) => o.kind === kind),
  })).filter((g) => g.items.length > 0);

  return (
    <>
      <div className="directory__filters">
        <div className="search directory__search">
          <label htmlFor={searchId} className="visually-hidden">
            {d.organizations.search}
          </label>
          <span className="search__icon">{icons.search()}</span>
          <input
            id={searchId}
            type="search"
            placeholder={d.organizations.search}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
          />
        </div>
      </div>
      <Listing
        query={organizations}
        count={all.length}
        empty={d.organizations.empty}
        nothing={shown.length === 0 ? d.organizations.nothingFound : null}
      >
        {groups.map((group) => (
          <OrgGroup key={group.kind} kind={group.kind} items={group.items} />
        ))}
      </Listing>
    </>
  );
}

function OrgGroup({ kind, items }: { kind: OrgKind; items: OrganizationEntry[] }) {
  const d = useDirectoryT();
  const headingId = useId();
  return (
    <section className="directory__group" aria-labelledby={headingId}>
      <h3 id={headingId} className="directory__group-title">
        {d.orgKinds[kind]} <span className="muted">· {items.length}</span>
      </h3>
      <ul className="directory-list">
        {items.map((org) => (
          <li key={org.id}>
            <OrgCard org={org} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function OrgCard({ org }: { org: OrganizationEntry }) {
  const d = useDirectoryT();
  const [open, setOpen] = useState(false);
  const regionId = useId();
  return (
    <article className="directory-card directory-card--org">
      <div className="directory-card__body">
        <h4 className="directory-card__title">
          <button
            type="button"
            className="directory-card__toggle"
            aria-expanded={open}
            aria-controls={regionId}
            onClick={() => setOpen((v) => !v)}
          >
            <span
              className={`directory-card__chevron${open ? ' directory-card__chevron--open' : ''}`}
            >
              {icons.down()}
            </span>
            <span>
              {org.shortName ?? org.name}
              {org.archived ? <span className="muted"> · {d.organizations.archived}</span> : null}
            </span>
          </button>
        </h4>
        {org.shortName && org.shortName !== org.name ? (
          <p className="directory-card__meta">{org.name}</p>
        ) : null}
        {org.counts ? (
          <p className="directory-card__meta">{d.organizations.counts(org.counts)}</p>
        ) : null}
        <div id={regionId} hidden={!open}>
          {open ? <StaffList org={org} /> : null}
        </div>
      </div>
    </article>
  );
}

function StaffList({ org }: { org: OrganizationEntry }) {
  const d = useDirectoryT();
  const staff = useInfiniteQuery({
    queryKey: staffKey(org.id),
    queryFn: ({ pageParam }) => listOrgStaff(org.id, pageParam),
    initialPageParam: 0,
    getNextPageParam: nextOffset,
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
  if (staff.isError && isApiError(staff.error) && staff.error.status === 403) {
    return <p className="note">{d.organizations.staffForbidden}</p>;
  }
  const people = staff.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Listing query={staff} count={people.length} empty={d.organizations.noStaff} nothing={null}>
      <ul className="staff-list" aria-label={d.organizations.showStaff(org.shortName ?? org.name)}>
        {people.map((person) => (
          <li key={person.id}>
            <StaffRow person={person} orgId={org.id} />
          </li>
        ))}
      </ul>
    </Listing>
  );
}

function StaffRow({ person, orgId }: { person: Person; orgId: number }) {
  const d = useDirectoryT();
  const here = person.positions.filter((p) => p.organizationId === orgId);
  const jobs = (here.length > 0 ? here : person.positions)
    .map((p) => p.title ?? d.roles[p.role])
    .join(', ');
  return (
    <a
      className="staff-row"
      href={paths.person(person.id)}
      onClick={linkHandler(paths.person(person.id))}
    >
      <span className="staff-row__name">{person.displayName}</span>
      {jobs ? <span className="staff-row__job">{jobs}</span> : null}
    </a>
  );
}

/* ---------------- shared ---------------- */

/** Loading, failure, emptiness and «Показать ещё» around a paged list. */
function Listing({
  query,
  count,
  empty,
  nothing,
  children,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage: () => unknown;
    refetch: () => unknown;
  };
  count: number;
  empty: string;
  /** Shown instead of the children when filters leave nothing. */
  nothing: string | null;
  children: ReactNode;
}) {
  const t = useT();
  const d = useDirectoryT();
  if (query.isPending) {
    return (
      <div className="empty-state" role="status">
        <span className="spinner" aria-hidden="true" />
        <p>{d.directory.loading}</p>
      </div>
    );
  }
  if (query.isError && count === 0) {
    return (
      <div className="empty-state" role="alert">
        <p>{d.directory.loadFailed}</p>
        <p className="muted">{errorMessage(query.error, t)}</p>
        <button type="button" className="button button--quiet" onClick={() => void query.refetch()}>
          {d.directory.retry}
        </button>
      </div>
    );
  }
  if (count === 0) return <p className="muted directory__empty">{empty}</p>;
  return (
    <>
      {nothing ? (
        <p className="muted directory__empty" role="status">
          {nothing}
        </p>
      ) : (
        children
      )}
      {query.hasNextPage ? (
        <button
          type="button"
          className="button button--quiet load-more"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {d.directory.loadMore}
        </button>
      ) : null}
    </>
  );
}
