import type { Zone } from '@parta/shared';
import { useMonitoringT } from './messages';

/** A traffic-light zone as colour and words: never colour alone. */
export function ZoneBadge({ zone, short = false }: { zone: Zone | null; short?: boolean }) {
  const t = useMonitoringT();
  const key = zone ?? 'none';
  return (
    <span className={`zone zone--${key}`}>
      <span className="zone__dot" aria-hidden="true" />
      {short ? t.zonesShort[key] : t.zones[key]}
    </span>
  );
}

/** Up, down or flat, for the eye; the words next to it say the same for everyone. */
export function TrendArrow({ trend }: { trend: 'up' | 'down' | 'flat' }) {
  return (
    <span className={`change-arrow change-arrow--${trend}`} aria-hidden="true">
      {trend === 'up' ? '▲' : trend === 'down' ? '▼' : '●'}
    </span>
  );
}
