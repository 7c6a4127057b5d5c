import type { Me } from '@parta/shared';
import { useMonitoringT } from './messages';

export interface MonitoringPageProps {
  me: Me;
  params: URLSearchParams;
}

/** The weekly indicators: KPI cards, the trend, organisations by zone, drill-down, exports. */
export default function MonitoringPage(_props: MonitoringPageProps) {
  const t = useMonitoringT();
  return (
    <section className="page" aria-labelledby="monitoring-title">
      <h1 id="monitoring-title" className="page__title">
        {t.title}
      </h1>
    </section>
  );
}
