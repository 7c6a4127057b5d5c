import { pluralEn, pluralRu } from '@parta/shared';
import { defineMessages } from '../i18n/define';
import type { Trend } from './format';
import type { OrgType, SortKey, ZoneFilter } from './params';

/**
 * Texts of the monitoring dashboard (loaded with it, not with the messenger).
 * Counts arrive twice: the number (for the plural form) and the number as
 * formatted for the language (`10 161`), which is what the text shows.
 */

type Count = (n: number, formatted: string) => string;

/** «не менее 1 сообщения», «не менее 5 сообщений»: the genitive after «не менее». */
const atLeastRu = (n: number): string =>
  `не менее ${n} ${pluralRu(n, ['сообщения', 'сообщений', 'сообщений'])}`;

const ru = (forms: readonly [string, string, string]): Count => {
  return (n, f) => `${f} ${pluralRu(n, forms)}`;
};

export const monitoringRu = {
  title: 'Мониторинг',
  loading: 'Загружаем отчёт…',
  loadFailed: 'Не удалось загрузить отчёт.',
  retry: 'Повторить',
  print: 'Печать',
  invalidParams: (names: string): string =>
    `Часть адреса страницы не распознана (${names}) — вместо неё взяты значения по умолчанию.`,
  futureWeek: 'Эта неделя ещё не наступила — показана последняя закрытая неделя.',
  noActivity:
    'За эту неделю в Парте не написано ни одного сообщения. Выберите другую неделю или проверьте, загружена ли активность.',
  lastActiveWeek: (range: string): string => `Последняя неделя с сообщениями: ${range}.`,
  ownScope:
    'Итоги — по всему округу; в таблице — только ваша организация. Округ целиком видит Управление образования.',

  week: {
    label: 'Неделя',
    number: (week: number, year: number): string => `неделя ${week}, ${year}`,
    previous: 'Предыдущая неделя',
    next: 'Следующая неделя',
    byDate: 'Неделя по дате',
    go: 'Открыть',
    badDate: 'Введите дату, например 11.12.2023.',
    futureDate: 'Эта неделя ещё не наступила.',
    latest: 'Последняя закрытая',
  },

  status: {
    frozen: (at: string): string => `Неделя закрыта, данные зафиксированы ${at}`,
    computed: (at: string): string => `Неделя закрыта, рассчитано ${at}`,
    live: (at: string): string => `Неделя идёт, данные на ${at}`,
  },

  threshold: {
    label: 'Порог, сообщений',
    hint: (n: number): string => `Сколько сообщений за неделю считать «использует». Обычно ${n}.`,
    apply: 'Применить',
    reset: 'Как в настройках',
    invalid: 'Введите целое число от 1 до 1000.',
  },

  exports: {
    title: 'Скачать отчёт',
    label: (format: string, range: string): string =>
      `Скачать отчёт за ${range} в формате ${format}`,
    hint: 'XLSX — для печати и сдачи в регион, CSV — для своих таблиц, PDF — сводка на одной странице.',
  },

  kpi: {
    label: 'Целевые показатели',
    pedagogical: 'Педагогические работники',
    authority: 'Сотрудники Управления образования',
    criterion: (n: number): string => `написали ${atLeastRu(n)} за неделю`,
    ofBaseline: (target: string): string => `от штатной численности, цель — ${target}`,
    wrote: (who: string): string => `Написали: ${who}`,
    baseline: (n: string): string => `по штату ${n}`,
    registered: (n: string): string => `зарегистрированы ${n}`,
    ofRegistered: (share: string): string => `${share} от зарегистрированных`,
    trend: { up: 'Рост', down: 'Снижение', flat: 'Без изменений' } satisfies Record<Trend, string>,
    change: (points: string, who: string): string => `${points} п. п. (${who})`,
    since: (range: string): string => `к неделе ${range}`,
    noPrevious: 'Прошлой недели для сравнения нет',
    progress: (share: string, target: string): string => `${share} из цели ${target}`,
  },

  counts: {
    teachers: ru(['педагог', 'педагога', 'педагогов']),
    staff: ru(['сотрудник', 'сотрудника', 'сотрудников']),
    messages: ru(['сообщение', 'сообщения', 'сообщений']),
    pupils: ru(['обучающийся', 'обучающихся', 'обучающихся']),
    parents: ru(['родитель', 'родителя', 'родителей']),
    people: ru(['человек', 'человека', 'человек']),
    communities: ru(['сообщество', 'сообщества', 'сообществ']),
    replies: ru(['ответ', 'ответа', 'ответов']),
  },

  zones: {
    red: 'Красная зона',
    yellow: 'Жёлтая зона',
    green: 'Зелёная зона',
    none: 'Нет штатной численности',
  } satisfies Record<ZoneFilter, string>,
  /** In the table, under the column «Зона». */
  zonesShort: {
    red: 'Красная',
    yellow: 'Жёлтая',
    green: 'Зелёная',
    none: 'Нет базы',
  } satisfies Record<ZoneFilter, string>,
  zonesLegend: (red: string, yellow: string): string =>
    `Зоны от цели: красная — меньше ${red}, жёлтая — меньше ${yellow}, зелёная — ${yellow} и больше.`,

  types: {
    general: 'Общеобразовательные',
    additional: 'Дополнительного образования',
    preschool: 'Дошкольные',
  } satisfies Record<OrgType, string>,
  /** Short, for the table's column. */
  type: {
    general: 'Школа',
    additional: 'Доп. образование',
    preschool: 'Детский сад',
  } satisfies Record<OrgType, string>,

  trend: {
    title: 'Динамика по неделям',
    span: 'Период',
    spans: (n: number): string =>
      n === 52
        ? 'Год'
        : n === 104
          ? 'Два года'
          : `${n} ${pluralRu(n, ['неделя', 'недели', 'недель'])}`,
    loading: 'Загружаем динамику…',
    failed: 'Не удалось загрузить динамику.',
    pedagogical: 'Педагоги',
    authority: 'Сотрудники УО',
    substantive: 'Содержательные сообщения',
    target: (value: string): string => `Цель ${value}`,
    legend: 'Линии графика: нажмите, чтобы показать или скрыть',
    hint: 'Нажмите на график, чтобы открыть неделю; выбранная неделя обведена.',
    summary: (n: number, range: string, min: string, max: string, last: string): string =>
      `График доли педагогов, написавших ${atLeastRu(n)}, за ${range}: от ${min} до ${max}, в последнюю неделю ${last}.`,
    table: 'Данные графика таблицей',
    columns: {
      week: 'Неделя',
      pedagogical: 'Педагоги',
      authority: 'Сотрудники УО',
      substantive: 'Содержательные',
      parents: 'С родителем в Парте',
    },
  },

  table: {
    title: 'Организации',
    filters: 'Отбор организаций',
    typeLabel: 'Тип',
    typeAll: 'Все типы',
    zoneLabel: 'Зона',
    zoneAll: 'Все зоны',
    search: 'Поиск по названию',
    searchPlaceholder: 'Например, СОШ № 5',
    shown: (shown: number, total: number): string =>
      `Показано ${shown} из ${total} ${pluralRu(total, ['организации', 'организаций', 'организаций'])}`,
    empty: 'Нет организаций, подходящих под эти условия.',
    resetFilters: 'Сбросить отбор',
    caption: (range: string): string => `Организации за ${range}`,
    columns: {
      name: 'Организация',
      type: 'Тип',
      baseline: 'По штату',
      registered: 'Зарегистрированы',
      active: 'Написали ≥ N',
      share: 'Доля',
      change: 'За неделю',
      substantive: 'Содержательные',
      zone: 'Зона',
    } satisfies Record<SortKey, string>,
    activeColumn: (n: number): string => `Написали ≥ ${n}`,
    sortBy: (column: string): string => `Сортировать по столбцу «${column}»`,
    drill: 'Кто ниже порога',
    drillLabel: (org: string): string => `Кто ниже порога: ${org}`,
  },

  weakest: {
    title: 'Отстающие организации',
    hint: (n: number): string => `Самая низкая доля педагогов, написавших ${atLeastRu(n)}.`,
    none: 'Отстающих нет.',
  },

  signals: {
    title: 'Честные сигналы',
    hint: 'Формальный показатель легко набрать смайликами и «ок». Здесь видно, как пишут на самом деле.',
    distributionOf: (who: string): string => `${who}: распределение по числу сообщений`,
    buckets: {
      none: 'Ни одного',
      from1to4: '1–4',
      from5to9: '5–9',
      from10to19: '10–19',
      from20: '20 и больше',
    },
    substantive: 'Содержательные сообщения',
    substantiveHint: 'Не короче трёх слов, не только смайлики и не дежурное «ок, спасибо».',
    /** «6 686 из 10 161 сообщения»: the genitive after «из». */
    substantiveOf: (part: string, n: number, whole: string): string =>
      `${part} из ${whole} ${pluralRu(n, ['сообщения', 'сообщений', 'сообщений'])}`,
    replies: 'Ответы на сообщения педагогов',
    repliesHint: 'Сколько раз педагогам ответили — признак живого разговора.',
    parents: 'Переписка с родителями',
    parentsHint: 'Сообщения педагогов в чатах родителей классов и в личных чатах с родителями.',
    communities: 'Сетевые сообщества',
    communityKinds: {
      heads: 'руководителей',
      deputies: 'заместителей',
      parents: 'родителей',
      teachers: 'педагогов',
      custom: 'другие',
    },
    headsConnected: 'В сообществах руководителей УО',
    deputiesConnected: 'В сообществах заместителей УО',
    noCommunities: 'Сведений о сообществах пока нет.',
  },

  families: {
    title: 'Родители и обучающиеся',
    parentShare: 'Обучающиеся, у которых родитель подключён',
    parentShareOf: (part: string, n: number, whole: string): string =>
      `${part} из ${whole} ${pluralRu(n, ['обучающегося', 'обучающихся', 'обучающихся'])}`,
    parentsConnected: 'Родителей подключено',
    parentsActive: 'Родителей писали на неделе',
    pupilsConnected: 'Обучающихся подключено',
    pupilsActive: 'Обучающихся писали на неделе',
    byOrganization: 'По организациям',
    columns: {
      name: 'Организация',
      pupils: 'Обучающихся',
      withParent: 'С родителем в Парте',
      share: 'Доля',
      parentsActive: 'Родители писали',
    },
  },

  imported: {
    title: 'Активность из другого мессенджера',
    hint: 'Загружена из выгрузки другого мессенджера и показана отдельно: она не складывается с сообщениями в Парте.',
    people: 'Людей в выгрузке',
    pedagogical: (n: number): string => `Педагоги, написавшие ${atLeastRu(n)}`,
    authority: (n: number): string => `Сотрудники УО, написавшие ${atLeastRu(n)}`,
  },

  drill: {
    title: (org: string): string => `Ниже порога: ${org}`,
    loading: 'Загружаем список…',
    summary: (below: number, staff: number, n: number): string =>
      `${below} из ${staff} ${pluralRu(staff, ['сотрудника', 'сотрудников', 'сотрудников'])} ${pluralRu(below, ['написал', 'написали', 'написали'])} меньше ${n} ${pluralRu(n, ['сообщения', 'сообщений', 'сообщений'])}.`,
    none: (n: number): string => `Все сотрудники написали ${atLeastRu(n)}.`,
    columns: { name: 'Сотрудник', messages: 'Сообщений' },
    notRegistered: 'нет учётной записи',
    privacy: 'Содержание сообщений не показывается никому. Этот просмотр записан в журнал аудита.',
    forbidden:
      'Имена сотрудников этой организации видят только её руководители и Управление образования.',
    notFound: 'Такой организации нет в вашем округе.',
    close: 'Закрыть',
  },
};

