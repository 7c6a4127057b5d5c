import type { OrganizationEntry, OrgKind, PositionRole, RuleSpec } from '@parta/shared';
import { useId, useState, type FormEvent } from 'react';
import { describeRule, type RuleNames } from './community-rules';
import { orgLabel, useClasses } from './onboarding-api';
import { useOnboardingT, type RuleType } from './onboarding-messages';
import { OrgPicker } from './onboarding-org-picker';
import { ActionError } from './onboarding-ui';

const ROLES: readonly PositionRole[] = ['head', 'deputy', 'teacher', 'authority_staff', 'staff'];
const KINDS: readonly OrgKind[] = ['authority', 'general', 'additional', 'preschool'];
const MAX_ORGS = 500;

/** Names of the directory for rule descriptions (classes are resolved where they are known). */
export function namesFrom(
  orgs: readonly OrganizationEntry[] | undefined,
  classes: Record<number, { name: string; org: string | null }> = {},
): RuleNames {
  const byId = new Map((orgs ?? []).map((o) => [o.id, orgLabel(o)]));
  return { org: (id) => byId.get(id), cls: (id) => classes[id] };
}

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

/**
 * Builds one membership rule — positions across organisations, the staff of
 * one organisation, or the parents of one class — and says in words what it
 * will do before it is added.
 */
