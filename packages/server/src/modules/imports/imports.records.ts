import type {
  GuardianRelation,
  ImportKind,
  ImportProblem,
  OrgKind,
  PositionRole,
} from '@parta/shared';
import { cellText, FIELD_RU, type ColumnMap, type Field } from './imports.columns';
import { describePosition, MAX_TITLE_LENGTH, type JobTitleDictionary } from './imports.job-titles';
import type { Cell, Sheet } from './imports.reader';
import {
  checkBirthDate,
  checkSnils,
  clean,
  dateCellToIso,
  excelSerialToIso,
  parseDateText,
  parseEmail,
  parseFullName,
  parseGroupName,
  parseNameParts,
  parsePhone,
  parseRelation,
  parseSchoolClass,
  textKey,
  type ClassName,
  type NameParts,
  type Parsed,
} from './imports.values';

/**
 * Data rows → typed records, one per row, with every problem found in the
 * cells themselves (the plan adds those that need the database). Empty rows
 * are skipped and counted; a repeated header row and rows with nothing in the
 * known columns are skipped with a warning.
 */

/** Where a problem is: a row, and a column when there is one. */
export interface Place {
  row: number | null;
  column?: { letter: string; header: string } | undefined;
}

/** Problems (they block the import) and warnings (they do not), in Russian. */
export class Findings {
  readonly problems: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];

  private static make(place: Place, message: string): ImportProblem {
    const col = place.column;
    const where =
      place.row === null
        ? ''
        : col
          ? `строка ${place.row}, столбец "${col.header}": `
          : `строка ${place.row}: `;
    return {
      row: place.row,
      column: col?.letter ?? null,
      header: col?.header ?? null,
      message,
      text: `${where}${message}`,
    };
  }

  problem(place: Place, message: string): void {
    this.problems.push(Findings.make(place, message));
  }

  warning(place: Place, message: string): void {
    this.warnings.push(Findings.make(place, message));
  }

  sort(): void {
    const byRow = (a: ImportProblem, b: ImportProblem) =>
      (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? '');
    this.problems.sort(byRow);
    this.warnings.sort(byRow);
  }
}

export interface PersonInput extends NameParts {
  row: number;
  phone: string | null;
  email: string | null;
  birthDate: string | null;
  externalId: string | null;
}

export interface StaffRecord extends PersonInput {
  positions: { title: string; role: PositionRole; pedagogical: boolean }[];
  /** Classes named in «Классный руководитель», as written; empty when the cell is. */
  classTeacherOf: ClassRef[];
}

/** A class as written in the file; resolved against the organisation's classes by the plan. */
export interface ClassRef {
  raw: string;
  parsed: ClassName;
  /** Read as a school class «5А» (or any group name in a kindergarten). */
  recognised: boolean;
}

export interface PupilRecord extends PersonInput {
  cls: ClassRef;
}

export interface ParentRecord extends PersonInput {
  child: NameParts & { birthDate: string | null };
  cls: ClassRef | null;
  relation: GuardianRelation | null;
}

export type RecordOf<K extends ImportKind> = K extends 'staff'
  ? StaffRecord
  : K extends 'pupils'
    ? PupilRecord
    : ParentRecord;

export interface ReadRecords {
  staff: StaffRecord[];
  pupils: PupilRecord[];
  parents: ParentRecord[];
  dataRows: number;
  emptyRows: number;
  skipped: number;
  /**
   * The staff file has a «Классный руководитель» column with at least one
   * class in it: it then says who leads which class, for everyone in the
   * file (an empty cell: no class). An empty column changes nothing.
   */
  classTeacherColumn: boolean;
}

export interface RecordContext {
  kind: ImportKind;
  orgKind: OrgKind;
  dictionary: JobTitleDictionary;
  /** Today in the municipality, YYYY-MM-DD: birth dates must be before it. */
  today: string;
}

type Column = { index: number; letter: string; header: string };