export type MonitoringMessages = typeof monitoringRu;

const en = (one: string, other: string): Count => {
  return (n, f) => `${f} ${pluralEn(n, one, other)}`;
};
const messagesEn = (n: number) => pluralEn(n, 'message', 'messages');
const atLeastEn = (n: number) => `at least ${n} ${messagesEn(n)}`;

export const monitoringEn: MonitoringMessages = {
  title: 'Monitoring',
  loading: 'Loading the report…',
  loadFailed: 'Could not load the report.',
  retry: 'Retry',
  print: 'Print',
  invalidParams: (names) =>
    `Part of the page address was not understood (${names}); defaults are used instead.`,
  futureWeek: 'That week has not come yet; the last closed week is shown.',
  noActivity:
    'Not a single message was written in Parta this week. Choose another week or check whether activity has been loaded.',
  lastActiveWeek: (range: string): string => `The latest week with messages: ${range}.`,
  ownScope:
    'Totals are for the whole district; the table shows your organisation only. The authority sees the whole district.',

  week: {
    label: 'Week',
    number: (week, year) => `week ${week}, ${year}`,
    previous: 'Previous week',
    next: 'Next week',
    byDate: 'Week of a date',
    go: 'Open',
    badDate: 'Enter a date, e.g. 11.12.2023.',
    futureDate: 'That week has not come yet.',
    latest: 'Last closed',
  },

  status: {
    frozen: (at) => `Week closed, figures frozen on ${at}`,
    computed: (at) => `Week closed, computed on ${at}`,
    live: (at) => `Week in progress, figures as of ${at}`,
  },

  threshold: {
    label: 'Threshold, messages',
    hint: (n) => `How many messages a week count as “uses the platform”. Usually ${n}.`,
    apply: 'Apply',
    reset: 'As in the settings',
    invalid: 'Enter a whole number from 1 to 1000.',
  },

  exports: {
    title: 'Download the report',
    label: (format, range) => `Download the report for ${range} as ${format}`,
    hint: 'XLSX to print and send to the region, CSV for your own tables, PDF for a one-page summary.',
  },

  kpi: {
    label: 'Targets',
    pedagogical: 'Pedagogical workers',
    authority: 'Education authority staff',
    criterion: (n) => `wrote ${atLeastEn(n)} in the week`,
    ofBaseline: (target) => `of the headcount, target ${target}`,
    wrote: (who) => `Wrote: ${who}`,
    baseline: (n) => `headcount ${n}`,
    registered: (n) => `registered ${n}`,
    ofRegistered: (share) => `${share} of the registered`,
    trend: { up: 'Up', down: 'Down', flat: 'No change' },
    change: (points, who) => `${points} pp (${who})`,
    since: (range) => `against ${range}`,
    noPrevious: 'No previous week to compare with',
    progress: (share, target) => `${share} of the ${target} target`,
  },

  counts: {
    teachers: en('teacher', 'teachers'),
    staff: en('member of staff', 'staff'),
    messages: en('message', 'messages'),
    pupils: en('pupil', 'pupils'),
    parents: en('parent', 'parents'),
    people: en('person', 'people'),
    communities: en('community', 'communities'),
    replies: en('reply', 'replies'),
  },

  zones: {
    red: 'Red zone',
    yellow: 'Yellow zone',
    green: 'Green zone',
    none: 'No headcount',
  },
  zonesShort: {
    red: 'Red',
    yellow: 'Yellow',
    green: 'Green',
    none: 'No headcount',
  },
  zonesLegend: (red, yellow) =>
    `Zones against the target: red below ${red}, yellow below ${yellow}, green ${yellow} and above.`,

  types: {
    general: 'General education',
    additional: 'Additional education',
    preschool: 'Preschool',
  },
  type: {
    general: 'School',
    additional: 'Additional',
    preschool: 'Preschool',
  },

  trend: {
    title: 'Week by week',
    span: 'Period',
    spans: (n) => (n === 52 ? 'One year' : n === 104 ? 'Two years' : `${n} weeks`),
    loading: 'Loading the trend…',
    failed: 'Could not load the trend.',
    pedagogical: 'Teachers',
    authority: 'Authority staff',
    substantive: 'Substantive messages',
    target: (value) => `Target ${value}`,
    legend: 'Lines of the chart: press to show or hide',
    hint: 'Click the chart to open a week; the selected week is ringed.',
    summary: (n, range, min, max, last) =>
      `Chart of the share of teachers who wrote ${atLeastEn(n)}, ${range}: from ${min} to ${max}, ${last} in the last week.`,
    table: 'The chart’s data as a table',
    columns: {
      week: 'Week',
      pedagogical: 'Teachers',
      authority: 'Authority staff',
      substantive: 'Substantive',
      parents: 'With a parent on Parta',
    },
  },

  table: {
    title: 'Organisations',
    filters: 'Filter organisations',
    typeLabel: 'Type',
    typeAll: 'All types',
    zoneLabel: 'Zone',
    zoneAll: 'All zones',
    search: 'Search by name',
    searchPlaceholder: 'E.g. School No. 5',
    shown: (shown, total) =>
      `Showing ${shown} of ${total} ${pluralEn(total, 'organisation', 'organisations')}`,
    empty: 'No organisations match these conditions.',
    resetFilters: 'Clear the filter',
    caption: (range) => `Organisations, ${range}`,
    columns: {
      name: 'Organisation',
      type: 'Type',
      baseline: 'Headcount',
      registered: 'Registered',
      active: 'Wrote ≥ N',
      share: 'Share',
      change: 'This week',
      substantive: 'Substantive',
      zone: 'Zone',
    },
    activeColumn: (n) => `Wrote ≥ ${n}`,
    sortBy: (column) => `Sort by “${column}”`,
    drill: 'Who is below',
    drillLabel: (org) => `Who is below the threshold: ${org}`,
  },

  weakest: {
    title: 'Lagging organisations',
    hint: (n) => `The lowest share of teachers who wrote ${atLeastEn(n)}.`,
    none: 'Nobody is lagging.',
  },

  signals: {
    title: 'Honest signals',
    hint: 'A formal count is easy to reach with emoji and “ok”. These show how people really write.',
    distributionOf: (who) => `${who}: spread by messages written`,
    buckets: {
      none: 'None',
      from1to4: '1–4',
      from5to9: '5–9',
      from10to19: '10–19',
      from20: '20 or more',
    },
    substantive: 'Substantive messages',
    substantiveHint: 'At least three words, not only emoji and not a routine “ok, thanks”.',
    substantiveOf: (part, n, whole) => `${part} of ${whole} ${messagesEn(n)}`,
    replies: 'Replies to teachers’ messages',
    repliesHint: 'How often teachers got an answer: a sign of real conversation.',
    parents: 'Conversations with parents',
    parentsHint: 'Teachers’ messages in class parents’ chats and in direct chats with parents.',
    communities: 'Network communities',
    communityKinds: {
      heads: 'of heads',
      deputies: 'of deputy heads',
      parents: 'of parents',
      teachers: 'of teachers',
      custom: 'other',
    },
    headsConnected: 'In the authority’s heads’ communities',
    deputiesConnected: 'In the authority’s deputies’ communities',
    noCommunities: 'No information about communities yet.',
  },

  families: {
    title: 'Parents and pupils',
    parentShare: 'Pupils with a parent on Parta',
    parentShareOf: (part, n, whole) => `${part} of ${whole} ${pluralEn(n, 'pupil', 'pupils')}`,
    parentsConnected: 'Parents connected',
    parentsActive: 'Parents who wrote this week',
    pupilsConnected: 'Pupils connected',
    pupilsActive: 'Pupils who wrote this week',
    byOrganization: 'By organisation',
    columns: {
      name: 'Organisation',
      pupils: 'Pupils',
      withParent: 'With a parent on Parta',
      share: 'Share',
      parentsActive: 'Parents wrote',
    },
  },

  imported: {
    title: 'Activity from another messenger',
    hint: 'Loaded from another messenger’s export and shown apart: it is never added to messages written in Parta.',
    people: 'People in the export',
    pedagogical: (n) => `Teachers who wrote ${atLeastEn(n)}`,
    authority: (n) => `Authority staff who wrote ${atLeastEn(n)}`,
  },

  drill: {
    title: (org) => `Below the threshold: ${org}`,
    loading: 'Loading the list…',
    summary: (below, staff, n) =>
      `${below} of ${staff} staff wrote fewer than ${n} ${messagesEn(n)}.`,
    none: (n) => `Everyone wrote ${atLeastEn(n)}.`,
    columns: { name: 'Member of staff', messages: 'Messages' },
    notRegistered: 'no account',
    privacy: 'Message content is never shown to anyone. This view is recorded in the audit log.',
    forbidden: 'Only the organisation’s heads and the education authority see its staff by name.',
    notFound: 'There is no such organisation in your district.',
    close: 'Close',
  },
};

export const useMonitoringT = defineMessages({ ru: monitoringRu, en: monitoringEn });
