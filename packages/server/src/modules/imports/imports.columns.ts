import type { ImportColumn, ImportKind } from '@parta/shared';
import { AppError } from '../../platform/errors';
import { HEADER_ALLOWANCE, type Cell, type Sheet } from './imports.reader';
import { clean, columnLetter } from './imports.values';

/**
 * Finds the header row and reads each column as a field. Headers are
 * compared without case, «ё», punctuation and extra spaces, with the
 * synonyms schools use («ФИО», «Ф.И.О.», «Фамилия» + «Имя» + «Отчество»,
 * «E-mail» / «Эл. почта», «Кем приходится» …) and with qualifiers around
 * them («Дата рождения (ДД.ММ.ГГГГ)», «Телефон родителя»). The header is the
 * row among the first ones that names the most known fields: title rows
 * above it are skipped.
 */

export type Field =
  | 'externalId'
  | 'fullName'
  | 'lastName'
  | 'firstName'
  | 'middleName'
  | 'phone'
  | 'email'
  | 'birthDate'
  | 'snils'
  | 'title'
  | 'className'
  | 'classTeacherOf'
  | 'relation'
  | 'childFullName'
  | 'childLastName'
  | 'childFirstName'
  | 'childMiddleName'
  | 'childBirthDate';

export const FIELD_RU: Record<Field, string> = {
  externalId: 'Внешний ID',
  fullName: 'ФИО',
  lastName: 'Фамилия',
  firstName: 'Имя',
  middleName: 'Отчество',
  phone: 'Телефон',
  email: 'E-mail',
  birthDate: 'Дата рождения',
  snils: 'СНИЛС',
  title: 'Должность',
  className: 'Класс',
  classTeacherOf: 'Классный руководитель',
  relation: 'Кем приходится',
  childFullName: 'ФИО ребёнка',
  childLastName: 'Фамилия ребёнка',
  childFirstName: 'Имя ребёнка',
  childMiddleName: 'Отчество ребёнка',
  childBirthDate: 'Дата рождения ребёнка',
};

const BASE_SYNONYMS: Record<string, string[]> = {
  externalId: [
    'id',
    'внешний id',
    'внешний идентификатор',
    'идентификатор',
    'код',
    'guid',
    'uid',
    'табельный номер',
    'таб номер',
    'личный номер',
    'номер личного дела',
  ],
  fullName: ['фио', 'ф и о', 'фамилия имя отчество', 'полное имя', 'фамилия и имя'],
  lastName: ['фамилия'],
  firstName: ['имя'],
  middleName: ['отчество'],
  phone: [
    'телефон',
    'тел',
    'номер телефона',
    'мобильный',
    'мобильный телефон',
    'моб телефон',
    'сотовый',
    'сотовый телефон',
    'контактный телефон',
    'контактный номер',
  ],
  email: [
    'e mail',
    'email',
    'эл почта',
    'эл адрес',
    'электронная почта',
    'электронный адрес',
    'адрес электронной почты',
    'почта',
    'e mail адрес',
  ],
  birthDate: ['дата рождения', 'д р', 'др', 'дата рожд'],
  snils: ['снилс', 'номер снилс'],
  title: [
    'должность',
    'занимаемая должность',
    'наименование должности',
    'должность по штатному расписанию',
  ],
  className: ['класс', 'группа', 'класс группа', 'группа класс', 'объединение', 'литер'],
  classTeacherOf: [
    'классный руководитель',
    'кл руководитель',
    'кл рук',
    'классное руководство',
    'кл руководство',
    'руководство классом',
  ],
  relation: [
    'кем приходится',
    'степень родства',
    'родство',
    'кем является',
    'статус',
    'тип представителя',
    'отношение к ребенку',
  ],
};

/** Headers read as nothing, silently: row numbers. */
const IGNORED = new Set(['', 'п п', 'n п п', 'no', 'n', 'номер п п', 'пп', 'номер', 'n пп']);

const CHILD_WORD =
  /^(ребенк[а-я]*|ребенок|ученик[а-я]*|ученица|обучающ[а-я]*|воспитанник[а-я]*|учащ[а-я]*|дет[а-я]*|сын[а-я]*|доч[а-я]*)$/;
const PARENT_WORD =
  /^(родител[а-я]*|законн[а-я]*|представител[а-я]*|матер[а-я]*|мать|отец|отца|опекун[а-я]*|мамы|папы)$/;
