import type { TrendPoint } from '@parta/shared';
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use as registerEcharts, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import type { Language } from '../i18n/i18n';
import { formatDateRange, formatShare, formatShortDay } from './format';
import { SERIES, type SeriesKey } from './series';

/*
 * The only module that imports ECharts: loaded on demand by the dashboard
 * (React.lazy), so the library never reaches the messenger's first load
 * (docs/decisions/0006-charts.md). Only what is drawn is registered: line
 * series, the grid, the tooltip and the SVG renderer. The legend is HTML
 * beside the chart (keyboard and screen readers can use it), the target is
 * a dashed series.
 */
registerEcharts([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface TrendChartProps {
  points: readonly TrendPoint[];
  selectedWeek: string;
  /** The target share (1 = 100 %), drawn as a dashed line. */
  targetShare: number;
  /** Names of the series, as the legend beside the chart shows them. */
  labels: Record<SeriesKey, string>;
  /** Series switched on in the legend. */
  visible: Record<SeriesKey, boolean>;
  language: Language;
  /** The text alternative of the picture (a summary; the table beside has the numbers). */
  ariaLabel: string;
  onSelectWeek: (week: string) => void;
}

type Palette = Record<'text' | 'muted' | 'grid' | 'surface' | 'selected', string> &
  Record<SeriesKey, string>;

/** On paper: black text, hairline grid, colours that stay apart in greyscale too. */
const PRINT_PALETTE: Palette = {
  text: '#000000',
  muted: '#333333',
  grid: '#cccccc',
  surface: '#ffffff',
  selected: '#000000',
  target: '#b3261e',
  pedagogical: '#1f5f4f',
  authority: '#1d4f9a',
  substantive: '#7a4b00',
  general: '#6a3d9a',
  additional: '#9b2f6b',
  preschool: '#2b6f8f',
};
/** Printed chart size in CSS pixels: A4 landscape inside 1.2 cm margins, less the card's padding. */
const PRINT_SIZE = { width: 960, height: 300 };

/** The chart's colours come from CSS custom properties, so they follow the light and dark theme. */
function readPalette(el: HTMLElement): Palette {
  const style = getComputedStyle(el);
  const v = (name: string) => style.getPropertyValue(name).trim();
  const palette = {
    text: v('--chart-text'),
    muted: v('--chart-muted'),
    grid: v('--chart-grid'),
    surface: v('--chart-surface'),
    selected: v('--chart-selected'),
    ...Object.fromEntries(SERIES.map(({ key, color }) => [key, v(color)])),
  } as Palette;
  // Without the stylesheet (tests), paper colours are a sane default.
  for (const key of Object.keys(palette) as (keyof Palette)[]) {
    if (!palette[key]) palette[key] = PRINT_PALETTE[key];
  }
  return palette;
}

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

function valuesOf(points: readonly TrendPoint[], key: SeriesKey, targetShare: number) {
  return points.map((p) => {
    switch (key) {
      case 'pedagogical':
        return percent(p.pedagogical.share);
      case 'authority':
        return percent(p.authority.share);
      case 'substantive':
        return percent(p.substantiveShare);
      case 'target':
        return percent(targetShare);
      default:
        return percent(p.byType.find((row) => row.type === key)?.share ?? null);
    }
  });
}

function buildOption(props: TrendChartProps, palette: Palette, print: boolean): Option {
  const { points, labels, visible, language, selectedWeek, targetShare } = props;
  const weeks = points.map((p) => p.week);
  const shown = SERIES.filter(({ key }) => visible[key] || key === 'target');
  const series: LineSeriesOption[] = shown.map(({ key, dashed, width }) => ({
    type: 'line',
    id: key,
    name: labels[key],
    data: valuesOf(points, key, targetShare),
    color: palette[key],
    symbol: key === 'target' ? 'none' : 'circle',
    symbolSize: 5,
    showSymbol: key !== 'target' && points.length <= 30,
    silent: key === 'target',
    connectNulls: false,
    z: key === 'pedagogical' ? 3 : 2,
    lineStyle: { width, color: palette[key], type: dashed ? 'dashed' : 'solid' },
  }));

  // The selected week: one ringed point on the teachers' line.
  const selectedIndex = weeks.indexOf(selectedWeek);
  const selectedValue = valuesOf(points, 'pedagogical', targetShare)[selectedIndex] ?? null;
  if (selectedIndex >= 0 && selectedValue !== null) {
    series.push({
      type: 'line',
      id: 'selected',
      data: weeks.map((_w, i) => (i === selectedIndex ? selectedValue : null)),
      symbol: 'circle',
      symbolSize: 11,
      showSymbol: true,
      silent: true,
      z: 4,
      itemStyle: { color: palette.surface, borderColor: palette.selected, borderWidth: 3 },
      lineStyle: { width: 0 },
      tooltip: { show: false },
    });
  }

  const maxValue = Math.max(
    100,
    ...series.flatMap((s) => (s.data as (number | null)[]).map((v) => v ?? 0)),
  );

  return {
    animation: false,
    backgroundColor: print ? palette.surface : 'transparent',
    textStyle: { color: palette.text, fontFamily: 'inherit' },
    grid: { left: 52, right: 24, top: 16, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      backgroundColor: palette.surface,
      borderColor: palette.grid,
      textStyle: { color: palette.text },
      axisPointer: { type: 'line', lineStyle: { color: palette.muted } },
      formatter: (params) => {
        const list = (Array.isArray(params) ? params : [params]).filter(
          (p) => p.seriesId !== 'selected' && p.seriesId !== 'target',
        );
        const point = points[list[0]?.dataIndex ?? -1];
        if (!point) return '';
        const rows = list.map(
          (p) =>
            `<div>${String(p.marker ?? '')} ${escapeHtml(p.seriesName ?? '')}: <b>${
              typeof p.value === 'number' ? formatShare(p.value / 100, language) : '—'
            }</b></div>`,
        );
        return `<div><b>${formatDateRange(point.from, point.to, language)}</b></div>${rows.join('')}`;
      },
    },
    xAxis: {
      type: 'category',
      data: weeks,
      boundaryGap: false,
      axisLine: { lineStyle: { color: palette.grid } },
      axisTick: { show: false },
      axisLabel: {
        color: palette.muted,
        hideOverlap: true,
        formatter: (week: string) => {
          const p = points.find((point) => point.week === week);
          return p ? formatShortDay(p.from, language) : week;
        },
      },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: Math.ceil(maxValue / 10) * 10,
      splitLine: { lineStyle: { color: palette.grid } },
      axisLabel: {
        color: palette.muted,
        formatter: (value: number) => formatShare(value / 100, language),
      },
    },
    series,
  };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** The trend of the weekly indicators, one point a week, with the target line. */
export default function TrendChart(props: TrendChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const latest = useRef(props);
  const [palette, setPalette] = useState<Palette | null>(null);

  useEffect(() => {
    latest.current = props;
  });

  // One chart instance per mount; resized with its box, disposed on unmount.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, null, {
      renderer: 'svg',
      // jsdom reports 0×0; ECharts would then draw nothing.
      ...(el.clientWidth === 0 ? { width: 640, height: 300 } : {}),
    });
    chartRef.current = chart;
    setPalette(readPalette(el));

    // A click anywhere over the plot opens the nearest week.
    chart.getZr().on('click', (event) => {
      const point = [event.offsetX, event.offsetY];
      if (!chart.containPixel('grid', point)) return;
      const [index] = chart.convertFromPixel({ gridIndex: 0 }, point) as number[];
      const week = latest.current.points[Math.round(index ?? -1)]?.week;
      if (week) latest.current.onSelectWeek(week);
    });

    const observer =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.resize());
    observer?.observe(el);

    // The theme may change while the chart is open: the settings, or the system's scheme.
    const themeChanged = () => setPalette(readPalette(el));
    const attributes = new MutationObserver(themeChanged);
    attributes.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    const scheme = window.matchMedia?.('(prefers-color-scheme: dark)');
    scheme?.addEventListener('change', themeChanged);

    // Printing: light colours on white at the paper's width, drawn before the page is laid out.
    const beforePrint = () => {
      chart.setOption(buildOption(latest.current, PRINT_PALETTE, true), { notMerge: true });
      chart.resize(PRINT_SIZE);
      chart.getZr().flush();
    };
    const afterPrint = () => {
      chart.setOption(buildOption(latest.current, readPalette(el), false), { notMerge: true });
      chart.resize({ width: 'auto', height: 'auto' });
    };
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);

    return () => {
      window.removeEventListener('beforeprint', beforePrint);
      window.removeEventListener('afterprint', afterPrint);
      scheme?.removeEventListener('change', themeChanged);
      attributes.disconnect();
      observer?.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  const { points, selectedWeek, targetShare, labels, visible, language } = props;
  useEffect(() => {
    if (!palette) return;
    chartRef.current?.setOption(buildOption(latest.current, palette, false), { notMerge: true });
  }, [points, selectedWeek, targetShare, labels, visible, language, palette]);

  // On a narrow screen the chart scrolls sideways: bring the selected week into view.
  useEffect(() => {
    const el = ref.current;
    const box = el?.parentElement;
    const index = points.findIndex((p) => p.week === selectedWeek);
    if (!el || !box || index < 0 || box.scrollWidth <= box.clientWidth) return;
    const x = (el.scrollWidth * (index + 0.5)) / points.length;
    box.scrollTo({ left: Math.max(0, x - box.clientWidth / 2) });
  }, [points, selectedWeek]);

  return (
    <div
      ref={ref}
      className="trend__chart"
      role="img"
      aria-label={props.ariaLabel}
      // About 7 px a week keeps half a year on a phone without scrolling; longer spans scroll.
      style={{ minWidth: `${Math.max(280, props.points.length * 7 + 80)}px` }}
    />
  );
}
