import type { ClassOnboarding, OrganizationEntry } from '@parta/shared';
import { useEffect, useRef, useState } from 'react';
import { navigate, paths } from '../router/router';
import type { AdminSectionProps } from './admin-page';
import { ClassView } from './invitation-class-view';
import { IssueDialog, staffRoles, type IssueTarget } from './invitation-dialogs';
import { DistrictOverview } from './invitation-district-overview';
import { InvitationList } from './invitation-list';
import { SheetButton } from './invitation-sheet-button';
import {
  byClassName,
  classSheetPath,
  isMunicipalAdmin,
  managedOrgIds,
  orgLabel,
  seesMunicipality,
  staffSheetPath,
  useManagedOrganizations,
  useOrgOnboarding,
} from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { OrgPicker } from './onboarding-org-picker';
import { ProgressBar, QueryState } from './onboarding-ui';
import './onboarding.css';

function idParam(params: URLSearchParams, name: string): number | null {
  const value = Number(params.get(name));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/**
 * Invitations of an organisation: who is connected, printable sheets for
 * staff and for every class, shared links, and — per class — each pupil's
 * personal parent invitation. The organisation and the class are in the URL
 * (`/admin/invitations?org=2&class=5`), so Back and a shared link work.
 * Those who see the municipality get the district's overview on top.
 */
export default function InvitationsSection({ me, params }: AdminSectionProps) {
  const t = useOnboardingT();
  const orgs = useManagedOrganizations(me);
  const wanted = idParam(params, 'org');
  const classId = idParam(params, 'class');
  const org: OrganizationEntry | undefined =
    orgs.data?.find((o) => o.id === wanted) ?? orgs.data?.[0];
  const municipal = isMunicipalAdmin(me);
  // The organisation opened from the overview, to bring into view once it renders.
  const [opened, setOpened] = useState<number | null>(null);

  const go = (next: { org?: number; class?: number }) =>
    navigate(
      paths.admin('invitations', {
        ...(next.org ? { org: next.org } : {}),
        ...(next.class ? { class: next.class } : {}),
      }),
    );

  return (
    <div className="onb">
      <header className="onb-header">
        <div>
          <h2 className="onb-title">{t.invitations.title}</h2>
          <p className="muted onb-lead">{t.invitations.lead}</p>
        </div>
        {orgs.data && orgs.data.length > 1 && org ? (
          <OrgPicker
            orgs={orgs.data}
            value={org.id}
            onChange={(id) => (id === null ? undefined : go({ org: id }))}
          />
        ) : null}
      </header>
      {seesMunicipality(me) ? (
        <DistrictOverview manageable={municipal ? null : managedOrgIds(me)} onOpen={setOpened} />
      ) : null}
      <QueryState
        isPending={orgs.isPending}
        error={orgs.error}
        onRetry={() => void orgs.refetch()}
      />
      {orgs.data && !org ? <p className="empty-state">{t.common.noOrganizations}</p> : null}
      {org ? (
        <OrgView
          key={org.id}
          org={org}
          classId={classId}
          municipal={municipal}
          focus={opened === org.id}
          onFocused={() => setOpened(null)}
          onOpenClass={(id) => go({ org: org.id, class: id })}
          onBack={() => go({ org: org.id })}
        />
      ) : null}
    </div>
  );
}

function OrgView({
  org,
  classId,
  municipal,
  focus,
  onFocused,
  onOpenClass,
  onBack,
}: {
  org: OrganizationEntry;
  classId: number | null;
  municipal: boolean;
  /** Move focus (and the view) to the organisation's heading: it was opened from the overview. */
  focus: boolean;
  onFocused: () => void;
  onOpenClass: (classId: number) => void;
  onBack: () => void;
}) {
  const t = useOnboardingT();
  const stats = useOrgOnboarding(org.id);
  const [issue, setIssue] = useState<IssueTarget | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focus || !heading.current) return;
    heading.current.focus();
    onFocused();
  }, [focus, onFocused]);
  const name = orgLabel(org);
  const classes = [...(stats.data?.classes ?? [])].sort(byClassName);
  const opened = classId === null ? undefined : classes.find((c) => c.classId === classId);

  if (classId !== null && (opened || stats.isPending)) {
    return opened ? (
      <ClassView classId={opened.classId} className={opened.name} orgName={name} onBack={onBack} />
    ) : (
      <QueryState isPending error={null} onRetry={() => undefined} />
    );
  }

  return (
    <div className="onb-stack">
      <section className="card onb-card" aria-labelledby="onb-org-title">
        <h3 id="onb-org-title" className="card__title" tabIndex={-1} ref={heading}>
          {t.invitations.progressTitle(name)}
        </h3>
        <QueryState
          isPending={stats.isPending}
          error={stats.error}
          onRetry={() => void stats.refetch()}
        />
        {stats.data ? (
          <div className="onb-bars">
            <ProgressBar
              value={stats.data.staffWithAccount}
              max={stats.data.staff}
              label={t.invitations.staffAccounts(stats.data.staffWithAccount, stats.data.staff)}
            />
            <p className="muted small">{t.invitations.staffAccepted(stats.data.staffAccepted)}</p>
            {stats.data.pupils > 0 ? (
              <>
                <ProgressBar
                  value={stats.data.pupilsWithConnectedParent}
                  max={stats.data.pupils}
                  label={t.invitations.parentsConnected(
                    stats.data.pupilsWithConnectedParent,
                    stats.data.pupils,
                  )}
                />
                <p className="muted small">
                  {t.invitations.parentsAccounts(stats.data.parentsWithAccount, stats.data.parents)}
                </p>
              </>
            ) : null}
          </div>
        ) : null}
        <div className="onb-actions">
          <SheetButton
            path={staffSheetPath(org.id)}
            fallbackName={`invitations-staff-${org.id}.pdf`}
            label={t.invitations.staffSheet}
          />
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() =>
              setIssue({
                kind: 'staff',
                organizationId: org.id,
                orgName: name,
                orgKind: org.kind,
                roles: staffRoles(org.kind, municipal),
              })
            }
          >
            {t.invitations.inviteStaff}
          </button>
        </div>
        <p className="muted small">{t.invitations.staffSheetHint}</p>
      </section>

      {org.kind === 'authority' ? null : (
        <ClassesCard classes={classes} loaded={stats.data !== undefined} onOpen={onOpenClass} />
      )}

      <InvitationList
        scope={{ organizationId: org.id }}
        kinds={['staff', 'staff_personal', 'parent_personal', 'parents', 'pupils']}
      />
      {issue ? <IssueDialog target={issue} onClose={() => setIssue(null)} /> : null}
    </div>
  );
}

