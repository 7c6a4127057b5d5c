import type { ImportFormat } from '@parta/shared';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../platform/errors';

/**
 * Reads a roster file into rows of cells, whatever produced it: XLSX (Excel,
 * LibreOffice, «1С», exceljs) or CSV (UTF-8 with or without BOM, UTF-16 as
 * Excel's «Unicode text», Windows-1251; `;`, `,` or tab). Memory and time are
 * bounded before the content is looked at: the archive's declared size, the
 * number of rows (the XLSX parser stops past the limit) and of columns.
 */

export type Cell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  /** A date cell: UTC midnight of the calendar date. */
  | { kind: 'date'; date: Date }
  | { kind: 'bool'; value: boolean }
  /** A formula whose result the file does not carry (never recalculated). */
  | { kind: 'formula'; formula: string }
  | { kind: 'error'; error: string };

export interface SheetRow {
  /** Row number as the spreadsheet shows it (1-based). */
  n: number;
  cells: Cell[];
  /**
   * The text of a row that is one merged cell across columns («5 А класс»
   * above its pupils); such rows are section titles, not data.
   */
  section: string | null;
}

export interface Sheet {
  format: ImportFormat;
  encoding: string | null;
  delimiter: string | null;
  sheetName: string | null;
  /** The workbook counts days from 1904 (old Mac Excel). */
  date1904: boolean;
  rows: SheetRow[];
}

export interface ReadLimits {
  /** Rows beyond the header that the caller will accept; the reader stops a little past it. */
  maxRows: number;
}

/** Rows allowed above the data (titles, the header) beyond `maxRows`. */
export const HEADER_ALLOWANCE = 30;
export const MAX_COLUMNS = 100;
/** The largest the unpacked XML of an XLSX may declare: a «zip bomb» is refused unread. */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

const EMPTY: Cell = { kind: 'empty' };

const unreadable = (message: string) => new AppError('IMPORT_UNREADABLE_FILE', message);

export const tooManyRows = (maxRows: number) =>
  new AppError(
    'IMPORT_TOO_MANY_ROWS',
    `В файле больше ${maxRows.toLocaleString('ru-RU')} строк — это больше, чем принимает один импорт. ` +
      'Разделите файл на части (например, по классам или параллелям) и загрузите их по очереди.',
  );

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/** Recognises what the bytes are; only XLSX and CSV are read. */
export function sniffFormat(buf: Buffer): ImportFormat {
  if (buf.length === 0) throw unreadable('Файл пустой.');
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0]))
    throw unreadable(
      'Это файл старого формата Excel (.xls). Откройте его в Excel или LibreOffice и сохраните как «Книга Excel (.xlsx)» или «CSV».',
    );
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46]))
    throw unreadable('Это PDF, а не таблица. Загрузите файл XLSX или CSV.');
  if (
    startsWith(buf, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(buf, [0xff, 0xd8, 0xff]) ||
    startsWith(buf, [0x47, 0x49, 0x46, 0x38])
  )
    throw unreadable('Это изображение, а не таблица. Загрузите файл XLSX или CSV.');
  if (startsWith(buf, [0x7b, 0x5c, 0x72, 0x74, 0x66]))
    throw unreadable('Это документ RTF, а не таблица. Загрузите файл XLSX или CSV.');
  if (startsWith(buf, [0x1f, 0x8b]) || startsWith(buf, [0x52, 0x61, 0x72, 0x21]))
    throw unreadable('Это архив, а не таблица. Загрузите файл XLSX или CSV.');
  return 'csv';
}

/**
 * Total uncompressed size the ZIP's central directory declares, or null when
 * the directory cannot be found (the XLSX parser then reports the damage).
 */
export function zipDeclaredSize(buf: Buffer): number | null {
  const min = Math.max(0, buf.length - 65_557);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    const entries = buf.readUInt16LE(i + 10);
    let p = buf.readUInt32LE(i + 16);
    let total = 0;
    for (let e = 0; e < entries; e++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
      total += buf.readUInt32LE(p + 24);
      p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    }
    return total;
  }
  return null;
}

// ---------------------------------------------------------------------------
// XLSX

type ExcelValue = ExcelJS.CellValue;

function excelCell(value: ExcelValue): Cell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return value.trim() ? { kind: 'text', text: value } : EMPTY;
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (value instanceof Date) return { kind: 'date', date: value };
  if (typeof value === 'object') {
    if ('richText' in value) {
      const text = value.richText.map((r) => r.text).join('');
      return text.trim() ? { kind: 'text', text } : EMPTY;
    }
    if ('error' in value) return { kind: 'error', error: String(value.error) };
    if ('formula' in value || 'sharedFormula' in value) {
      const f = value as { formula?: string; sharedFormula?: string; result?: unknown };
      const result = f.result;
      if (result === undefined || result === null) {
        return { kind: 'formula', formula: f.formula ?? f.sharedFormula ?? '' };
      }
      if (typeof result === 'object' && result !== null && 'error' in result)
        return { kind: 'error', error: String((result as { error: unknown }).error) };
      return excelCell(result as ExcelValue);
    }
    if ('text' in value) {
      const t = (value as { text: unknown }).text;
      return typeof t === 'string' ? excelCell(t) : excelCell(t as ExcelValue);
    }
  }
  return EMPTY;
}

