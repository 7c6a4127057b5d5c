import type { Me } from '@parta/shared';
import type { AdminSection } from '../router/router';
import { useAdminT } from './messages';

export interface AdminPageProps {
  me: Me;
  section: AdminSection;
  params: URLSearchParams;
}

/** Organisations, people, classes, roster import, invitations, communities, the outbox. */
export default function AdminPage({ section }: AdminPageProps) {
  const t = useAdminT();
  return (
    <section className="page" aria-labelledby="admin-title" data-section={section}>
      <h1 id="admin-title" className="page__title">
        {t.title}
      </h1>
    </section>
  );
}
