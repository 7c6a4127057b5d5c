import { usePrintSheet } from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { ActionError, Notice } from './onboarding-ui';

/**
 * Prints a PDF sheet in two steps the person does not see: the POST to
 * `path` issues the personal invitations that are missing (a deliberate,
 * CSRF-protected write), the GET it names downloads the PDF. Afterwards the
 * counts and lists refresh, and the page says how many slips are new and
 * how many were issued before.
 */
export function SheetButton({
  path,
  fallbackName,
  label,
  accessibleLabel,
  primary = false,
}: {
  /** Where the sheet is prepared: `classSheetPath(id)` or `staffSheetPath(id)`. */
  path: string;
  fallbackName: string;
  label: string;
  accessibleLabel?: string;
  primary?: boolean;
}) {
  const t = useOnboardingT();
  const print = usePrintSheet();
  const done = print.data;
  return (
    <div className="onb-sheet">
      <button
        type="button"
        className={`button button--small ${primary ? 'button--primary' : 'button--quiet'}`}
        aria-label={accessibleLabel}
        disabled={print.isPending}
        onClick={() => print.mutate({ path, fallbackName })}
      >
        {print.isPending ? t.invitations.sheetPreparing : label}
      </button>
      {done ? (
        <Notice>
          {done.file === null
            ? t.invitations.sheetEmpty
            : t.invitations.sheetDone(done.prepared.issued, done.prepared.reused)}
          {done.file?.missing ? ` ${t.invitations.sheetMissing(done.file.missing)}` : null}
        </Notice>
      ) : null}
      {print.error ? <ActionError error={print.error} /> : null}
    </div>
  );
}
