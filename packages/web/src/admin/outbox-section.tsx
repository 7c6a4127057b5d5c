import type { AdminSectionProps } from './admin-page';
import { useOnboardingT } from './onboarding-messages';

export default function OutboxSection(_props: AdminSectionProps) {
  const t = useOnboardingT();
  return <p className="muted">{t.comingSoon}</p>;
}
