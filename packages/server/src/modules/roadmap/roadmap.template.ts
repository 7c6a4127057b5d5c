import type { CreateRoadmap, RoadmapTemplate } from '@parta/shared';

/**
 * Roadmap templates. `kushva-2023` is the roadmap Parta was made from
 * (DOMAIN.md; the original text in shared/domain/roadmap-2023.ru.md): its
 * two target indicators due 30.12.2023 become the roadmap's goals, its eight
 * items keep their wording, and the items that have a number in their
 * expected result get a measurable target bound to an indicator.
 */

type Template = Required<Pick<CreateRoadmap, 'title' | 'goals' | 'items'>> & {
  description: string;
  dueDate: string;
};

const ALL_KINDS = ['general', 'additional', 'preschool'] as const;

const KUSHVA_2023: Template = {
  title:
    'Дорожная карта по внедрению информационно-коммуникационной образовательной платформы «Сферум»/VK Мессенджер в Кушвинском городском округе',
  description:
    'Дорожная карта является выполненной при достижении следующих целевых показателей к 30.12.2023: ' +
    '100% педагогических работников муниципальных образовательных организаций, реализующих основные общеобразовательные программы начального общего, основного общего, среднего общего образования, а также дошкольного и дополнительного образования используют Сферум/VK Мессенджер в рамках исполнения должностных обязанностей (показатель еженедельного мониторинга – количество педагогических работников, написавших не менее 10 сообщений); ' +
    'Управление образования внедрило Сферум/VK Мессенджер в совместные рабочие процессы МОИВ, а также во взаимодействие с администрациями образовательных организаций (показатель еженедельного мониторинга – количество сотрудников МОИВ в сфере образования, написавших не менее 10 сообщений). ' +
    'Статистические данные: общеобразовательных организаций – 7 (педагогический состав – 296), организаций дополнительного образования – 2 (44), организаций дошкольного образования – 15 (242), сотрудников Управления образования – 6; обучающихся – 4544.',
  dueDate: '2023-12-30',
  goals: [
    {
      indicator: 'pedagogical_active_share',
      params: { threshold: 10 },
      comparator: '>=',
      value: 100,
      dueDate: '2023-12-30',
      title:
        '100% педагогических работников используют платформу (написали не менее 10 сообщений за неделю)',
    },
    {
      indicator: 'authority_active_share',
      params: { threshold: 10 },
      comparator: '>=',
      value: 100,
      dueDate: '2023-12-30',
      title:
        'Управление образования использует платформу в ежедневной работе (сотрудники написали не менее 10 сообщений за неделю)',
    },
  ],
  items: [
    {
      number: 1,
      title:
        'Создание на базе Сферум/VK Мессенджера сетевых сообществ руководителей образовательных организаций всех типов',
      responsible: 'Управление образования Кушвинского городского округа (далее – УОКГО)',
      scope: { authority: true, orgKinds: [], orgIds: [] },
      periodFrom: '2023-04-01',
      periodTo: '2023-04-30',
      expectedResult: 'Создано не менее 3 сообществ в Сферуме',
      target: { indicator: 'communities', params: { kind: 'heads' }, comparator: '>=', value: 3 },
    },
    {
      number: 2,
      title:
        'Подключение руководителей образовательных организаций всех типов к сообществу УОКГО в Сферум/VK',
      responsible: 'УОКГО, образовательные организации всех типов (ОО)',
      scope: { authority: true, orgKinds: [...ALL_KINDS], orgIds: [] },
      periodFrom: '2023-04-01',
      periodTo: '2023-04-30',
      expectedResult: 'Подключено не менее 30 пользователей в Сферуме',
      target: { indicator: 'heads_connected', params: {}, comparator: '>=', value: 30 },
    },
    {
      number: 3,
      title: 'Организация обучения педагогических работников по работе в Сферум/VK',
      responsible: 'ОО',
      scope: { authority: false, orgKinds: [...ALL_KINDS], orgIds: [] },
      periodFrom: '2023-09-01',
      periodTo: '2024-05-31',
      expectedResult: 'Проведено обучение сотрудников в соответствии с имеющейся потребностью',
      target: null,
    },
    {
      number: 4,
      title:
        'Создание на базе Сферум/VK Мессенджера сетевых сообществ заместителей руководителей общеобразовательных организаций',
      responsible: 'УОКГО',
      scope: { authority: true, orgKinds: [], orgIds: [] },
      periodFrom: '2023-10-01',
      periodTo: '2023-10-31',
      expectedResult: 'Создано не менее 2 сообществ в Сферуме',
      target: {
        indicator: 'communities',
        params: { kind: 'deputies' },
        comparator: '>=',
        value: 2,
      },
    },
    {
      number: 5,
      title:
        'Подключение заместителей руководителей общеобразовательных организаций к сообществу УОКГО в Сферум/VK',
      responsible: 'УОКГО, общеобразовательные организации (ООО)',
      scope: { authority: true, orgKinds: ['general'], orgIds: [] },
      periodFrom: '2023-10-01',
      periodTo: '2023-10-31',
      expectedResult: 'Подключено не менее 20 пользователей в Сферуме',
      target: { indicator: 'deputies_connected', params: {}, comparator: '>=', value: 20 },
    },
    {
      number: 6,
      title:
        'Информирование родительской общественности о переводе коммуникации с родителями (законными представителями) обучающихся в Сферум/VK Мессенджер',
      responsible: 'ОО',
      scope: { authority: false, orgKinds: [...ALL_KINDS], orgIds: [] },
      periodFrom: '2023-10-01',
      periodTo: '2023-10-31',
      expectedResult: 'Родительская общественность информирована о переводе коммуникации в Сферум',
      target: null,
    },
    {
      number: 7,
      title: 'Создание на базе Сферум/VK Мессенджера сетевых сообществ родительской общественности',
      responsible: 'ОО',
      scope: { authority: false, orgKinds: [...ALL_KINDS], orgIds: [] },
      periodFrom: '2023-10-01',
      periodTo: '2023-11-30',
      expectedResult: 'Родительские сообщества переведены в Сферум',
      target: { indicator: 'communities', params: { kind: 'parents' }, comparator: '>=', value: 1 },
    },
    {
      number: 8,
      title:
        'Организация и проведение информационной кампании о возможностях и преимуществах внедрения Сферум/VK Мессенджера',
      responsible: 'УОКГО, ОО',
      scope: { authority: true, orgKinds: [...ALL_KINDS], orgIds: [] },
      periodFrom: '2023-10-01',
      periodTo: '2024-05-31',
      expectedResult: 'Информация о возможностях Сферум доступна широкой общественности',
      target: null,
    },
  ],
};

export const TEMPLATES: Record<RoadmapTemplate['key'], Template> = {
  'kushva-2023': KUSHVA_2023,
};

export function templateList(): RoadmapTemplate[] {
  return Object.entries(TEMPLATES).map(([key, t]) => ({
    key: key as RoadmapTemplate['key'],
    title: t.title,
    items: t.items.length,
    goals: t.goals.length,
  }));
}
