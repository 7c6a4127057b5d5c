import {
  IMPORT_KINDS,
  type ImportKind,
  type ImportPlan,
  type OrganizationEntry,
} from '@parta/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { isApiError } from '../api/client';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { linkHandler, paths } from '../router/router';
import type { AdminSectionProps } from './admin-page';
import {
  refuseFile,
  runImport,
  templateUrl,
  useImportRuns,
  useInvalidateAdmin,
  type FileRefusal,
} from './admin-api';
import { ImportFilePicker } from './import-file';
import { FileSummary, ItemsTable, ProblemsTable, SummaryTiles } from './import-preview';
import { useAdminT } from './messages';
import {
  chosenOrg,
  ConfirmDialog,
  goTo,
  LoadError,
  Loading,
  orgLabel,
  OrgPicker,
  useAdminOrgs,
  useDates,
} from './org-ui';

const isKind = (v: string | null): v is ImportKind => IMPORT_KINDS.includes(v as ImportKind);

/** A chosen file: a serial number tells two choices of the same file apart. */
interface Chosen {
  file: File;
  serial: number;
  note: string | null;
}

/**
 * Roster import: the organisation and the kind of list, the templates, the
 * file; the dry run (nothing written) with every problem by row and column;
 * the explicit option to remove those absent from the file; confirmation,
 * which writes the same plan in one transaction; the result and the log.
 */
export default function ImportSection({ me, params }: AdminSectionProps) {
  const t = useAdminT();
  const { orgs, query: orgsQuery } = useAdminOrgs(me, 'manage');
  const org = chosenOrg(params, orgs);
  const kindParam = params.get('kind');
  const kind: ImportKind =
    org?.kind === 'authority' ? 'staff' : isKind(kindParam) ? kindParam : 'pupils';
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [deactivate, setDeactivate] = useState(false);
  const [result, setResult] = useState<ImportPlan | null>(null);
  const refusal: FileRefusal | null = chosen ? refuseFile(chosen.file) : null;

  const plan = useQuery({
    queryKey: ['import-plan', org?.id, kind, deactivate, chosen?.serial],
    queryFn: ({ signal }) =>
      runImport(
        {
          orgId: org?.id ?? 0,
          kind,
          file: (chosen as Chosen).file,
          dryRun: true,
          deactivateMissing: deactivate,
        },
        signal,
      ),
    enabled: chosen !== null && org !== null && refusal === null && result === null,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });

  if (orgsQuery.isPending) return <Loading />;
  if (orgsQuery.isError)
    return <LoadError error={orgsQuery.error} onRetry={() => void orgsQuery.refetch()} />;
  if (orgs.length === 0) return <p className="muted">{t.import.noOrgs}</p>;

  const restart = () => {
    setChosen(null);
    setResult(null);
    setDeactivate(false);
  };

  return (
    <section className="import" aria-labelledby="import-title">
      <div className="admin-toolbar">
        <h2 id="import-title" className="admin-toolbar__title">
          {t.sections.import}
        </h2>
      </div>
      <p className="muted import__lead">{t.import.lead}</p>

      <div className="import__setup">
        <OrgPicker
          orgs={orgs}
          value={org?.id ?? null}
          onChange={(id) => {
            setResult(null);
            goTo('import', params, { org: id });
          }}
        />
        <KindChooser
          org={org}
          kind={kind}
          onChange={(k) => {
            setResult(null);
            goTo('import', params, { kind: k });
          }}
        />
      </div>

      {org === null ? (
        <p className="muted">{t.orgPicker.choose}</p>
      ) : result ? (
        <ImportResult result={result} org={org} onAgain={restart} />
      ) : (
        <>
          <Templates kind={kind} />
          <ImportFilePicker
            file={chosen?.file ?? null}
            onFile={(file, note) =>
              setChosen((prev) => ({ file, note, serial: (prev?.serial ?? 0) + 1 }))
            }
          />
          {chosen?.note ? <p className="muted small">{chosen.note}</p> : null}
          <DeactivateOption value={deactivate} onChange={setDeactivate} kind={kind} />

          {refusal ? (
            <div className="admin-notice admin-notice--error" role="alert">
              <p className="admin-notice__title">{t.import.cannotRead}</p>
              <p>{t.import.refusals[refusal]}</p>
            </div>
          ) : null}
          {chosen && !refusal && plan.isFetching ? (
            <p className="admin-loading" role="status">
              <span className="spinner spinner--small" aria-hidden="true" />
              {t.import.checking(chosen.file.name)}
            </p>
          ) : null}
          {chosen && !refusal && plan.isError && !plan.isFetching ? (
            <ImportError error={plan.error} kind={kind} />
          ) : null}
          {chosen && plan.data && !plan.isFetching ? (
            <Preview
              plan={plan.data}
              org={org}
              file={chosen.file}
              deactivate={deactivate}
              onDone={setResult}
              onStale={() => void plan.refetch()}
            />
          ) : null}
        </>
      )}

      <ImportLog orgId={org?.id ?? null} timeZone={me.municipality.timeZone} />
    </section>
  );
}

