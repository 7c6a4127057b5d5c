import { pluralEn, pluralRu, type ItemStatus } from '@parta/shared';
import { defineMessages } from '../i18n/define';

/** Texts of the roadmap board and timeline (loaded with them, not with the messenger). */
export const roadmapRu = {
  title: 'Дорожная карта',
  loading: 'Загружаем дорожную карту…',
  loadFailed: 'Не удалось загрузить дорожную карту.',
  retry: 'Повторить',
  choose: 'Дорожная карта',
  dueDate: (date: string): string => `Целевые показатели — к ${date}`,
  description: 'О дорожной карте',
  invalidParams: (names: string): string =>
    `Часть адреса страницы не распознана (${names}) — вместо неё взяты значения по умолчанию.`,

  asOf: {
    label: 'Состояние на',
    today: 'На сегодня',
    hint: 'Статусы пересчитываются по данным платформы на выбранную дату.',
    invalid: 'Введите дату, например 20.12.2023.',
  },

  views: {
    label: 'Вид',
    board: 'Доска',
    timeline: 'Сроки',
  },

  status: {
    not_started: 'Не начато',
    in_progress: 'В работе',
    overdue: 'Просрочено',
    achieved: 'Выполнено',
  } satisfies Record<ItemStatus, string>,
  counts: (n: number): string =>
    `${n} ${pluralRu(n, ['мероприятие', 'мероприятия', 'мероприятий'])}`,
  summary: 'Мероприятия по статусам',
  columnEmpty: 'Нет мероприятий',

  goals: {
    title: 'Цели дорожной карты',
  },

  item: {
    number: (n: number): string => `№ ${n}`,
    responsible: 'Ответственные',
    period: 'Срок',
    expected: 'Ожидаемый результат',
    goal: (comparator: string, value: string): string => `цель ${comparator} ${value}`,
    progress: (current: string, goal: string): string => `Сейчас ${current}, ${goal}`,
    noData: 'данных пока нет',
    achievedOn: (date: string): string => `Достигнуто ${date}`,
    late: 'позже срока',
    dueOn: (date: string): string => `срок — ${date}`,
    overdueSince: (date: string): string => `Срок истёк ${date}`,
    evidence: 'Подтверждение',
    closedOn: (date: string): string => `Отмечено выполненным ${date}`,
    noEvidence: 'Выполнение отмечает ответственный, приложив подтверждение.',
  },

  close: {
    open: 'Отметить выполненным',
    label: 'Что сделано и где подтверждение',
    hint: 'Например: «Проведено 24 семинара; протоколы на сайте https://…». Ссылки станут кликабельными.',
    save: 'Сохранить',
    saving: 'Сохраняем…',
    cancel: 'Отмена',
    empty: 'Опишите, что сделано: без подтверждения отметку не поставить.',
    tooLong: 'Не длиннее 5000 знаков.',
    reopen: 'Снять отметку',
    reopening: 'Снимаем…',
  },

  timeline: {
    label: 'Сроки мероприятий',
    today: 'Сегодня',
    asOf: 'Дата состояния',
    goalsDue: (date: string): string => `Срок целей: ${date}`,
    period: (range: string): string => `срок: ${range}`,
    scroll: 'Сроки по месяцам',
  },

  empty: {
    title: 'Дорожной карты пока нет',
    hint: 'Управление образования создаёт её по шаблону или с чистого листа.',
    fromTemplate: (title: string): string => `Создать по шаблону: ${title}`,
    creating: 'Создаём…',
  },
};

export type RoadmapMessages = typeof roadmapRu;

export const roadmapEn: RoadmapMessages = {
  title: 'Roadmap',
  loading: 'Loading the roadmap…',
  loadFailed: 'Could not load the roadmap.',
  retry: 'Retry',
  choose: 'Roadmap',
  dueDate: (date) => `Targets due by ${date}`,
  description: 'About this roadmap',
  invalidParams: (names) =>
    `Part of the page address was not understood (${names}); defaults are used instead.`,

  asOf: {
    label: 'As of',
    today: 'Today',
    hint: 'Statuses are recomputed from the platform’s data as of the chosen date.',
    invalid: 'Enter a date, e.g. 20.12.2023.',
  },

  views: {
    label: 'View',
    board: 'Board',
    timeline: 'Timeline',
  },

  status: {
    not_started: 'Not started',
    in_progress: 'In progress',
    overdue: 'Overdue',
    achieved: 'Done',
  },
  counts: (n) => `${n} ${pluralEn(n, 'item', 'items')}`,
  summary: 'Items by status',
  columnEmpty: 'No items',

  goals: {
    title: 'Goals of the roadmap',
  },

  item: {
    number: (n) => `No. ${n}`,
    responsible: 'Responsible',
    period: 'When',
    expected: 'Expected result',
    goal: (comparator, value) => `target ${comparator} ${value}`,
    progress: (current, goal) => `Now ${current}, ${goal}`,
    noData: 'no data yet',
    achievedOn: (date) => `Achieved on ${date}`,
    late: 'after the deadline',
    dueOn: (date) => `due ${date}`,
    overdueSince: (date) => `Overdue since ${date}`,
    evidence: 'Evidence',
    closedOn: (date) => `Marked as done on ${date}`,
    noEvidence: 'The responsible person marks it as done, with evidence.',
  },

  close: {
    open: 'Mark as done',
    label: 'What was done and where is the evidence',
    hint: 'E.g. “24 seminars held; minutes at https://…”. Links become clickable.',
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
    empty: 'Describe what was done: it cannot be marked without evidence.',
    tooLong: 'At most 5000 characters.',
    reopen: 'Remove the mark',
    reopening: 'Removing…',
  },

  timeline: {
    label: 'Timeline of the items',
    today: 'Today',
    asOf: 'Status date',
    goalsDue: (date) => `Goals due: ${date}`,
    period: (range) => `when: ${range}`,
    scroll: 'Months',
  },

  empty: {
    title: 'No roadmap yet',
    hint: 'The education authority creates one from a template or from scratch.',
    fromTemplate: (title) => `Create from the template: ${title}`,
    creating: 'Creating…',
  },
};

export const useRoadmapT = defineMessages({ ru: roadmapRu, en: roadmapEn });
