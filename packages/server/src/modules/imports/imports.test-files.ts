import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { LightMyRequestResponse } from 'fastify';
import type { AppInstance } from '../../platform/types';
import type { Session } from '../../../test/app';
import type { Db } from '../../db/database';
import {
  buildMunicipality,
  buildOrg,
  buildPerson,
  buildPosition,
  grant,
} from '../../../test/factories';

/**
 * Real files for import tests: XLSX written by exceljs (as a spreadsheet
 * program would), CSV as bytes in the encodings schools send.
 */

export type XlsxValue = ExcelJS.CellValue;

export async function xlsx(
  rows: XlsxValue[][],
  opts: { merges?: string[]; sheetName?: string; dateFormat?: string; extraSheets?: number } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (let i = 0; i < (opts.extraSheets ?? 0); i++) wb.addWorksheet(`Пустой ${i + 1}`);
  const ws = wb.addWorksheet(opts.sheetName ?? 'Лист1');
  for (const r of rows) ws.addRow(r);
  for (const m of opts.merges ?? []) ws.mergeCells(m);
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = opts.dateFormat ?? 'dd.mm.yyyy';
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csv(
  rows: (string | number)[][],
  opts: { delimiter?: string; encoding?: 'utf8' | 'utf8bom' | 'win1251'; eol?: string } = {},
): Buffer {
  const d = opts.delimiter ?? ';';
  const quote = (v: string | number) => {
    const s = String(v);
    return /["\n\r]/.test(s) || s.includes(d) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text =
    rows.map((r) => r.map(quote).join(d)).join(opts.eol ?? '\r\n') + (opts.eol ?? '\r\n');
  if (opts.encoding === 'win1251') return iconv.encode(text, 'win1251');
  const body = Buffer.from(text, 'utf8');
  return opts.encoding === 'utf8bom'
    ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])
    : body;
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportWorld {
  m: number;
  school: number;
  schoolB: number;
  kindergarten: number;
  authority: number;
  ids: Record<'mun' | 'adminA' | 'adminB' | 'teacher', number>;
}

/**
 * A municipality with two schools, a kindergarten and the authority; a
 * municipal administrator `mun`, administrators of each school
 * (`admina`, `adminb`) and a teacher of school A without grants (`teachera`).
 */
export async function buildImportWorld(db: Db, tag = ''): Promise<ImportWorld> {
  const m = await buildMunicipality(db);
  const school = await buildOrg(db, m, 'general', 'Школа № 1');
  const schoolB = await buildOrg(db, m, 'general', 'Школа № 2');
  const kindergarten = await buildOrg(db, m, 'preschool', 'Детский сад № 5');
  const authority = await buildOrg(db, m, 'authority', 'Управление образования');
  const person = async (login: string, lastName: string) =>
    (await buildPerson(db, m, { login: `${login}${tag}`, lastName })).personId;
  const mun = await person('mun', 'Муниципалова');
  const adminA = await person('admina', 'Секретарёва');
  const adminB = await person('adminb', 'Чужая');
  const teacher = await person('teachera', 'Педагогова');
  await grant(db, mun, 'municipal_admin', { municipalityId: m });
  await grant(db, adminA, 'org_admin', { organizationId: school });
  await grant(db, adminB, 'org_admin', { organizationId: schoolB });
  await buildPosition(db, teacher, school, 'teacher');
  await buildPosition(db, mun, authority, 'authority_staff');
  return { m, school, schoolB, kindergarten, authority, ids: { mun, adminA, adminB, teacher } };
}

/** Posts a file to the import endpoint. */
export function postImport(
  app: AppInstance,
  who: Session | null,
  url: string,
  body: Buffer | string,
  contentType = XLSX,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { ...(who ? who.headers : {}), 'content-type': contentType },
    payload: body,
  });
}
