import { pluralRu, type OrgKind, type Zone } from '@parta/shared';

/** Russian wording of reports and the weekly post: plurals, percents, dates. */

/** «не менее 10 сообщений», «не менее 1 сообщения», «не менее 21 сообщения» (genitive). */
export function atLeastMessages(n: number): string {
  return `не менее ${n} ${pluralRu(n, ['сообщения', 'сообщений', 'сообщений'])}`;
}

/** «412 педагогических работников», «1 педагогический работник», «2 педагогических работника». */
export function pedagogicalWorkers(n: number): string {
  return `${n} ${pluralRu(n, ['педагогический работник', 'педагогических работника', 'педагогических работников'])}`;
}

/** «3 организации», «1 организация», «5 организаций». */
export function organizations(n: number): string {
  return `${n} ${pluralRu(n, ['организация', 'организации', 'организаций'])}`;
}

/** «5 сотрудников», «1 сотрудник», «2 сотрудника». */
export function employees(n: number): string {
  return `${n} ${pluralRu(n, ['сотрудник', 'сотрудника', 'сотрудников'])}`;
}

/** 0.7083 → «70,8 %»; null → «—». */
export function percent(share: number | null, digits = 1): string {
  if (share === null) return '—';
  return `${(share * 100).toFixed(digits).replace('.', ',')} %`;
}

/** `2023-12-11` → «11.12.2023». */
export function ruDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

/** «11.12–17.12.2023». */
export function ruRange(from: string, to: string): string {
  return `${ruDate(from).slice(0, 5)}–${ruDate(to)}`;
}

export const KIND_RU: Record<OrgKind, string> = {
  authority: 'Орган управления образованием',
  general: 'Общеобразовательные',
  additional: 'Дополнительного образования',
  preschool: 'Дошкольные',
};

export const ZONE_RU: Record<Zone, string> = {
  red: 'красная',
  yellow: 'жёлтая',
  green: 'зелёная',
};

export const STATUS_RU: Record<string, string> = {
  not_started: 'не начато',
  in_progress: 'выполняется',
  achieved: 'выполнено',
  overdue: 'просрочено',
};
