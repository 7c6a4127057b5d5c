import {
  GUARDIAN_RELATIONS,
  normalizePhone,
  POSITION_ROLES,
  type CreatePersonRequest,
  type GuardianRelation,
  type OrganizationEntry,
  type PersonDetails,
  type PersonListItem,
  type PositionRole,
  type UpdatePerson,
} from '@parta/shared';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { Modal } from '../ui/modal';
import { createPerson, updatePerson, useClasses, useInvalidateAdmin } from './admin-api';
import { useAdminT } from './messages';
import {
  orgLabel,
  SelectField,
  TextField,
  useFieldErrors,
  useFocusFirstInvalid,
  FormFooter,
} from './org-ui';
import { PeoplePicker } from './people-picker';

/** Which roles an organisation of this kind gives: the authority has its own. */
export function rolesFor(kind: OrganizationEntry['kind']): PositionRole[] {
  return POSITION_ROLES.filter((r) =>
    kind === 'authority' ? r === 'head' || r === 'authority_staff' : r !== 'authority_staff',
  );
}

/** Heads, deputies and teachers are pedagogical workers by default; others are not. */
export const pedagogicalByDefault = (role: PositionRole) =>
  role === 'head' || role === 'deputy' || role === 'teacher';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Placement = 'position' | 'pupil' | 'parent' | 'none';

interface Contacts {
  lastName: string;
  firstName: string;
  middleName: string;
  phone: string;
  email: string;
  birthDate: string;
  externalId: string;
}

const fromPerson = (p: PersonDetails | null): Contacts => ({
  lastName: p?.lastName ?? '',
  firstName: p?.firstName ?? '',
  middleName: p?.middleName ?? '',
  phone: p?.phone ?? '',
  email: p?.email ?? '',
  birthDate: p?.birthDate ?? '',
  externalId: p?.externalId ?? '',
});

/** Checks what the browser can check; the server checks again and its errors land on the same fields. */
function checkContacts(c: Contacts, t: ReturnType<typeof useAdminT>): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!c.lastName.trim()) errors.lastName = t.fieldErrors.required;
  if (!c.firstName.trim()) errors.firstName = t.fieldErrors.required;
  if (c.phone.trim() && !normalizePhone(c.phone)) errors.phone = t.fieldErrors.phone;
  if (c.email.trim() && !EMAIL.test(c.email.trim())) errors.email = t.fieldErrors.email;
  if (c.birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(c.birthDate))
    errors.birthDate = t.fieldErrors.date;
  return errors;
}

/**
 * A new person, placed at once in an organisation (as staff, a pupil of a
 * class, or a parent of a pupil: an organisation administrator must place
 * whom they create), or the details of an existing one. Phone numbers in any
 * common Russian form are accepted and stored as +7…; errors are shown on
 * their fields.
 */