export function RuleEditor({
  orgs,
  pending,
  error,
  onAdd,
}: {
  orgs: readonly OrganizationEntry[];
  pending: boolean;
  error: unknown;
  onAdd: (spec: RuleSpec, description: string) => void;
}) {
  const t = useOnboardingT();
  const words = t.communities.rule;
  const id = useId();
  const [type, setType] = useState<RuleType>('positions');
  const [roles, setRoles] = useState<PositionRole[]>([]);
  const [kinds, setKinds] = useState<OrgKind[]>([]);
  const [orgIds, setOrgIds] = useState<number[]>([]);
  const [orgFilter, setOrgFilter] = useState('');
  const [orgId, setOrgId] = useState<number | null>(null);
  const [classId, setClassId] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const classes = useClasses(type === 'parentsOfClass' ? orgId : null);

  const classNames: Record<number, { name: string; org: string | null }> = {};
  const orgOfClass = orgs.find((o) => o.id === orgId);
  for (const c of classes.data ?? []) {
    classNames[c.id] = { name: c.name, org: orgOfClass ? orgLabel(orgOfClass) : null };
  }
  const names = namesFrom(orgs, classNames);

  /** The rule as the form stands, or why it is not one yet. */
  function build(): RuleSpec | string {
    const inOrder = ROLES.filter((r) => roles.includes(r));
    switch (type) {
      case 'positions': {
        if (inOrder.length === 0) return t.communities.chooseRoles;
        if (orgIds.length > MAX_ORGS) return t.communities.tooManyOrgs;
        const orgKinds = KINDS.filter((k) => kinds.includes(k));
        return {
          roles: inOrder,
          ...(orgKinds.length ? { orgKinds } : {}),
          ...(orgIds.length ? { orgIds: [...orgIds].sort((a, b) => a - b) } : {}),
        };
      }
      case 'staffOfOrg':
        if (orgId === null) return t.communities.chooseOrg;
        return { staffOfOrg: orgId, ...(inOrder.length ? { roles: inOrder } : {}) };
      case 'parentsOfClass':
        if (orgId === null) return t.communities.chooseOrg;
        if (classId === null) return t.communities.chooseClassError;
        return { parentsOfClass: classId };
    }
  }

  const built = build();
  const preview = typeof built === 'string' ? null : describeRule(built, names, words);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const spec = build();
    if (typeof spec === 'string') return setProblem(spec);
    setProblem(null);
    onAdd(spec, describeRule(spec, names, words));
  }

  const visibleOrgs = orgs.filter(
    (o) =>
      (kinds.length === 0 || kinds.includes(o.kind)) &&
      (orgFilter.trim() === '' ||
        `${o.name} ${o.shortName ?? ''}`
          .toLocaleLowerCase()
          .includes(orgFilter.trim().toLocaleLowerCase())),
  );
  const schools = orgs.filter((o) => o.kind !== 'authority');

  const roleBoxes = (
    <fieldset className="choice onb-checks">
      <legend className="onb-legend">{t.communities.rolesField}</legend>
      {ROLES.map((r) => (
        <label key={r} className="check">
          <input
            type="checkbox"
            checked={roles.includes(r)}
            onChange={(e) => setRoles(toggle(roles, r, e.target.checked))}
          />
          {words.rolesChoice[r]}
        </label>
      ))}
      {type === 'staffOfOrg' ? (
        <span className="field__hint">{t.communities.rolesHintOrg}</span>
      ) : null}
    </fieldset>
  );

  return (
    <form className="form onb-rule-editor" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t.communities.ruleType}</label>
        <select
          id={`${id}-type`}
          value={type}
          onChange={(e) => {
            setType(e.target.value as RuleType);
            setProblem(null);
          }}
        >
          {(['positions', 'staffOfOrg', 'parentsOfClass'] as const).map((k) => (
            <option key={k} value={k}>
              {t.communities.ruleTypes[k]}
            </option>
          ))}
        </select>
      </div>

      {type === 'positions' ? (
        <>
          {roleBoxes}
          <fieldset className="choice onb-checks">
            <legend className="onb-legend">{t.communities.orgKindsField}</legend>
            {KINDS.map((k) => (
              <label key={k} className="check">
                <input
                  type="checkbox"
                  checked={kinds.includes(k)}
                  onChange={(e) => setKinds(toggle(kinds, k, e.target.checked))}
                />
                {words.kindsChoice[k]}
              </label>
            ))}
            <span className="field__hint">{t.communities.orgKindsHint}</span>
          </fieldset>
          <fieldset className="choice">
            <legend className="onb-legend">{t.communities.orgIdsField}</legend>
            <span className="field__hint">{t.communities.orgIdsHint}</span>
            <div className="field">
              <label htmlFor={`${id}-orgq`} className="visually-hidden">
                {t.communities.orgSearch}
              </label>
              <input
                id={`${id}-orgq`}
                type="search"
                placeholder={t.communities.orgSearch}
                value={orgFilter}
                onChange={(e) => setOrgFilter(e.target.value)}
              />
            </div>
            <div className="onb-org-list">
              {visibleOrgs.map((o) => (
                <label key={o.id} className="check">
                  <input
                    type="checkbox"
                    checked={orgIds.includes(o.id)}
                    onChange={(e) => setOrgIds(toggle(orgIds, o.id, e.target.checked))}
                  />
                  {orgLabel(o)}
                </label>
              ))}
            </div>
            {orgIds.length > 0 ? (
              <span className="field__hint">{t.communities.selected(orgIds.length)}</span>
            ) : null}
          </fieldset>
        </>
      ) : null}

      {type === 'staffOfOrg' ? (
        <>
          <OrgPicker orgs={orgs} value={orgId} onChange={setOrgId} />
          {roleBoxes}
        </>
      ) : null}

      {type === 'parentsOfClass' ? (
        <>
          <OrgPicker
            orgs={schools}
            value={orgId}
            onChange={(next) => {
              setOrgId(next);
              setClassId(null);
            }}
          />
          <div className="field">
            <label htmlFor={`${id}-class`}>{t.communities.classField}</label>
            <select
              id={`${id}-class`}
              value={classId ?? ''}
              disabled={orgId === null || !classes.data}
              onChange={(e) => setClassId(e.target.value === '' ? null : Number(e.target.value))}
            >
              <option value="">{t.communities.chooseClass}</option>
              {(classes.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            {classes.data && classes.data.length === 0 ? (
              <span className="field__hint">{t.communities.noClasses}</span>
            ) : null}
          </div>
        </>
      ) : null}

      <p className="onb-rule-preview" aria-live="polite">
        <span className="muted small">{t.communities.preview}:</span>{' '}
        {preview ? <strong>{preview}</strong> : <span className="muted">—</span>}
      </p>
      {problem ? (
        <p className="onb-field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {error ? <ActionError error={error} /> : null}
      <div className="form__actions">
        <button type="submit" className="button button--quiet" disabled={pending}>
          {pending ? t.communities.addingRule : t.communities.addRule}
        </button>
      </div>
    </form>
  );
}