const STAFF_WORD = /^(сотрудник[а-я]*|работник[а-я]*|педагог[а-я]*|преподавател[а-я]*)$/;

/** «Дата рождения (ДД.ММ.ГГГГ)» → «дата рождения дд мм гггг». */
export function headerKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^a-zа-я0-9]+/g, ' ')
    .trim();
}

const SYNONYMS: [string, Field][] = Object.entries(BASE_SYNONYMS)
  .flatMap(([field, list]) => list.map((s) => [s, field as Field] as [string, Field]))
  .sort((a, b) => b[0].length - a[0].length);

function baseField(key: string): Field | null {
  for (const [syn, field] of SYNONYMS) if (key === syn) return field;
  for (const [syn, field] of SYNONYMS) if (key.startsWith(`${syn} `)) return field;
  return null;
}

const TO_CHILD: Partial<Record<Field, Field>> = {
  fullName: 'childFullName',
  lastName: 'childLastName',
  firstName: 'childFirstName',
  middleName: 'childMiddleName',
  birthDate: 'childBirthDate',
  className: 'className',
};

export type HeaderReading =
  { field: Field } | { field: null; reason: 'ignored' | 'unknown' | 'other-person' | 'wrong-kind' };

const ALLOWED: Record<ImportKind, ReadonlySet<Field>> = {
  staff: new Set<Field>([
    'externalId',
    'fullName',
    'lastName',
    'firstName',
    'middleName',
    'phone',
    'email',
    'birthDate',
    'snils',
    'title',
    'classTeacherOf',
  ]),
  pupils: new Set<Field>([
    'externalId',
    'fullName',
    'lastName',
    'firstName',
    'middleName',
    'phone',
    'email',
    'birthDate',
    'snils',
    'className',
  ]),
  parents: new Set<Field>([
    'externalId',
    'fullName',
    'lastName',
    'firstName',
    'middleName',
    'phone',
    'email',
    'birthDate',
    'snils',
    'relation',
    'className',
    'childFullName',
    'childLastName',
    'childFirstName',
    'childMiddleName',
    'childBirthDate',
  ]),
};

/** What one header means in a file of this kind. */
export function readHeader(text: string, kind: ImportKind): HeaderReading {
  const key = headerKey(text);
  if (IGNORED.has(key)) return { field: null, reason: 'ignored' };
  const words = key.split(' ');
  const child = words.some((w) => CHILD_WORD.test(w));
  const parent = words.some((w) => PARENT_WORD.test(w));
  const staff = words.some((w) => STAFF_WORD.test(w));
  const rest = words
    .filter((w) => !CHILD_WORD.test(w) && !PARENT_WORD.test(w) && !STAFF_WORD.test(w))
    .join(' ');
  let field = rest ? baseField(rest) : 'fullName';
  const otherPerson =
    (kind === 'staff' && (parent || child)) ||
    (kind === 'pupils' && (parent || staff)) ||
    (kind === 'parents' && staff);
  if (otherPerson) return { field: null, reason: 'other-person' };
  if (kind === 'parents' && child && !parent && field !== 'relation') {
    field = field ? (TO_CHILD[field] ?? null) : null;
    if (!field) return { field: null, reason: 'other-person' };
  }
  if (!field) return { field: null, reason: 'unknown' };
  if (!ALLOWED[kind].has(field)) return { field: null, reason: 'wrong-kind' };
  return { field };
}

export interface ColumnMap {
  headerRow: number;
  /** Index into `sheet.rows` of the header. */
  headerIndex: number;
  columns: ImportColumn[];
  /** Field → column index and header text. */
  fields: Map<Field, { index: number; letter: string; header: string }>;
  warnings: { row: number; column: string; header: string; message: string }[];
}

/** The text of a cell as a header or a plain value. */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return '';
  switch (cell.kind) {
    case 'text':
      return clean(cell.text);
    case 'number':
      return String(cell.value);
    case 'bool':
      return cell.value ? 'ИСТИНА' : 'ЛОЖЬ';
    case 'date':
      return cell.date.toISOString().slice(0, 10);
    default:
      return '';
  }
}

const OTHER_PERSON: Record<ImportKind, string> = {
  staff: 'относится не к сотрудникам и пропущен',
  pupils: 'относится к родителям или сотрудникам и пропущен: родителей загружают отдельным файлом',
  parents: 'относится не к родителю и не к ребёнку и пропущен',
};

