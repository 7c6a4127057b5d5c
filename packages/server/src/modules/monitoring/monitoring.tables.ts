import type { FamilyIndicators, StaffIndicators, WeeklyReport } from '@parta/shared';
import type { DbOrTrx } from '../../db/database';
import type { MunicipalityRef } from './monitoring.service';
import { KIND_RU, STATUS_RU, ZONE_RU, atLeastMessages, ruDate, ruRange } from './monitoring.text';

/**
 * The weekly report as tables with Russian headers, in the shape regions
 * report in: one sheet per level (district summary, organisations,
 * authority staff, parents and pupils, roadmap). XLSX and CSV render the
 * same tables, so the two never disagree.
 */

export type CellFormat = 'text' | 'int' | 'percent' | 'signed' | 'zone';
export type Cell = string | number | null;

export interface Column {
  header: string;
  format: CellFormat;
  /** Width in characters (XLSX). */
  width: number;
}

export interface Table {
  title: string;
  columns: Column[];
  rows: Cell[][];
}

export interface Sheet {
  name: string;
  tables: Table[];
}

/** A roadmap item as the report shows it (supplied by the roadmap module). */
export interface RoadmapReportRow {
  roadmap: string;
  number: number;
  title: string;
  responsible: string;
  period: string;
  expectedResult: string;
  indicator: string | null;
  current: string | null;
  status: string;
  achievedOn: string | null;
}

export type RoadmapReportSource = (
  db: DbOrTrx,
  municipality: MunicipalityRef,
  asOf: string,
  now: Date,
) => Promise<RoadmapReportRow[]>;

let roadmapSource: RoadmapReportSource | null = null;

/**
 * The roadmap module hands monitoring its status rows through this hook
 * (`registerRoadmapRoutes`/`registerRoadmapCli` call it), so monitoring does
 * not import the roadmap, which depends on monitoring's indicators.
 */
export function provideRoadmapReport(source: RoadmapReportSource): void {
  roadmapSource = source;
}

export function roadmapRows(
  db: DbOrTrx,
  m: MunicipalityRef,
  asOf: string,
  now: Date,
): Promise<RoadmapReportRow[]> {
  return roadmapSource ? roadmapSource(db, m, asOf, now) : Promise.resolve([]);
}

const col = (header: string, format: CellFormat, width = 12): Column => ({ header, format, width });

function staffColumns(n: number): Column[] {
  return [
    col('Штатная численность (база)', 'int'),
    col('Работают в неделю', 'int'),
    col('Зарегистрированы', 'int'),
    col(`Написали ${atLeastMessages(n)}`, 'int', 14),
    col('Доля от штата', 'percent'),
    col('Доля от зарегистрированных', 'percent', 14),
    col('Ни одного сообщения', 'int'),
    col('1–4 сообщ.', 'int', 9),
    col('5–9 сообщ.', 'int', 9),
    col('10–19 сообщ.', 'int', 9),
    col('20 и более', 'int', 9),
    col('Сообщений всего', 'int'),
    col('Доля содержательных', 'percent'),
  ];
}

function staffCells(s: StaffIndicators): Cell[] {
  return [
    s.baseline,
    s.staff,
    s.registered,
    s.active,
    s.share,
    s.shareOfRegistered,
    s.zero,
    s.distribution.from1to4,
    s.distribution.from5to9,
    s.distribution.from10to19,
    s.distribution.from20,
    s.messages,
    s.substantiveShare,
  ];
}

const familyColumns = (): Column[] => [
  col('Обучающихся (база)', 'int'),
  col('Зачислено', 'int'),
  col('Обучающихся подключено', 'int'),
  col('Обучающихся писали', 'int'),
  col('С подключённым родителем', 'int', 14),
  col('Доля обучающихся с родителем', 'percent', 14),
  col('Родителей подключено', 'int'),
  col('Родителей писали', 'int'),
];

const familyCells = (f: FamilyIndicators): Cell[] => [
  f.pupilsBaseline,
  f.pupils,
  f.pupilsConnected,
  f.pupilsActive,
  f.pupilsWithConnectedParent,
  f.parentShare,
  f.parentsConnected,
  f.parentsActive,
];

/** The report's heading line: «Демонстрационный ГО · неделя 2023-W50 (11.12–17.12.2023)». */
export function reportHeading(r: WeeklyReport): string {
  return `${r.municipality.name} · неделя ${r.week} (${ruRange(r.from, r.to)})`;
}