/** Reads every data row below the header. */
export function readRecords(
  sheet: Sheet,
  map: ColumnMap,
  ctx: RecordContext,
  findings: Findings,
): ReadRecords {
  const out: ReadRecords = {
    staff: [],
    pupils: [],
    parents: [],
    dataRows: 0,
    emptyRows: 0,
    skipped: 0,
    classTeacherColumn: false,
  };
  const rows = sheet.rows.slice(map.headerIndex + 1);
  const last = rows.at(-1);
  out.emptyRows = last ? last.n - map.headerRow - rows.length : 0;
  const col = (f: Field): Column | undefined => map.fields.get(f);
  const headerTexts = new Map([...map.fields.values()].map((c) => [c.index, textKey(c.header)]));
  let section: ClassRef | null = null;

  for (const row of rows) {
    if (row.section !== null) {
      const cls = classOf(row.section, ctx.orgKind);
      if (ctx.kind !== 'staff' && cls.recognised) {
        section = cls;
      } else {
        findings.warning(
          { row: row.n },
          `объединённая строка «${clean(row.section)}» похожа на заголовок раздела и пропущена`,
        );
      }
      continue;
    }
    const mapped = [...map.fields.values()].filter(
      (c) => (row.cells[c.index] ?? { kind: 'empty' }).kind !== 'empty',
    );
    if (mapped.length === 0) {
      findings.warning({ row: row.n }, 'в распознанных столбцах пусто — строка пропущена');
      out.skipped++;
      continue;
    }
    if (mapped.every((c) => textKey(cellText(row.cells[c.index])) === headerTexts.get(c.index))) {
      findings.warning({ row: row.n }, 'повтор строки заголовков — пропущена');
      continue;
    }
    out.dataRows++;
    const reader = new RowReader(row.n, row.cells, sheet.date1904, findings);
    const person = reader.person(col, ctx.today, '');
    if (ctx.kind === 'staff') {
      const positions = reader.positions(col('title'), ctx);
      if (positions === 'skip') {
        out.skipped++;
        continue;
      }
      const classTeacherOf = classList(reader.text(col('classTeacherOf')), ctx.orgKind);
      if (person && positions) out.staff.push({ ...person, positions, classTeacherOf });
    } else if (ctx.kind === 'pupils') {
      const raw = reader.text(col('className'));
      const cls = raw ? classOf(raw, ctx.orgKind) : section;
      if (!cls) reader.missing(col('className'), 'не указан класс');
      if (person && cls) out.pupils.push({ ...person, cls });
    } else {
      const child = reader.person(col, ctx.today, 'child');
      const raw = reader.text(col('className'));
      const cls = raw ? classOf(raw, ctx.orgKind) : section;
      const relationRaw = reader.text(col('relation'));
      let relation: GuardianRelation | null = null;
      if (relationRaw) {
        const r = parseRelation(relationRaw);
        if (r.ok) {
          relation = r.value;
          if (r.warning) reader.warn(col('relation'), r.warning);
        }
      }
      if (person && child) {
        out.parents.push({
          ...person,
          child: {
            lastName: child.lastName,
            firstName: child.firstName,
            middleName: child.middleName,
            birthDate: child.birthDate,
          },
          cls,
          relation,
        });
      }
    }
  }
  out.classTeacherColumn = out.staff.some((r) => r.classTeacherOf.length > 0);
  return out;
}

/**
 * «5А, 7Б», «5А; 7Б», «5А 7Б» → the classes, each once. Group names of
 * kindergartens may hold spaces and commas: they are separated by «;» or a
 * line break only.
 */
function classList(raw: string | null, orgKind: OrgKind): ClassRef[] {
  if (!raw) return [];
  const parts = raw
    .split(orgKind === 'general' ? /[,;\n\r]+/ : /[;\n\r]+/)
    .map(clean)
    .filter(Boolean)
    .flatMap((part) => {
      if (orgKind !== 'general' || parseSchoolClass(part)) return [part];
      const words = part.split(' ').filter(Boolean);
      return words.length > 1 && words.every((w) => parseSchoolClass(w)) ? words : [part];
    });
  const out = new Map<string, ClassRef>();
  for (const part of parts) {
    const cls = classOf(part, orgKind);
    if (!out.has(cls.parsed.key)) out.set(cls.parsed.key, cls);
  }
  return [...out.values()];
}

