import ExcelJS from 'exceljs';
import { isoWeekLabel, isoWeekRange, normalizePhone, type ImportResult } from '@parta/shared';
import type { Db } from '../../db/database';
import { AppError } from '../../platform/errors';
import { audit } from '../audit';
import * as repo from './monitoring.repository';
import { refreeze, type MunicipalityRef } from './monitoring.service';

/**
 * Activity imported from another messenger: a CSV or XLSX of per-person
 * weekly message counts, matched to people by phone, e-mail or external id.
 * Stored apart in `activity_imported` (one row per person and week; a
 * re-import replaces it, so importing a file twice changes nothing) and
 * shown apart in the report.
 *
 * Columns are found by their header (Russian or English, any order):
 * phone | телефон, email | e-mail | почта, external_id | id | внешний id,
 * week | неделя (2023-W50, or any date of the week: 2023-12-11, 11.12.2023),
 * messages | сообщений | сообщения.
 */

export const IMPORT_MAX_ROWS = 200_000;

export interface ImportRow {
  line: number;
  phone: string | null;
  email: string | null;
  externalId: string | null;
  week: string | null;
  messages: string | null;
}

type Field = 'phone' | 'email' | 'externalId' | 'week' | 'messages';

const HEADERS: Record<Field, RegExp> = {
  phone: /^(phone|телефон|тел\.?|мобильный|phone number)$/,
  email: /^(e-?mail|почта|эл\.? ?почта|электронная почта)$/,
  externalId: /^(external[ _]?id|id|внешний id|идентификатор|user[ _]?id)$/,
  week: /^(week|неделя|период|дата)$/,
  messages: /^(messages|сообщений|сообщения|кол-во сообщений|количество сообщений)$/,
};

function invalidFile(message: string): AppError {
  return new AppError('ACTIVITY_IMPORT_INVALID', message);
}

function mapHeader(cells: string[]): Map<Field, number> {
  const found = new Map<Field, number>();
  cells.forEach((raw, i) => {
    const h = raw.trim().toLowerCase();
    for (const [field, re] of Object.entries(HEADERS) as [Field, RegExp][]) {
      if (!found.has(field) && re.test(h)) found.set(field, i);
    }
  });
  if (!found.has('week')) throw invalidFile('No week column (week / неделя).');
  if (!found.has('messages')) throw invalidFile('No messages column (messages / сообщений).');
  if (!found.has('phone') && !found.has('email') && !found.has('externalId')) {
    throw invalidFile('No column to match people by: phone, email or external_id.');
  }
  return found;
}

function toRows(table: string[][]): ImportRow[] {
  const headerAt = table.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerAt < 0) throw invalidFile('The file is empty.');
  const map = mapHeader(table[headerAt] as string[]);
  const get = (r: string[], f: Field) => {
    const i = map.get(f);
    const v = i === undefined ? '' : (r[i] ?? '').trim();
    return v === '' ? null : v;
  };
  const rows: ImportRow[] = [];
  table.slice(headerAt + 1).forEach((r, i) => {
    if (r.every((c) => c.trim() === '')) return;
    rows.push({
      line: headerAt + i + 2,
      phone: get(r, 'phone'),
      email: get(r, 'email'),
      externalId: get(r, 'externalId'),
      week: get(r, 'week'),
      messages: get(r, 'messages'),
    });
  });
  if (rows.length > IMPORT_MAX_ROWS) throw invalidFile(`At most ${IMPORT_MAX_ROWS} rows per file.`);
  return rows;
}

/** CSV with `;` or `,` (whichever the header line uses), quotes, optional BOM. */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const sep =
    (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    return '';
  }
  return String(v);
}

export async function parseXlsx(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw invalidFile('The file is not a readable XLSX workbook.');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw invalidFile('The workbook has no sheets.');
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= ws.columnCount; i++) cells.push(cellText(row.getCell(i).value));
    out.push(cells);
  });
  return out;
}

/** `2023-W50`, `2023-12-11` or `11.12.2023` → the ISO week; null when none of these. */
export function weekOf(value: string): string | null {
  const v = value.trim();
  if (/^\d{4}-W\d{2}$/.test(v)) return isoWeekRange(v) ? v : null;
  let day: string | null = null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v);
  if (iso) day = `${iso[1]}-${iso[2]}-${iso[3]}`;
  else if (ru) day = `${ru[3]}-${ru[2]}-${ru[1]}`;
  if (!day) return null;
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) return null;
  return isoWeekLabel(day);
}

