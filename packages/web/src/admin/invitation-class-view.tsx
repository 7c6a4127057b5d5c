import type { CreatedInvitation, Invitation, Person } from '@parta/shared';
import { useState } from 'react';
import { icons } from '../ui/icons';
import { CreatedDialog, IssueDialog, ShortLink, type IssueTarget } from './invitation-dialogs';
import {
  InvitationActions,
  InvitationList,
  InvitationMeta,
  InvitationStatusLabel,
} from './invitation-list';
import { SheetButton } from './invitation-sheet-button';
import {
  classSheetPath,
  useClassOnboarding,
  useCreateInvitation,
  useInvitations,
  usePupils,
} from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { ActionError, ProgressBar, QueryState } from './onboarding-ui';

/**
 * One class: who is connected, its printable sheet, shared links for its
 * pupils and parents, and each pupil's personal parent invitation.
 */
export function ClassView({
  classId,
  className,
  orgName,
  onBack,
}: {
  classId: number;
  className: string;
  orgName: string;
  onBack: () => void;
}) {
  const t = useOnboardingT();
  const stats = useClassOnboarding(classId);
  const [issue, setIssue] = useState<IssueTarget | null>(null);

  return (
    <div className="onb-stack">
      <div>
        <button type="button" className="button button--quiet button--small" onClick={onBack}>
          {icons.back()}
          {t.invitations.allClasses}
        </button>
      </div>

      <section className="card onb-card" aria-labelledby="onb-class-title">
        <div className="onb-card__head">
          <h3 id="onb-class-title" className="onb-class-title">
            {t.invitations.classHeading(className)}
          </h3>
          <span className="muted small">{orgName}</span>
        </div>
        <QueryState
          isPending={stats.isPending}
          error={stats.error}
          onRetry={() => void stats.refetch()}
        />
        {stats.data ? (
          <div className="onb-bars">
            <ProgressBar
              value={stats.data.pupilsWithConnectedParent}
              max={stats.data.pupils}
              label={t.invitations.parentsConnected(
                stats.data.pupilsWithConnectedParent,
                stats.data.pupils,
              )}
            />
            <ProgressBar
              value={stats.data.pupilsWithAccount}
              max={stats.data.pupils}
              label={t.invitations.pupilsAccounts(stats.data.pupilsWithAccount, stats.data.pupils)}
            />
            <p className="muted small">
              {t.invitations.personalStats(
                stats.data.parentInvitations,
                stats.data.parentInvitationsAccepted,
              )}
            </p>
          </div>
        ) : null}
        <div className="onb-actions">
          <SheetButton
            primary
            path={classSheetPath(classId)}
            fallbackName={`invitations-class-${classId}.pdf`}
            label={t.invitations.classSheet}
          />
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => setIssue({ kind: 'parents', classId, className, orgName })}
          >
            {t.invitations.parentsLink}
          </button>
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => setIssue({ kind: 'pupils', classId, className, orgName })}
          >
            {t.invitations.pupilsLink}
          </button>
        </div>
        <p className="muted small">{t.invitations.classesHint}</p>
      </section>

      <PupilsCard classId={classId} />

      <InvitationList
        scope={{ classId }}
        kinds={['parent_personal', 'parents', 'pupils']}
        title={t.invitations.listTitle}
      />
      {issue ? <IssueDialog target={issue} onClose={() => setIssue(null)} /> : null}
    </div>
  );
}

/** The invitation to show for a pupil: an active one, else the newest. */
function pickInvitation(list: readonly Invitation[]): Invitation | undefined {
  return list.find((i) => i.status === 'active') ?? list[0];
}

function PupilsCard({ classId }: { classId: number }) {
  const t = useOnboardingT();
  const pupils = usePupils(classId);
  // A class has a few dozen pupils and at most a few invitations each: one page holds them.
  const invitations = useInvitations({
    classId,
    kind: 'parent_personal',
    limit: 200,
    offset: 0,
  });
  const byPupil = new Map<number, Invitation[]>();
  for (const inv of invitations.data?.items ?? []) {
    if (inv.pupilId === null) continue;
    byPupil.set(inv.pupilId, [...(byPupil.get(inv.pupilId) ?? []), inv]);
  }
  const error = pupils.error ?? invitations.error;

  return (
    <section className="card onb-card" aria-labelledby="onb-pupils-title">
      <h3 id="onb-pupils-title" className="card__title">
        {t.invitations.pupilsTitle}
      </h3>
      <QueryState
        isPending={pupils.isPending || invitations.isPending}
        error={error}
        onRetry={() => {
          void pupils.refetch();
          void invitations.refetch();
        }}
      />
      {pupils.data && invitations.data ? (
        pupils.data.length === 0 ? (
          <p className="muted">{t.invitations.pupilsEmpty}</p>
        ) : (
          <table className="onb-table onb-table--pupils">
            <thead>
              <tr>
                <th scope="col">{t.invitations.pupilColumn}</th>
                <th scope="col">{t.invitations.personalColumn}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.invitations.actionsColumn}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pupils.data.map((pupil) => (
                <PupilRow
                  key={pupil.id}
                  pupil={pupil}
                  invitation={pickInvitation(byPupil.get(pupil.id) ?? [])}
                />
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </section>
  );
}

function PupilRow({ pupil, invitation }: { pupil: Person; invitation: Invitation | undefined }) {
  const t = useOnboardingT();
  const create = useCreateInvitation();
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const active = invitation?.status === 'active';
  return (
    <tr>
      <th scope="row" className="onb-table__name">
        {pupil.displayName}
      </th>
      <td>
        {invitation ? (
          <div className="onb-pupil-inv">
            <InvitationStatusLabel status={invitation.status} />
            {active ? <ShortLink invitation={invitation} /> : null}
            <InvitationMeta invitation={invitation} />
          </div>
        ) : (
          <span className="muted">{t.invitations.notIssued}</span>
        )}
      </td>
      <td className="onb-table__actions">
        {active && invitation ? (
          <InvitationActions invitation={invitation} compact />
        ) : (
          <button
            type="button"
            className="button button--quiet button--small"
            aria-label={t.invitations.issueFor(pupil.displayName)}
            disabled={create.isPending}
            onClick={() =>
              create.mutate(
                { kind: 'parent_personal', pupilId: pupil.id, expiresInDays: 30 },
                { onSuccess: setCreated },
              )
            }
          >
            {create.isPending ? t.invitations.issuing : t.invitations.issue}
          </button>
        )}
        {create.error ? <ActionError error={create.error} /> : null}
        {created ? (
          <CreatedDialog
            invitation={created}
            onClose={() => {
              setCreated(null);
              create.reset();
            }}
          />
        ) : null}
      </td>
    </tr>
  );
}