function classOf(raw: string, orgKind: OrgKind): ClassRef {
  if (orgKind === 'general') {
    const school = parseSchoolClass(raw);
    if (school) return { raw, parsed: school, recognised: true };
    const group = parseGroupName(raw);
    return {
      raw,
      parsed: group ?? { name: clean(raw), key: textKey(raw), grade: null },
      recognised: false,
    };
  }
  const group = parseGroupName(raw);
  return group
    ? { raw, parsed: group, recognised: true }
    : { raw, parsed: { name: clean(raw), key: textKey(raw), grade: null }, recognised: false };
}

/** Reads the cells of one row, reporting each bad one where it is. */
class RowReader {
  /** Columns whose cell was already reported (a formula, an error): not reported again as empty. */
  private readonly reported = new Set<number>();

  constructor(
    private readonly n: number,
    private readonly cells: Cell[],
    private readonly date1904: boolean,
    private readonly findings: Findings,
  ) {}

  private place(c: Column | undefined): Place {
    return { row: this.n, column: c ? { letter: c.letter, header: c.header } : undefined };
  }

  problem(c: Column | undefined, message: string): void {
    this.findings.problem(this.place(c), message);
  }

  warn(c: Column | undefined, message: string): void {
    this.findings.warning(this.place(c), message);
  }

  missing(c: Column | undefined, message: string): void {
    if (c && this.reported.has(c.index)) return;
    this.problem(c, message);
  }

  /** A usable cell, or undefined (empty, or a problem already reported). */
  private cell(c: Column | undefined): Cell | undefined {
    if (!c) return undefined;
    const cell = this.cells[c.index];
    if (!cell || cell.kind === 'empty') return undefined;
    if (cell.kind === 'formula') {
      this.reported.add(c.index);
      this.problem(
        c,
        `в ячейке формула без сохранённого значения (=${cell.formula}); откройте файл в Excel или LibreOffice, дождитесь пересчёта и сохраните заново — или замените формулу значением`,
      );
      return undefined;
    }
    if (cell.kind === 'error') {
      this.reported.add(c.index);
      this.problem(c, `в ячейке ошибка ${cell.error}; исправьте значение`);
      return undefined;
    }
    return cell;
  }

  text(c: Column | undefined): string | null {
    const cell = this.cell(c);
    if (!cell) return null;
    if (cell.kind === 'date') return dateCellToIso(cell.date);
    const s = cellText(cell);
    return s || null;
  }

  private parsed<T>(c: Column | undefined, r: Parsed<T>): T | null {
    if (!r.ok) {
      this.problem(c, r.message);
      return null;
    }
    if (r.warning) this.warn(c, r.warning);
    return r.value;
  }

  date(c: Column | undefined, today: string): string | null | undefined {
    const cell = this.cell(c);
    if (!cell) return null;
    let r: Parsed<string>;
    if (cell.kind === 'date') {
      const iso = dateCellToIso(cell.date);
      r = iso ? { ok: true, value: iso } : { ok: false, message: 'дата не читается' };
    } else if (cell.kind === 'number') {
      const iso = excelSerialToIso(cell.value, this.date1904);
      r = iso
        ? { ok: true, value: iso }
        : { ok: false, message: `«${cell.value}» не похоже на дату; ожидается ДД.ММ.ГГГГ` };
    } else {
      r = parseDateText(cellText(cell));
    }
    if (r.ok) r = checkBirthDate(r.value, today);
    const v = this.parsed(c, r);
    return v === null ? undefined : v;
  }

