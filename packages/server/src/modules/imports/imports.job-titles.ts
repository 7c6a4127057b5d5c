import type { JobTitleMatch, JobTitleRole, OrgKind, PositionRole } from '@parta/shared';
import { clean } from './imports.values';

/**
 * The dictionary of job titles: which role and whether pedagogical a title
 * in a staff file means. A built-in dictionary covers what Russian schools,
 * kindergartens and centres of additional education write; a municipality
 * adds its own rules (table `job_titles`), which win on equal footing.
 *
 * Resolution: exact rules before prefix rules; among prefix rules the longest
 * that matches at a word boundary («учитель-логопед» before «учитель»); on a
 * tie the municipality's rule. An unknown title is a problem with a
 * suggestion, never a guess.
 */

export interface JobTitleRule {
  /** The normalised form (see `titleKey`). */
  pattern: string;
  match: JobTitleMatch;
  role: JobTitleRole;
  pedagogical: boolean;
  source: 'builtin' | 'municipality';
  id: number | null;
  /** As written by whoever made the rule. */
  title: string;
}

/** Abbreviations expanded before comparing: «зам. директора» is «заместитель директора». */
const ABBREVIATIONS: Record<string, string> = {
  зам: 'заместитель',
  зав: 'заведующий',
  нач: 'начальник',
};

/**
 * «Зам. директора  по УВР» → «заместитель директора по увр»: case, «ё», dots,
 * quotes, spacing and common abbreviations do not count.
 */
