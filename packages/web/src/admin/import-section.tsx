import type { AdminSectionProps } from './admin-page';
import { useAdminT } from './messages';

export default function ImportSection(_props: AdminSectionProps) {
  const t = useAdminT();
  return <h2>{t.sections.import}</h2>;
}
