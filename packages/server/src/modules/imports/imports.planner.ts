import { createHash } from 'node:crypto';
import type {
  GuardianRelation,
  ImportItem,
  ImportKind,
  OrgKind,
  PositionRole,
} from '@parta/shared';
import type { Field } from './imports.columns';
import { describePosition, ROLE_RU } from './imports.job-titles';
import type {
  ClassRef,
  Findings,
  ParentRecord,
  PersonInput,
  Place,
  PupilRecord,
  ReadRecords,
  StaffRecord,
} from './imports.records';
import {
  displayNameOf,
  middleCompatible,
  nameKey,
  RELATION_RU,
  ruDate,
  textKey,
} from './imports.values';

/**
 * The plan of an import: who is created, updated, left alone, removed from
 * the organisation or deactivated, and the writes that do it. Pure: the
 * service loads the state, the planner decides, the service writes.
 *
 * Matching a row to a stored person, first rule that applies (documented in
 * docs/ru/import.md):
 *  1. the same external ID;
 *  2. the same surname, name and birth date;
 *  3. the same phone or e-mail and the same first name (relatives often share
 *     one phone: the name tells them apart) — not for pupils, whose lists
 *     often carry a parent's phone;
 *  4. the same surname and name among the organisation's current roster of
 *     this kind (staff, pupils, parents of its pupils).
 * Rules 2–4 never join people whose external IDs, birth dates or
 * patronymics are both known and differ. Two stored candidates for one row,
 * or two rows for one stored person, are problems, not guesses.
 */

export interface ExistingPerson {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  phone: string | null;
  email: string | null;
  birthDate: string | null;
  externalId: string | null;
  active: boolean;
}

export interface ExistingClass {
  id: number;
  name: string;
  key: string;
  /** The class teacher (классный руководитель), if any. */
  teacherId: number | null;
}

export interface PlanState {
  kind: ImportKind;
  orgKind: OrgKind;
  academicYear: number;
  deactivateMissing: boolean;
  /** Every stored person the rows may match, and everyone on the rosters below. */
  people: Map<number, ExistingPerson>;
  /** Classes and groups not archived; `people` holds their class teachers. */
  classes: ExistingClass[];
  /** Names taken by archived classes of the year new classes get. */
  archivedClassKeys: ReadonlySet<string>;
  /** The organisation's active positions. */
  positions: {
    id: number;
    personId: number;
    role: string;
    title: string | null;
    pedagogical: boolean;
  }[];
  /** Open enrolments in the organisation's classes. */
  enrolments: { id: number; pupilId: number; classId: number }[];
  /**
   * People who were on this roster and are no longer (ended positions or
   * enrolments here): matched by name when nobody current is, so a person
   * who left and comes back is restored, not duplicated.
   */
  formerIds: ReadonlySet<number>;
  /** Guardianships of the organisation's pupils. */
  guardianships: { id: number; parentId: number; pupilId: number; relation: string }[];
  /**
   * Current roles of people who may leave (deactivateMissing): ids of their
   * active positions, open enrolments and guardianships, anywhere.
   */
  links: Map<number, { positions: number[]; enrolments: number[]; guardianships: number[] }>;
  /** People whose data and status this importer may not change: they hold powers it lacks. */
  protectedIds: ReadonlySet<number>;
  /** The importer: never deactivated by their own import. */
  selfId: number | null;
}

export type PersonRef = { id: number } | { created: number };
export type ClassTarget = { id: number } | { created: number };

export interface NewPerson {
  input: PersonInput;
}

export interface PlanOps {
  newClasses: { name: string; kind: 'class' | 'group'; grade: number | null }[];
  newPeople: NewPerson[];
  updates: {
    personId: number;
    patch: {
      last_name?: string;
      first_name?: string;
      middle_name?: string;
      phone?: string;
      email?: string;
      birth_date?: string;
      external_id?: string;
      deactivated_at?: null;
    };
  }[];
  addPositions: { person: PersonRef; title: string; role: PositionRole; pedagogical: boolean }[];
  endPositions: number[];
  addEnrolments: { person: PersonRef; cls: ClassTarget }[];
  endEnrolments: number[];
  addGuardianships: { parent: PersonRef; pupilId: number; relation: GuardianRelation }[];
  relationUpdates: { id: number; relation: GuardianRelation }[];
  deleteGuardianships: number[];
  deactivate: number[];
  /** New class teachers; `person: null` leaves the class without one. At most one per class. */
  classTeachers: { classId: number; person: PersonRef | null }[];
}

