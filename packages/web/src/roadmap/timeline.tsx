import type { RoadmapItem } from '@parta/shared';
import { useLanguage } from '../i18n/i18n';
import { formatDay, formatPeriod, formatShortMonth } from '../monitoring/format';
import { StatusBadge } from './item-card';
import { useRoadmapT } from './messages';

const DAY = 86_400_000;
const time = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** First days of the months from `from`'s month to `to`'s, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endKey = to.slice(0, 7);
  for (let guard = 0; guard < 600; guard += 1) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(`${key}-01`);
    if (key >= endKey) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * The scale of the timeline: whole months around every item's period and the
 * goals' deadline, and the status date too when it is near (a date years
 * away would squeeze the bars; it is then named in words instead).
 */
export function timelineScale(items: readonly RoadmapItem[], dueDate: string | null, asOf: string) {
  const starts = items.map((i) => i.periodFrom);
  const ends = [...items.map((i) => i.periodTo), ...(dueDate ? [dueDate] : [])];
  let first = starts.reduce((a, b) => (a < b ? a : b));
  let last = ends.reduce((a, b) => (a > b ? a : b));
  const near = 183 * DAY;
  if (asOf < first && time(first) - time(asOf) <= near) first = asOf;
  if (asOf > last && time(asOf) - time(last) <= near) last = asOf;
  const months = monthsBetween(first, last);
  const start = time(months[0] ?? first);
  const after = new Date(time(months.at(-1) ?? last));
  after.setUTCMonth(after.getUTCMonth() + 1);
  const total = (after.getTime() - start) / DAY;
  return {
    months,
    total,
    /** Where a day starts on the scale, 0…100 %. */
    at: (d: string) => ((time(d) - start) / DAY / total) * 100,
    contains: (d: string) => time(d) >= start && time(d) < after.getTime(),
  };
}

/**
 * Months across, one bar per item from the start to the end of its period,
 * coloured by status (and named in words), with the status date and the
 * goals' deadline as lines.
 */
export function Timeline({
  items,
  dueDate,
  asOf,
  asOfIsToday,
}: {
  items: readonly RoadmapItem[];
  dueDate: string | null;
  asOf: string;
  asOfIsToday: boolean;
}) {
  const t = useRoadmapT();
  const { language } = useLanguage();
  if (items.length === 0) return <p className="muted">{t.columnEmpty}</p>;
  const scale = timelineScale(items, dueDate, asOf);
  const pct = (value: number) => `${value}%`;
  const markerLabel = asOfIsToday ? t.timeline.today : t.timeline.asOf;
  const asOfShown = scale.contains(asOf);

  return (
    <div className="timeline">
      {!asOfShown ? (
        <p className="field__hint">
          {markerLabel}: {formatDay(asOf, language)}
        </p>
      ) : null}
      <div className="timeline__scroll" tabIndex={0} role="group" aria-label={t.timeline.scroll}>
        <div className="timeline__grid" style={{ minWidth: `${240 + scale.months.length * 56}px` }}>
          <div className="timeline__header" aria-hidden="true">
            <div className="timeline__corner" />
            <div className="timeline__months">
              {scale.months.map((month, index) => {
                const next = scale.months[index + 1];
                const width = (next ? scale.at(next) : 100) - scale.at(month);
                const showYear = index === 0 || month.endsWith('-01-01');
                return (
                  <span key={month} className="timeline__month" style={{ width: pct(width) }}>
                    {formatShortMonth(month, language)}
                    {showYear ? <span className="timeline__year">{month.slice(0, 4)}</span> : null}
                  </span>
                );
              })}
            </div>
          </div>
          <div className="timeline__body">
            <ol className="timeline__rows" aria-label={t.timeline.label}>
              {items.map((item) => {
                const left = scale.at(item.periodFrom);
                const right = scale.at(item.periodTo) + 100 / scale.total;
                return (
                  <li key={item.id} className={`timeline__row timeline__row--${item.status}`}>
                    <div className="timeline__label">
                      <span className="timeline__number">{t.item.number(item.number)}</span>
                      <span className="timeline__title" title={item.title}>
                        {item.title}
                      </span>
                      <StatusBadge status={item.status} />
                    </div>
                    <div className="timeline__track">
                      <span
                        className={`timeline__bar timeline__bar--${item.status}`}
                        style={{ left: pct(left), width: pct(Math.max(right - left, 0.8)) }}
                      >
                        <span className="visually-hidden">
                          {t.timeline.period(
                            formatPeriod(item.periodFrom, item.periodTo, language),
                          )}
                        </span>
                      </span>
                      {item.achievedOn && scale.contains(item.achievedOn) ? (
                        <span
                          className="timeline__achieved"
                          style={{ left: pct(scale.at(item.achievedOn)) }}
                          title={t.item.achievedOn(formatDay(item.achievedOn, language))}
                        >
                          <span className="visually-hidden">
                            {t.item.achievedOn(formatDay(item.achievedOn, language))}
                          </span>
                        </span>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ol>
            <div className="timeline__overlay" aria-hidden="true">
              {scale.months.slice(1).map((month) => (
                <span
                  key={month}
                  className="timeline__line"
                  style={{ left: pct(scale.at(month)) }}
                />
              ))}
              {dueDate && scale.contains(dueDate) ? (
                <span
                  className="timeline__marker timeline__marker--due"
                  style={{ left: pct(scale.at(dueDate) + 100 / scale.total) }}
                >
                  <span className="timeline__marker-label">
                    {t.timeline.goalsDue(formatDay(dueDate, language))}
                  </span>
                </span>
              ) : null}
              {asOfShown ? (
                <span
                  className="timeline__marker timeline__marker--today"
                  style={{ left: pct(scale.at(asOf)) }}
                >
                  <span className="timeline__marker-label">{markerLabel}</span>
                </span>
              ) : null}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