export async function readImportFile(name: string, content: Buffer): Promise<ImportRow[]> {
  const isXlsx = /\.xlsx$/i.test(name) || content.subarray(0, 2).toString('latin1') === 'PK';
  const table = isXlsx ? await parseXlsx(content) : parseCsv(content.toString('utf8'));
  return toRows(table);
}

/**
 * Imports a file for a municipality: rows matched to exactly one person are
 * stored (replacing that person's count for the week), the others reported
 * with the reason. Closed weeks already frozen are frozen again.
 */
export async function importActivity(
  db: Db,
  m: MunicipalityRef,
  file: { name: string; content: Buffer },
  by: { personId: number | null; ip?: string | null },
  now: Date,
): Promise<ImportResult> {
  const rows = await readImportFile(file.name, file.content);
  const people = await repo.peopleForMatching(db, m.id);
  const index = (key: (p: (typeof people)[number]) => string | null) => {
    const map = new Map<string, number[]>();
    for (const p of people) {
      const k = key(p);
      if (k) map.set(k, [...(map.get(k) ?? []), p.id]);
    }
    return map;
  };
  const byPhone = index((p) => (p.phone ? normalizePhone(p.phone) : null));
  const byEmail = index((p) => p.email?.trim().toLowerCase() ?? null);
  const byExternal = index((p) => p.external_id?.trim() ?? null);

  const unmatched: { line: number; reason: string }[] = [];
  const stored = new Map<string, { person: number; week: string; messages: number }>();
  for (const r of rows) {
    const week = r.week ? weekOf(r.week) : null;
    if (!week) {
      unmatched.push({ line: r.line, reason: `no such week: ${r.week ?? '(empty)'}` });
      continue;
    }
    const messages = r.messages === null ? Number.NaN : Number(r.messages.replace(/\s/g, ''));
    if (!Number.isInteger(messages) || messages < 0 || messages > 1_000_000) {
      unmatched.push({
        line: r.line,
        reason: `not a count of messages: ${r.messages ?? '(empty)'}`,
      });
      continue;
    }
    const candidates = new Set<number>();
    const tried: string[] = [];
    const look = (map: Map<string, number[]>, key: string | null, what: string) => {
      if (key === null) return;
      tried.push(what);
      for (const id of map.get(key) ?? []) candidates.add(id);
    };
    look(byExternal, r.externalId, 'external id');
    if (candidates.size === 0) look(byPhone, r.phone ? normalizePhone(r.phone) : null, 'phone');
    if (candidates.size === 0) look(byEmail, r.email?.toLowerCase() ?? null, 'e-mail');
    if (candidates.size !== 1) {
      unmatched.push({
        line: r.line,
        reason:
          candidates.size === 0
            ? `nobody with this ${tried.join(' / ') || 'contact'}`
            : `${candidates.size} people match; give an external id`,
      });
      continue;
    }
    const person = [...candidates][0] as number;
    // The last row for the same person and week wins, as a re-import would.
    stored.set(`${person}|${week}`, { person, week, messages });
  }

  const weeks = [...new Set([...stored.values()].map((s) => s.week))].sort();
  const importId = await db.transaction().execute(async (trx) => {
    const id = await repo.insertImport(trx, {
      municipality_id: m.id,
      file_name: file.name.slice(0, 255),
      imported_by: by.personId,
      imported_at: now,
      rows_total: rows.length,
      rows_matched: stored.size,
      weeks: JSON.stringify(weeks),
    });
    await repo.upsertImported(
      trx,
      [...stored.values()].map((s) => ({
        week_start: (isoWeekRange(s.week) as { from: string }).from,
        person_id: s.person,
        municipality_id: m.id,
        messages: s.messages,
        import_id: id,
      })),
    );
    await audit(
      trx,
      {
        actorPersonId: by.personId,
        action: 'monitoring.activity_imported',
        targetType: 'municipality',
        targetId: m.id,
        municipalityId: m.id,
        ip: by.ip ?? null,
        details: { file: file.name, rows: rows.length, matched: stored.size, weeks },
      },
      now,
    );
    return id;
  });
  const refrozen = await refreeze(db, m, weeks, now);
  return {
    importId,
    rows: rows.length,
    matched: stored.size,
    weeks,
    unmatched: unmatched.slice(0, 100),
    refrozen,
  };
}