function KindChooser({
  org,
  kind,
  onChange,
}: {
  org: OrganizationEntry | null;
  kind: ImportKind;
  onChange: (kind: ImportKind) => void;
}) {
  const t = useAdminT();
  const id = useId();
  const preschool = org?.kind === 'preschool';
  return (
    <div className="field">
      <span id={id} className="field__label">
        {t.import.kindLabel}
      </span>
      <div className="segmented segmented--wrap" role="group" aria-labelledby={id}>
        {IMPORT_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={kind === k}
            disabled={org?.kind === 'authority' && k !== 'staff'}
            onClick={() => onChange(k)}
          >
            {preschool && k === 'pupils' ? t.import.kindsPreschool.pupils : t.import.kinds[k]}
          </button>
        ))}
      </div>
      <span className="field__hint">{t.import.kindHints[kind]}</span>
    </div>
  );
}

function Templates({ kind }: { kind: ImportKind }) {
  const t = useAdminT();
  return (
    <p className="import__templates">
      {t.import.templates}{' '}
      <a href={templateUrl(kind, 'xlsx')} download>
        {t.import.templateXlsx}
      </a>{' '}
      ·{' '}
      <a href={templateUrl(kind, 'csv')} download>
        {t.import.templateCsv}
      </a>
    </p>
  );
}

function DeactivateOption({
  value,
  onChange,
  kind,
}: {
  value: boolean;
  onChange: (v: boolean) => void;
  kind: ImportKind;
}) {
  const t = useAdminT();
  const hint = useId();
  return (
    <div className={`import__option${value ? ' import__option--on' : ''}`}>
      <label className="check">
        <input
          type="checkbox"
          checked={value}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={hint}
        />
        {t.import.deactivateLabel}
      </label>
      <p id={hint} className="field__hint">
        {t.import.deactivateHints[kind]} {t.import.deactivateWarning}
      </p>
    </div>
  );
}

/** A file the server could not take: what happened and what to do, in Russian first. */
function ImportError({ error, kind }: { error: unknown; kind: ImportKind }) {
  const t = useAdminT();
  const tt = useT();
  const code = isApiError(error) ? error.code : null;
  const headline =
    code && code in t.import.errors
      ? t.import.errors[code as keyof typeof t.import.errors]
      : errorMessage(error, tt);
  // The import's own errors are written for people (in Russian): they name the missing column.
  const detail =
    isApiError(error) && /[а-яё]/i.test(error.message)
      ? error.message.replace(/^params\.kind: /, '')
      : null;
  const withTemplates =
    code === 'IMPORT_NO_HEADER' ||
    code === 'IMPORT_MISSING_COLUMNS' ||
    code === 'IMPORT_UNREADABLE_FILE';
  return (
    <div className="admin-notice admin-notice--error" role="alert">
      <p className="admin-notice__title">{headline}</p>
      {detail && detail !== headline ? <p>{detail}</p> : null}
      {withTemplates ? (
        <p>
          {t.import.useTemplate}{' '}
          <a href={templateUrl(kind, 'xlsx')} download>
            {t.import.templateXlsx}
          </a>
        </p>
      ) : null}
    </div>
  );
}

