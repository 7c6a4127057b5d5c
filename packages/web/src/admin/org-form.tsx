import { ORG_KINDS, type OrganizationDetails, type OrgKind } from '@parta/shared';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { Modal } from '../ui/modal';
import { createOrganization, updateOrganization, useInvalidateAdmin } from './admin-api';
import { useAdminT } from './messages';
import { SelectField, TextField, useFieldErrors, useFocusFirstInvalid, FormFooter } from './org-ui';

/**
 * Creating an organisation (municipal administrators) or changing one: a
 * municipal administrator changes anything and may archive it; the
 * organisation's own administrator only its names (the server enforces it).
 */
export function OrgForm({
  org,
  full,
  onClose,
  onSaved,
}: {
  /** null: a new organisation. */
  org: OrganizationDetails | null;
  /** May change the kind, the external ID and the archive flag. */
  full: boolean;
  onClose: () => void;
  onSaved: (orgId: number) => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const [kind, setKind] = useState<OrgKind>(org?.kind ?? 'general');
  const [name, setName] = useState(org?.name ?? '');
  const [shortName, setShortName] = useState(org?.shortName ?? '');
  const [externalId, setExternalId] = useState(org?.externalId ?? '');
  const [archived, setArchived] = useState(org?.archivedAt != null);
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: async () => {
      const names = { name: name.trim(), shortName: shortName.trim() || null };
      if (!org) {
        const created = await createOrganization({
          kind,
          ...names,
          externalId: externalId.trim() || null,
        });
        return created.id;
      }
      const body = full
        ? { ...names, kind, externalId: externalId.trim() || null, archived }
        : names;
      return (await updateOrganization(org.id, body)).id;
    },
    onSuccess: async (id) => {
      await invalidate();
      onSaved(id);
    },
  });
  const server = useFieldErrors(save.error);
  const errors: Record<string, string | undefined> = { ...server, ...local };
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, local);
  useFocusFirstInvalid(formRef, server);
  const general =
    save.error && Object.keys(server).length === 0 ? errorMessage(save.error, tt) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = name.trim() ? {} : { name: t.fieldErrors.required };
    setLocal(found);
    if (Object.keys(found).length === 0) save.mutate();
  };

  return (
    <Modal title={org ? t.orgs.editTitle : t.orgs.createTitle} onClose={onClose} wide>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {full || !org ? (
          <SelectField
            label={t.orgs.kind}
            value={kind}
            onChange={(v) => setKind(v as OrgKind)}
            error={errors.kind}
          >
            {ORG_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.orgKinds[k]}
              </option>
            ))}
          </SelectField>
        ) : null}
        <TextField
          label={t.orgs.name}
          value={name}
          onChange={setName}
          required
          maxLength={200}
          hint={t.orgs.nameHint}
          error={errors.name}
        />
        <TextField
          label={t.orgs.shortName}
          value={shortName}
          onChange={setShortName}
          maxLength={100}
          hint={t.orgs.shortNameHint}
          error={errors.shortName}
        />
        {full || !org ? (
          <TextField
            label={t.orgs.externalId}
            value={externalId}
            onChange={setExternalId}
            maxLength={64}
            hint={t.orgs.externalIdHint}
            error={errors.externalId}
          />
        ) : null}
        {full && org ? (
          <label className="check">
            <input
              type="checkbox"
              checked={archived}
              onChange={(e) => setArchived(e.target.checked)}
            />
            {t.orgs.archiveLabel}
          </label>
        ) : null}
        <FormFooter
          error={general}
          pending={save.isPending}
          submitLabel={org ? t.common.save : t.common.create}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
