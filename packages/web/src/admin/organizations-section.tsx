import type { AdminSectionProps } from './admin-page';
import { useAdminT } from './messages';

export default function OrganizationsSection(_props: AdminSectionProps) {
  const t = useAdminT();
  return <h2>{t.sections.organizations}</h2>;
}
