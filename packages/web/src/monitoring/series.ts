/**
 * The lines of the trend chart, shared by the chart (drawn by ECharts, in its
 * own chunk) and by the HTML legend beside it. `color` names the CSS custom
 * property of monitoring.css that colours the line in the current theme.
 */
export const SERIES = [
  { key: 'pedagogical', color: '--chart-1', dashed: false, width: 3, shown: true },
  { key: 'authority', color: '--chart-2', dashed: false, width: 2, shown: true },
  { key: 'substantive', color: '--chart-3', dashed: true, width: 2, shown: false },
  { key: 'general', color: '--chart-4', dashed: false, width: 1.5, shown: false },
  { key: 'additional', color: '--chart-5', dashed: false, width: 1.5, shown: false },
  { key: 'preschool', color: '--chart-6', dashed: false, width: 1.5, shown: false },
  { key: 'target', color: '--chart-target', dashed: true, width: 2, shown: true },
] as const;

export type SeriesKey = (typeof SERIES)[number]['key'];

/** Two targets and the target line at first: five more lines would crowd a phone. */
export const DEFAULT_VISIBLE = Object.fromEntries(
  SERIES.map(({ key, shown }) => [key, shown]),
) as Record<SeriesKey, boolean>;
