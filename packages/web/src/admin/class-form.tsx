import type { ClassInfo, ClassKind, OrganizationEntry, Person, UpdateClass } from '@parta/shared';
import { useMutation } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/error-message';
import { isApiError } from '../api/client';
import { useT } from '../i18n/i18n';
import { Modal } from '../ui/modal';
import {
  academicYearOf,
  createClass,
  fieldErrors,
  updateClass,
  useInvalidateAdmin,
  useStaff,
} from './admin-api';
import { useAdminT } from './messages';
import { SelectField, TextField, useFieldErrors, useFocusFirstInvalid, FormFooter } from './org-ui';

/** «5А» → grade 5; «Средняя группа» → none. */
export function gradeOf(name: string): number | null {
  const m = /^\s*(\d{1,2})/.exec(name);
  const n = m?.[1] ? Number(m[1]) : NaN;
  return n >= 1 && n <= 12 ? n : null;
}

/** Class teachers are chosen among the organisation's pedagogical workers. */
export function teachersOf(staff: readonly Person[], orgId: number): Person[] {
  return staff
    .filter((p) => p.positions.some((x) => x.organizationId === orgId && x.pedagogical))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'ru'));
}

/**
 * A new class (schools) or group (kindergartens, additional education), or
 * changes to one (`cls`): name, kind, grade, academic year, the class
 * teacher (one of the organisation's pedagogical workers) and, for an
 * existing class, the archive. Class chats appear with the class and follow
 * its name and teacher; only what changed is sent.
 */
