import type { Me } from '@parta/shared';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { linkHandler, paths, type AdminSection } from '../router/router';
import { adminScope, isAnyAdmin } from './admin-api';
import { useAdminT } from './messages';
import './admin.css';

export interface AdminPageProps {
  me: Me;
  section: AdminSection;
  params: URLSearchParams;
}

/** What every section receives: who is looking and the section's query parameters. */
export interface AdminSectionProps {
  me: Me;
  params: URLSearchParams;
}

// Each section is its own chunk: a secretary importing a roster does not load the community editor.
const SECTIONS: Record<AdminSection, LazyExoticComponent<ComponentType<AdminSectionProps>>> = {
  organizations: lazy(() => import('./organizations-section')),
  people: lazy(() => import('./people-section')),
  classes: lazy(() => import('./classes-section')),
  import: lazy(() => import('./import-section')),
  invitations: lazy(() => import('./invitations-section')),
  communities: lazy(() => import('./communities-section')),
  outbox: lazy(() => import('./outbox-section')),
};

/** Organisations, people, classes, roster import, invitations, communities, the outbox. */
export default function AdminPage({ me, section, params }: AdminPageProps) {
  const t = useAdminT();
  const Section = SECTIONS[section];
  // Heads and deputies without an administrator's grant see their organisation and classes only.
  const admin = isAnyAdmin(adminScope(me));
  const shown = (Object.keys(SECTIONS) as AdminSection[]).filter(
    (key) => admin || (key !== 'people' && key !== 'import'),
  );
  // The chosen organisation travels between the sections.
  const org = params.get('org');
  const href = (key: AdminSection) => paths.admin(key, org ? { org } : undefined);
  return (
    <section className="page admin" aria-labelledby="admin-title">
      <h1 id="admin-title" className="page__title">
        {t.title}
      </h1>
      <nav className="admin__tabs" aria-label={t.sectionsLabel}>
        {shown.map((key) => (
          <a
            key={key}
            className="admin__tab"
            href={href(key)}
            onClick={linkHandler(href(key))}
            {...(key === section ? { 'aria-current': 'page' as const } : {})}
          >
            {t.sections[key]}
          </a>
        ))}
      </nav>
      <Suspense
        fallback={
          <p role="status" className="muted">
            {t.loading}
          </p>
        }
      >
        <Section me={me} params={params} />
      </Suspense>
    </section>
  );
}