export interface Plan {
  items: ImportItem[];
  classesToCreate: string[];
  missing: number;
  ops: PlanOps;
  digest: string;
}

/** «Классный руководитель» of a staff file: classes per group of rows, and who claims each. */
interface ClassClaims {
  leads: Map<Group<StaffRecord>, ExistingClass[]>;
  claimed: Map<number, { row: number; name: string; group: Group<StaffRecord> }>;
}

/** Where a field of a row is in the file, for problem messages. */
export type PlaceOf = (row: number, field?: Field) => Place;

// ---------------------------------------------------------------------------
// Identity

type Input = PersonInput;

function conflicts(a: Input, b: ExistingPerson | Input): boolean {
  return (
    (a.externalId !== null && b.externalId !== null && a.externalId !== b.externalId) ||
    (a.birthDate !== null && b.birthDate !== null && a.birthDate !== b.birthDate) ||
    !middleCompatible(a.middleName, b.middleName)
  );
}

const sameName = (a: Input, b: ExistingPerson | Input) => nameKey(a) === nameKey(b);

type Match =
  | { kind: 'found'; person: ExistingPerson; rule: string }
  | { kind: 'ambiguous'; people: ExistingPerson[] }
  | { kind: 'none' };

class Matcher {
  private readonly byExt = new Map<string, ExistingPerson[]>();
  private readonly byName = new Map<string, ExistingPerson[]>();
  private readonly byPhone = new Map<string, ExistingPerson[]>();
  private readonly byEmail = new Map<string, ExistingPerson[]>();

  constructor(
    people: Iterable<ExistingPerson>,
    private readonly roster: ReadonlySet<number>,
    private readonly former: ReadonlySet<number> = new Set(),
    /** Rule 3; off for pupils, whose lists often carry a parent's phone. */
    private readonly byContact = true,
  ) {
    const add = (m: Map<string, ExistingPerson[]>, k: string | null, p: ExistingPerson) => {
      if (!k) return;
      const list = m.get(k);
      if (list) list.push(p);
      else m.set(k, [p]);
    };
    for (const p of people) {
      add(this.byExt, p.externalId, p);
      add(this.byName, nameKey(p), p);
      add(this.byPhone, p.phone, p);
      add(this.byEmail, p.email?.toLowerCase() ?? null, p);
    }
  }

  match(r: Input): Match {
    const pick = (list: ExistingPerson[], rule: string): Match | null => {
      if (list.length === 1 && list[0]) return { kind: 'found', person: list[0], rule };
      if (list.length > 1) return { kind: 'ambiguous', people: list };
      return null;
    };
    if (r.externalId) {
      const m = pick(this.byExt.get(r.externalId) ?? [], 'внешний ID');
      if (m) return m;
    }
    const named = (this.byName.get(nameKey(r)) ?? []).filter((p) => !conflicts(r, p));
    if (r.birthDate) {
      const m = pick(
        named.filter((p) => p.birthDate === r.birthDate),
        'ФИО и дата рождения',
      );
      if (m) return m;
    }
    const contact = [
      ...(r.phone && this.byContact ? (this.byPhone.get(r.phone) ?? []) : []),
      ...(r.email && this.byContact ? (this.byEmail.get(r.email) ?? []) : []),
    ].filter((p) => textKey(p.firstName) === textKey(r.firstName) && !conflicts(r, p));
    const uniqueContact = [...new Map(contact.map((p) => [p.id, p])).values()];
    if (uniqueContact.length > 1) {
      const sameSurname = uniqueContact.filter((p) => sameName(r, p));
      const m = pick(sameSurname.length > 0 ? sameSurname : uniqueContact, 'телефон или e-mail');
      if (m) return m;
    } else {
      const m = pick(uniqueContact, 'телефон или e-mail');
      if (m) return m;
    }
    const m =
      pick(
        named.filter((p) => this.roster.has(p.id)),
        'ФИО',
      ) ??
      pick(
        named.filter((p) => this.former.has(p.id) && !this.roster.has(p.id)),
        'ФИО (раньше был в организации)',
      );
    return m ?? { kind: 'none' };
  }
}

/** Rows of one person in the file: the first row's data, completed by later rows. */
interface Group<R extends Input> {
  records: R[];
  input: Input;
}

