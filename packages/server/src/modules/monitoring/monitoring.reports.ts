import { shiftIsoWeek, type WeeklyReport } from '@parta/shared';
import type { DbOrTrx } from '../../db/database';
import { CONTENT_TYPES, fileName, renderCsv, renderPdf, renderXlsx } from './monitoring.files';
import { trend, type MunicipalityRef } from './monitoring.service';
import { reportTables, roadmapRows } from './monitoring.tables';

export type FileFormat = keyof typeof CONTENT_TYPES;

export interface ReportFile {
  name: string;
  contentType: string;
  body: Buffer;
}

/** Weeks of history the PDF's trend chart shows, ending with the report's week. */
export const PDF_TREND_WEEKS = 26;

/**
 * The weekly report as a file. XLSX and CSV carry the same tables (the
 * roadmap's status included); the PDF is a one-page summary with the trend
 * of the last `PDF_TREND_WEEKS` weeks.
 */
export async function reportFile(
  db: DbOrTrx,
  m: MunicipalityRef,
  report: WeeklyReport,
  format: FileFormat,
  now: Date,
): Promise<ReportFile> {
  let body: Buffer;
  if (format === 'pdf') {
    const t = await trend(
      db,
      m,
      {
        from: shiftIsoWeek(report.week, -(PDF_TREND_WEEKS - 1)),
        to: report.week,
        threshold: report.threshold,
      },
      now,
    );
    body = await renderPdf(report, t.points);
  } else {
    const sheets = reportTables(report, await roadmapRows(db, m, report.to, now));
    body = format === 'xlsx' ? await renderXlsx(sheets) : renderCsv(sheets);
  }
  return { name: fileName(report, format), contentType: CONTENT_TYPES[format], body };
}
