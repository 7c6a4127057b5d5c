import {
  normalizePhone,
  type CreatedInvitation,
  type CreateInvitation,
  type Invitation,
  type OrgKind,
  type OutboxEntry,
  type PositionRole,
} from '@parta/shared';
import { useId, useState, type FormEvent } from 'react';
import { Modal } from '../ui/modal';
import {
  qrUrl,
  useCreateInvitation,
  useRevokeInvitation,
  useSendInvitation,
} from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { ActionError, ConfirmDialog, CopyButton, Notice } from './onboarding-ui';

/** «ABCDE-FGHJK»: the code as the printed slip shows it (the server ignores the dash). */
export function formatCode(code: string): string {
  return code.length === 10 ? `${code.slice(0, 5)}-${code.slice(5)}` : code;
}

/** The QR code of an invitation's short link, as the server draws it (SVG on screen, PNG to print). */
export function QrImage({ invitation, size = 220 }: { invitation: Invitation; size?: number }) {
  const t = useOnboardingT();
  return (
    <img
      className="onb-qr"
      src={qrUrl(invitation.id, 'svg')}
      width={size}
      height={size}
      alt={t.invitations.qrAlt(invitation.shortLink)}
    />
  );
}

/** The short link, selectable, with a copy button. */
export function ShortLink({ invitation }: { invitation: Invitation }) {
  const t = useOnboardingT();
  return (
    <span className="onb-link">
      <a className="onb-link__text" href={invitation.shortLink} target="_blank" rel="noreferrer">
        {invitation.shortLink.replace(/^https?:\/\//, '')}
      </a>
      <CopyButton
        compact
        text={invitation.shortLink}
        label={t.invitations.copyLinkLabel(invitation.shortLink)}
      />
    </span>
  );
}

export function QrDialog({ invitation, onClose }: { invitation: Invitation; onClose: () => void }) {
  const t = useOnboardingT();
  return (
    <Modal title={t.invitations.qrTitle} onClose={onClose}>
      <div className="onb-qr-box">
        <QrImage invitation={invitation} size={240} />
        <ShortLink invitation={invitation} />
        <p className="muted small">
          {t.invitations.code}: <code>{formatCode(invitation.code)}</code>
        </p>
        <p className="muted small">{t.invitations.qrHint}</p>
        <div className="onb-actions">
          <a
            className="button button--quiet button--small"
            href={qrUrl(invitation.id, 'png')}
            download={`invitation-${invitation.code}.png`}
          >
            {t.invitations.downloadPng}
          </a>
          <a
            className="button button--quiet button--small"
            href={qrUrl(invitation.id, 'svg')}
            download={`invitation-${invitation.code}.svg`}
          >
            {t.invitations.downloadSvg}
          </a>
        </div>
      </div>
    </Modal>
  );
}

export function RevokeDialog({
  invitation,
  onClose,
}: {
  invitation: Invitation;
  onClose: () => void;
}) {
  const t = useOnboardingT();
  const revoke = useRevokeInvitation();
  return (
    <ConfirmDialog
      title={t.invitations.revokeTitle}
      text={t.invitations.revokeText}
      confirm={t.invitations.revoke}
      pending={revoke.isPending}
      pendingLabel={t.invitations.revoking}
      error={revoke.error}
      onConfirm={() => revoke.mutate(invitation.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Sends the short link through the outbox; the outcome (sent, stored, failed) is said plainly. */
export function SendDialog({
  invitation,
  onClose,
  initial,
}: {
  invitation: Pick<Invitation, 'id'>;
  onClose: () => void;
  initial?: { channel: 'email' | 'sms'; to: string };
}) {
  const t = useOnboardingT();
  const id = useId();
  const send = useSendInvitation();
  const [channel, setChannel] = useState<'email' | 'sms'>(initial?.channel ?? 'email');
  const [to, setTo] = useState(initial?.to ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<OutboxEntry | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = to.trim();
    if (channel === 'email' && !EMAIL.test(value)) return setProblem(t.invitations.badEmail);
    const phone = channel === 'sms' ? normalizePhone(value) : null;
    if (channel === 'sms' && phone === null) return setProblem(t.invitations.badPhone);
    setProblem(null);
    send.mutate(
      { id: invitation.id, channel, to: phone ?? value },
      { onSuccess: (entry) => setResult(entry) },
    );
  }

  return (
    <Modal title={t.invitations.sendTitle} onClose={onClose}>
      {result ? (
        <>
          <Notice>{t.invitations.sendResult[result.status]}</Notice>
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              {t.invitations.done}
            </button>
          </div>
        </>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <p className="muted">{t.invitations.sendLead}</p>
          <fieldset className="choice">
            <legend className="onb-legend">{t.invitations.channel}</legend>
            <div className="segmented">
              {(['email', 'sms'] as const).map((c) => (
                <button
                  key={c}
                  type="button"
                  aria-pressed={channel === c}
                  onClick={() => {
                    setChannel(c);
                    setProblem(null);
                  }}
                >
                  {t.invitations.channels[c]}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t.invitations.to}</label>
            <input
              id={`${id}-to`}
              type={channel === 'email' ? 'email' : 'tel'}
              inputMode={channel === 'email' ? 'email' : 'tel'}
              autoComplete="off"
              value={to}
              maxLength={254}
              placeholder={
                channel === 'email'
                  ? t.invitations.emailPlaceholder
                  : t.invitations.phonePlaceholder
              }
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(e) => setTo(e.target.value)}
            />
            {problem ? (
              <span id={`${id}-problem`} className="onb-field-error">
                {problem}
              </span>
            ) : null}
          </div>
          {send.error ? <ActionError error={send.error} /> : null}
          <div className="form__actions">
            <button type="button" className="button button--quiet" onClick={onClose}>
              {t.common.cancel}
            </button>
            <button type="submit" className="button button--primary" disabled={send.isPending}>
              {send.isPending ? t.invitations.sending : t.invitations.send}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

/** What an issue form fixes: the kind and the scope; the person only sets the limits. */
export type IssueTarget =
  | {
      kind: 'staff';
      organizationId: number;
      orgName: string;
      orgKind: OrgKind;
      /** Municipal administrators may invite heads; organisation administrators may not. */
      roles: readonly PositionRole[];
    }
  | { kind: 'pupils' | 'parents'; classId: number; className: string; orgName: string }
  | { kind: 'parent_personal'; pupilId: number; pupilName: string; className: string }
  | { kind: 'community'; communityId: number; communityTitle: string };

/** The positions a staff invitation into `orgKind` may grant, by who issues it (invitations.policy.ts). */
export function staffRoles(orgKind: OrgKind, municipal: boolean): PositionRole[] {
  if (orgKind === 'authority') {
    return municipal
      ? ['authority_staff', 'head', 'deputy', 'staff']
      : ['authority_staff', 'staff'];
  }
  return municipal ? ['teacher', 'deputy', 'head', 'staff'] : ['teacher', 'deputy', 'staff'];
}

const PEDAGOGICAL: ReadonlySet<PositionRole> = new Set(['teacher', 'head', 'deputy']);

function scopeText(target: IssueTarget, t: ReturnType<typeof useOnboardingT>): string {
  switch (target.kind) {
    case 'staff':
      return target.orgName;
    case 'pupils':
    case 'parents':
      return `${target.className} · ${target.orgName}`;
    case 'parent_personal':
      return t.invitations.scope.parent_personal(target.pupilName, target.className);
    case 'community':
      return `«${target.communityTitle}»`;
  }
}

/**
 * Issues an invitation whose kind and scope are fixed by where it was opened;
 * the form sets only the role where there is a choice, the expiry, the use
 * limit and a note. After creation it shows the short link and the QR code.
 */
export function IssueDialog({ target, onClose }: { target: IssueTarget; onClose: () => void }) {
  const t = useOnboardingT();
  const id = useId();
  const create = useCreateInvitation();
  const firstRole = target.kind === 'staff' ? (target.roles[0] ?? 'teacher') : 'teacher';
  const [role, setRole] = useState<PositionRole>(firstRole);
  const [communityRole, setCommunityRole] = useState<'member' | 'moderator' | 'admin'>('member');
  const [title, setTitle] = useState('');
  const [pedagogical, setPedagogical] = useState(PEDAGOGICAL.has(firstRole));
  const [days, setDays] = useState('30');
  const [uses, setUses] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<{ days?: string; uses?: string }>({});
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const expiresInDays = Number(days);
    const maxUses = uses.trim() === '' ? undefined : Number(uses);
    const found: typeof problems = {};
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 365)
      found.days = t.invitations.expiresRange;
    if (maxUses !== undefined && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 1000))
      found.uses = t.invitations.usesRange;
    setProblems(found);
    if (found.days || found.uses) return;
    const limits = {
      expiresInDays,
      ...(maxUses === undefined ? {} : { maxUses }),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    let body: CreateInvitation;
    switch (target.kind) {
      case 'staff':
        body = {
          kind: 'staff',
          organizationId: target.organizationId,
          role,
          pedagogical,
          ...(title.trim() ? { title: title.trim() } : {}),
          ...limits,
        };
        break;
      case 'pupils':
      case 'parents':
        body = { kind: target.kind, classId: target.classId, ...limits };
        break;
      case 'parent_personal':
        body = { kind: 'parent_personal', pupilId: target.pupilId, ...limits };
        break;
      case 'community':
        body = {
          kind: 'community',
          communityId: target.communityId,
          role: communityRole,
          ...limits,
        };
        break;
    }
    create.mutate(body, { onSuccess: setCreated });
  }

  if (created) return <CreatedDialog invitation={created} onClose={onClose} />;

  return (
    <Modal title={t.invitations.issueTitle[target.kind]} onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="onb-fixed">
          <span className="muted small">{t.invitations.fixedScope}</span>
          <strong>{scopeText(target, t)}</strong>
          {target.kind === 'pupils' || target.kind === 'parents' ? (
            <span className="small">{t.roles[target.kind === 'pupils' ? 'pupil' : 'parent']}</span>
          ) : null}
        </p>
        {target.kind === 'parents' ? <p className="note">{t.invitations.parentsLinkHint}</p> : null}

        {target.kind === 'staff' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-role`}>{t.invitations.roleField}</label>
              <select
                id={`${id}-role`}
                value={role}
                onChange={(e) => {
                  const next = e.target.value as PositionRole;
                  setRole(next);
                  setPedagogical(PEDAGOGICAL.has(next));
                }}
              >
                {target.roles.map((r) => (
                  <option key={r} value={r}>
                    {t.roles[r]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-title`}>{t.invitations.positionTitle}</label>
              <input
                id={`${id}-title`}
                value={title}
                maxLength={200}
                aria-describedby={`${id}-title-hint`}
                onChange={(e) => setTitle(e.target.value)}
              />
              <span id={`${id}-title-hint`} className="field__hint">
                {t.invitations.positionTitleHint}
              </span>
            </div>
            <label className="check">
              <input
                type="checkbox"
                checked={pedagogical}
                onChange={(e) => setPedagogical(e.target.checked)}
              />
              {t.invitations.pedagogical}
            </label>
          </>
        ) : null}

        {target.kind === 'community' ? (
          <div className="field">
            <label htmlFor={`${id}-crole`}>{t.invitations.roleField}</label>
            <select
              id={`${id}-crole`}
              value={communityRole}
              onChange={(e) => setCommunityRole(e.target.value as typeof communityRole)}
            >
              {(['member', 'moderator', 'admin'] as const).map((r) => (
                <option key={r} value={r}>
                  {t.roles[r]}
                </option>
              ))}
            </select>
          </div>
        ) : null}

        <div className="onb-form-row">
          <div className="field">
            <label htmlFor={`${id}-days`}>{t.invitations.expires}</label>
            <input
              id={`${id}-days`}
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={days}
              aria-invalid={problems.days ? true : undefined}
              aria-describedby={`${id}-days-hint`}
              onChange={(e) => setDays(e.target.value)}
            />
            <span
              id={`${id}-days-hint`}
              className={problems.days ? 'onb-field-error' : 'field__hint'}
            >
              {problems.days ?? t.invitations.expiresHint}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-uses`}>{t.invitations.maxUses}</label>
            <input
              id={`${id}-uses`}
              type="number"
              inputMode="numeric"
              min={1}
              max={1000}
              value={uses}
              aria-invalid={problems.uses ? true : undefined}
              aria-describedby={`${id}-uses-hint`}
              onChange={(e) => setUses(e.target.value)}
            />
            <span
              id={`${id}-uses-hint`}
              className={problems.uses ? 'onb-field-error' : 'field__hint'}
            >
              {problems.uses ?? t.invitations.maxUsesHint}
            </span>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t.invitations.note}</label>
          <input
            id={`${id}-note`}
            value={note}
            maxLength={300}
            aria-describedby={`${id}-note-hint`}
            onChange={(e) => setNote(e.target.value)}
          />
          <span id={`${id}-note-hint`} className="field__hint">
            {t.invitations.noteHint}
          </span>
        </div>
        {create.error ? <ActionError error={create.error} /> : null}
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? t.invitations.creating : t.invitations.create}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Right after issuing: the short link, the code and the QR code to hand out. */
export function CreatedDialog({
  invitation,
  onClose,
}: {
  invitation: Invitation;
  onClose: () => void;
}) {
  const t = useOnboardingT();
  return (
    <Modal
      title={t.invitations.created}
      onClose={onClose}
      footer={
        <button type="button" className="button button--primary" onClick={onClose}>
          {t.invitations.done}
        </button>
      }
    >
      <Notice>{t.invitations.createdLead}</Notice>
      <div className="onb-qr-box">
        <QrImage invitation={invitation} />
        <span className="muted small">{t.invitations.shortLink}</span>
        <ShortLink invitation={invitation} />
        <p className="muted small">
          {t.invitations.code}: <code>{formatCode(invitation.code)}</code>
        </p>
        <a
          className="button button--quiet button--small"
          href={qrUrl(invitation.id, 'png')}
          download={`invitation-${invitation.code}.png`}
        >
          {t.invitations.downloadPng}
        </a>
      </div>
    </Modal>
  );
}