/** Groups rows that name the same person (same external ID, or same name without conflicts). */
function groupRows<R extends Input>(records: R[], same: (a: Input, b: R) => boolean): Group<R>[] {
  const groups: Group<R>[] = [];
  const byName = new Map<string, Group<R>[]>();
  const byExt = new Map<string, Group<R>>();
  for (const r of records) {
    let g = r.externalId ? byExt.get(r.externalId) : undefined;
    if (!g) g = (byName.get(nameKey(r)) ?? []).find((c) => same(c.input, r));
    if (!g) {
      g = { records: [r], input: { ...r } };
      groups.push(g);
      const list = byName.get(nameKey(r));
      if (list) list.push(g);
      else byName.set(nameKey(r), [g]);
    } else {
      g.records.push(r);
      const inp = g.input;
      inp.middleName ??= r.middleName;
      inp.birthDate ??= r.birthDate;
      inp.phone ??= r.phone;
      inp.email ??= r.email;
      inp.externalId ??= r.externalId;
    }
    if (r.externalId && !byExt.has(r.externalId)) byExt.set(r.externalId, g);
  }
  return groups;
}

const sameAdult = (a: Input, b: Input) =>
  sameName(a, b) &&
  !conflicts(a, b) &&
  !(a.phone !== null && b.phone !== null && a.phone !== b.phone && a.email !== b.email);

const samePupil = (a: Input, b: Input) => sameName(a, b) && !conflicts(a, b);

// ---------------------------------------------------------------------------
// The plan

function groupBy<T>(list: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const t of list) {
    const k = key(t);
    const l = m.get(k);
    if (l) l.push(t);
    else m.set(k, [t]);
  }
  return m;
}

class Planner {
  readonly ops: PlanOps = {
    newClasses: [],
    newPeople: [],
    updates: [],
    addPositions: [],
    endPositions: [],
    addEnrolments: [],
    endEnrolments: [],
    addGuardianships: [],
    relationUpdates: [],
    deleteGuardianships: [],
    deactivate: [],
    classTeachers: [],
  };
  readonly items: ImportItem[] = [];
  /** Stored people the file names (matched), by id → first row. */
  private readonly seen = new Map<number, number>();
  private readonly classByKey = new Map<string, ExistingClass>();
  private readonly newClassByKey = new Map<string, number>();
  private missing = 0;
  private readonly positionsOf: Map<number, PlanState['positions']>;
  private readonly enrolmentsOf: Map<number, PlanState['enrolments']>;
  private readonly guardianshipsOf: Map<number, PlanState['guardianships']>;

  constructor(
    private readonly s: PlanState,
    private readonly findings: Findings,
    private readonly placeOf: PlaceOf,
  ) {
    for (const c of s.classes) if (!this.classByKey.has(c.key)) this.classByKey.set(c.key, c);
    this.positionsOf = groupBy(s.positions, (p) => p.personId);
    this.enrolmentsOf = groupBy(s.enrolments, (e) => e.pupilId);
    this.guardianshipsOf = groupBy(s.guardianships, (g) => g.parentId);
  }

  private problem(row: number, field: Field | undefined, message: string) {
    this.findings.problem(this.placeOf(row, field), message);
  }

  private warn(row: number, field: Field | undefined, message: string) {
    this.findings.warning(this.placeOf(row, field), message);
  }

  private nameOf(id: number): string {
    const p = this.s.people.get(id);
    return p ? displayNameOf(p) : `№ ${id}`;
  }

  /** Resolves a group to a stored person, a new one, or null after reporting a problem. */
  private resolve<R extends Input>(g: Group<R>, matcher: Matcher): ExistingPerson | 'new' | null {
    const first = g.records[0];
    if (!first) return null;
    const m = matcher.match(g.input);
    if (m.kind === 'ambiguous') {
      const who = m.people
        .slice(0, 3)
        .map((p) => `${displayNameOf(p)}${p.birthDate ? `, ${ruDate(p.birthDate)}` : ''}`)
        .join('; ');
      this.problem(
        first.row,
        undefined,
        `под эти данные подходят несколько человек (${who}); укажите дату рождения или внешний ID, чтобы их различить`,
      );
      return null;
    }
    if (m.kind === 'none') return 'new';
    const earlier = this.seen.get(m.person.id);
    if (earlier !== undefined) {
      this.problem(
        first.row,
        undefined,
        `это тот же человек, что и в строке ${earlier} (${displayNameOf(m.person)}, совпадение: ${m.rule}); уберите повтор`,
      );
      return null;
    }
    this.seen.set(m.person.id, first.row);
    return m.person;
  }

