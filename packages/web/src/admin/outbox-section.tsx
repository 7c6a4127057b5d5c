import type { OutboxEntry } from '@parta/shared';
import { useState } from 'react';
import type { AdminSectionProps } from './admin-page';
import {
  isMunicipalAdmin,
  useManagedOrganizations,
  useOutbox,
  useSendInvitation,
} from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { OrgPicker } from './onboarding-org-picker';
import {
  ActionError,
  CopyButton,
  FilterSelect,
  Notice,
  Pager,
  QueryState,
  useDates,
} from './onboarding-ui';
import './onboarding.css';

type Status = OutboxEntry['status'];
const STATUSES: readonly Status[] = ['stored', 'failed', 'pending', 'sent'];
const PAGE = 25;

/**
 * The invitation messages the sender wrote: to whom, how, the text, what
 * became of them. «Stored» messages wait for a person to pass them on; a
 * message of a still valid invitation can be sent again.
 */
export default function OutboxSection({ me }: AdminSectionProps) {
  const t = useOnboardingT();
  const municipal = isMunicipalAdmin(me);
  const orgs = useManagedOrganizations(me);
  const [status, setStatus] = useState<Status | ''>('');
  const [orgId, setOrgId] = useState<number | null>(null);
  const [offset, setOffset] = useState(0);
  const outbox = useOutbox({
    ...(status ? { status } : {}),
    ...(orgId !== null ? { organizationId: orgId } : {}),
    limit: PAGE,
    offset,
  });

  return (
    <div className="onb">
      <header className="onb-header">
        <div>
          <h2 className="onb-title">{t.outbox.title}</h2>
          <p className="muted onb-lead">{t.outbox.lead}</p>
        </div>
      </header>
      <section className="card onb-card" aria-labelledby="onb-outbox-title">
        <div className="onb-card__head">
          <h3 id="onb-outbox-title" className="visually-hidden">
            {t.outbox.title}
          </h3>
          <div className="onb-filters">
            <FilterSelect
              label={t.outbox.statusFilter}
              value={status}
              allLabel={t.outbox.all}
              options={STATUSES.map((s) => [s, t.outbox.statuses[s]] as const)}
              onChange={(v) => {
                setStatus(v);
                setOffset(0);
              }}
            />
            {municipal && orgs.data && orgs.data.length > 1 ? (
              <OrgPicker
                orgs={orgs.data}
                value={orgId}
                allowEmpty
                emptyLabel={t.outbox.all}
                onChange={(id) => {
                  setOrgId(id);
                  setOffset(0);
                }}
              />
            ) : null}
          </div>
          {outbox.data ? (
            <span className="muted small">{t.outbox.total(outbox.data.total)}</span>
          ) : null}
        </div>
        <QueryState
          isPending={outbox.isPending}
          error={outbox.error}
          onRetry={() => void outbox.refetch()}
        />
        {outbox.data ? (
          outbox.data.items.length === 0 ? (
            <p className="muted">
              {status || orgId !== null ? t.outbox.emptyFiltered : t.outbox.empty}
            </p>
          ) : (
            <ul className="onb-outbox">
              {outbox.data.items.map((entry) => (
                <OutboxRow key={entry.id} entry={entry} />
              ))}
            </ul>
          )
        ) : null}
        {outbox.data ? (
          <Pager offset={offset} limit={PAGE} total={outbox.data.total} onChange={setOffset} />
        ) : null}
      </section>
    </div>
  );
}

function OutboxRow({ entry }: { entry: OutboxEntry }) {
  const t = useOnboardingT();
  const { dateTime } = useDates();
  const resend = useSendInvitation();
  return (
    <li className={`onb-message onb-message--${entry.status}`}>
      <div className="onb-message__head">
        <span className={`onb-status onb-status--out-${entry.status}`}>
          {t.outbox.statuses[entry.status]}
        </span>
        <span className="onb-message__channel">{t.outbox.channels[entry.channel]}</span>
        <strong className="onb-message__to">{entry.recipient}</strong>
        <time className="muted small" dateTime={entry.createdAt}>
          {dateTime(entry.createdAt)}
        </time>
      </div>
      {entry.subject ? <p className="onb-message__subject">{entry.subject}</p> : null}
      <details className="onb-message__body">
        <summary>{t.outbox.showText}</summary>
        <pre>{entry.body}</pre>
      </details>
      <p className="muted small">
        {t.outbox.statusHints[entry.status]}
        {entry.sentAt ? ` · ${t.outbox.sentAt(dateTime(entry.sentAt))}` : null}
      </p>
      {entry.error ? (
        <p className="onb-message__error">
          {t.outbox.error}: <code>{entry.error}</code>
        </p>
      ) : null}
      <div className="onb-actions">
        <CopyButton text={entry.body} label={t.outbox.copyText} done={t.outbox.textCopied} />
        {entry.invitationId !== null ? (
          <button
            type="button"
            className="button button--quiet button--small"
            aria-label={t.outbox.resendLabel(entry.recipient)}
            disabled={resend.isPending}
            onClick={() =>
              resend.mutate({
                id: entry.invitationId ?? 0,
                channel: entry.channel,
                to: entry.recipient,
              })
            }
          >
            {resend.isPending ? t.outbox.resending : t.outbox.resend}
          </button>
        ) : null}
      </div>
      {resend.isSuccess ? <Notice>{t.outbox.resent}</Notice> : null}
      {resend.error ? <ActionError error={resend.error} /> : null}
    </li>
  );
}
