import { type ClassKind, type OrganizationEntry } from '@parta/shared';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { Modal } from '../ui/modal';
import { academicYearOf, createClass, useInvalidateAdmin, useStaff } from './admin-api';
import { useAdminT } from './messages';
import { SelectField, TextField, useFieldErrors, useFocusFirstInvalid } from './org-ui';

/** «5А» → grade 5; «Средняя группа» → none. */
export function gradeOf(name: string): number | null {
  const m = /^\s*(\d{1,2})/.exec(name);
  const n = m?.[1] ? Number(m[1]) : NaN;
  return n >= 1 && n <= 12 ? n : null;
}

/**
 * A new class (schools) or group (kindergartens, additional education):
 * name, kind, grade, academic year and the class teacher, chosen among the
 * organisation's staff. Class chats appear with it.
 */
export function ClassForm({
  org,
  years,
  onClose,
  onSaved,
}: {
  org: OrganizationEntry;
  /** Academic years the organisation's classes have, newest first. */
  years: number[];
  onClose: () => void;
  onSaved: (classId: number) => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const staff = useStaff(org.id);
  const current = academicYearOf(new Date());
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ClassKind>(org.kind === 'general' ? 'class' : 'group');
  const [grade, setGrade] = useState('');
  const [gradeTouched, setGradeTouched] = useState(false);
  const [year, setYear] = useState(String(years[0] ?? current));
  const [teacher, setTeacher] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: () =>
      createClass(org.id, {
        name: name.trim(),
        kind,
        grade: grade.trim() ? Number(grade) : null,
        academicYear: Number(year),
        classTeacherId: teacher ? Number(teacher) : null,
      }),
    onSuccess: async (created) => {
      await invalidate();
      onSaved(created.id);
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
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t.fieldErrors.required;
    if (grade.trim() && !/^(0|[1-9]|1[0-2])$/.test(grade.trim()))
      found.grade = t.classes.gradeRange;
    setLocal(found);
    if (Object.keys(found).length === 0) save.mutate();
  };

  const yearOptions = [...new Set([current + 1, current, ...years])].sort((a, b) => b - a);
  const teachers = [...(staff.data ?? [])].sort((a, b) =>
    a.displayName.localeCompare(b.displayName, 'ru'),
  );

  return (
    <Modal title={t.classes.createTitle} onClose={onClose} wide>
      <form
        ref={formRef}
        className="form"
        onSubmit={submit}
        noValidate
        aria-label={t.classes.createTitle}
      >
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
          hint={staff.isError ? errorMessage(staff.error, tt) : undefined}
        >
          <option value="">{staff.isPending ? t.loading : t.classes.noTeacher}</option>
          {teachers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </SelectField>
        {general ? (
          <p className="form__error" role="alert">
            {general}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? t.common.working : t.common.create}
          </button>
        </div>
      </form>
    </Modal>
  );
}