  /** Field changes of a matched person; records them in `ops.updates`. */
  private personChanges(p: ExistingPerson, inp: Input, row: number): string[] {
    const patch: PlanOps['updates'][number]['patch'] = {};
    const changes: string[] = [];
    const names: [keyof Input & ('lastName' | 'firstName' | 'middleName'), string, string][] = [
      ['lastName', 'last_name', 'фамилия'],
      ['firstName', 'first_name', 'имя'],
      ['middleName', 'middle_name', 'отчество'],
    ];
    for (const [k, col, ru] of names) {
      const v = inp[k];
      const old = p[k];
      if (v && (old === null || textKey(v) !== textKey(old))) {
        (patch as Record<string, string>)[col] = v;
        changes.push(old ? `${ru}: ${old} → ${v}` : `${ru}: ${v}`);
      }
    }
    const plain: [
      'phone' | 'email' | 'birthDate' | 'externalId',
      'phone' | 'email' | 'birth_date' | 'external_id',
      string,
      (v: string) => string,
    ][] = [
      ['phone', 'phone', 'телефон', (v) => v],
      ['email', 'email', 'e-mail', (v) => v],
      ['birthDate', 'birth_date', 'дата рождения', ruDate],
      ['externalId', 'external_id', 'внешний ID', (v) => v],
    ];
    for (const [k, col, ru, show] of plain) {
      const v = inp[k];
      const old = p[k];
      if (v && v !== old) {
        patch[col] = v;
        changes.push(old ? `${ru}: ${show(old)} → ${show(v)}` : `${ru}: ${show(v)}`);
      }
    }
    if (!p.active) {
      patch.deactivated_at = null;
      changes.push('восстанавливается: был деактивирован');
    }
    if (changes.length === 0) return [];
    if (this.s.protectedIds.has(p.id)) {
      this.warn(
        row,
        undefined,
        `данные человека «${displayNameOf(p)}» не меняются: у него есть права, которых нет у вас; изменения из файла пропущены: ${changes.join('; ')}`,
      );
      return [];
    }
    this.ops.updates.push({ personId: p.id, patch });
    return changes;
  }

  private push(item: ImportItem) {
    this.items.push(item);
  }

  private create(inp: Input): PersonRef {
    this.ops.newPeople.push({ input: inp });
    return { created: this.ops.newPeople.length - 1 };
  }

  // -------------------------------------------------------------------------
  // staff

  /**
   * «Классный руководитель»: the classes each person of the file leads. A
   * class must exist in the organisation, and only one row may claim it.
   */
  private classClaims(groups: Group<StaffRecord>[]): ClassClaims {
    const leads = new Map<Group<StaffRecord>, ExistingClass[]>();
    const claimed = new Map<number, { row: number; name: string; group: Group<StaffRecord> }>();
    const school = this.s.orgKind === 'general';
    for (const g of groups) {
      const list: ExistingClass[] = [];
      for (const r of g.records) {
        for (const ref of r.classTeacherOf) {
          const cls = this.classByKey.get(ref.parsed.key);
          if (!cls) {
            this.problem(
              r.row,
              'classTeacherOf',
              !ref.recognised
                ? `класс «${ref.raw}» не распознан и в организации такого нет; пишите номер и букву через запятую, например «5А, 7Б»`
                : school
                  ? `класса «${ref.parsed.name}» нет в организации. Классы создаются при загрузке учеников: загрузите учеников, затем этот файл ещё раз — или оставьте ячейку пустой`
                  : `группы «${ref.parsed.name}» нет в организации. Группы создаются при загрузке воспитанников: загрузите их, затем этот файл ещё раз — или оставьте ячейку пустой`,
            );
            continue;
          }
          const prev = claimed.get(cls.id);
          if (prev && prev.group !== g) {
            this.problem(
              r.row,
              'classTeacherOf',
              `${school ? 'класс' : 'группа'} ${cls.name} уже ${school ? 'указан' : 'указана'} в строке ${prev.row} («${prev.name}»); классный руководитель у ${school ? 'класса' : 'группы'} один`,
            );
            continue;
          }
          if (!prev) claimed.set(cls.id, { row: r.row, name: displayNameOf(r), group: g });
          if (!list.includes(cls)) list.push(cls);
        }
      }
      leads.set(g, list);
    }
    return { leads, claimed };
  }