  /**
   * The person's (or, with prefix `child`, the child's) name and details.
   * Null when the row cannot give a person; its problems are reported.
   */
  person(
    col: (f: Field) => Column | undefined,
    today: string,
    prefix: '' | 'child',
  ): PersonInput | null {
    const f = (base: 'FullName' | 'LastName' | 'FirstName' | 'MiddleName' | 'BirthDate') =>
      col((prefix ? `child${base}` : base.charAt(0).toLowerCase() + base.slice(1)) as Field);
    const split = f('LastName') && f('FirstName');
    let name: NameParts | null = null;
    if (split) {
      const last = this.text(f('LastName'));
      const first = this.text(f('FirstName'));
      const middle = this.text(f('MiddleName'));
      if (!last && !first && f('FullName')) {
        name = this.fullName(f('FullName'), prefix);
      } else if (!last) {
        this.missing(f('LastName'), 'не указана фамилия');
      } else if (!first) {
        this.missing(f('FirstName'), 'не указано имя');
      } else {
        name = this.parsed(f('LastName'), parseNameParts(last, first, middle));
      }
    } else {
      name = this.fullName(f('FullName'), prefix);
    }
    const birth = this.date(f('BirthDate'), today);
    if (prefix === 'child') {
      if (!name || birth === undefined) return null;
      return { ...name, row: this.n, phone: null, email: null, birthDate: birth, externalId: null };
    }
    const phoneRaw = this.text(col('phone'));
    const phone = phoneRaw ? this.parsed(col('phone'), parsePhone(phoneRaw)) : null;
    const emailRaw = this.text(col('email'));
    const email = emailRaw ? this.parsed(col('email'), parseEmail(emailRaw)) : null;
    const snils = this.text(col('snils'));
    if (snils) {
      const r = checkSnils(snils);
      if (!r.ok) this.warn(col('snils'), `${r.message} (СНИЛС не сохраняется; проверьте файл)`);
    }
    const ext = this.text(col('externalId'));
    if (ext && ext.length > 64) this.problem(col('externalId'), 'внешний ID длиннее 64 символов');
    const bad =
      !name ||
      birth === undefined ||
      (phoneRaw !== null && phone === null) ||
      (emailRaw !== null && email === null) ||
      (ext !== null && ext.length > 64);
    if (bad || !name) return null;
    return { ...name, row: this.n, phone, email, birthDate: birth, externalId: ext };
  }

  private fullName(c: Column | undefined, prefix: '' | 'child'): NameParts | null {
    const raw = this.text(c);
    if (!raw) {
      this.missing(c, prefix ? 'не указано ФИО ребёнка' : 'не указано ФИО');
      return null;
    }
    return this.parsed(c, parseFullName(raw));
  }

  /** The positions of a staff row; `skip` when every title is marked «не импортировать». */
  positions(c: Column | undefined, ctx: RecordContext): StaffRecord['positions'] | 'skip' | null {
    const raw = this.text(c);
    if (!raw) {
      this.missing(c, 'не указана должность');
      return null;
    }
    const parts = raw
      .split(/[;\n\r]+/)
      .map(clean)
      .filter(Boolean)
      .flatMap((part) => {
        const pieces = part.split(',').map(clean).filter(Boolean);
        return pieces.length > 1 && pieces.every((p) => ctx.dictionary.rule(p)) ? pieces : [part];
      });
    const out: StaffRecord['positions'] = [];
    let skipped = 0;
    let failed = false;
    for (const title of parts) {
      if (title.length > MAX_TITLE_LENGTH) {
        this.problem(c, `должность длиннее ${MAX_TITLE_LENGTH} символов`);
        failed = true;
        continue;
      }
      const r = ctx.dictionary.resolve(title, ctx.orgKind);
      if (r === 'skip') {
        skipped++;
        continue;
      }
      if (!r) {
        const s = ctx.dictionary.suggest(title);
        this.problem(
          c,
          `должности «${title}» нет в словаре должностей${
            s ? `; похоже на «${s.title}» — ${describePosition(s)}` : ''
          }. Исправьте название или добавьте его в словарь должностей муниципалитета`,
        );
        failed = true;
        continue;
      }
      if (!out.some((p) => textKey(p.title) === textKey(title)))
        out.push({ title, role: r.role, pedagogical: r.pedagogical });
    }
    if (failed) return null;
    if (out.length === 0 && skipped > 0) {
      this.warn(c, `должность «${raw}» отмечена в словаре «не импортировать» — строка пропущена`);
      return 'skip';
    }
    return out;
  }
}

export { FIELD_RU };
