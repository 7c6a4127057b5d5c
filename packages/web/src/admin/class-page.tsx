import type { Me, OrganizationEntry, Person, PersonListItem } from '@parta/shared';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { linkHandler, paths } from '../router/router';
import { Modal } from '../ui/modal';
import {
  endEnrolment,
  enrolPupil,
  PAGE_SIZE,
  useClass,
  useClasses,
  useClassPupils,
  useInvalidateAdmin,
  useStaff,
} from './admin-api';
import { ClassForm } from './class-form';
import { useAdminT } from './messages';
import { ConfirmDialog, LoadError, Loading, orgLabel, Pager } from './org-ui';
import { PeoplePicker } from './people-picker';
import { PersonForm } from './person-form';

/**
 * One class: its teacher, its pupils (pages of 50), enrolling and leaving;
 * for the organisation's administrators, changing the class itself.
 */
export function ClassPage({
  classId,
  org,
  manage,
  onBack,
}: {
  me: Me;
  classId: number;
  org: OrganizationEntry;
  /** The viewer administers the organisation (may enrol and end enrolments). */
  manage: boolean;
  onBack: () => void;
}) {
  const t = useAdminT();
  const cls = useClass(classId);
  const staff = useStaff(org.id);
  const [offset, setOffset] = useState(0);
  const pupils = useClassPupils(classId, offset);
  const [enrolling, setEnrolling] = useState(false);
  const [creating, setCreating] = useState(false);
  const [leaving, setLeaving] = useState<Person | null>(null);
  const [editing, setEditing] = useState(false);
  const classes = useClasses(manage ? org.id : null);
  const invalidate = useInvalidateAdmin();
  const end = useMutation({
    mutationFn: (pupilId: number) => endEnrolment(classId, pupilId),
    onSuccess: async () => {
      await invalidate();
      setLeaving(null);
    },
  });

  if (cls.isPending) return <Loading />;
  if (cls.isError) return <LoadError error={cls.error} onRetry={() => void cls.refetch()} />;
  const c = cls.data;
  const open = manage && !c.archived;
  const years = [...new Set((classes.data ?? []).map((k) => k.academicYear))].sort((a, b) => b - a);
  const teacher =
    c.classTeacherId === null
      ? null
      : (staff.data?.find((p) => p.id === c.classTeacherId)?.displayName ?? null);

  return (
    <article className="class-page" aria-labelledby="class-title">
      <button type="button" className="link-button admin-back" onClick={onBack}>
        ← {t.classes.backToList}
      </button>
      <header className="admin-head">
        <div>
          <h2 id="class-title" className="admin-head__title">
            {c.name}
          </h2>
          <p className="admin-head__meta">
            <span className="tag">{t.classKinds[c.kind]}</span>
            {c.archived ? <span className="tag tag--muted">{t.classes.archived}</span> : null}
            <span className="muted">{orgLabel(org)}</span>
            <span className="muted">{t.classes.yearLabel(c.academicYear)}</span>
          </p>
        </div>
        {manage ? (
          <div className="admin-head__actions">
            <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
              {t.common.edit}
            </button>
          </div>
        ) : null}
      </header>
      {c.archived ? <p className="note">{t.classes.archivedNote}</p> : null}
      <dl className="facts card admin-card">
        <dt>{t.classes.teacher}</dt>
        <dd>
          {c.classTeacherId === null
            ? t.classes.noTeacher
            : (teacher ?? (staff.isPending ? t.loading : t.classes.teacherNotStaff))}
        </dd>
        <dt>{t.classes.grade}</dt>
        <dd>{c.grade ?? t.common.none}</dd>
        <dt>{t.classes.pupils}</dt>
        <dd>{c.pupilCount}</dd>
      </dl>
      {open ? <p className="muted small">{t.classes.teacherHint}</p> : null}

      <section className="card admin-card" aria-labelledby="class-pupils">
        <div className="admin-card__head">
          <h3 id="class-pupils" className="card__title">
            {t.classes.pupilsTitle}
          </h3>
          {open ? (
            <div className="admin-head__actions">
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() => setEnrolling(true)}
              >
                {t.classes.enrol}
              </button>
              <button
                type="button"
                className="button button--primary button--small"
                onClick={() => setCreating(true)}
              >
                {t.classes.newPupil}
              </button>
            </div>
          ) : null}
        </div>
        {pupils.isPending ? <Loading /> : null}
        {pupils.isError ? (
          <LoadError error={pupils.error} onRetry={() => void pupils.refetch()} />
        ) : null}
        {pupils.data ? (
          pupils.data.items.length === 0 ? (
            <p className="muted">{t.classes.noPupils}</p>
          ) : (
            <ol className="plain-list pupil-list" start={offset + 1}>
              {pupils.data.items.map((p) => {
                const href = paths.admin('people', { org: org.id, person: p.id });
                return (
                  <li key={p.id} className="pupil-list__item">
                    {manage ? (
                      <a href={href} onClick={linkHandler(href)}>
                        {p.displayName}
                      </a>
                    ) : (
                      <span>{p.displayName}</span>
                    )}
                    {open ? (
                      <button
                        type="button"
                        className="button button--quiet button--small button--danger-text"
                        onClick={() => setLeaving(p)}
                        aria-label={t.classes.unenrolOf(p.displayName)}
                      >
                        {t.classes.unenrol}
                      </button>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          )
        ) : null}
        {pupils.data ? (
          <Pager offset={offset} limit={PAGE_SIZE} total={pupils.data.total} onChange={setOffset} />
        ) : null}
      </section>

      {editing ? (
        <ClassForm
          org={org}
          years={years}
          cls={c}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      ) : null}
      {enrolling ? (
        <EnrolDialog
          classId={classId}
          className={c.name}
          orgId={org.id}
          onClose={() => setEnrolling(false)}
        />
      ) : null}
      {creating ? (
        <PersonForm
          person={null}
          orgs={[org]}
          orgId={org.id}
          allowNone={false}
          preset={{ placement: 'pupil', classId }}
          onClose={() => setCreating(false)}
          onSaved={() => setCreating(false)}
        />
      ) : null}
      {leaving ? (
        <ConfirmDialog
          title={t.classes.unenrolTitle}
          confirmLabel={t.classes.unenrol}
          danger
          pending={end.isPending}
          error={end.error}
          onConfirm={() => end.mutate(leaving.id)}
          onClose={() => setLeaving(null)}
        >
          <p>{t.classes.unenrolText(leaving.displayName, c.name)}</p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}

function EnrolDialog({
  classId,
  className,
  orgId,
  onClose,
}: {
  classId: number;
  className: string;
  orgId: number;
  onClose: () => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const [pupil, setPupil] = useState<PersonListItem | null>(null);
  const enrol = useMutation({
    mutationFn: (id: number) => enrolPupil(classId, id),
    onSuccess: async () => {
      await invalidate();
      onClose();
    },
  });
  return (
    <Modal
      title={t.classes.enrolTitle(className)}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!pupil || enrol.isPending}
            onClick={() => pupil && enrol.mutate(pupil.id)}
          >
            {enrol.isPending ? t.common.working : t.classes.enrol}
          </button>
        </>
      }
    >
      <p className="muted small">{t.classes.enrolHint}</p>
      <PeoplePicker
        label={t.people.pupil}
        orgId={orgId}
        role={null}
        value={pupil}
        onPick={setPupil}
      />
      {enrol.error ? (
        <p className="form__error" role="alert">
          {errorMessage(enrol.error, tt)}
        </p>
      ) : null}
    </Modal>
  );
}