  /**
   * Class teacher changes of one person of the file. With the column in the
   * file it is the whole truth for them: classes they lead and the file does
   * not give them lose their class teacher (or pass to whoever claims them).
   */
  private leadChanges(
    person: PersonRef,
    personId: number | null,
    group: Group<StaffRecord>,
    claims: ClassClaims,
    authoritative: boolean,
  ): string[] {
    const leads = claims.leads.get(group) ?? [];
    const changes: string[] = [];
    for (const cls of leads) {
      if (personId !== null && cls.teacherId === personId) continue;
      this.ops.classTeachers.push({ classId: cls.id, person });
      changes.push(
        cls.teacherId === null
          ? `классное руководство: ${cls.name}`
          : `классное руководство: ${cls.name} (было у: ${this.nameOf(cls.teacherId)})`,
      );
    }
    if (!authoritative || personId === null) return changes;
    for (const cls of this.s.classes) {
      if (cls.teacherId !== personId || leads.includes(cls)) continue;
      const claim = claims.claimed.get(cls.id);
      if (claim) {
        changes.push(
          `классное руководство ${cls.name} переходит к: ${claim.name} (строка ${claim.row})`,
        );
        continue;
      }
      this.ops.classTeachers.push({ classId: cls.id, person: null });
      changes.push(`снимается классное руководство: ${cls.name}`);
    }
    return changes;
  }

  staff(records: StaffRecord[], classTeacherColumn: boolean): void {
    const roster = new Set(this.s.positions.map((p) => p.personId));
    const matcher = new Matcher(this.s.people.values(), roster, this.s.formerIds);
    const groups = groupRows(records, sameAdult);
    const claims = this.classClaims(groups);
    const present = new Set<number>();
    for (const g of groups) {
      const wanted: { title: string; role: PositionRole; pedagogical: boolean; row: number }[] = [];
      let duplicate = false;
      for (const r of g.records) {
        for (const pos of r.positions) {
          const prev = wanted.find((w) => textKey(w.title) === textKey(pos.title));
          if (prev && prev.row !== r.row) {
            this.problem(
              r.row,
              'title',
              `сотрудник «${displayNameOf(r)}» с должностью «${pos.title}» уже указан в строке ${prev.row}; уберите повтор`,
            );
            duplicate = true;
          } else if (!prev) {
            wanted.push({ ...pos, row: r.row });
          }
        }
      }
      if (duplicate) continue;
      const found = this.resolve(g, matcher);
      if (found === null) continue;
      const rows = g.records.map((r) => r.row);
      if (found === 'new') {
        const ref = this.create(g.input);
        for (const w of wanted) this.ops.addPositions.push({ person: ref, ...w });
        this.push({
          action: 'create',
          rows,
          personId: null,
          name: displayNameOf(g.input),
          changes: [
            ...wanted.map((w) => `должность: ${describePosition(w)}`),
            ...this.leadChanges(ref, null, g, claims, classTeacherColumn),
          ],
        });
        continue;
      }
      present.add(found.id);
      const changes = this.personChanges(found, g.input, rows[0] ?? 0);
      const current = this.positionsOf.get(found.id) ?? [];
      const kept = new Set<number>();
      for (const w of wanted) {
        const same = current.find(
          (p) =>
            !kept.has(p.id) &&
            p.title !== null &&
            textKey(p.title) === textKey(w.title) &&
            p.role === w.role &&
            p.pedagogical === w.pedagogical,
        );
        if (same) {
          kept.add(same.id);
          continue;
        }
        this.ops.addPositions.push({ person: { id: found.id }, ...w });
        changes.push(`новая должность: ${describePosition(w)}`);
      }
      for (const p of current) {
        if (kept.has(p.id)) continue;
        this.ops.endPositions.push(p.id);
        changes.push(`завершается должность: ${p.title ?? ROLE_RU[p.role as PositionRole]}`);
      }
      changes.push(...this.leadChanges({ id: found.id }, found.id, g, claims, classTeacherColumn));
      this.push({
        action: changes.length > 0 ? 'update' : 'unchanged',
        rows,
        personId: found.id,
        name: displayNameOf(found),
        changes,
      });
    }
    const leaving = [...roster].filter((id) => !present.has(id));
    this.leave(leaving, (id) => {
      const ps = this.positionsOf.get(id) ?? [];
      const changes = ps.map(
        (p) => `завершается должность: ${p.title ?? ROLE_RU[p.role as PositionRole]}`,
      );
      // Who leaves the staff leads no class here (unless the file gives it to someone else).
      for (const cls of this.s.classes) {
        if (cls.teacherId !== id || claims.claimed.has(cls.id)) continue;
        this.ops.classTeachers.push({ classId: cls.id, person: null });
        changes.push(`снимается классное руководство: ${cls.name}`);
      }
      return { positions: ps.map((p) => p.id), enrolments: [], guardianships: [], changes };
    });
  }