/** Every class with its parents' progress and its sheet: one click per class prints it. */
function ClassesCard({
  classes,
  loaded,
  onOpen,
}: {
  classes: readonly ClassOnboarding[];
  loaded: boolean;
  onOpen: (classId: number) => void;
}) {
  const t = useOnboardingT();
  return (
    <section className="card onb-card" aria-labelledby="onb-classes-title">
      <h3 id="onb-classes-title" className="card__title">
        {t.invitations.classesTitle}
      </h3>
      <p className="muted small">{t.invitations.classesHint}</p>
      {loaded && classes.length === 0 ? (
        <p className="muted">{t.invitations.classesEmpty}</p>
      ) : null}
      {classes.length > 0 ? (
        <table className="onb-table onb-table--classes">
          <thead>
            <tr>
              <th scope="col">{t.invitations.classColumn}</th>
              <th scope="col">{t.invitations.parentsColumn}</th>
              <th scope="col">
                <span className="visually-hidden">{t.invitations.actionsColumn}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {classes.map((c) => (
              <tr key={c.classId}>
                <th scope="row" className="onb-table__name">
                  <button
                    type="button"
                    className="link-button onb-class-link"
                    aria-label={t.invitations.openClass(c.name)}
                    onClick={() => onOpen(c.classId)}
                  >
                    {c.name}
                  </button>
                </th>
                <td>
                  <ProgressBar
                    value={c.pupilsWithConnectedParent}
                    max={c.pupils}
                    label={t.invitations.parentsConnected(c.pupilsWithConnectedParent, c.pupils)}
                  />
                </td>
                <td className="onb-table__actions">
                  <SheetButton
                    path={classSheetPath(c.classId)}
                    fallbackName={`invitations-class-${c.classId}.pdf`}
                    label={t.invitations.sheetShort}
                    accessibleLabel={t.invitations.sheetFor(c.name)}
                  />
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    aria-label={t.invitations.openClass(c.name)}
                    onClick={() => onOpen(c.classId)}
                  >
                    {t.invitations.open}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