export function ClassForm({
  org,
  years,
  cls = null,
  onClose,
  onSaved,
}: {
  org: OrganizationEntry;
  /** Academic years the organisation's classes have, newest first. */
  years: number[];
  /** The class to change; null for a new one. */
  cls?: ClassInfo | null;
  onClose: () => void;
  onSaved: (classId: number) => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const staff = useStaff(org.id);
  const current = academicYearOf(new Date());
  const [name, setName] = useState(cls?.name ?? '');
  const [kind, setKind] = useState<ClassKind>(
    cls?.kind ?? (org.kind === 'general' ? 'class' : 'group'),
  );
  const [grade, setGrade] = useState(cls?.grade == null ? '' : String(cls.grade));
  // An existing class keeps its grade unless the administrator changes it.
  const [gradeTouched, setGradeTouched] = useState(cls !== null);
  const [year, setYear] = useState(String(cls?.academicYear ?? years[0] ?? current));
  const [teacher, setTeacher] = useState(
    cls?.classTeacherId == null ? '' : String(cls.classTeacherId),
  );
  const [archived, setArchived] = useState(cls?.archived ?? false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const archiveHintId = useId();

  const body = () => ({
    name: name.trim(),
    kind,
    grade: grade.trim() ? Number(grade) : null,
    academicYear: Number(year),
    classTeacherId: teacher ? Number(teacher) : null,
  });
  /** What differs from the class as it is. */
  const changes = (c: ClassInfo): UpdateClass => {
    const next = body();
    const out: UpdateClass = {};
    if (next.name !== c.name) out.name = next.name;
    if (next.kind !== c.kind) out.kind = next.kind;
    if (next.grade !== c.grade) out.grade = next.grade;
    if (next.academicYear !== c.academicYear) out.academicYear = next.academicYear;
    if (next.classTeacherId !== c.classTeacherId) out.classTeacherId = next.classTeacherId;
    if (archived !== c.archived) out.archived = archived;
    return out;
  };

  const save = useMutation({
    mutationFn: async (): Promise<number> => {
      if (!cls) return (await createClass(org.id, body())).id;
      const patch = changes(cls);
      if (Object.keys(patch).length > 0) await updateClass(cls.id, patch);
      return cls.id;
    },
    onSuccess: async (id) => {
      await invalidate();
      onSaved(id);
    },
  });
  const server = useServerErrors(save.error);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, local);
  useFocusFirstInvalid(formRef, server);
  const errors: Record<string, string | undefined> = { ...server, ...local };
  const general =
    save.error && Object.keys(server).length === 0
      ? isApiError(save.error) && save.error.code === 'CONFLICT' && cls
        ? t.classes.orgArchived
        : errorMessage(save.error, tt)
      : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t.fieldErrors.required;
    if (grade.trim() && !/^(0|[1-9]|1[0-2])$/.test(grade.trim()))
      found.grade = t.classes.gradeRange;
    setLocal(found);
    if (Object.keys(found).length === 0) save.mutate();
  };

  const yearOptions = [
    ...new Set([current + 1, current, ...years, ...(cls ? [cls.academicYear] : [])]),
  ].sort((a, b) => b - a);
  const teachers = teachersOf(staff.data ?? [], org.id);
  // The present teacher stays selectable even if they are no longer a pedagogical worker here.
  const strayTeacher =
    cls?.classTeacherId != null && !teachers.some((p) => p.id === cls.classTeacherId)
      ? {
          id: cls.classTeacherId,
          label:
            staff.data?.find((p) => p.id === cls.classTeacherId)?.displayName ??
            t.classes.teacherNotStaff,
        }
      : null;
  const title = cls ? t.classes.editTitle(cls.name) : t.classes.createTitle;

  return (
    <Modal title={title} onClose={onClose} wide>
      <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label={title}>
        <div className="form-row">
          <TextField
            label={t.classes.name}
            value={name}
            onChange={(v) => {
              setName(v);
              if (!gradeTouched && kind === 'class') {
                const g = gradeOf(v);
                setGrade(g === null ? '' : String(g));
              }
            }}
            required
            maxLength={100}
            placeholder={kind === 'class' ? '5А' : t.classes.groupPlaceholder}
            error={errors.name}
          />
          <SelectField
            label={t.classes.kind}
            value={kind}
            onChange={(v) => setKind(v as ClassKind)}
            hint={cls?.kind === 'class' && kind === 'group' ? t.classes.becomesGroup : undefined}
          >
            <option value="class">{t.classKinds.class}</option>
            <option value="group">{t.classKinds.group}</option>
          </SelectField>
        </div>
        <div className="form-row">
          <TextField
            label={t.classes.grade}
            type="number"
            inputMode="numeric"
            value={grade}
            onChange={(v) => {
              setGrade(v);
              setGradeTouched(true);
            }}
            hint={t.classes.gradeHint}
            error={errors.grade}
          />
          <SelectField
            label={t.classes.year}
            value={year}
            onChange={setYear}
            error={errors.academicYear}
          >
            {yearOptions.map((y) => (
              <option key={y} value={y}>
                {t.classes.yearLabel(y)}
              </option>
            ))}
          </SelectField>
        </div>
        <SelectField
          label={t.classes.teacher}
          value={teacher}
          onChange={setTeacher}
          error={errors.classTeacherId}
          hint={staff.isError ? errorMessage(staff.error, tt) : t.classes.teacherChoice}
        >
          <option value="">{staff.isPending ? t.loading : t.classes.noTeacher}</option>
          {strayTeacher ? <option value={strayTeacher.id}>{strayTeacher.label}</option> : null}
          {teachers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </SelectField>
        {cls ? (
          <div className="field">
            <label className="check">
              <input
                type="checkbox"
                checked={archived}
                onChange={(e) => setArchived(e.target.checked)}
                aria-describedby={archiveHintId}
              />
              {t.classes.archiveLabel}
            </label>
            <span id={archiveHintId} className="field__hint">
              {archived ? t.classes.archiveHint : t.classes.chatsFollow}
            </span>
          </div>
        ) : null}
        <FormFooter
          error={general}
          pending={save.isPending}
          submitLabel={cls ? t.common.save : t.common.create}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}

/**
 * The server's refusals on their fields, in words that say what to do: a
 * taken name, a class teacher who may not be one.
 */
function useServerErrors(error: unknown): Record<string, string> {
  const t = useAdminT();
  const byField = useFieldErrors(error);
  return useMemo(() => {
    if (isApiError(error) && error.code === 'ALREADY_EXISTS') return { name: t.classes.nameTaken };
    const teacher = fieldErrors(error).classTeacherId;
    if (teacher === undefined) return byField;
    const reason = /deactivated/.test(teacher)
      ? t.classes.teacherErrors.deactivated
      : /pedagogical/.test(teacher)
        ? t.classes.teacherErrors.notPedagogical
        : t.classes.teacherErrors.notStaff;
    return { ...byField, classTeacherId: reason };
  }, [error, byField, t]);
}