  // -------------------------------------------------------------------------
  // pupils

  private classTarget(cls: ClassRef, row: number): { target: ClassTarget; name: string } | null {
    const existing = this.classByKey.get(cls.parsed.key);
    if (existing) return { target: { id: existing.id }, name: existing.name };
    if (!cls.recognised) {
      this.problem(
        row,
        'className',
        `класс «${cls.raw}» не распознан и в организации такого нет: для школы пишите номер и букву, например «5А» или «10Б»; другой класс или группу сначала создайте в разделе «Управление → Классы»`,
      );
      return null;
    }
    if (this.s.archivedClassKeys.has(cls.parsed.key)) {
      this.problem(
        row,
        'className',
        `класс «${cls.parsed.name}» этого учебного года в архиве; верните его из архива в карточке организации или исправьте класс`,
      );
      return null;
    }
    let index = this.newClassByKey.get(cls.parsed.key);
    if (index === undefined) {
      index = this.ops.newClasses.length;
      this.ops.newClasses.push({
        name: cls.parsed.name,
        kind: this.s.orgKind === 'general' ? 'class' : 'group',
        grade: cls.parsed.grade,
      });
      this.newClassByKey.set(cls.parsed.key, index);
    }
    return { target: { created: index }, name: cls.parsed.name };
  }

  pupils(records: PupilRecord[]): void {
    const roster = new Set(this.s.enrolments.map((e) => e.pupilId));
    const matcher = new Matcher(this.s.people.values(), roster, this.s.formerIds, false);
    const groups = groupRows(records, samePupil);
    const present = new Set<number>();
    const className = new Map(this.s.classes.map((c) => [c.id, c.name]));
    for (const g of groups) {
      const [first, ...rest] = g.records;
      if (!first) continue;
      let bad = false;
      for (const r of rest) {
        if (r.cls.parsed.key === first.cls.parsed.key) {
          this.problem(
            r.row,
            undefined,
            `ученик «${displayNameOf(r)}» уже указан в строке ${first.row}; уберите повтор`,
          );
        } else {
          this.problem(
            r.row,
            'className',
            `ученик «${displayNameOf(r)}» указан в двух классах: ${first.cls.parsed.name} (строка ${first.row}) и ${r.cls.parsed.name}; ученик учится в одном классе. Если это разные дети, укажите их даты рождения`,
          );
        }
        bad = true;
      }
      if (bad) continue;
      const target = this.classTarget(first.cls, first.row);
      const found = this.resolve(g, matcher);
      if (found === null || target === null) continue;
      const rows = g.records.map((r) => r.row);
      if (found === 'new') {
        const ref = this.create(g.input);
        this.ops.addEnrolments.push({ person: ref, cls: target.target });
        this.push({
          action: 'create',
          rows,
          personId: null,
          name: displayNameOf(g.input),
          changes: [`класс: ${target.name}`],
        });
        continue;
      }
      present.add(found.id);
      const changes = this.personChanges(found, g.input, first.row);
      const current = this.enrolmentsOf.get(found.id) ?? [];
      const targetId = 'id' in target.target ? target.target.id : null;
      const stay = current.find((e) => e.classId === targetId);
      for (const e of current) if (e !== stay) this.ops.endEnrolments.push(e.id);
      if (!stay) {
        this.ops.addEnrolments.push({ person: { id: found.id }, cls: target.target });
        const from = current.map((e) => className.get(e.classId) ?? '?').join(', ');
        changes.push(from ? `перевод: ${from} → ${target.name}` : `зачисление в ${target.name}`);
      } else if (current.length > 1) {
        const others = current.filter((e) => e !== stay);
        changes.push(
          `остаётся только в ${target.name}; отчисляется из ${others
            .map((e) => className.get(e.classId) ?? '?')
            .join(', ')}`,
        );
      }
      this.push({
        action: changes.length > 0 ? 'update' : 'unchanged',
        rows,
        personId: found.id,
        name: displayNameOf(found),
        changes,
      });
    }
    const leaving = [...roster].filter((id) => !present.has(id));
    this.leave(leaving, (id) => {
      const es = this.enrolmentsOf.get(id) ?? [];
      return {
        positions: [],
        enrolments: es.map((e) => e.id),
        guardianships: [],
        changes: es.map((e) => `отчисляется из ${className.get(e.classId) ?? '?'}`),
      };
    });
  }

  // -------------------------------------------------------------------------
  // parents

