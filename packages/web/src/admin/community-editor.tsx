import type { Community, Me, OrganizationEntry, RuleSpec } from '@parta/shared';
import { useId, useState, type FormEvent } from 'react';
import { Modal } from '../ui/modal';
import { RuleEditor } from './community-rule-editor';
import { isMunicipalAdmin, orgLabel, useSaveCommunity, type CommunityKind } from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { ActionError } from './onboarding-ui';

export const COMMUNITY_KINDS: readonly CommunityKind[] = [
  'heads',
  'deputies',
  'parents',
  'teachers',
  'custom',
];

/**
 * Who may own a new community (communities.policy.ts `canCreateCommunity`):
 * the municipality itself (null) for municipal administrators; organisations
 * one administers; the authority for its own staff.
 */
export function ownerChoices(
  me: Me,
  orgs: readonly OrganizationEntry[],
): { municipality: boolean; orgs: OrganizationEntry[] } {
  if (isMunicipalAdmin(me)) return { municipality: true, orgs: [...orgs] };
  const admin = new Set(
    me.adminRoles.flatMap((r) =>
      r.role === 'org_admin' && r.organizationId !== null ? [r.organizationId] : [],
    ),
  );
  const authority = new Set(
    me.person.positions.filter((p) => p.role === 'authority_staff').map((p) => p.organizationId),
  );
  return {
    municipality: false,
    orgs: orgs.filter((o) => admin.has(o.id) || (o.kind === 'authority' && authority.has(o.id))),
  };
}

/**
 * Creates a community (with rules to start with) or edits its title,
 * description and kind. The owner is chosen once, at creation.
 */
export function CommunityDialog({
  me,
  orgs,
  community,
  onClose,
  onSaved,
}: {
  me: Me;
  orgs: readonly OrganizationEntry[];
  /** Null: a new community. */
  community: Community | null;
  onClose: () => void;
  onSaved: (community: Community) => void;
}) {
  const t = useOnboardingT();
  const id = useId();
  const save = useSaveCommunity();
  const owners = ownerChoices(me, orgs);
  const [title, setTitle] = useState(community?.title ?? '');
  const [description, setDescription] = useState(community?.description ?? '');
  const [kind, setKind] = useState<CommunityKind>(community?.kind ?? 'heads');
  const [owner, setOwner] = useState<string>(() =>
    owners.municipality ? '' : String(owners.orgs[0]?.id ?? ''),
  );
  const [rules, setRules] = useState<{ spec: RuleSpec; description: string }[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (title.trim() === '') return setProblem(t.communities.titleRequired);
    setProblem(null);
    const text = description.trim();
    if (community) {
      save.mutate(
        {
          id: community.id,
          body: { title: title.trim(), description: text === '' ? null : text, kind },
        },
        { onSuccess: onSaved },
      );
    } else {
      save.mutate(
        {
          id: null,
          body: {
            title: title.trim(),
            kind,
            ...(text ? { description: text } : {}),
            ...(owner ? { ownerOrganizationId: Number(owner) } : {}),
            rules: rules.map((r) => r.spec),
          },
        },
        { onSuccess: onSaved },
      );
    }
  }

  const formId = `${id}-form`;
  return (
    <Modal
      title={community ? t.communities.editTitle : t.communities.newTitle}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button
            type="submit"
            form={formId}
            className="button button--primary"
            disabled={save.isPending}
          >
            {save.isPending ? t.common.saving : community ? t.common.save : t.communities.create}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-title`}>{t.communities.titleField}</label>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={200}
            required
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-title-problem` : undefined}
            onChange={(e) => setTitle(e.target.value)}
          />
          {problem ? (
            <span id={`${id}-title-problem`} className="onb-field-error">
              {problem}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t.communities.kindField}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as CommunityKind)}
          >
            {COMMUNITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.communities.kinds[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>{t.communities.descriptionField}</label>
          <textarea
            id={`${id}-description`}
            className="onb-textarea"
            rows={3}
            maxLength={2000}
            value={description}
            aria-describedby={`${id}-description-hint`}
            onChange={(e) => setDescription(e.target.value)}
          />
          <span id={`${id}-description-hint`} className="field__hint">
            {t.communities.descriptionHint}
          </span>
        </div>
        {community ? null : (
          <div className="field">
            <label htmlFor={`${id}-owner`}>{t.communities.ownerField}</label>
            <select
              id={`${id}-owner`}
              value={owner}
              aria-describedby={`${id}-owner-hint`}
              onChange={(e) => setOwner(e.target.value)}
            >
              {owners.municipality ? (
                <option value="">{t.communities.ownerMunicipality}</option>
              ) : null}
              {owners.orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {orgLabel(o)}
                </option>
              ))}
            </select>
            <span id={`${id}-owner-hint`} className="field__hint">
              {t.communities.ownerHint}
            </span>
          </div>
        )}
        {save.error ? <ActionError error={save.error} /> : null}
      </form>

      {community ? null : (
        <section className="onb-form-rules" aria-labelledby={`${id}-rules`}>
          <h3 id={`${id}-rules`} className="card__title">
            {t.communities.startRules}
          </h3>
          <p className="muted small">{t.communities.startRulesHint}</p>
          {rules.length > 0 ? (
            <ul className="onb-rules">
              {rules.map((r, index) => (
                <li key={`${index}-${r.description}`} className="onb-rule">
                  <span>{r.description}</span>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => setRules(rules.filter((_, i) => i !== index))}
                  >
                    {t.communities.removeFromForm}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <RuleEditor
            orgs={orgs}
            pending={false}
            error={null}
            onAdd={(spec, text) => setRules([...rules, { spec, description: text }])}
          />
        </section>
      )}
    </Modal>
  );
}