export function titleKey(title: string): string {
  const key = clean(
    title
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/[«»"“”„'`]/g, '')
      .replace(/[.,:;]+/g, ' ')
      .replace(/\s*-\s*/g, '-')
      .replace(/\(\s*/g, '(')
      .replace(/\s*\)/g, ')'),
  );
  return key
    .split(' ')
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(' ');
}

type Entry = [title: string, match: JobTitleMatch, role: JobTitleRole, pedagogical: boolean];

const T = true;
const F = false;

// prettier-ignore
const BUILTIN: Entry[] = [
  // heads
  ['директор', 'prefix', 'head', T],
  ['и о директора', 'prefix', 'head', T],
  ['исполняющий обязанности директора', 'prefix', 'head', T],
  ['заведующий', 'exact', 'head', T],
  ['заведующая', 'exact', 'head', T],
  ['заведующий детским садом', 'prefix', 'head', T],
  ['заведующая детским садом', 'prefix', 'head', T],
  ['заведующий мбдоу', 'prefix', 'head', T],
  ['заведующий мадоу', 'prefix', 'head', T],
  ['и о заведующего', 'prefix', 'head', T],
  ['руководитель', 'exact', 'head', T],
  ['начальник управления образования', 'prefix', 'head', F],
  ['начальник', 'exact', 'head', F],
  // deputies
  ['заместитель директора', 'prefix', 'deputy', T],
  ['заместитель заведующего', 'prefix', 'deputy', T],
  ['заместитель заведующей', 'prefix', 'deputy', T],
  ['заместитель руководителя', 'prefix', 'deputy', T],
  ['заместитель директора по ахч', 'prefix', 'deputy', F],
  ['заместитель директора по ахр', 'prefix', 'deputy', F],
  ['заместитель директора по ахд', 'prefix', 'deputy', F],
  ['заместитель директора по административно-хозяйственной', 'prefix', 'deputy', F],
  ['заместитель директора по хозяйственной', 'prefix', 'deputy', F],
  ['заместитель директора по безопасности', 'prefix', 'deputy', F],
  ['заместитель директора по комплексной безопасности', 'prefix', 'deputy', F],
  ['заместитель директора по финансово', 'prefix', 'deputy', F],
  ['заместитель директора по экономическим', 'prefix', 'deputy', F],
  ['заместитель заведующего по ахч', 'prefix', 'deputy', F],
  ['заместитель заведующего по ахр', 'prefix', 'deputy', F],
  ['заместитель начальника управления образования', 'prefix', 'authority_staff', F],
  ['заместитель начальника', 'prefix', 'authority_staff', F],
  // teachers and other pedagogical workers
  ['учитель', 'prefix', 'teacher', T],
  ['учительница', 'prefix', 'teacher', T],
  ['учитель-логопед', 'prefix', 'teacher', T],
  ['учитель-дефектолог', 'prefix', 'teacher', T],
  ['воспитатель', 'prefix', 'teacher', T],
  ['воспитательница', 'prefix', 'teacher', T],
  ['старший воспитатель', 'prefix', 'teacher', T],
  ['педагог', 'prefix', 'teacher', T],
  ['педагог дополнительного образования', 'prefix', 'teacher', T],
  ['старший педагог дополнительного образования', 'prefix', 'teacher', T],
  ['педагог-психолог', 'prefix', 'teacher', T],
  ['педагог-организатор', 'prefix', 'teacher', T],
  ['педагог-библиотекарь', 'prefix', 'teacher', T],
  ['социальный педагог', 'prefix', 'teacher', T],
  ['музыкальный руководитель', 'prefix', 'teacher', T],
  ['инструктор по физической культуре', 'prefix', 'teacher', T],
  ['инструктор-методист', 'prefix', 'teacher', T],
  ['тренер-преподаватель', 'prefix', 'teacher', T],
  ['старший тренер-преподаватель', 'prefix', 'teacher', T],
  ['тренер', 'prefix', 'teacher', T],
  ['преподаватель', 'prefix', 'teacher', T],
  ['преподаватель-организатор', 'prefix', 'teacher', T],
  ['методист', 'prefix', 'teacher', T],
  ['старший методист', 'prefix', 'teacher', T],
  ['логопед', 'prefix', 'teacher', T],
  ['дефектолог', 'prefix', 'teacher', T],
  ['психолог', 'prefix', 'teacher', T],
  ['тьютор', 'prefix', 'teacher', T],
  ['советник директора по воспитанию', 'prefix', 'teacher', T],
  ['старший вожатый', 'prefix', 'teacher', T],
  ['вожатый', 'prefix', 'teacher', T],
  ['концертмейстер', 'prefix', 'teacher', T],
  ['аккомпаниатор', 'prefix', 'teacher', T],
  ['мастер производственного обучения', 'prefix', 'teacher', T],
  ['руководитель физического воспитания', 'prefix', 'teacher', T],
  ['ассистент', 'prefix', 'teacher', T],
  // other staff, not pedagogical
  ['младший воспитатель', 'prefix', 'staff', F],
  ['помощник воспитателя', 'prefix', 'staff', F],
  ['секретарь', 'prefix', 'staff', F],
  ['делопроизводитель', 'prefix', 'staff', F],
  ['документовед', 'prefix', 'staff', F],
  ['бухгалтер', 'prefix', 'staff', F],
  ['главный бухгалтер', 'prefix', 'staff', F],
  ['экономист', 'prefix', 'staff', F],
  ['контрактный управляющий', 'prefix', 'staff', F],
  ['юрисконсульт', 'prefix', 'staff', F],
  ['специалист по кадрам', 'prefix', 'staff', F],
  ['специалист по охране труда', 'prefix', 'staff', F],
  ['специалист по закупкам', 'prefix', 'staff', F],
  ['инспектор по кадрам', 'prefix', 'staff', F],
  ['завхоз', 'prefix', 'staff', F],
  ['заведующий хозяйством', 'prefix', 'staff', F],
  ['заведующая хозяйством', 'prefix', 'staff', F],
  ['заведующий библиотекой', 'prefix', 'staff', F],
  ['заведующая библиотекой', 'prefix', 'staff', F],
  ['заведующий складом', 'prefix', 'staff', F],
  ['заведующий производством', 'prefix', 'staff', F],
  ['библиотекарь', 'prefix', 'staff', F],
  ['лаборант', 'prefix', 'staff', F],
  ['медицинская сестра', 'prefix', 'staff', F],
  ['медсестра', 'prefix', 'staff', F],
  ['врач', 'prefix', 'staff', F],
  ['программист', 'prefix', 'staff', F],
  ['системный администратор', 'prefix', 'staff', F],
  ['инженер', 'prefix', 'staff', F],
  ['техник', 'prefix', 'staff', F],
  ['электроник', 'prefix', 'staff', F],
  ['кладовщик', 'prefix', 'staff', F],
  ['повар', 'prefix', 'staff', F],
  ['шеф-повар', 'prefix', 'staff', F],
  ['кухонный рабочий', 'prefix', 'staff', F],
  ['мойщик посуды', 'prefix', 'staff', F],
  ['кастелянша', 'prefix', 'staff', F],
  ['кастелян', 'prefix', 'staff', F],
  ['машинист по стирке', 'prefix', 'staff', F],
  ['рабочий', 'prefix', 'staff', F],
  ['уборщик', 'prefix', 'staff', F],
  ['уборщица', 'prefix', 'staff', F],
  ['дворник', 'prefix', 'staff', F],
  ['сторож', 'prefix', 'staff', F],
  ['вахтер', 'prefix', 'staff', F],
  ['охранник', 'prefix', 'staff', F],
  ['гардеробщик', 'prefix', 'staff', F],
  ['водитель', 'prefix', 'staff', F],
  ['электрик', 'prefix', 'staff', F],
  ['электромонтер', 'prefix', 'staff', F],
  ['слесарь', 'prefix', 'staff', F],
  ['плотник', 'prefix', 'staff', F],
  ['садовник', 'prefix', 'staff', F],
  ['оператор', 'prefix', 'staff', F],
  // the education authority
  ['главный специалист', 'prefix', 'authority_staff', F],
  ['ведущий специалист', 'prefix', 'authority_staff', F],
  ['специалист', 'prefix', 'authority_staff', F],
  ['эксперт', 'prefix', 'authority_staff', F],
  ['консультант', 'prefix', 'authority_staff', F],
  ['инспектор', 'prefix', 'authority_staff', F],
];

export const BUILTIN_RULES: readonly JobTitleRule[] = BUILTIN.map(
  ([title, match, role, pedagogical]) => ({
    pattern: titleKey(title),
    match,
    role,
    pedagogical,
    source: 'builtin' as const,
    id: null,
    title,
  }),
);

export interface ResolvedTitle {
  role: PositionRole;
  pedagogical: boolean;
  rule: JobTitleRule;
}

function matchesPrefix(key: string, pattern: string): boolean {
  if (!key.startsWith(pattern)) return false;
  const next = key.charAt(pattern.length);
  return next === '' || next === ' ' || next === '-' || next === '(' || next === '/';
}

/**
 * The rules of one municipality, ready to resolve titles. Roles are adjusted
 * to the organisation: everyone but the head of the education authority is
 * `authority_staff` there, and `authority_staff` exists nowhere else
 * (`specialist` of a school is `staff`).
 */
export class JobTitleDictionary {
  private readonly exact = new Map<string, JobTitleRule>();
  private readonly prefixes: JobTitleRule[];

  constructor(
    overrides: readonly JobTitleRule[],
    builtin: readonly JobTitleRule[] = BUILTIN_RULES,
  ) {
    for (const r of builtin) if (r.match === 'exact') this.exact.set(r.pattern, r);
    for (const r of overrides) if (r.match === 'exact') this.exact.set(r.pattern, r);
    const rank = (r: JobTitleRule) => r.pattern.length * 2 + (r.source === 'municipality' ? 1 : 0);
    this.prefixes = [...overrides, ...builtin]
      .filter((r) => r.match === 'prefix')
      .sort((a, b) => rank(b) - rank(a));
  }

  /** The rule for a title, or null when none applies. */
  rule(title: string): JobTitleRule | null {
    const key = titleKey(title);
    if (!key) return null;
    return this.exact.get(key) ?? this.prefixes.find((r) => matchesPrefix(key, r.pattern)) ?? null;
  }

  /** Role and pedagogical flag in an organisation of this kind; `skip` rules give `skip`. */
  resolve(title: string, orgKind: OrgKind): ResolvedTitle | 'skip' | null {
    const rule = this.rule(title);
    if (!rule) return null;
    if (rule.role === 'skip') return 'skip';
    let role: PositionRole = rule.role;
    if (orgKind === 'authority') {
      if (role !== 'head') role = 'authority_staff';
    } else if (role === 'authority_staff') {
      role = 'staff';
    }
    return { role, pedagogical: rule.pedagogical, rule };
  }

  /** The closest known title, for «did you mean …» in a problem message. */
  suggest(title: string): JobTitleRule | null {
    const key = titleKey(title);
    if (key.length < 3) return null;
    let best: JobTitleRule | null = null;
    let bestScore = Infinity;
    for (const r of [...this.exact.values(), ...this.prefixes]) {
      const head = r.match === 'prefix' ? key.slice(0, r.pattern.length + 2) : key;
      const d = Math.min(levenshtein(head, r.pattern), levenshtein(key, r.pattern));
      const score = d / Math.max(r.pattern.length, 1);
      if (score < bestScore) {
        bestScore = score;
        best = r;
      }
    }
    return best && bestScore <= 0.35 ? best : null;
  }
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

export const ROLE_RU: Record<JobTitleRole, string> = {
  head: 'руководитель',
  deputy: 'заместитель руководителя',
  teacher: 'педагог',
  authority_staff: 'сотрудник управления образования',
  staff: 'сотрудник',
  skip: 'не импортировать',
};

/** «Учитель математики (педагог, педагогический работник)». */
export function describePosition(p: { title: string; role: JobTitleRole; pedagogical: boolean }) {
  return `${p.title} (${ROLE_RU[p.role]}${p.pedagogical ? ', педагогический работник' : ''})`;
}

export const MAX_TITLE_LENGTH = 200;
