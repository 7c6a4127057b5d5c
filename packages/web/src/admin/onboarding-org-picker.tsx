import type { OrganizationEntry, OrgKind } from '@parta/shared';
import { useId } from 'react';
import { orgLabel } from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';

const KINDS: readonly OrgKind[] = ['authority', 'general', 'additional', 'preschool'];

/** A select of organisations grouped by kind (a district has tens of them). */
export function OrgPicker({
  orgs,
  value,
  onChange,
  label,
  allowEmpty,
  emptyLabel,
}: {
  orgs: readonly OrganizationEntry[];
  value: number | null;
  onChange: (orgId: number | null) => void;
  label?: string;
  /** Offer a first option meaning «none chosen» (a filter's «all»). */
  allowEmpty?: boolean;
  emptyLabel?: string;
}) {
  const t = useOnboardingT();
  const id = useId();
  return (
    <div className="field onb-org-picker">
      <label htmlFor={id}>{label ?? t.common.organization}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      >
        {allowEmpty || value === null ? (
          <option value="">{emptyLabel ?? t.common.chooseOrganization}</option>
        ) : null}
        {KINDS.map((kind) => {
          const group = orgs.filter((o) => o.kind === kind);
          if (group.length === 0) return null;
          return (
            <optgroup key={kind} label={t.common.orgKinds[kind]}>
              {group.map((o) => (
                <option key={o.id} value={o.id}>
                  {orgLabel(o)}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
    </div>
  );
}