export function PersonForm({
  person,
  orgs,
  orgId,
  allowNone,
  preset,
  onClose,
  onSaved,
}: {
  /** null: a new person. */
  person: PersonDetails | null;
  /** Organisations the new person may be placed in. */
  orgs: readonly OrganizationEntry[];
  orgId: number | null;
  /** A municipal administrator may create a person without placing them. */
  allowNone: boolean;
  preset?: { placement: Placement; classId?: number; pupil?: PersonListItem };
  onClose: () => void;
  onSaved: (person: PersonDetails) => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const [c, setC] = useState<Contacts>(() => fromPerson(person));
  const [placement, setPlacement] = useState<Placement>(preset?.placement ?? 'position');
  const [org, setOrg] = useState<number | null>(orgId ?? orgs[0]?.id ?? null);
  const orgEntry = orgs.find((o) => o.id === org) ?? null;
  const roles = rolesFor(orgEntry?.kind ?? 'general');
  const [role, setRole] = useState<PositionRole>('teacher');
  const [title, setTitle] = useState('');
  const [pedagogical, setPedagogical] = useState(true);
  const [classId, setClassId] = useState<number | null>(preset?.classId ?? null);
  const [pupil, setPupil] = useState<PersonListItem | null>(preset?.pupil ?? null);
  const [relation, setRelation] = useState<GuardianRelation>('mother');
  const [local, setLocal] = useState<Record<string, string>>({});
  const classes = useClasses(!person && placement === 'pupil' ? org : null);

  const save = useMutation({
    mutationFn: async () => {
      const text = (v: string) => v.trim() || null;
      if (person) {
        const before = fromPerson(person);
        const body: UpdatePerson = {};
        const changed = (k: keyof Contacts) => c[k].trim() !== before[k].trim();
        if (changed('lastName')) body.lastName = c.lastName.trim();
        if (changed('firstName')) body.firstName = c.firstName.trim();
        if (changed('middleName')) body.middleName = text(c.middleName);
        if (changed('phone')) body.phone = text(c.phone);
        if (changed('email')) body.email = text(c.email);
        if (changed('birthDate')) body.birthDate = text(c.birthDate);
        if (changed('externalId')) body.externalId = text(c.externalId);
        if (Object.keys(body).length === 0) return person;
        return updatePerson(person.id, body);
      }
      const body: CreatePersonRequest = {
        lastName: c.lastName.trim(),
        firstName: c.firstName.trim(),
        middleName: text(c.middleName),
        phone: text(c.phone),
        email: text(c.email),
        birthDate: text(c.birthDate),
        externalId: text(c.externalId),
      };
      if (placement === 'position' && org !== null)
        body.position = { organizationId: org, role, title: text(title), pedagogical };
      if (placement === 'pupil' && classId !== null) body.classId = classId;
      if (placement === 'parent' && pupil) body.guardianOf = { pupilId: pupil.id, relation };
      return createPerson(body);
    },
    onSuccess: async (saved) => {
      await invalidate();
      onSaved(saved);
    },
  });
  const server = useFieldErrors(save.error);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, local);
  useFocusFirstInvalid(formRef, server);
  const errors: Record<string, string | undefined> = { ...server, ...local };
  const general =
    save.error && Object.keys(server).length === 0 ? errorMessage(save.error, tt) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkContacts(c, t);
    if (!person) {
      if (placement !== 'none' && org === null) found.org = t.fieldErrors.required;
      if (placement === 'pupil' && classId === null) found.classId = t.people.chooseClass;
      if (placement === 'parent' && !pupil) found.pupil = t.people.choosePupil;
    }
    setLocal(found);
    if (Object.keys(found).length === 0) save.mutate();
  };

  const set = (k: keyof Contacts) => (v: string) => setC({ ...c, [k]: v });
  const phoneHint = (() => {
    const normal = c.phone.trim() ? normalizePhone(c.phone) : null;
    return normal && normal !== c.phone.trim() ? t.people.phoneWillBe(normal) : t.people.phoneHint;
  })();

  return (
    <Modal title={person ? t.people.editTitle : t.people.createTitle} onClose={onClose} wide>
      <form
        ref={formRef}
        className="form"
        onSubmit={submit}
        noValidate
        aria-label={t.people.createTitle}
      >
        <div className="form-row">
          <TextField
            label={t.people.lastName}
            value={c.lastName}
            onChange={set('lastName')}
            required
            maxLength={100}
            autoComplete="off"
            error={errors.lastName}
          />
          <TextField
            label={t.people.firstName}
            value={c.firstName}
            onChange={set('firstName')}
            required
            maxLength={100}
            error={errors.firstName}
          />
          <TextField
            label={t.people.middleName}
            value={c.middleName}
            onChange={set('middleName')}
            maxLength={100}
            error={errors.middleName}
          />
        </div>
        <div className="form-row">
          <TextField
            label={t.people.phone}
            type="tel"
            inputMode="tel"
            value={c.phone}
            onChange={set('phone')}
            maxLength={32}
            hint={phoneHint}
            error={errors.phone}
          />
          <TextField
            label={t.people.email}
            type="email"
            inputMode="email"
            value={c.email}
            onChange={set('email')}
            maxLength={200}
            error={errors.email}
          />
        </div>
        <div className="form-row">
          <TextField
            label={t.people.birthDate}
            type="date"
            value={c.birthDate}
            onChange={set('birthDate')}
            error={errors.birthDate}
          />
          <TextField
            label={t.people.externalId}
            value={c.externalId}
            onChange={set('externalId')}
            maxLength={64}
            hint={t.people.externalIdHint}
            error={errors.externalId}
          />
        </div>

        {person ? null : (
          <fieldset className="choice admin-fieldset">
            <legend>{t.people.placementTitle}</legend>
            <div className="segmented segmented--wrap">
              {(
                ['position', 'pupil', 'parent', ...(allowNone ? ['none' as const] : [])] as const
              ).map((p) => (
                <button
                  key={p}
                  type="button"
                  aria-pressed={placement === p}
                  onClick={() => setPlacement(p)}
                >
                  {t.people.placement[p]}
                </button>
              ))}
            </div>
            {placement !== 'none' && orgs.length > 1 ? (
              <SelectField
                label={t.orgPicker.label}
                value={org === null ? '' : String(org)}
                onChange={(v) => {
                  setOrg(v ? Number(v) : null);
                  setClassId(null);
                  setPupil(null);
                }}
                error={errors.org ?? errors['position.organizationId']}
              >
                <option value="">{t.orgPicker.choose}</option>
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {orgLabel(o)}
                  </option>
                ))}
              </SelectField>
            ) : null}
            {placement === 'position' ? (
              <>
                <SelectField
                  label={t.people.role}
                  value={role}
                  onChange={(v) => {
                    setRole(v as PositionRole);
                    setPedagogical(pedagogicalByDefault(v as PositionRole));
                  }}
                  error={errors['position.role']}
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
                  error={errors['position.title']}
                />
                <label className="check">
                  <input
                    type="checkbox"
                    checked={pedagogical}
                    onChange={(e) => setPedagogical(e.target.checked)}
                  />
                  {t.people.pedagogical}
                </label>
              </>
            ) : null}
            {placement === 'pupil' ? (
              <SelectField
                label={t.people.classLabel}
                value={classId === null ? '' : String(classId)}
                onChange={(v) => setClassId(v ? Number(v) : null)}
                error={errors.classId}
                hint={classes.data?.length === 0 ? t.people.noClasses : undefined}
              >
                <option value="">{classes.isPending ? t.loading : t.people.chooseClass}</option>
                {(classes.data ?? []).map((cl) => (
                  <option key={cl.id} value={cl.id}>
                    {cl.name}
                  </option>
                ))}
              </SelectField>
            ) : null}
            {placement === 'parent' ? (
              <>
                <PeoplePicker
                  label={t.people.pupil}
                  orgId={org}
                  role="pupil"
                  value={pupil}
                  onPick={setPupil}
                />
                {errors.pupil || errors['guardianOf.pupilId'] ? (
                  <span className="field__error">
                    {errors.pupil ?? errors['guardianOf.pupilId']}
                  </span>
                ) : null}
                <RelationSelect value={relation} onChange={setRelation} />
              </>
            ) : null}
            {placement === 'none' ? <p className="muted small">{t.people.noneHint}</p> : null}
          </fieldset>
        )}

        <FormFooter
          error={general}
          pending={save.isPending}
          submitLabel={person ? t.common.save : t.common.create}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}

export function RelationSelect({
  value,
  onChange,
}: {
  value: GuardianRelation;
  onChange: (v: GuardianRelation) => void;
}) {
  const t = useAdminT();
  return (
    <SelectField
      label={t.people.relation}
      value={value}
      onChange={(v) => onChange(v as GuardianRelation)}
    >
      {GUARDIAN_RELATIONS.map((r) => (
        <option key={r} value={r}>
          {t.relations[r]}
        </option>
      ))}
    </SelectField>
  );
}
