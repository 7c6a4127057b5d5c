import type { AdminSectionProps } from './admin-page';
import { useAdminT } from './messages';

export default function ClassesSection(_props: AdminSectionProps) {
  const t = useAdminT();
  return <h2>{t.sections.classes}</h2>;
}