  parents(records: ParentRecord[]): void {
    const pupilIds = new Set(this.s.enrolments.map((e) => e.pupilId));
    const parentRoster = new Set(this.s.guardianships.map((g) => g.parentId));
    const matcher = new Matcher(
      [...this.s.people.values()].filter((p) => !pupilIds.has(p.id) || parentRoster.has(p.id)),
      parentRoster,
    );
    const className = new Map(this.s.classes.map((c) => [c.id, c.name]));
    const pupilsByName = new Map<string, ExistingPerson[]>();
    for (const id of pupilIds) {
      const p = this.s.people.get(id);
      if (!p) continue;
      const k = nameKey(p);
      const list = pupilsByName.get(k);
      if (list) list.push(p);
      else pupilsByName.set(k, [p]);
    }
    const classesOf = (pupilId: number) =>
      (this.enrolmentsOf.get(pupilId) ?? []).map((e) => e.classId);

    /** The pupil a row names, or null after a problem. */
    const childOf = (r: ParentRecord): ExistingPerson | null => {
      let classId: number | null = null;
      if (r.cls) {
        const c = this.classByKey.get(r.cls.parsed.key);
        if (!c) {
          this.problem(
            r.row,
            'className',
            `класса «${r.cls.raw}» нет в организации; проверьте класс или сначала загрузите учеников`,
          );
          return null;
        }
        classId = c.id;
      }
      const childInput: Input = {
        ...r.child,
        row: r.row,
        phone: null,
        email: null,
        externalId: null,
      };
      const list = (pupilsByName.get(nameKey(r.child)) ?? []).filter(
        (p) => !conflicts(childInput, p) && (classId === null || classesOf(p.id).includes(classId)),
      );
      const where = r.cls ? ` в классе ${this.classByKey.get(r.cls.parsed.key)?.name}` : '';
      const field: Field = 'childFullName';
      if (list.length === 0) {
        this.problem(
          r.row,
          field,
          `ученик «${displayNameOf(r.child)}»${where} не найден среди учеников организации; проверьте ФИО${r.cls ? ' и класс' : ''} или сначала загрузите учеников`,
        );
        return null;
      }
      if (list.length > 1) {
        this.problem(
          r.row,
          field,
          `учеников «${displayNameOf(r.child)}»${where} несколько; укажите класс или дату рождения ребёнка`,
        );
        return null;
      }
      return list[0] ?? null;
    };

    const groups = groupRows(records, sameAdult);
    const present = new Set<number>();
    for (const g of groups) {
      const children: { pupil: ExistingPerson; relation: GuardianRelation | null; row: number }[] =
        [];
      let bad = false;
      for (const r of g.records) {
        const pupil = childOf(r);
        if (!pupil) {
          bad = true;
          continue;
        }
        const prev = children.find((c) => c.pupil.id === pupil.id);
        if (prev) {
          this.problem(
            r.row,
            undefined,
            `родитель «${displayNameOf(r)}» ребёнка «${displayNameOf(pupil)}» уже указан в строке ${prev.row}; уберите повтор`,
          );
          bad = true;
          continue;
        }
        children.push({ pupil, relation: r.relation, row: r.row });
      }
      if (bad) continue;
      const found = this.resolve(g, matcher);
      if (found === null) continue;
      const rows = g.records.map((r) => r.row);
      const childName = (p: ExistingPerson) => {
        const cls = classesOf(p.id)
          .map((id) => className.get(id))
          .filter(Boolean)
          .join(', ');
        return `${displayNameOf(p)}${cls ? ` (${cls})` : ''}`;
      };
      if (found === 'new') {
        const ref = this.create(g.input);
        for (const c of children)
          this.ops.addGuardianships.push({
            parent: ref,
            pupilId: c.pupil.id,
            relation: c.relation ?? 'other',
          });
        this.push({
          action: 'create',
          rows,
          personId: null,
          name: displayNameOf(g.input),
          changes: children.map(
            (c) => `ребёнок: ${childName(c.pupil)}, ${RELATION_RU[c.relation ?? 'other']}`,
          ),
        });
        continue;
      }
      if (pupilIds.has(found.id)) {
        this.problem(
          rows[0] ?? 0,
          undefined,
          `«${displayNameOf(found)}» — ученик этой организации, а не родитель; проверьте строку`,
        );
        continue;
      }
      present.add(found.id);
      const changes = this.personChanges(found, g.input, rows[0] ?? 0);
      const current = this.guardianshipsOf.get(found.id) ?? [];
      for (const c of children) {
        const link = current.find((x) => x.pupilId === c.pupil.id);
        if (!link) {
          this.ops.addGuardianships.push({
            parent: { id: found.id },
            pupilId: c.pupil.id,
            relation: c.relation ?? 'other',
          });
          changes.push(`ребёнок: ${childName(c.pupil)}, ${RELATION_RU[c.relation ?? 'other']}`);
        } else if (c.relation && c.relation !== link.relation) {
          this.ops.relationUpdates.push({ id: link.id, relation: c.relation });
          changes.push(
            `кем приходится (${displayNameOf(c.pupil)}): ${
              RELATION_RU[link.relation as GuardianRelation] ?? link.relation
            } → ${RELATION_RU[c.relation]}`,
          );
        }
      }
      if (this.s.deactivateMissing) {
        for (const link of current) {
          if (children.some((c) => c.pupil.id === link.pupilId)) continue;
          this.ops.deleteGuardianships.push(link.id);
          changes.push(`удаляется связь с ребёнком: ${this.nameOf(link.pupilId)}`);
        }
      }
      this.push({
        action: changes.length > 0 ? 'update' : 'unchanged',
        rows,
        personId: found.id,
        name: displayNameOf(found),
        changes,
      });
    }
    const leaving = [...parentRoster].filter((id) => !present.has(id));
    this.leave(leaving, (id) => {
      const gs = this.guardianshipsOf.get(id) ?? [];
      return {
        positions: [],
        enrolments: [],
        guardianships: gs.map((x) => x.id),
        changes: gs.map((x) => `удаляется связь с ребёнком: ${this.nameOf(x.pupilId)}`),
      };
    });
  }