function Preview({
  plan,
  org,
  file,
  deactivate,
  onDone,
  onStale,
}: {
  plan: ImportPlan;
  org: OrganizationEntry;
  file: File;
  deactivate: boolean;
  onDone: (result: ImportPlan) => void;
  onStale: () => void;
}) {
  const t = useAdminT();
  const tt = useT();
  const invalidate = useInvalidateAdmin();
  const [confirming, setConfirming] = useState(false);
  const commit = useMutation({
    mutationFn: () =>
      runImport({
        orgId: org.id,
        kind: plan.kind,
        file,
        dryRun: false,
        deactivateMissing: deactivate,
        planDigest: plan.digest,
      }),
    onSuccess: async (done) => {
      setConfirming(false);
      onDone(done);
      await invalidate();
    },
    onError: (error) => {
      setConfirming(false);
      if (
        isApiError(error) &&
        (error.code === 'IMPORT_PLAN_CHANGED' || error.code === 'IMPORT_HAS_PROBLEMS')
      )
        onStale();
    },
  });
  const s = plan.summary;
  const changes = s.create + s.update + s.remove + s.deactivate + s.classesToCreate;
  const leaving = s.remove + s.deactivate;
  const groups = org.kind !== 'general';
  const commitError = commit.error
    ? isApiError(commit.error) && commit.error.code in t.import.commitErrors
      ? t.import.commitErrors[commit.error.code as keyof typeof t.import.commitErrors]
      : errorMessage(commit.error, tt)
    : null;

  return (
    <section className="import-preview" aria-labelledby="preview-title">
      <h3 id="preview-title" className="import-preview__title">
        {t.import.previewTitle}
      </h3>
      <p className="note">{t.import.nothingWritten}</p>
      <FileSummary plan={plan} />
      <SummaryTiles plan={plan} done={false} />
      {plan.classesToCreate.length > 0 ? (
        <p className="import-preview__classes">
          {t.import.classesToCreate(plan.classesToCreate.length, groups)}{' '}
          <strong>{plan.classesToCreate.join(', ')}</strong>
        </p>
      ) : null}
      {!plan.deactivateMissing && s.missing > 0 ? (
        <p className="muted">{t.import.missing(s.missing)}</p>
      ) : null}

      {plan.problems.length > 0 ? (
        <section className="import-problems" aria-labelledby="problems-title">
          <h4 id="problems-title" className="import-problems__title">
            {t.import.problemsTitle(plan.problems.length)}
          </h4>
          <p role="alert" className="import-problems__lead">
            {t.import.problemsLead}
          </p>
          <ProblemsTable problems={plan.problems} kind="problems" />
        </section>
      ) : null}
      {plan.warnings.length > 0 ? (
        <details className="admin-details import-warnings" open={plan.problems.length === 0}>
          <summary>{t.import.warningsTitle(plan.warnings.length)}</summary>
          <p className="muted small">{t.import.warningsLead}</p>
          <ProblemsTable problems={plan.warnings} kind="warnings" />
        </details>
      ) : null}

      {plan.items.length > 0 ? (
        <section aria-labelledby="items-title">
          <h4 id="items-title" className="import-preview__subtitle">
            {t.import.itemsTitle}
          </h4>
          <ItemsTable items={plan.items} done={false} />
        </section>
      ) : null}

      <div className="import-confirm">
        {plan.canCommit && changes === 0 ? <p className="muted">{t.import.noChanges}</p> : null}
        {!plan.canCommit ? <p className="import-confirm__blocked">{t.import.blocked}</p> : null}
        {commitError ? (
          <p className="form__error" role="alert">
            {commitError}
          </p>
        ) : null}
        <button
          type="button"
          className="button button--primary"
          disabled={!plan.canCommit || changes === 0 || commit.isPending}
          onClick={() => (leaving > 0 ? setConfirming(true) : commit.mutate())}
        >
          {commit.isPending ? t.import.importing : t.import.confirm}
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog
          title={t.import.confirmTitle}
          confirmLabel={t.import.confirmLeaving(leaving)}
          danger
          pending={commit.isPending}
          onConfirm={() => commit.mutate()}
          onClose={() => setConfirming(false)}
        >
          <p>{t.import.confirmText(s.remove, s.deactivate)}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function ImportResult({
  result,
  org,
  onAgain,
}: {
  result: ImportPlan;
  org: OrganizationEntry;
  onAgain: () => void;
}) {
  const t = useAdminT();
  const s = result.summary;
  const next =
    result.kind === 'pupils'
      ? paths.admin('classes', { org: org.id })
      : paths.admin('people', {
          org: org.id,
          ...(result.kind === 'parents' ? { role: 'parent' } : {}),
        });
  return (
    <section className="import-result" aria-labelledby="result-title">
      <h3 id="result-title" className="import-result__title" tabIndex={-1}>
        {t.import.doneTitle}
      </h3>
      <p role="status">{t.import.doneLead(orgLabel(org), result.fileName ?? '')}</p>
      <SummaryTiles plan={result} done />
      {result.classesToCreate.length > 0 ? (
        <p>
          {t.import.classesCreated(result.classesToCreate.length, org.kind !== 'general')}{' '}
          <strong>{result.classesToCreate.join(', ')}</strong>
        </p>
      ) : null}
      {s.warnings > 0 ? (
        <details className="admin-details">
          <summary>{t.import.warningsTitle(result.warnings.length)}</summary>
          <ProblemsTable problems={result.warnings} kind="warnings" />
        </details>
      ) : null}
      <details className="admin-details">
        <summary>{t.import.details}</summary>
        <ItemsTable items={result.items} done />
      </details>
      <div className="admin-links">
        <a className="button button--primary" href={next} onClick={linkHandler(next)}>
          {result.kind === 'pupils' ? t.import.openClasses : t.import.openPeople}
        </a>
        <button type="button" className="button button--quiet" onClick={onAgain}>
          {t.import.again}
        </button>
      </div>
    </section>
  );
}

function ImportLog({ orgId, timeZone }: { orgId: number | null; timeZone: string }) {
  const t = useAdminT();
  const dates = useDates(timeZone);
  const runs = useImportRuns(orgId, orgId !== null);
  if (orgId === null || !runs.data || runs.data.items.length === 0) return null;
  return (
    <section className="import-log" aria-labelledby="import-log-title">
      <h3 id="import-log-title" className="import-preview__subtitle">
        {t.import.logTitle}
      </h3>
      <table className="admin-table admin-table--compact">
        <thead>
          <tr>
            <th scope="col">{t.import.logWhen}</th>
            <th scope="col">{t.import.kindLabel}</th>
            <th scope="col">{t.import.logFile}</th>
            <th scope="col">{t.import.logWho}</th>
            <th scope="col">{t.import.logResult}</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.items.map((r) => (
            <tr key={r.id}>
              <td data-label={t.import.logWhen}>{dates.instant(r.at)}</td>
              <td data-label={t.import.kindLabel}>{t.import.kinds[r.kind]}</td>
              <td data-label={t.import.logFile}>{r.fileName ?? t.common.none}</td>
              <td data-label={t.import.logWho}>{r.actorName ?? t.import.logConsole}</td>
              <td data-label={t.import.logResult}>{t.import.logCounts(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
