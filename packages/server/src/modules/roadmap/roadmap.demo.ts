import type { Db } from '../../db/database';
import { generateDemoActivity, requireMunicipality, type MunicipalityRef } from '../monitoring';
import { createRoadmap, setItemClosure } from './roadmap.service';

export interface DemoMonitoringSummary {
  dailyRows: number;
  frozenWeeks: number;
  roadmapId: number;
}

/** When the demo district approved its roadmap (or `now`, if earlier). */
const APPROVED = Date.parse('2023-03-31T05:00:00.000Z');

const DEMO_CLOSURES: readonly (readonly [number: number, at: string, note: string])[] = [
  [
    6,
    '2023-10-20T07:00:00.000Z',
    'Родительские собрания проведены во всех ОО, памятка о подключении размещена на сайтах организаций (протоколы собраний в ОО).',
  ],
  [
    3,
    '2024-05-24T07:00:00.000Z',
    'Обучение проведено: 24 семинара в ОО, 540 педагогов; графики и списки слушателей — в УО.',
  ],
];

/**
 * The demo district's monitoring story: the generated activity history
 * (April 2023 → May 2024, frozen week by week) and the 2023 roadmap created
 * from its template. The demo loader calls it once, after the district.
 */
export async function loadDemoMonitoring(
  db: Db,
  opts: { municipalityId: number; seed: number; now: Date },
): Promise<DemoMonitoringSummary> {
  const m: MunicipalityRef = await requireMunicipality(db, opts.municipalityId);
  const activity = await generateDemoActivity(db, m, { seed: opts.seed, now: opts.now });
  const roadmap = await createRoadmap(
    db,
    m,
    { template: 'kushva-2023', goals: [], items: [] },
    { personId: null },
    new Date(Math.min(APPROVED, opts.now.getTime())),
  );
  // Items without a metric, closed by the authority with evidence when they were done.
  for (const [number, at, note] of DEMO_CLOSURES) {
    const item = roadmap.items.find((i) => i.number === number);
    if (item && Date.parse(at) < opts.now.getTime()) {
      await setItemClosure(db, m, roadmap.id, item.id, note, { personId: null }, new Date(at));
    }
  }
  return {
    dailyRows: activity.dailyRows,
    frozenWeeks: activity.frozenWeeks,
    roadmapId: roadmap.id,
  };
}