async function readXlsx(buf: Buffer, limits: ReadLimits): Promise<Sheet> {
  const declared = zipDeclaredSize(buf);
  if (declared !== null && declared > MAX_UNZIPPED_BYTES)
    throw unreadable('Файл XLSX после распаковки слишком велик; похоже, он повреждён.');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      buf as unknown as ArrayBuffer,
      {
        // Slack for rows that carry only formatting; data rows are counted exactly later.
        maxRows: Math.ceil(limits.maxRows * 1.25) + HEADER_ALLOWANCE,
        maxCols: MAX_COLUMNS * 4,
        ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst', 'drawing', 'picture'],
      } as Parameters<ExcelJS.Xlsx['load']>[1],
    );
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    if (/Max row count/.test(msg)) throw tooManyRows(limits.maxRows);
    if (/Max column count/.test(msg))
      throw unreadable(`В таблице больше ${MAX_COLUMNS} столбцов; оставьте только нужные.`);
    throw unreadable(
      'Не удалось прочитать файл XLSX: он повреждён или это не таблица Excel. Сохраните его заново как «Книга Excel (.xlsx)» или CSV.',
    );
  }
  const ws = wb.worksheets.find((s) => s.state !== 'hidden' && s.actualRowCount > 0);
  if (!ws) throw unreadable('В книге нет ни одного непустого листа.');
  const date1904 = Boolean((wb.properties as { date1904?: boolean }).date1904);
  const columns = Math.min(ws.columnCount, MAX_COLUMNS);
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: Cell[] = [];
    const masters = new Set<string>();
    let mergedCells = 0;
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      const v = excelCell(cell.value);
      cells.push(v);
      if (v.kind !== 'empty') {
        masters.add(cell.isMerged ? cell.master.address : cell.address);
        if (cell.isMerged) mergedCells++;
      }
    }
    const first = cells.find((c) => c.kind !== 'empty');
    if (!first) return;
    const section =
      masters.size === 1 && mergedCells >= 2 && first?.kind === 'text' ? first.text.trim() : null;
    rows.push({ n, cells, section });
  });
  return { format: 'xlsx', encoding: null, delimiter: null, sheetName: ws.name, date1904, rows };
}

// ---------------------------------------------------------------------------
// CSV

/** Decodes CSV bytes: BOM first, then strict UTF-8, then Windows-1251 (what Excel writes in Russia). */
export function decodeCsv(buf: Buffer): { text: string; encoding: string } {
  if (startsWith(buf, [0xef, 0xbb, 0xbf]))
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (startsWith(buf, [0xff, 0xfe]))
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (startsWith(buf, [0xfe, 0xff]))
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  const sample = buf.subarray(0, 64 * 1024);
  let controls = 0;
  for (const b of sample) if (b < 0x09) controls++;
  if (controls > 0)
    throw unreadable(
      'Файл не похож на таблицу: это не XLSX и не текст CSV. Загрузите XLSX или CSV.',
    );
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'win1251'), encoding: 'windows-1251' };
  }
}

/** Counts a character outside quotes on one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The separator: the candidate that splits the most lines into the same
 * number of fields (its most frequent non-zero count × how many lines have it).
 */
export function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim())
    .slice(0, 50);
  let best = ';';
  let bestScore = 0;
  for (const d of [';', ',', '\t']) {
    const freq = new Map<number, number>();
    for (const l of lines) {
      const n = countOutsideQuotes(l, d);
      if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    }
    let score = 0;
    for (const [count, times] of freq) score = Math.max(score, count * times);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function readCsv(buf: Buffer, limits: ReadLimits): Sheet {
  const { text, encoding } = decodeCsv(buf);
  const delimiter = detectDelimiter(text);
  const cap = limits.maxRows + HEADER_ALLOWANCE;
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      to: cap + 1,
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw unreadable(
      `Не удалось разобрать CSV${line ? ` (строка ${line})` : ''}: проверьте кавычки — у каждого поля в кавычках должна быть закрывающая кавычка.`,
    );
  }
  if (records.length > cap) throw tooManyRows(limits.maxRows);
  const rows: SheetRow[] = [];
  records.forEach((rec, i) => {
    if (rec.length > MAX_COLUMNS * 4)
      throw unreadable(`В строке ${i + 1} больше ${MAX_COLUMNS} столбцов; проверьте разделитель.`);
    const cells: Cell[] = rec
      .slice(0, MAX_COLUMNS)
      .map((t) => (t.trim() ? { kind: 'text', text: t } : EMPTY));
    if (cells.some((c) => c.kind !== 'empty')) rows.push({ n: i + 1, cells, section: null });
  });
  return { format: 'csv', encoding, delimiter, sheetName: null, date1904: false, rows };
}

/** Reads a roster file; throws IMPORT_UNREADABLE_FILE or IMPORT_TOO_MANY_ROWS with a Russian message. */
export async function readSheet(buf: Buffer, limits: ReadLimits): Promise<Sheet> {
  const format = sniffFormat(buf);
  return format === 'xlsx' ? readXlsx(buf, limits) : readCsv(buf, limits);
}