  // -------------------------------------------------------------------------
  // people absent from the file

  /**
   * People on the roster the file leaves out. Counted always; with
   * `deactivateMissing` their links here end, and whoever is left with no
   * role at all (and may be changed by this importer) is deactivated.
   */
  private leave(
    ids: number[],
    linksHere: (id: number) => {
      positions: number[];
      enrolments: number[];
      guardianships: number[];
      changes: string[];
    },
  ): void {
    this.missing = ids.length;
    if (!this.s.deactivateMissing) return;
    const sorted = ids
      .map((id) => ({ id, name: this.nameOf(id) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
    for (const { id, name } of sorted) {
      const here = linksHere(id);
      this.ops.endPositions.push(...here.positions);
      this.ops.endEnrolments.push(...here.enrolments);
      this.ops.deleteGuardianships.push(...here.guardianships);
      const all = this.s.links.get(id) ?? { positions: [], enrolments: [], guardianships: [] };
      const remaining =
        all.positions.filter((x) => !here.positions.includes(x)).length +
        all.enrolments.filter((x) => !here.enrolments.includes(x)).length +
        all.guardianships.filter((x) => !here.guardianships.includes(x)).length;
      const person = this.s.people.get(id);
      const changes = [...here.changes];
      let action: ImportItem['action'] = 'remove';
      if (remaining > 0) {
        changes.push('остаётся активным: есть другие роли в Парте');
      } else if (this.s.protectedIds.has(id) || id === this.s.selfId) {
        changes.push('не деактивируется: у человека есть права, которых нет у вас (или это вы)');
      } else if (person && !person.active) {
        changes.push('уже деактивирован');
      } else {
        action = 'deactivate';
        this.ops.deactivate.push(id);
        changes.push('деактивируется: других ролей нет; входы в Парту закрываются');
      }
      this.push({ action, rows: [], personId: id, name, changes });
    }
  }

  finish(kind: ImportKind): Plan {
    const classesToCreate = this.ops.newClasses.map((c) => c.name);
    const digest = createHash('sha256')
      .update(
        JSON.stringify({
          kind,
          deactivateMissing: this.s.deactivateMissing,
          classesToCreate,
          items: this.items.map((i) => [i.action, i.rows, i.personId, i.name, i.changes]),
        }),
      )
      .digest('hex');
    return { items: this.items, classesToCreate, missing: this.missing, ops: this.ops, digest };
  }
}

/** Plans the import of the records against the state; problems go to `findings`. */
export function planImport(
  state: PlanState,
  records: ReadRecords,
  findings: Findings,
  placeOf: PlaceOf,
): Plan {
  const p = new Planner(state, findings, placeOf);
  if (state.kind === 'staff') p.staff(records.staff, records.classTeacherColumn);
  else if (state.kind === 'pupils') p.pupils(records.pupils);
  else p.parents(records.parents);
  return p.finish(state.kind);
}
