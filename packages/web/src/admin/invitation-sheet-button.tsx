import { useSheetDownload } from './onboarding-api';
import { useOnboardingT } from './onboarding-messages';
import { ActionError, Notice } from './onboarding-ui';

/**
 * Downloads a printable PDF sheet. Printing issues the invitations that are
 * missing, so after it the counts and lists refresh, and the page says how
 * many slips are new and how many were issued before.
 */
export function SheetButton({
  path,
  fallbackName,
  label,
  accessibleLabel,
  primary = false,
}: {
  path: string;
  fallbackName: string;
  label: string;
  accessibleLabel?: string;
  primary?: boolean;
}) {
  const t = useOnboardingT();
  const download = useSheetDownload();
  const file = download.data;
  return (
    <div className="onb-sheet">
      <button
        type="button"
        className={`button button--small ${primary ? 'button--primary' : 'button--quiet'}`}
        aria-label={accessibleLabel}
        disabled={download.isPending}
        onClick={() => download.mutate({ path, fallbackName })}
      >
        {download.isPending ? t.invitations.sheetPreparing : label}
      </button>
      {file && file.issued !== null && file.reused !== null ? (
        <Notice>{t.invitations.sheetDone(file.issued, file.reused)}</Notice>
      ) : null}
      {download.error ? <ActionError error={download.error} /> : null}
    </div>
  );
}
