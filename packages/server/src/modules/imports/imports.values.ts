import { GUARDIAN_RELATIONS, LIMITS, normalizePhone, type GuardianRelation } from '@parta/shared';

/**
 * Cell values as schools write them, turned into what Parta stores. Pure
 * functions; each answers a value, or a Russian message saying what is wrong
 * (the caller adds «строка N, столбец "…"»).
 */

export type Parsed<T> = { ok: true; value: T; warning?: string } | { ok: false; message: string };

const ok = <T>(value: T, warning?: string): Parsed<T> =>
  warning === undefined ? { ok: true, value } : { ok: true, value, warning };
const bad = (message: string): Parsed<never> => ({ ok: false, message });

/** Lower case, «ё» as «е», one space between words: how names and titles are compared. */
export function textKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u00a0\s]+/g, ' ')
    .trim();
}

/** Trims and collapses spaces (non-breaking ones too), as cells often carry them. */
export function clean(s: string): string {
  return s.replace(/[\u00a0\s]+/g, ' ').trim();
}

// ---------------------------------------------------------------------------
// Names

export interface NameParts {
  lastName: string;
  firstName: string;
  middleName: string | null;
}

/** «ИВАНОВ» or «иванов» → «Иванов»; mixed case is kept as written («ДеНиро»). */
function capitalise(word: string): string {
  const letters = word.replace(/[^\p{L}]/gu, '');
  if (letters !== letters.toUpperCase() && letters !== letters.toLowerCase()) return word;
  return word
    .toLowerCase()
    .replace(/(^|[-\s'])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

const NAME_PART = /^[\p{L}][\p{L}\s'’.-]*$/u;

function namePart(raw: string, what: string): Parsed<string> {
  const s = clean(raw);
  if (!NAME_PART.test(s)) return bad(`${what} «${s}» содержит не буквы`);
  if (s.length > LIMITS.nameMaxLength)
    return bad(`${what} длиннее ${LIMITS.nameMaxLength} символов`);
  return ok(capitalise(s));
}

/**
 * «Иванов Иван Иванович» → parts. The last word(s) after the second go to the
 * patronymic («Алиев Рустам Ахмед оглы»); two words mean no patronymic.
 */
export function parseFullName(raw: string): Parsed<NameParts> {
  const words = clean(raw.replace(/[,;]/g, ' ')).split(' ').filter(Boolean);
  if (words.length < 2) return bad(`«${clean(raw)}»: нужны хотя бы фамилия и имя, через пробел`);
  return parseNameParts(words[0] ?? '', words[1] ?? '', words.slice(2).join(' ') || null);
}

export function parseNameParts(
  last: string,
  first: string,
  middle: string | null,
): Parsed<NameParts> {
  if (!clean(last)) return bad('не указана фамилия');
  if (!clean(first)) return bad('не указано имя');
  const l = namePart(last, 'фамилия');
  if (!l.ok) return l;
  const f = namePart(first, 'имя');
  if (!f.ok) return f;
  let m: string | null = null;
  if (middle !== null && clean(middle)) {
    const p = namePart(middle, 'отчество');
    if (!p.ok) return p;
    m = p.value;
  }
  return ok({ lastName: l.value, firstName: f.value, middleName: m });
}

export function displayNameOf(p: NameParts): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

/** Comparison key of a full name: case, «ё» and spacing do not matter. */
export function nameKey(p: { lastName: string; firstName: string }): string {
  return `${textKey(p.lastName)}|${textKey(p.firstName)}`;
}

/** Patronymics agree when equal or when either is unknown. */
export function middleCompatible(a: string | null, b: string | null): boolean {
  return a === null || b === null || textKey(a) === textKey(b);
}

// ---------------------------------------------------------------------------
// Contacts

/**
 * A Russian phone in any common form, normalised to +7XXXXXXXXXX. A cell
 * with several numbers («8 912 …, 8 343 …») gives the first one that reads.
 */
export function parsePhone(raw: string): Parsed<string> {
  const parts = raw
    .split(/[,;/]|\s+или\s+/i)
    .map(clean)
    .filter(Boolean);
  for (const part of parts) {
    const phone = normalizePhone(part.replace(/^тел\.?\s*/i, ''));
    if (phone) {
      return parts.length > 1
        ? ok(phone, `в ячейке несколько номеров, взят первый: ${phone}`)
        : ok(phone);
    }
  }
  return bad(`«${clean(raw)}» не похож на российский номер телефона`);
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/;

export function parseEmail(raw: string): Parsed<string> {
  const parts = raw
    .replace(/^mailto:/i, '')
    .split(/[,;\s]+/)
    .filter(Boolean);
  const first = parts[0]?.toLowerCase() ?? '';
  if (!EMAIL.test(first) || first.length > LIMITS.loginMaxLength)
    return bad(`«${clean(raw)}» не похож на адрес электронной почты`);
  return parts.length > 1
    ? ok(first, `в ячейке несколько адресов, взят первый: ${first}`)
    : ok(first);
}

// ---------------------------------------------------------------------------
// Dates

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** An Excel serial day number (1900 system; 1904 when the workbook says so) → YYYY-MM-DD. */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  // 25569 = 1970-01-01; serials up to 60 count Excel's phantom 29.02.1900.
  const ms = (days - 25569 + (days <= 60 ? 1 : 0)) * 86_400_000;
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** A calendar date from an XLSX date cell (UTC midnight; rounded to the nearest day). */
export function dateCellToIso(d: Date): string | null {
  const days = Math.round(d.getTime() / 86_400_000);
  const r = new Date(days * 86_400_000);
  return isoDate(r.getUTCFullYear(), r.getUTCMonth() + 1, r.getUTCDate());
}

/** A formatted date for messages: 2015-09-01 → 01.09.2015. */
export function ruDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * A date as written in Russian files: DD.MM.YYYY (also with / or -, one-digit
 * day and month), YYYY-MM-DD, or an Excel serial number (a date cell exported
 * as a number). Two-digit years are refused: «01.09.15» could be 1915 or 2015.
 */
export function parseDateText(raw: string): Parsed<string> {
  const s = clean(raw).replace(/\s*г\.?$/i, '');
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  if (m) {
    const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
    return iso ? ok(iso) : bad(`«${s}» — такой даты нет`);
  }
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? ok(iso) : bad(`«${s}» — такой даты нет`);
  }
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2}$/.test(s))
    return bad(`«${s}»: укажите год четырьмя цифрами (ДД.ММ.ГГГГ)`);
  if (/^\d{4,5}(\.0+)?$/.test(s)) {
    const iso = excelSerialToIso(Number(s));
    if (iso) return ok(iso);
  }
  return bad(`«${s}» не похоже на дату; ожидается ДД.ММ.ГГГГ`);
}

/** A birth date must be in the past and not before 1900. */
export function checkBirthDate(iso: string, today: string): Parsed<string> {
  if (iso > today) return bad(`дата рождения ${ruDate(iso)} ещё не наступила`);
  if (iso < '1900-01-01') return bad(`дата рождения ${ruDate(iso)} слишком ранняя`);
  return ok(iso);
}

// ---------------------------------------------------------------------------
// СНИЛС

/**
 * СНИЛС checksum (ПФР rules): 11 digits; numbers up to 001-001-998 carry no
 * checksum. Parta does not store СНИЛС; a wrong one is only reported.
 */
export function checkSnils(raw: string): Parsed<string> {
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d{11}$/.test(digits)) return bad(`«${clean(raw)}»: в СНИЛС должно быть 11 цифр`);
  const body = digits.slice(0, 9);
  if (Number(body) <= 1_001_998) return ok(digits);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (9 - i);
  let check = sum % 101;
  if (check === 100) check = 0;
  if (check !== Number(digits.slice(9)))
    return bad(`СНИЛС «${clean(raw)}» с неверной контрольной суммой`);
  return ok(digits);
}

// ---------------------------------------------------------------------------
// Classes and groups

/** Latin letters that look like Cyrillic ones, as typed in class names («5A»). */
const LOOKALIKE: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
};

export interface ClassName {
  /** How it is stored and shown: «5А», «10Б», «Средняя группа «Солнышко»». */
  name: string;
  /** Comparison key. */
  key: string;
  grade: number | null;
}

/** Comparison key of a class or group name: case, «ё», quotes, dashes and spaces do not matter. */
export function classKey(name: string): string {
  return textKey(name)
    .replace(/[«»"'“”„]/g, '')
    .replace(/[\s–—-]+/g, '');
}

/**
 * A school class as schools write it: «5А», «5 а», «5-А», «5 «А» класс»,
 * «10Б кл.», «5A» (Latin) → «5А»; «5» alone for schools without parallels.
 * Null when it is not such a name.
 */
export function parseSchoolClass(raw: string): ClassName | null {
  const s = clean(raw)
    .replace(/\s*(класс|кл\.?)$/i, '')
    .replace(/^класс\s*:?\s*/i, '');
  const m = /^(\d{1,2})\s*[-–—]?\s*["«“']?\s*([A-Za-zА-Яа-яЁё])?\s*["»”']?$/.exec(s);
  if (!m) return null;
  const grade = Number(m[1]);
  if (grade < 1 || grade > 12) return null;
  const raw2 = (m[2] ?? '').toUpperCase();
  const letter = LOOKALIKE[raw2] ?? raw2.toUpperCase();
  if (letter && !/^[А-ЯЁ]$/.test(letter)) return null;
  const name = `${grade}${letter}`;
  return { name, key: classKey(name), grade };
}

/** A preschool or additional-education group: any name, kept as written. */
export function parseGroupName(raw: string): ClassName | null {
  const name = clean(raw);
  if (!name || name.length > LIMITS.nameMaxLength) return null;
  return { name, key: classKey(name), grade: null };
}

// ---------------------------------------------------------------------------
// Parents

const RELATIONS: [RegExp, GuardianRelation][] = [
  [/^(мать|мама|матер)/, 'mother'],
  [/^(отец|папа|отц)/, 'father'],
  [/^(опекун|попечител|приемн|законный представитель|усыновител|патронатн|guardian)/, 'guardian'],
  [/^(бабушка|дедушка|тетя|дядя|брат|сестра|другое|иное|родственни|other)/, 'other'],
];

/** «Кем приходится»: мать, отец, опекун … → the stored relation. */
export function parseRelation(raw: string): Parsed<GuardianRelation> {
  const k = textKey(raw);
  if ((GUARDIAN_RELATIONS as readonly string[]).includes(k)) return ok(k as GuardianRelation);
  for (const [re, rel] of RELATIONS) if (re.test(k)) return ok(rel);
  return ok('other', `«${clean(raw)}» — записано как «другое» (мать, отец, опекун или другое)`);
}

export const RELATION_RU: Record<GuardianRelation, string> = {
  mother: 'мать',
  father: 'отец',
  guardian: 'опекун',
  other: 'другое',
};

// ---------------------------------------------------------------------------
// Academic year

/**
 * The academic year a date falls in, «2023» meaning 2023/24: from August on,
 * the year that starts that September (schools prepare their lists in August).
 */
export function academicYearOf(localDate: string): number {
  const [y, m] = localDate.split('-').map(Number);
  return (m ?? 1) >= 8 ? (y ?? 2000) : (y ?? 2000) - 1;
}

/** Column letter of a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
