import type { Invitation, InvitationKind, InvitationStatus } from '@parta/shared';
import { useId, useState } from 'react';
import { type InvitationFilter, useInvitations } from './onboarding-api';
import { useOnboardingT, type OnboardingMessages } from './onboarding-messages';
import { QrDialog, RevokeDialog, SendDialog, ShortLink } from './invitation-dialogs';
import { FilterSelect, Pager, QueryState, useDates } from './onboarding-ui';

const STATUSES: readonly InvitationStatus[] = ['active', 'expired', 'revoked', 'used_up'];

/** «Действует», «Срок истёк», «Отозвано», «Использовано полностью» as a coloured label. */
export function InvitationStatusLabel({ status }: { status: InvitationStatus }) {
  const t = useOnboardingT();
  return <span className={`onb-status onb-status--${status}`}>{t.statuses[status]}</span>;
}

/** What and for whom, in one line: «5А · МАОУ СОШ № 1», «Для родителя: Иванов Пётр, 5А». */
export function invitationScope(inv: Invitation, t: OnboardingMessages): string {
  const org = inv.organizationName ?? '';
  const cls = inv.className ?? '';
  switch (inv.kind) {
    case 'staff':
      return t.invitations.scope.staff(org, t.roles[inv.role]);
    case 'staff_personal':
      return t.invitations.scope.staff_personal(inv.personName ?? '', org);
    case 'pupils':
      return t.invitations.scope.pupils(cls, org);
    case 'parents':
      return t.invitations.scope.parents(cls, org);
    case 'parent_personal':
      return t.invitations.scope.parent_personal(inv.pupilName ?? '', cls);
    case 'community':
      return t.invitations.scope.community(inv.communityTitle ?? '', t.roles[inv.role]);
  }
}

/** «использовано 1 из 2 · действует до 28 декабря 2026 г.» — or when it ended. */
export function InvitationMeta({ invitation }: { invitation: Invitation }) {
  const t = useOnboardingT();
  const { date } = useDates();
  const when =
    invitation.status === 'revoked' && invitation.revokedAt
      ? t.invitations.revokedOn(date(invitation.revokedAt))
      : invitation.status === 'expired'
        ? t.invitations.expiredOn(date(invitation.expiresAt))
        : t.invitations.validUntil(date(invitation.expiresAt));
  return (
    <span className="onb-inv__meta">
      {t.invitations.usesOf(invitation.uses, invitation.maxUses)} · {when}
    </span>
  );
}

type Dialog = { type: 'qr' | 'send' | 'revoke'; invitation: Invitation } | null;

/** QR, send and revoke for one active invitation; dialogs open from here. */
export function InvitationActions({
  invitation,
  compact = false,
}: {
  invitation: Invitation;
  compact?: boolean;
}) {
  const t = useOnboardingT();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  if (invitation.status !== 'active') return null;
  return (
    <div className={`onb-actions${compact ? ' onb-actions--compact' : ''}`}>
      <button
        type="button"
        className="button button--quiet button--small"
        onClick={() => setDialog({ type: 'qr', invitation })}
      >
        {t.invitations.showQr}
      </button>
      {compact ? null : (
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => setDialog({ type: 'send', invitation })}
        >
          {t.invitations.send}
        </button>
      )}
      <button
        type="button"
        className="button button--quiet button--small button--danger-text"
        onClick={() => setDialog({ type: 'revoke', invitation })}
      >
        {t.invitations.revoke}
      </button>
      {dialog?.type === 'qr' ? <QrDialog invitation={dialog.invitation} onClose={close} /> : null}
      {dialog?.type === 'send' ? (
        <SendDialog invitation={dialog.invitation} onClose={close} />
      ) : null}
      {dialog?.type === 'revoke' ? (
        <RevokeDialog invitation={dialog.invitation} onClose={close} />
      ) : null}
    </div>
  );
}

export function InvitationRow({ invitation }: { invitation: Invitation }) {
  const t = useOnboardingT();
  return (
    <li className={`onb-inv onb-inv--${invitation.status}`}>
      <div className="onb-inv__main">
        <div className="onb-inv__head">
          <InvitationStatusLabel status={invitation.status} />
          <span className="onb-inv__kind">{t.kinds[invitation.kind]}</span>
        </div>
        <span className="onb-inv__scope">{invitationScope(invitation, t)}</span>
        <InvitationMeta invitation={invitation} />
        {invitation.note ? <span className="onb-inv__note">{invitation.note}</span> : null}
      </div>
      {invitation.status === 'active' ? <ShortLink invitation={invitation} /> : null}
      <InvitationActions invitation={invitation} />
    </li>
  );
}

const PAGE = 20;

/**
 * The invitations of one scope (an organisation, a class, a community) with
 * filters by kind and status and paging; the newest first.
 */
export function InvitationList({
  scope,
  kinds,
  title,
}: {
  scope: Pick<InvitationFilter, 'organizationId' | 'classId' | 'communityId'>;
  /** Kinds offered in the filter; none: no kind filter. */
  kinds?: readonly InvitationKind[];
  title?: string;
}) {
  const t = useOnboardingT();
  const titleId = useId();
  const [kind, setKind] = useState<InvitationKind | ''>('');
  const [status, setStatus] = useState<InvitationStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const filter: InvitationFilter = {
    ...scope,
    ...(kind ? { kind } : {}),
    ...(status ? { status } : {}),
    limit: PAGE,
    offset,
  };
  const list = useInvitations(filter);
  const filtered = kind !== '' || status !== '';

  return (
    <section className="card onb-card" aria-labelledby={titleId}>
      <div className="onb-card__head">
        <h3 id={titleId} className="card__title">
          {title ?? t.invitations.listTitle}
        </h3>
        {list.data ? (
          <span className="muted small">{t.invitations.total(list.data.total)}</span>
        ) : null}
      </div>
      <div className="onb-filters">
        {kinds && kinds.length > 1 ? (
          <FilterSelect
            label={t.invitations.kindFilter}
            value={kind}
            allLabel={t.invitations.allKinds}
            options={kinds.map((k) => [k, t.kinds[k]] as const)}
            onChange={(v) => {
              setKind(v);
              setOffset(0);
            }}
          />
        ) : null}
        <FilterSelect
          label={t.invitations.statusFilter}
          value={status}
          allLabel={t.invitations.allStatuses}
          options={STATUSES.map((s) => [s, t.statuses[s]] as const)}
          onChange={(v) => {
            setStatus(v);
            setOffset(0);
          }}
        />
      </div>
      <QueryState
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
      />
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="muted">
            {filtered ? t.invitations.listEmptyFiltered : t.invitations.listEmpty}
          </p>
        ) : (
          <ul className="onb-inv-list">
            {list.data.items.map((inv) => (
              <InvitationRow key={inv.id} invitation={inv} />
            ))}
          </ul>
        )
      ) : null}
      {list.data ? (
        <Pager offset={offset} limit={PAGE} total={list.data.total} onChange={setOffset} />
      ) : null}
    </section>
  );
}