const hasName = (f: ReadonlySet<Field>) =>
  f.has('fullName') || (f.has('lastName') && f.has('firstName'));
const hasChildName = (f: ReadonlySet<Field>) =>
  f.has('childFullName') || (f.has('childLastName') && f.has('childFirstName'));

const EXPECTED: Record<ImportKind, string> = {
  staff:
    '«ФИО» (или «Фамилия», «Имя», «Отчество»), «Должность»; по желанию «Телефон», «E-mail», «Дата рождения», «СНИЛС», «Внешний ID», «Классный руководитель»',
  pupils:
    '«ФИО» (или «Фамилия», «Имя», «Отчество»), «Класс»; по желанию «Дата рождения», «Телефон», «E-mail», «СНИЛС», «Внешний ID»',
  parents:
    '«ФИО» родителя (или «Фамилия», «Имя», «Отчество»), «ФИО ребёнка», «Класс»; по желанию «Кем приходится», «Телефон», «E-mail», «Дата рождения ребёнка»',
};

/** Finds the header and maps columns; throws IMPORT_NO_HEADER / IMPORT_MISSING_COLUMNS. */
export function mapColumns(sheet: Sheet, kind: ImportKind): ColumnMap {
  let best: { index: number; readings: HeaderReading[]; score: number } | null = null;
  const scan = sheet.rows.slice(0, HEADER_ALLOWANCE);
  scan.forEach((row, index) => {
    if (row.section !== null) return;
    const readings = row.cells.map((c) =>
      c.kind === 'text' ? readHeader(c.text, kind) : ({ field: null, reason: 'ignored' } as const),
    );
    const fields = new Set(readings.flatMap((r) => (r.field ? [r.field] : [])));
    if (!hasName(fields)) return;
    const score = fields.size;
    if (score >= 2 && (!best || score > best.score)) best = { index, readings, score };
  });
  const found = best as { index: number; readings: HeaderReading[]; score: number } | null;
  if (!found) {
    throw new AppError(
      'IMPORT_NO_HEADER',
      `Не найдена строка заголовков. В первых строках листа должны быть названия столбцов: ${EXPECTED[kind]}. Скачайте шаблон, чтобы свериться.`,
    );
  }
  const headerRow = sheet.rows[found.index];
  if (!headerRow) throw new AppError('INTERNAL');
  const fields = new Map<Field, { index: number; letter: string; header: string }>();
  const columns: ImportColumn[] = [];
  const warnings: ColumnMap['warnings'] = [];
  found.readings.forEach((r, index) => {
    const header = cellText(headerRow.cells[index]);
    if (!header) return;
    const letter = columnLetter(index);
    const warn = (message: string) =>
      warnings.push({ row: headerRow.n, column: letter, header, message });
    if (r.field) {
      const prev = fields.get(r.field);
      if (prev) {
        if (prev.header !== header)
          warn(`повторяет столбец ${prev.letter} («${prev.header}») и пропущен`);
        columns.push({ column: letter, header, field: null });
        return;
      }
      fields.set(r.field, { index, letter, header });
      columns.push({ column: letter, header, field: r.field });
      return;
    }
    columns.push({ column: letter, header, field: null });
    if (r.reason === 'unknown') warn('столбец не распознан и пропущен');
    else if (r.reason === 'other-person') warn(OTHER_PERSON[kind]);
    else if (r.reason === 'wrong-kind') warn('не нужен в этом виде импорта и пропущен');
  });
  const have = new Set(fields.keys());
  const missing: string[] = [];
  if (kind === 'staff' && !have.has('title')) missing.push('«Должность»');
  if (kind === 'pupils' && !have.has('className')) {
    const sections = sheet.rows.slice(found.index + 1).some((r) => r.section !== null);
    if (!sections) missing.push('«Класс»');
  }
  if (kind === 'parents' && !hasChildName(have))
    missing.push('«ФИО ребёнка» (или «Фамилия ребёнка» и «Имя ребёнка»)');
  if (missing.length > 0) {
    throw new AppError(
      'IMPORT_MISSING_COLUMNS',
      `В строке заголовков (строка ${headerRow.n}) нет обязательного столбца ${missing.join(', ')}. Ожидаются: ${EXPECTED[kind]}.`,
    );
  }
  return { headerRow: headerRow.n, headerIndex: found.index, columns, fields, warnings };
}
