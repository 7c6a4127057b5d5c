import type {
  AdminRole,
  BaselineCategory,
  ClassKind,
  GuardianRelation,
  OrgKind,
  PositionRole,
} from '@parta/shared';
import {
  BOY_NAMES,
  FEMALE_ADULT_NAMES,
  GIRL_NAMES,
  MALE_ADULT_NAMES,
  SURNAMES,
  feminineSurname,
  transliterate,
} from './demo.names';

/**
 * The demo district as a plain, deterministic plan: the district of DOMAIN.md
 * (the baseline of the Kushva roadmap) under a fictitious name, with
 * organisations, staff, classes, pupils and their parents. No database here:
 * rows refer to each other by their index in the plan's arrays, and the
 * service maps indices to ids while it inserts.
 *
 * Invariants (checked by `buildDemoPlan` itself, and again by the tests):
 * - the same seed gives the same plan, down to the order of every array;
 * - organisations: 1 authority, 7 general, 2 additional, 15 preschool;
 * - pedagogical positions: 296 in general, 44 in additional, 242 in preschool
 *   organisations; the authority has 6 positions, none pedagogical;
 * - 4544 pupils, each enrolled in exactly one class or group and with one or
 *   two parents; every class has a class teacher holding a position in the
 *   class's organisation;
 * - phones are in the fake range +7 900 000-xx-xx and unique; e-mails are on
 *   example.ru; staff logins are unique, lowercase and never a demo login.
 */

/** The five accounts a demo is shown with; each login doubles as its own name. */
export const DEMO_LOGINS = ['admin', 'head', 'teacher', 'parent', 'pupil'] as const;
export type DemoLogin = (typeof DEMO_LOGINS)[number];

export const DEFAULT_DEMO_SEED = 20230401;

/** Numbers of DOMAIN.md, «Базовые статистические данные». */
export const DISTRICT_TOTALS = {
  organizations: { authority: 1, general: 7, additional: 2, preschool: 15 },
  pedagogical: { authority: 0, general: 296, additional: 44, preschool: 242 },
  authorityStaff: 6,
  pupils: 4544,
} as const satisfies {
  organizations: Record<OrgKind, number>;
  pedagogical: Record<OrgKind, number>;
  authorityStaff: number;
  pupils: number;
};

export const ACADEMIC_YEAR = 2023;
export const BASELINE_VALID_FROM = '2023-01-01';
const ENROLLED_ON = '2023-09-01';

export interface PlannedMunicipality {
  name: string;
  shortName: string;
  timeZone: string;
}

export interface PlannedOrg {
  kind: OrgKind;
  name: string;
  shortName: string;
  externalId: string;
}

export interface PlannedPerson {
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string | null;
  phone: string | null;
  email: string | null;
}

export interface PlannedPosition {
  person: number;
  org: number;
  role: PositionRole;
  title: string;
  pedagogical: boolean;
}

export interface PlannedClass {
  org: number;
  name: string;
  kind: ClassKind;
  grade: number | null;
  classTeacher: number;
}

export interface PlannedEnrolment {
  pupil: number;
  class: number;
  startedOn: string;
}

export interface PlannedGuardianship {
  parent: number;
  pupil: number;
  relation: Extract<GuardianRelation, 'mother' | 'father'>;
}

export interface PlannedBaseline {
  org: number;
  category: BaselineCategory;
  headcount: number;
  validFrom: string;
}

export interface PlannedAccount {
  person: number;
  login: string;
}

export interface PlannedGrant {
  person: number;
  role: AdminRole;
  /** Municipal scope (the one municipality of the plan) or none. */
  municipal: boolean;
  org: number | null;
}

export interface DemoPlan {
  seed: number;
  academicYear: number;
  municipality: PlannedMunicipality;
  orgs: PlannedOrg[];
  /** Staff first (in organisation order), then pupils (class by class), then parents. */
  people: PlannedPerson[];
  positions: PlannedPosition[];
  classes: PlannedClass[];
  enrolments: PlannedEnrolment[];
  guardianships: PlannedGuardianship[];
  baselines: PlannedBaseline[];
  accounts: PlannedAccount[];
  grants: PlannedGrant[];
  /** The person behind each demo login. */
  demo: Record<DemoLogin, number>;
  counts: { staff: number; pupils: number; parents: number };
}

