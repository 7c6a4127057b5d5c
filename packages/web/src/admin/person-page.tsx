import type {
  GuardianLink,
  GuardianRelation,
  Me,
  OrganizationEntry,
  PersonDetails,
  PersonListItem,
  Position,
  PositionRole,
} from '@parta/shared';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { linkHandler, paths } from '../router/router';
import { Modal } from '../ui/modal';
import {
  addPosition,
  adminScope,
  canManageOrg,
  endPosition,
  isPersonDetails,
  linkGuardian,
  unlinkGuardian,
  updatePerson,
  useGuardianLinks,
  useInvalidateAdmin,
  usePerson,
  type AdminScope,
} from './admin-api';
import { useAdminT } from './messages';
import {
  ConfirmDialog,
  formatPhone,
  LoadError,
  Loading,
  orgLabel,
  SelectField,
  TextField,
  useDates,
  useFieldErrors,
  FormFooter,
} from './org-ui';
import { PeoplePicker } from './people-picker';
import { pedagogicalByDefault, PersonForm, RelationSelect, rolesFor } from './person-form';

/**
 * One person for an administrator: details and contacts (reading them is
 * audited on the server), positions, deactivation, and links between parents
 * and children.
 */
export function PersonPage({
  me,
  personId,
  orgs,
  orgId,
  onBack,
}: {
  me: Me;
  personId: number;
  /** Organisations the administrator manages. */
  orgs: readonly OrganizationEntry[];
  orgId: number | null;
  onBack: () => void;
}) {
  const t = useAdminT();
  const dates = useDates(me.municipality.timeZone);
  const scope = useMemo(() => adminScope(me), [me]);
  const query = usePerson(personId);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const invalidate = useInvalidateAdmin();
  const status = useMutation({
    mutationFn: (active: boolean) => updatePerson(personId, { active }),
    onSuccess: async () => {
      await invalidate();
      setConfirming(false);
    },
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const p = query.data;
  if (!isPersonDetails(p)) return <p className="muted">{t.people.notAdministered}</p>;
  const self = p.id === me.person.id;

  return (
    <article className="person-page" aria-labelledby="person-title">
      <button type="button" className="link-button admin-back" onClick={onBack}>
        ← {t.people.backToList}
      </button>
      <header className="admin-head">
        <div>
          <h2 id="person-title" className="admin-head__title">
            {p.displayName}
          </h2>
          <p className="admin-head__meta">
            <span className={`tag${p.active ? ' tag--ok' : ' tag--danger'}`}>
              {p.active ? t.people.active : t.people.inactive}
            </span>
            <span className="tag tag--muted">
              {p.hasAccount ? t.people.hasAccount : t.people.noAccount}
            </span>
            {p.kinds.includes('pupil') ? <span className="tag">{t.roles.pupil}</span> : null}
            {p.kinds.includes('parent') ? <span className="tag">{t.roles.parent}</span> : null}
          </p>
        </div>
        <div className="admin-head__actions">
          <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
            {t.common.edit}
          </button>
          {self ? null : (
            <button
              type="button"
              className={`button ${p.active ? 'button--quiet button--danger-text' : 'button--quiet'}`}
              onClick={() => setConfirming(true)}
            >
              {p.active ? t.people.deactivate : t.people.reactivate}
            </button>
          )}
        </div>
      </header>

      <section className="card admin-card" aria-labelledby="person-contacts">
        <h3 id="person-contacts" className="card__title">
          {t.people.contactsTitle}
        </h3>
        <dl className="facts">
          <dt>{t.people.phone}</dt>
          <dd>{p.phone ? formatPhone(p.phone) : t.common.none}</dd>
          <dt>{t.people.email}</dt>
          <dd>{p.email ?? t.common.none}</dd>
          <dt>{t.people.birthDate}</dt>
          <dd>{p.birthDate ? dates.day(p.birthDate) : t.common.none}</dd>
          <dt>{t.people.externalId}</dt>
          <dd>{p.externalId ?? t.common.none}</dd>
          <dt>{t.people.createdAt}</dt>
          <dd>{dates.instant(p.createdAt)}</dd>
        </dl>
      </section>

      <Positions person={p} orgs={orgs} orgId={orgId} canEnd={(o) => canManageOrg(scope, o)} />
      <Family person={p} orgs={orgs} orgId={orgId} scope={scope} />

      {editing ? (
        <PersonForm
          person={p}
          orgs={orgs}
          orgId={orgId}
          allowNone={false}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={p.active ? t.people.deactivateTitle : t.people.reactivateTitle}
          confirmLabel={p.active ? t.people.deactivate : t.people.reactivate}
          danger={p.active}
          pending={status.isPending}
          error={status.error}
          onConfirm={() => status.mutate(!p.active)}
          onClose={() => setConfirming(false)}
        >
          <p>
            {p.active
              ? t.people.deactivateText(p.displayName)
              : t.people.reactivateText(p.displayName)}
          </p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}

function Positions({
  person,
  orgs,
  orgId,
  canEnd,
}: {
  person: PersonDetails;
  orgs: readonly OrganizationEntry[];
  orgId: number | null;
  canEnd: (orgId: number) => boolean;
}) {
  const t = useAdminT();
  const invalidate = useInvalidateAdmin();
  const [ending, setEnding] = useState<Position | null>(null);
  const [adding, setAdding] = useState(false);
  const end = useMutation({
    mutationFn: (id: number) => endPosition(id),
    onSuccess: async () => {
      await invalidate();
      setEnding(null);
    },
  });

  return (
    <section className="card admin-card" aria-labelledby="person-positions">
      <div className="admin-card__head">
        <h3 id="person-positions" className="card__title">
          {t.people.positionsTitle}
        </h3>
        {orgs.length > 0 && !adding ? (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => setAdding(true)}
          >
            {t.people.addPosition}
          </button>
        ) : null}
      </div>
      {person.positions.length === 0 ? (
        <p className="muted">{t.people.noPositions}</p>
      ) : (
        <ul className="plain-list position-list">
          {person.positions.map((pos) => (
            <li key={pos.id} className="position-list__item">
              <div>
                <strong>{pos.title ?? t.roles[pos.role]}</strong>
                <span className="muted small">
                  {' '}
                  · {t.roles[pos.role]}
                  {pos.pedagogical ? ` · ${t.people.pedagogicalShort}` : ''}
                </span>
                <div className="muted small">{pos.organizationName}</div>
              </div>
              {canEnd(pos.organizationId) ? (
                <button
                  type="button"
                  className="button button--quiet button--small button--danger-text"
                  onClick={() => setEnding(pos)}
                  aria-label={t.people.endPositionOf(pos.title ?? t.roles[pos.role])}
                >
                  {t.people.endPosition}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <PositionForm
          personId={person.id}
          orgs={orgs}
          orgId={orgId}
          onDone={() => setAdding(false)}
        />
      ) : null}
      {ending ? (
        <ConfirmDialog
          title={t.people.endPositionTitle}
          confirmLabel={t.people.endPosition}
          danger
          pending={end.isPending}
          error={end.error}
          onConfirm={() => end.mutate(ending.id)}
          onClose={() => setEnding(null)}
        >
          <p>
            {t.people.endPositionText(
              ending.title ?? t.roles[ending.role],
              ending.organizationName,
            )}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function PositionForm({
  personId,
  orgs,
  orgId,
  onDone,
}: {
  personId: number;
  orgs: readonly OrganizationEntry[];
  orgId: number | null;
  onDone: () => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const [org, setOrg] = useState<number>(orgId ?? orgs[0]?.id ?? 0);
  const kind = orgs.find((o) => o.id === org)?.kind ?? 'general';
  const [role, setRole] = useState<PositionRole>(
    kind === 'authority' ? 'authority_staff' : 'teacher',
  );
  const [title, setTitle] = useState('');
  const [pedagogical, setPedagogical] = useState(pedagogicalByDefault(role));
  const add = useMutation({
    mutationFn: () =>
      addPosition(personId, {
        organizationId: org,
        role,
        title: title.trim() || null,
        pedagogical,
      }),
    onSuccess: async () => {
      await invalidate();
      onDone();
    },
  });
  const errors = useFieldErrors(add.error);
  const general = add.error && Object.keys(errors).length === 0 ? add.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const roles = rolesFor(kind);

  return (
    <form className="form admin-inline-form" onSubmit={submit} aria-label={t.people.addPosition}>
      {orgs.length > 1 ? (
        <SelectField
          label={t.orgPicker.label}
          value={String(org)}
          onChange={(v) => {
            const next = Number(v);
            setOrg(next);
            const k = orgs.find((o) => o.id === next)?.kind ?? 'general';
            if (!rolesFor(k).includes(role)) {
              const r = k === 'authority' ? 'authority_staff' : 'teacher';
              setRole(r);
              setPedagogical(pedagogicalByDefault(r));
            }
          }}
        >
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {orgLabel(o)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <div className="form-row">
        <SelectField
          label={t.people.role}
          value={role}
          onChange={(v) => {
            setRole(v as PositionRole);
            setPedagogical(pedagogicalByDefault(v as PositionRole));
          }}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t.people.title}
          value={title}
          onChange={setTitle}
          maxLength={200}
          placeholder={t.people.titlePlaceholder}
          error={errors.title}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={pedagogical}
          onChange={(e) => setPedagogical(e.target.checked)}
        />
        {t.people.pedagogical}
      </label>
      <FormFooter
        error={general ? errorMessage(general, tt) : null}
        pending={add.isPending}
        submitLabel={t.people.addPosition}
        onCancel={onDone}
      />
    </form>
  );
}

/**
 * Parent ↔ child links: a pupil's parents and a parent's children, each with
 * «unlink» (after confirmation); a pupil gets a parent (found among people,
 * or new), a parent gets a child. The server keeps the closed environment: an
 * organisation administrator sees and changes only links of their pupils.
 */
function Family({
  person,
  orgs,
  orgId,
  scope,
}: {
  person: PersonDetails;
  orgs: readonly OrganizationEntry[];
  orgId: number | null;
  scope: AdminScope;
}) {
  const t = useAdminT();
  const links = useGuardianLinks(person.id);
  const invalidate = useInvalidateAdmin();
  const [linking, setLinking] = useState<'parent' | 'child' | null>(null);
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [unlinking, setUnlinking] = useState<{ link: GuardianLink; as: 'parent' | 'child' } | null>(
    null,
  );
  const unlink = useMutation({
    mutationFn: ({ link, as }: { link: GuardianLink; as: 'parent' | 'child' }) =>
      as === 'parent'
        ? unlinkGuardian(person.id, link.personId)
        : unlinkGuardian(link.personId, person.id),
    onSuccess: async (_r, { link, as }) => {
      await invalidate();
      setUnlinking(null);
      setDone(
        as === 'parent'
          ? t.people.unlinked(link.displayName, person.displayName)
          : t.people.unlinked(person.displayName, link.displayName),
      );
    },
  });

  const pupil = person.kinds.includes('pupil');
  const parent = person.kinds.includes('parent');
  const staffOnly = person.kinds.includes('staff') && !pupil && !parent;
  const mayBePupil = pupil || person.kinds.length === 0;
  const parents = links.data?.parents ?? [];
  const children = links.data?.children ?? [];
  const personHref = (id: number) =>
    paths.admin('people', orgId === null ? { person: id } : { org: orgId, person: id });
  // A child's link is changed by the administrators of the child's school.
  const mayUnlinkChild = (c: GuardianLink) =>
    scope.municipal || c.classes.some((k) => canManageOrg(scope, k.organizationId));

  const row = (link: GuardianLink, as: 'parent' | 'child', canUnlink: boolean) => (
    <li key={link.personId} className="family-list__item">
      <div>
        <a href={personHref(link.personId)} onClick={linkHandler(personHref(link.personId))}>
          {link.displayName}
        </a>
        <span className="muted small"> · {t.relations[link.relation].toLowerCase()}</span>
        {link.active ? null : <span className="tag tag--danger">{t.people.inactive}</span>}
        {as === 'child' ? (
          <div className="muted small">
            {link.classes.length === 0
              ? t.people.noClass
              : link.classes.map((k) => `${k.name} · ${k.organizationName}`).join('; ')}
          </div>
        ) : null}
      </div>
      {canUnlink ? (
        <button
          type="button"
          className="button button--quiet button--small button--danger-text"
          onClick={() => setUnlinking({ link, as })}
          aria-label={
            as === 'parent'
              ? t.people.unlinkParentOf(link.displayName)
              : t.people.unlinkChildOf(link.displayName)
          }
        >
          {t.people.unlink}
        </button>
      ) : null}
    </li>
  );

  return (
    <section className="card admin-card" aria-labelledby="person-family">
      <h3 id="person-family" className="card__title">
        {t.people.familyTitle}
      </h3>
      {links.isPending ? <Loading /> : null}
      {links.isError ? (
        <LoadError error={links.error} onRetry={() => void links.refetch()} />
      ) : null}
      {links.data ? (
        <>
          {pupil || parents.length > 0 ? (
            <>
              <h4 className="family-list__title">{t.people.parentsTitle}</h4>
              {parents.length === 0 ? (
                <p className="muted">{t.people.noParents}</p>
              ) : (
                <ul className="plain-list family-list" aria-label={t.people.parentsTitle}>
                  {parents.map((l) => row(l, 'parent', true))}
                </ul>
              )}
            </>
          ) : null}
          {children.length > 0 ? (
            <>
              <h4 className="family-list__title">{t.people.childrenTitle}</h4>
              <ul className="plain-list family-list" aria-label={t.people.childrenTitle}>
                {children.map((l) => row(l, 'child', mayUnlinkChild(l)))}
              </ul>
            </>
          ) : null}
          {!pupil && parents.length === 0 && children.length === 0 ? (
            <p className="muted small">
              {staffOnly ? t.people.familyStaffHint : t.people.familyHint}
            </p>
          ) : null}
        </>
      ) : null}
      <div className="admin-links">
        {mayBePupil ? (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setLinking('parent')}
          >
            {t.people.linkParent}
          </button>
        ) : null}
        {pupil ? (
          <button type="button" className="button button--quiet" onClick={() => setCreating(true)}>
            {t.people.newParent}
          </button>
        ) : null}
        {pupil ? null : (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setLinking('child')}
          >
            {t.people.linkChild}
          </button>
        )}
      </div>
      {done ? (
        <p className="note" role="status">
          {done}
        </p>
      ) : null}
      {creating ? (
        <PersonForm
          person={null}
          orgs={orgs}
          orgId={orgId}
          allowNone={false}
          preset={{ placement: 'parent', pupil: person }}
          onClose={() => setCreating(false)}
          onSaved={(created) => {
            setCreating(false);
            setDone(t.people.parentCreated(created.displayName, person.displayName));
          }}
        />
      ) : null}
      {linking ? (
        <LinkDialog
          person={person}
          orgId={orgId}
          as={linking}
          exclude={[...parents, ...children].map((l) => l.personId)}
          onClose={() => setLinking(null)}
          onDone={(text) => {
            setLinking(null);
            setDone(text);
          }}
        />
      ) : null}
      {unlinking ? (
        <ConfirmDialog
          title={unlinking.as === 'parent' ? t.people.unlinkParentTitle : t.people.unlinkChildTitle}
          confirmLabel={t.people.unlink}
          danger
          pending={unlink.isPending}
          error={unlink.error}
          onConfirm={() => unlink.mutate(unlinking)}
          onClose={() => {
            setUnlinking(null);
            unlink.reset();
          }}
        >
          <p>
            {unlinking.as === 'parent'
              ? t.people.unlinkText(
                  unlinking.link.displayName,
                  t.relations[unlinking.link.relation].toLowerCase(),
                  person.displayName,
                )
              : t.people.unlinkText(
                  person.displayName,
                  t.relations[unlinking.link.relation].toLowerCase(),
                  unlinking.link.displayName,
                )}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function LinkDialog({
  person,
  orgId,
  as,
  exclude,
  onClose,
  onDone,
}: {
  person: PersonDetails;
  orgId: number | null;
  /** `parent`: find this pupil's parent; `child`: find this parent's child. */
  as: 'parent' | 'child';
  /** People already linked: not offered again. */
  exclude: readonly number[];
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const [other, setOther] = useState<PersonListItem | null>(null);
  const [relation, setRelation] = useState<GuardianRelation>('mother');
  const link = useMutation({
    mutationFn: (o: PersonListItem) =>
      as === 'parent'
        ? linkGuardian(person.id, o.id, relation)
        : linkGuardian(o.id, person.id, relation),
    onSuccess: async (_r, o) => {
      await invalidate();
      const [parent, child] =
        as === 'parent' ? [o.displayName, person.displayName] : [person.displayName, o.displayName];
      onDone(t.people.linked(parent, t.relations[relation].toLowerCase(), child));
    },
  });
  return (
    <Modal
      title={as === 'parent' ? t.people.linkParent : t.people.linkChild}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!other || link.isPending}
            onClick={() => other && link.mutate(other)}
          >
            {link.isPending ? t.common.working : t.people.link}
          </button>
        </>
      }
    >
      <PeoplePicker
        label={as === 'parent' ? t.people.parent : t.people.pupil}
        orgId={orgId}
        role={as === 'child' ? 'pupil' : null}
        value={other}
        onPick={setOther}
        exclude={[person.id, ...exclude]}
      />
      <RelationSelect value={relation} onChange={setRelation} />
      {link.error ? (
        <p className="form__error" role="alert">
          {errorMessage(link.error, tt)}
        </p>
      ) : null}
    </Modal>
  );
}