export function reportTables(r: WeeklyReport, roadmap: RoadmapReportRow[]): Sheet[] {
  const n = r.threshold;
  const t = r.totals;
  const summary: Table = {
    title: `Сводка по округу — ${reportHeading(r)}`,
    columns: [col('Уровень', 'text', 34), col('Организаций', 'int', 10), ...staffColumns(n)],
    rows: [
      [
        'Округ, всего (человек учтён один раз)',
        r.organizations.length,
        ...staffCells(t.pedagogical),
      ],
      ...r.byType.map((b) => [KIND_RU[b.type], b.organizations, ...staffCells(b)]),
    ],
  };
  const zones = { red: 0, yellow: 0, green: 0 };
  for (const o of r.organizations) if (o.zone) zones[o.zone] += 1;
  const keyFigures: Table = {
    title: 'Ключевые показатели',
    columns: [col('Показатель', 'text', 60), col('Значение', 'text', 24)],
    rows: [
      ['Порог недели', atLeastMessages(n)],
      ['Период', `${ruDate(r.from)} – ${ruDate(r.to)} (${r.timeZone})`],
      [
        'Педагогические работники: написали',
        `${t.pedagogical.active} из ${t.pedagogical.baseline}`,
      ],
      ['Сотрудники УО: написали', `${t.authority.active} из ${t.authority.baseline}`],
      [
        'Изменение к прошлой неделе (педагоги)',
        r.change ? signed(r.change.pedagogicalActive) : '—',
      ],
      ['Организаций в красной зоне', String(zones.red)],
      ['Организаций в жёлтой зоне', String(zones.yellow)],
      ['Организаций в зелёной зоне', String(zones.green)],
      ['Сообщений в переписке с родителями', String(t.pedagogical.parentConversation)],
      ['Ответов на сообщения педагогов', String(t.pedagogical.repliesReceived)],
      [
        'Сетевых сообществ (руководителей / заместителей / родителей)',
        `${t.communities.byKind.heads} / ${t.communities.byKind.deputies} / ${t.communities.byKind.parents}`,
      ],
      [
        'Подключено к сообществам руководителей УО (пользователей)',
        String(t.communities.headsConnected),
      ],
      [
        'Подключено к сообществам заместителей руководителей УО (пользователей)',
        String(t.communities.deputiesConnected),
      ],
      [
        'Импортированная активность: педагогов написали',
        `${r.imported.pedagogical.active} (отдельно от активности в Парте)`,
      ],
      [
        'Данные',
        r.frozen ? `зафиксированы ${r.frozenAt?.slice(0, 10) ?? ''}` : 'рассчитаны сейчас',
      ],
    ],
  };
  const importedActive = new Map(r.imported.organizations.map((x) => [x.id, x.active]));
  const organizations: Table = {
    title: `Организации — ${reportHeading(r)}`,
    columns: [
      col('№', 'int', 5),
      col('Организация', 'text', 40),
      col('Тип', 'text', 18),
      ...staffColumns(n),
      col('Зона', 'zone', 10),
      col('Изменение к прошлой неделе', 'signed', 12),
      col(`Импорт: написали ${atLeastMessages(n)}`, 'int', 14),
    ],
    rows: r.organizations.map((o, i) => [
      i + 1,
      o.shortName ?? o.name,
      KIND_RU[o.type],
      ...staffCells(o),
      o.zone,
      o.activeChange,
      importedActive.get(o.id) ?? 0,
    ]),
  };
  const weakest: Table = {
    title: 'Отстающие организации',
    columns: [
      col('№', 'int', 5),
      col('Организация', 'text', 40),
      col('Доля от штата', 'percent'),
      col('Зона', 'zone', 10),
    ],
    rows: r.weakest.map((o, i) => [i + 1, o.name, o.share, o.zone]),
  };
  const authority: Table = {
    title: `Сотрудники органа управления образованием — ${reportHeading(r)}`,
    columns: [col('Группа', 'text', 30), ...staffColumns(n)],
    rows: [['Сотрудники УО', ...staffCells(t.authority)]],
  };
  const families: Table = {
    title: `Родители и обучающиеся — ${reportHeading(r)}`,
    columns: [col('Организация', 'text', 40), col('Тип', 'text', 18), ...familyColumns()],
    rows: [
      ['Округ, всего', '', ...familyCells(t.families)],
      ...r.byType.map((b) => [KIND_RU[b.type], '', ...familyCells(b.families)]),
      ...r.organizations.map((o) => [
        o.shortName ?? o.name,
        KIND_RU[o.type],
        ...familyCells(o.families),
      ]),
    ],
  };
  const plan: Table = {
    title: `Дорожная карта — статус на ${ruDate(r.to)}`,
    columns: [
      col('Дорожная карта', 'text', 24),
      col('№', 'int', 5),
      col('Мероприятие', 'text', 48),
      col('Ответственные', 'text', 24),
      col('Срок', 'text', 20),
      col('Ожидаемый результат', 'text', 30),
      col('Показатель', 'text', 34),
      col('Текущее значение', 'text', 12),
      col('Статус', 'text', 14),
      col('Дата достижения', 'text', 12),
    ],
    rows: roadmap.map((x) => [
      x.roadmap,
      x.number,
      x.title,
      x.responsible,
      x.period,
      x.expectedResult,
      x.indicator,
      x.current,
      STATUS_RU[x.status] ?? x.status,
      x.achievedOn ? ruDate(x.achievedOn) : null,
    ]),
  };
  return [
    { name: 'Сводка по округу', tables: [summary, keyFigures] },
    { name: 'Организации', tables: [organizations, weakest] },
    { name: 'Сотрудники УО', tables: [authority] },
    { name: 'Родители и обучающиеся', tables: [families] },
    { name: 'Дорожная карта', tables: [plan] },
  ];
}

export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
export const zoneRu = (z: string | null) =>
  z === 'red' || z === 'yellow' || z === 'green' ? ZONE_RU[z] : '—';