// ---------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small, fast PRNG with a 32-bit state; good enough for test data. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, this.int(0, items.length - 1));
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = at(items, i);
      items[i] = at(items, j);
      items[j] = tmp;
    }
    return items;
  }
}

function at<T>(items: readonly T[], i: number): T {
  const v = items[i];
  if (v === undefined) throw new RangeError(`index ${i} outside 0..${items.length - 1}`);
  return v;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Splits `total` in proportion to `weights` (largest remainder; ties to the earlier). */
function apportion(total: number, weights: readonly number[]): number[] {
  const w = sum(weights);
  const exact = weights.map((x) => (total * x) / w);
  const parts = exact.map(Math.floor);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  const deficit = total - sum(parts);
  for (let k = 0; k < deficit; k++) {
    const slot = at(order, k).i;
    parts[slot] = at(parts, slot) + 1;
  }
  return parts;
}

/**
 * Random sizes in [min, max] summing to exactly `total`: start near the middle,
 * then nudge random members by one until the sum is right.
 */
function sizesSummingTo(
  rng: SeededRandom,
  bounds: readonly (readonly [min: number, max: number])[],
  total: number,
): number[] {
  const lo = sum(bounds.map((b) => b[0]));
  const hi = sum(bounds.map((b) => b[1]));
  if (total < lo || total > hi)
    throw new RangeError(`cannot split ${total} into ${bounds.length} sizes`);
  const sizes = bounds.map(([min, max]) => rng.int(min + 2, max - 2));
  let diff = total - sum(sizes);
  while (diff !== 0) {
    const i = rng.int(0, sizes.length - 1);
    const [min, max] = at(bounds, i);
    const v = at(sizes, i);
    if (diff > 0 && v < max) {
      sizes[i] = v + 1;
      diff--;
    } else if (diff < 0 && v > min) {
      sizes[i] = v - 1;
      diff++;
    }
  }
  return sizes;
}

/** A random day of the 365 days starting at `year-month-day` (UTC), as YYYY-MM-DD. */
function dayFrom(rng: SeededRandom, year: number, month: number, day: number, span = 365): string {
  const t = Date.UTC(year, month - 1, day) + rng.int(0, span - 1) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------
// The district's shape

interface SchoolSpec {
  number: number;
  pedagogical: number;
  pupils: number;
  deputies: number;
  /** Classes per grade 1…11. */
  parallels: readonly number[];
}

/** 296 pedagogical staff, 3304 pupils, 141 classes. */
// prettier-ignore
const SCHOOLS: readonly SchoolSpec[] = [
  { number: 1, pedagogical: 58, pupils: 647, deputies: 4, parallels: [3, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1] },
  { number: 2, pedagogical: 52, pupils: 580, deputies: 4, parallels: [3, 3, 3, 2, 3, 2, 2, 2, 2, 1, 1] },
  { number: 3, pedagogical: 46, pupils: 513, deputies: 3, parallels: [2, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1] },
  { number: 4, pedagogical: 41, pupils: 458, deputies: 3, parallels: [2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1] },
  { number: 5, pedagogical: 38, pupils: 424, deputies: 3, parallels: [2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1] },
  { number: 6, pedagogical: 33, pupils: 368, deputies: 2, parallels: [2, 2, 2, 1, 2, 2, 1, 1, 1, 1, 1] },
  { number: 7, pedagogical: 28, pupils: 314, deputies: 2, parallels: [2, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1] },
];

/** 242 pedagogical staff; 1240 children (the rest of the 4544) split in proportion. */
const PRESCHOOLS: readonly { number: number; pedagogical: number }[] = [
  { number: 1, pedagogical: 24 },
  { number: 3, pedagogical: 22 },
  { number: 5, pedagogical: 21 },
  { number: 7, pedagogical: 19 },
  { number: 9, pedagogical: 18 },
  { number: 11, pedagogical: 17 },
  { number: 12, pedagogical: 16 },
  { number: 15, pedagogical: 16 },
  { number: 18, pedagogical: 15 },
  { number: 20, pedagogical: 15 },
  { number: 22, pedagogical: 14 },
  { number: 24, pedagogical: 13 },
  { number: 26, pedagogical: 12 },
  { number: 28, pedagogical: 11 },
  { number: 30, pedagogical: 9 },
];
const PRESCHOOL_CHILDREN = 1240;

const CLASS_LETTERS = ['А', 'Б', 'В', 'Г'] as const;

const DEPUTY_TITLES = [
  'Заместитель директора по УВР',
  'Заместитель директора по ВР',
  'Заместитель директора по УВР (начальная школа)',
  'Заместитель директора по НМР',
] as const;

/** Subject teachers' titles and their weight in a school's staff. */
const SUBJECTS: readonly (readonly [title: string, weight: number])[] = [
  ['Учитель математики', 4],
  ['Учитель русского языка и литературы', 4],
  ['Учитель английского языка', 3],
  ['Учитель истории и обществознания', 2],
  ['Учитель физической культуры', 2],
  ['Учитель биологии', 1],
  ['Учитель химии', 1],
  ['Учитель физики', 1],
  ['Учитель географии', 1],
  ['Учитель информатики', 1],
  ['Учитель технологии', 1],
  ['Учитель музыки', 0.5],
  ['Учитель изобразительного искусства', 0.5],
];

/** Pedagogical specialists who are not class teachers, by school size. */
function schoolSpecialists(pedagogical: number): string[] {
  const base = [
    'Педагог-психолог',
    'Советник директора по воспитанию',
    'Преподаватель-организатор ОБЖ',
  ];
  if (pedagogical >= 45)
    return [...base, 'Социальный педагог', 'Учитель-логопед', 'Педагог-библиотекарь'];
  if (pedagogical >= 35) return [...base, 'Социальный педагог'];
  return base;
}

const GROUP_STAGES = [
  'Группа раннего возраста',
  'Младшая группа',
  'Средняя группа',
  'Старшая группа',
  'Подготовительная группа',
] as const;

// prettier-ignore
const GROUP_NAMES = [
  'Солнышко', 'Звёздочки', 'Радуга', 'Колокольчик', 'Капелька', 'Ромашка', 'Теремок',
  'Непоседы', 'Почемучки', 'Светлячок', 'Пчёлки', 'Гномики', 'Ласточка', 'Бусинки', 'Сказка',
  'Семицветик', 'Улыбка', 'Ягодка', 'Золотой ключик', 'Дельфинчики',
] as const;

/**
 * Age level: grade 1…11 for school classes, 0 for the preparatory group down
 * to −4 for the early-age group. A child of level L was born between
 * 1 March (2017 − L) and the end of February (2018 − L): 6.5–7.5 years old
 * in first grade on 1 September 2023.
 */
function birthDateForLevel(rng: SeededRandom, level: number): string {
  return dayFrom(rng, ACADEMIC_YEAR - 6 - level, 3, 1);
}

// ---------------------------------------------------------------------------
// The builder

interface Slot {
  org: number;
  class: number;
  level: number;
}

interface Family {
  slots: number[];
  mother: boolean;
  father: boolean;
}

/** Builds the plan. Pure and deterministic: the same seed gives an identical plan. */
export function buildDemoPlan(seed: number = DEFAULT_DEMO_SEED): DemoPlan {
  const rng = new SeededRandom(seed);
  const orgs: PlannedOrg[] = [];
  const staff: PlannedPerson[] = [];
  const positions: PlannedPosition[] = [];
  const classes: PlannedClass[] = [];
  const slots: Slot[] = [];

  // Fake phones +7 900 000-xx-xx, each used once, in a shuffled order.
  const phoneSuffixes = rng.shuffle(Array.from({ length: 10_000 }, (_, i) => i));
  let phonesUsed = 0;
  const nextPhone = (): string => {
    const n = phoneSuffixes[phonesUsed++];
    if (n === undefined) throw new RangeError('the fake phone range +7 900 000-xx-xx is exhausted');
    return `+7900000${String(n).padStart(4, '0')}`;
  };

  const adultName = (female: boolean) => {
    const [, son, daughter] = rng.pick(MALE_ADULT_NAMES);
    const surname = rng.pick(SURNAMES);
    return female
      ? {
          lastName: feminineSurname(surname),
          firstName: rng.pick(FEMALE_ADULT_NAMES),
          middleName: daughter,
        }
      : { lastName: surname, firstName: rng.pick(MALE_ADULT_NAMES)[0], middleName: son };
  };

  /** Adds one staff member with one position; returns the person's index. */
  const hire = (
    org: number,
    role: PositionRole,
    title: string,
    pedagogical: boolean,
    femaleShare: number,
    born: readonly [from: number, to: number] = [1962, 1999],
  ): number => {
    const person = staff.length;
    staff.push({
      ...adultName(rng.chance(femaleShare)),
      birthDate: dayFrom(rng, rng.int(born[0], born[1]), 1, 1),
      phone: nextPhone(),
      email: null, // set with the login below
    });
    positions.push({ person, org, role, title, pedagogical });
    return person;
  };

  const addOrg = (org: PlannedOrg): number => orgs.push(org) - 1;

  // --- the authority: 6 staff, none pedagogical -------------------------------
  const authority = addOrg({
    kind: 'authority',
    name: 'Управление образования Демонстрационного городского округа',
    shortName: 'УО ДГО',
    externalId: 'demo-uo',
  });
  hire(authority, 'head', 'Начальник Управления образования', false, 0.7, [1966, 1980]);
  hire(
    authority,
    'authority_staff',
    'Заместитель начальника Управления образования',
    false,
    0.8,
    [1970, 1985],
  );
  hire(authority, 'authority_staff', 'Главный специалист', false, 0.85);
  hire(authority, 'authority_staff', 'Ведущий специалист', false, 0.85);
  const admin = hire(
    authority,
    'authority_staff',
    'Ведущий специалист (информатизация)',
    false,
    0.5,
    [1985, 1995],
  );
  hire(authority, 'authority_staff', 'Специалист I категории', false, 0.9, [1990, 1999]);

  // --- general schools ---------------------------------------------------------
  const schoolHeads: number[] = [];
  for (const s of SCHOOLS) {
    const org = addOrg({
      kind: 'general',
      name: `Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № ${s.number}»`,
      shortName: `МАОУ СОШ № ${s.number}`,
      externalId: `demo-sosh-${s.number}`,
    });
    schoolHeads.push(hire(org, 'head', 'Директор', true, 0.6, [1962, 1982]));
    for (let d = 0; d < s.deputies; d++)
      hire(org, 'deputy', at(DEPUTY_TITLES, d), true, 0.85, [1965, 1988]);

    const primaryClasses = sum(s.parallels.slice(0, 4));
    const primaryTeachers: number[] = [];
    for (let i = 0; i < primaryClasses + (s.pedagogical >= 45 ? 1 : 0); i++) {
      primaryTeachers.push(hire(org, 'teacher', 'Учитель начальных классов', true, 0.97));
    }
    const specialists = schoolSpecialists(s.pedagogical);
    const subjectCount =
      s.pedagogical - 1 - s.deputies - primaryTeachers.length - specialists.length;
    const perSubject = apportion(
      subjectCount,
      SUBJECTS.map(([, w]) => w),
    );
    const titles = rng.shuffle(
      SUBJECTS.flatMap(([title], i) => Array<string>(at(perSubject, i)).fill(title)),
    );
    const subjectTeachers = titles.map((title) =>
      hire(org, 'teacher', title, true, /физической культуры|технологии/.test(title) ? 0.45 : 0.88),
    );
    for (const title of specialists)
      hire(org, 'teacher', title, true, title.includes('ОБЖ') ? 0.3 : 0.9);
    hire(org, 'staff', 'Секретарь', false, 0.95);
    hire(org, 'staff', 'Заведующий хозяйством', false, 0.6);
    if (s.pedagogical >= 40) hire(org, 'staff', 'Специалист по кадрам', false, 0.95);

    // Classes: primary ones led by primary teachers, the rest by subject teachers.
    const seniorLeads = rng.shuffle([...subjectTeachers]);
    let nextPrimary = 0;
    let nextSenior = 0;
    const bounds: [number, number][] = [];
    const schoolClasses: number[] = [];
    s.parallels.forEach((count, g) => {
      const grade = g + 1;
      for (let k = 0; k < count; k++) {
        const classTeacher =
          grade <= 4 ? at(primaryTeachers, nextPrimary++) : at(seniorLeads, nextSenior++);
        schoolClasses.push(
          classes.push({
            org,
            name: `${grade}${at(CLASS_LETTERS, k)}`,
            kind: 'class',
            grade,
            classTeacher,
          }) - 1,
        );
        bounds.push(grade >= 10 ? [18, 27] : [18, 30]);
      }
    });
    const sizes = sizesSummingTo(rng, bounds, s.pupils);
    schoolClasses.forEach((cls, i) => {
      const level = at(classes, cls).grade ?? 0;
      for (let n = 0; n < at(sizes, i); n++) slots.push({ org, class: cls, level });
    });
  }

  // --- additional education: 44 pedagogical staff, no rosters of their own -----
  const cdo = addOrg({
    kind: 'additional',
    name: 'Муниципальное автономное учреждение дополнительного образования «Центр дополнительного образования»',
    shortName: 'МАУ ДО ЦДО',
    externalId: 'demo-cdo',
  });
  hire(cdo, 'head', 'Директор', true, 0.8, [1965, 1982]);
  hire(cdo, 'deputy', 'Заместитель директора по УВР', true, 0.9);
  hire(cdo, 'deputy', 'Заместитель директора по ВР', true, 0.9);
  hire(cdo, 'teacher', 'Методист', true, 0.9);
  hire(cdo, 'teacher', 'Методист', true, 0.9);
  hire(cdo, 'teacher', 'Педагог-организатор', true, 0.8);
  for (let i = 0; i < 20; i++)
    hire(cdo, 'teacher', 'Педагог дополнительного образования', true, 0.8);
  hire(cdo, 'staff', 'Секретарь', false, 0.95);

  const sport = addOrg({
    kind: 'additional',
    name: 'Муниципальное автономное учреждение дополнительного образования «Детско-юношеская спортивная школа»',
    shortName: 'МАУ ДО ДЮСШ',
    externalId: 'demo-dyussh',
  });
  hire(sport, 'head', 'Директор', true, 0.3, [1965, 1982]);
  hire(sport, 'deputy', 'Заместитель директора по УСР', true, 0.5);
  hire(sport, 'teacher', 'Инструктор-методист', true, 0.6);
  for (let i = 0; i < 15; i++) hire(sport, 'teacher', 'Тренер-преподаватель', true, 0.35);
  hire(sport, 'staff', 'Секретарь', false, 0.95);

  // --- preschools: 242 pedagogical staff, 1240 children in groups ---------------
  const children = apportion(
    PRESCHOOL_CHILDREN,
    PRESCHOOLS.map((p) => p.pedagogical),
  );
  PRESCHOOLS.forEach((p, index) => {
    const org = addOrg({
      kind: 'preschool',
      name: `Муниципальное автономное дошкольное образовательное учреждение «Детский сад № ${p.number}»`,
      shortName: `МАДОУ Детский сад № ${p.number}`,
      externalId: `demo-ds-${p.number}`,
    });
    const q = p.pedagogical;
    const specialists = [
      ...(q >= 18 ? ['Старший воспитатель'] : []),
      'Музыкальный руководитель',
      ...(q >= 20 ? ['Музыкальный руководитель'] : []),
      ...(q >= 12 ? ['Инструктор по физической культуре'] : []),
      ...(q >= 16 ? ['Учитель-логопед'] : []),
      ...(q >= 20 ? ['Педагог-психолог'] : []),
    ];
    hire(org, 'head', 'Заведующий', true, 0.95, [1962, 1982]);
    const deputies = q >= 14 ? 1 : 0;
    if (deputies) hire(org, 'deputy', 'Заместитель заведующего по ВМР', true, 0.97, [1965, 1988]);
    for (const title of specialists)
      hire(org, 'teacher', title, true, title.startsWith('Инструктор') ? 0.7 : 0.95);
    const educators: number[] = [];
    for (let i = 0; i < q - 1 - deputies - specialists.length; i++) {
      educators.push(hire(org, 'teacher', 'Воспитатель', true, 0.98));
    }
    hire(org, 'staff', 'Заведующий хозяйством', false, 0.8);

    const total = at(children, index);
    const groups = Math.max(2, Math.round(total / 21));
    const sizes = sizesSummingTo(
      rng,
      Array.from({ length: groups }, () => [15, 26] as const),
      total,
    );
    const names = rng.shuffle([...GROUP_NAMES]);
    const leads = rng.shuffle([...educators]);
    for (let i = 0; i < groups; i++) {
      const stage = Math.floor(((i + 0.5) * GROUP_STAGES.length) / groups);
      const cls =
        classes.push({
          org,
          name: `${at(GROUP_STAGES, stage)} «${at(names, i)}»`,
          kind: 'group',
          grade: null,
          classTeacher: at(leads, i),
        }) - 1;
      for (let n = 0; n < at(sizes, i); n++) slots.push({ org, class: cls, level: stage - 4 });
    }
  });

  // --- families ------------------------------------------------------------------
  const families = formFamilies(rng, slots, demoFamilySeed(classes, slots, orgs));

  // People: staff, then pupils in slot order (class by class), then parents.
  const pupilBase = staff.length;
  const parentBase = pupilBase + slots.length;
  const pupils: PlannedPerson[] = Array.from({ length: slots.length });
  const parents: PlannedPerson[] = [];
  const guardianships: PlannedGuardianship[] = [];
  for (const family of families) {
    const surname = rng.pick(SURNAMES);
    const [fatherName, son, daughter] = rng.pick(MALE_ADULT_NAMES);
    const kids = family.slots.map((slot) => ({
      slot,
      birthDate: birthDateForLevel(rng, at(slots, slot).level),
    }));
    const eldest = Math.min(...kids.map((k) => Number(k.birthDate.slice(0, 4))));
    const usedNames = new Set<string>();
    for (const kid of kids) {
      const girl = rng.chance(0.5);
      let first = rng.pick(girl ? GIRL_NAMES : BOY_NAMES);
      while (usedNames.has(first)) first = rng.pick(girl ? GIRL_NAMES : BOY_NAMES);
      usedNames.add(first);
      const middle = family.father
        ? girl
          ? daughter
          : son
        : rng.pick(MALE_ADULT_NAMES)[girl ? 2 : 1];
      pupils[kid.slot] = {
        lastName: girl ? feminineSurname(surname) : surname,
        firstName: first,
        middleName: middle,
        birthDate: kid.birthDate,
        phone: null,
        email: null,
      };
    }
    const motherAge = rng.int(19, 36);
    const addParent = (female: boolean, age: number): number => {
      const grandfather = rng.pick(MALE_ADULT_NAMES);
      parents.push({
        lastName: female ? feminineSurname(surname) : surname,
        firstName: female ? rng.pick(FEMALE_ADULT_NAMES) : fatherName,
        middleName: female ? grandfather[2] : grandfather[1],
        birthDate: dayFrom(rng, eldest - age, 1, 1),
        phone: nextPhone(),
        email: null,
      });
      return parentBase + parents.length - 1;
    };
    const guardians: [number, 'mother' | 'father'][] = [];
    if (family.mother) guardians.push([addParent(true, motherAge), 'mother']);
    if (family.father) guardians.push([addParent(false, motherAge + rng.int(-1, 7)), 'father']);
    for (const kid of kids) {
      for (const [parent, relation] of guardians) {
        guardianships.push({ parent, pupil: pupilBase + kid.slot, relation });
      }
    }
  }

  // --- demo people -------------------------------------------------------------------
  const demoFamily = at(families, 0);
  const demoPupilSlot = at(demoFamily.slots, 0);
  const demoTeacher = at(classes, at(slots, demoPupilSlot).class).classTeacher;
  const demoParent = at(
    guardianships.filter((g) => g.pupil === pupilBase + demoPupilSlot && g.relation === 'mother'),
    0,
  ).parent;
  const demo: Record<DemoLogin, number> = {
    admin,
    head: at(schoolHeads, 0),
    teacher: demoTeacher,
    parent: demoParent,
    pupil: pupilBase + demoPupilSlot,
  };

  // --- accounts: every staff member and the five demo people --------------------------
  const demoLoginOf = new Map<number, DemoLogin>(DEMO_LOGINS.map((l) => [demo[l], l]));
  const taken = new Set<string>(DEMO_LOGINS);
  const accounts: PlannedAccount[] = [];
  staff.forEach((p, person) => {
    const login = demoLoginOf.get(person) ?? uniqueLogin(p, taken);
    taken.add(login);
    p.email = `${login}@example.ru`;
    accounts.push({ person, login });
  });
  accounts.push({ person: demo.parent, login: 'parent' }, { person: demo.pupil, login: 'pupil' });

  const headOrg = positions.find((p) => p.person === demo.head && p.role === 'head')?.org ?? null;
  const grants: PlannedGrant[] = [
    { person: demo.admin, role: 'municipal_admin', municipal: true, org: null },
    { person: demo.head, role: 'org_admin', municipal: false, org: headOrg },
  ];

  const people: PlannedPerson[] = [...staff, ...pupils, ...parents];
  const enrolments: PlannedEnrolment[] = slots.map((s, i) => ({
    pupil: pupilBase + i,
    class: s.class,
    startedOn: ENROLLED_ON,
  }));

  // --- baselines: what the district reports against ------------------------------------
  const baselines: PlannedBaseline[] = [];
  orgs.forEach((o, org) => {
    const here = positions.filter((p) => p.org === org);
    if (o.kind === 'authority') {
      baselines.push({
        org,
        category: 'authority_staff',
        headcount: here.length,
        validFrom: BASELINE_VALID_FROM,
      });
      return;
    }
    baselines.push({
      org,
      category: 'pedagogical',
      headcount: here.filter((p) => p.pedagogical).length,
      validFrom: BASELINE_VALID_FROM,
    });
    const enrolled = slots.filter((s) => s.org === org).length;
    if (enrolled > 0)
      baselines.push({
        org,
        category: 'pupils',
        headcount: enrolled,
        validFrom: BASELINE_VALID_FROM,
      });
  });

  const plan: DemoPlan = {
    seed,
    academicYear: ACADEMIC_YEAR,
    municipality: {
      name: 'Демонстрационный городской округ (Кушва)',
      shortName: 'ДГО',
      timeZone: 'Asia/Yekaterinburg',
    },
    orgs,
    people,
    positions,
    classes,
    enrolments,
    guardianships,
    baselines,
    accounts,
    grants,
    demo,
    counts: { staff: staff.length, pupils: slots.length, parents: parents.length },
  };
  checkPlan(plan);
  return plan;
}

/**
 * The demo family comes first: a pupil of 7А in school № 1 with both parents
 * and a younger sibling in 3А of the same school, so `parent` has two children
 * and `teacher` is the class teacher of `pupil`.
 */
function demoFamilySeed(
  classes: readonly PlannedClass[],
  slots: readonly Slot[],
  orgs: readonly PlannedOrg[],
) {
  const school1 = orgs.findIndex((o) => o.externalId === 'demo-sosh-1');
  const classOf = (name: string) => classes.findIndex((c) => c.org === school1 && c.name === name);
  const first = (name: string) => {
    const cls = classOf(name);
    const slot = slots.findIndex((s) => s.class === cls);
    if (cls < 0 || slot < 0) throw new Error(`demo plan: school № 1 has no pupils in ${name}`);
    return slot;
  };
  return { slots: [first('7А'), first('3А')] };
}

/**
 * Groups pupils into families: about one family in five has two children and
 * one in twenty has three, siblings at least two age levels apart, in the same
 * organisation more often than not. Three families in four have both parents,
 * the rest only a mother (mostly) or only a father.
 */
function formFamilies(
  rng: SeededRandom,
  slots: readonly Slot[],
  seedFamily: { slots: number[] },
): Family[] {
  const assigned = new Uint8Array(slots.length);
  const byOrgLevel = new Map<string, number[]>();
  const byLevel = new Map<number, number[]>();
  const levelsOfOrg = new Map<number, Set<number>>();
  const listIn = <K>(map: Map<K, number[]>, key: K): number[] => {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    return list;
  };
  slots.forEach((s, i) => {
    listIn(byOrgLevel, `${s.org}:${s.level}`).push(i);
    listIn(byLevel, s.level).push(i);
    levelsOfOrg.set(s.org, (levelsOfOrg.get(s.org) ?? new Set<number>()).add(s.level));
  });
  for (const list of [...byOrgLevel.values(), ...byLevel.values()]) rng.shuffle(list);
  const allLevels = [...byLevel.keys()].sort((a, b) => a - b);

  /** Pops an unassigned slot from the list (lazy removal of slots taken through the other index). */
  const take = (list: number[] | undefined): number | undefined => {
    while (list && list.length > 0) {
      const i = list.pop();
      if (i !== undefined && !assigned[i]) return i;
    }
    return undefined;
  };
  const claim = (i: number) => {
    assigned[i] = 1;
    return i;
  };
  const sibling = (org: number, levels: readonly number[]): number | undefined => {
    const fits = (l: number) => levels.every((x) => Math.abs(x - l) >= 2);
    if (rng.chance(0.6)) {
      for (const l of rng.shuffle([...(levelsOfOrg.get(org) ?? [])].filter(fits))) {
        const i = take(byOrgLevel.get(`${org}:${l}`));
        if (i !== undefined) return i;
      }
    }
    for (const l of rng.shuffle(allLevels.filter(fits))) {
      const i = take(byLevel.get(l));
      if (i !== undefined) return i;
    }
    return undefined;
  };

  const families: Family[] = [{ slots: seedFamily.slots.map(claim), mother: true, father: true }];
  for (const start of rng.shuffle(slots.map((_, i) => i))) {
    if (assigned[start]) continue;
    const members = [claim(start)];
    const r = rng.next();
    const size = r < 0.05 ? 3 : r < 0.25 ? 2 : 1;
    while (members.length < size) {
      const first = at(slots, start);
      const next = sibling(
        first.org,
        members.map((m) => at(slots, m).level),
      );
      if (next === undefined) break;
      members.push(claim(next));
    }
    const p = rng.next();
    families.push({ slots: members, mother: p < 0.95, father: p < 0.75 || p >= 0.95 });
  }
  return families;
}

/** `ivanova.ms`, then `ivanova.ms2`, … : unique, lowercase, Latin. */
function uniqueLogin(p: PlannedPerson, taken: ReadonlySet<string>): string {
  const initials =
    transliterate(p.firstName).slice(0, 1) + transliterate(p.middleName ?? '').slice(0, 1);
  const base = `${transliterate(p.lastName)}.${initials}`;
  let login = base;
  for (let n = 2; taken.has(login); n++) login = `${base}${n}`;
  return login;
}

/** Fails loudly when the plan drifts from DOMAIN.md; cheap next to the insert. */
function checkPlan(plan: DemoPlan): void {
  const problems: string[] = [];
  const kinds = Object.keys(DISTRICT_TOTALS.organizations) as OrgKind[];
  for (const kind of kinds) {
    const orgs = plan.orgs.flatMap((o, i) => (o.kind === kind ? [i] : []));
    if (orgs.length !== DISTRICT_TOTALS.organizations[kind])
      problems.push(`${kind}: ${orgs.length} organisations`);
    const ped = plan.positions.filter((p) => p.pedagogical && orgs.includes(p.org)).length;
    if (ped !== DISTRICT_TOTALS.pedagogical[kind]) problems.push(`${kind}: ${ped} pedagogical`);
  }
  const authorityStaff = plan.positions.filter(
    (p) => at(plan.orgs, p.org).kind === 'authority',
  ).length;
  if (authorityStaff !== DISTRICT_TOTALS.authorityStaff)
    problems.push(`authority staff: ${authorityStaff}`);
  if (plan.enrolments.length !== DISTRICT_TOTALS.pupils)
    problems.push(`pupils: ${plan.enrolments.length}`);
  plan.classes.forEach((c, i) => {
    const teacherHere = plan.positions.some((p) => p.person === c.classTeacher && p.org === c.org);
    if (!teacherHere) problems.push(`class ${i} (${c.name}): class teacher not on its staff`);
  });
  const guarded = new Set(plan.guardianships.map((g) => g.pupil));
  if (guarded.size !== plan.enrolments.length)
    problems.push(`pupils with parents: ${guarded.size}`);
  const logins = plan.accounts.map((a) => a.login);
  if (new Set(logins).size !== logins.length) problems.push('duplicate logins');
  if (problems.length > 0) throw new Error(`demo plan is inconsistent: ${problems.join('; ')}`);
}
