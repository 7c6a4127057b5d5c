import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { TrendPoint, WeeklyReport } from '@parta/shared';
import {
  reportHeading,
  signed,
  zoneRu,
  type Cell,
  type Column,
  type Sheet,
} from './monitoring.tables';
import {
  KIND_RU,
  atLeastMessages,
  organizations as orgsRu,
  pedagogicalWorkers,
  percent,
  ruDate,
} from './monitoring.text';

/**
 * Files of the weekly report: XLSX (exceljs, print-ready: landscape A4,
 * fit to width, header rows repeated), CSV (UTF-8 with BOM, `;`, CRLF —
 * what Russian Excel opens as is) and a one-page PDF summary with the trend
 * chart (pdfkit, DejaVu Sans embedded for Cyrillic).
 */

export const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
} as const;

export function fileName(r: WeeklyReport, format: keyof typeof CONTENT_TYPES): string {
  return `monitoring-${r.week}-n${r.threshold}.${format}`;
}

const ZONE_FILL: Record<string, string> = {
  red: 'FFFFC7CE',
  yellow: 'FFFFEB9C',
  green: 'FFC6EFCE',
};

function excelValue(c: Cell, format: Column['format']): ExcelJS.CellValue {
  if (c === null) return null;
  if (format === 'zone') return zoneRu(typeof c === 'string' ? c : null);
  return c;
}

export async function renderXlsx(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Parta';
  wb.created = new Date(0);
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, {
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '&LParta&RСтраница &P из &N' },
    });
    const widths: number[] = [];
    let rowNo = 1;
    let firstHeader = 0;
    for (const t of s.tables) {
      const title = ws.getRow(rowNo);
      title.getCell(1).value = t.title;
      title.getCell(1).font = { bold: true, size: 12 };
      rowNo += 1;
      const header = ws.getRow(rowNo);
      if (firstHeader === 0) firstHeader = rowNo;
      t.columns.forEach((c, i) => {
        const cell = header.getCell(i + 1);
        cell.value = c.header;
        cell.font = { bold: true };
        cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
        cell.border = thin;
        widths[i] = Math.max(widths[i] ?? 0, c.width);
      });
      header.height = 45;
      rowNo += 1;
      for (const values of t.rows) {
        const row = ws.getRow(rowNo);
        t.columns.forEach((c, i) => {
          const cell = row.getCell(i + 1);
          const v = values[i] ?? null;
          cell.value = excelValue(v, c.format);
          cell.border = thin;
          if (c.format === 'percent') cell.numFmt = '0.0%';
          if (c.format === 'signed') cell.numFmt = '+0;-0;0';
          if (c.format === 'text') cell.alignment = { wrapText: true, vertical: 'top' };
          if (c.format === 'zone' && typeof v === 'string' && ZONE_FILL[v]) {
            cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ZONE_FILL[v] } };
          }
        });
        rowNo += 1;
      }
      rowNo += 1;
    }
    widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    if (firstHeader > 0) {
      ws.pageSetup.printTitlesRow = `${firstHeader}:${firstHeader}`;
      ws.views = [{ state: 'frozen', ySplit: firstHeader }];
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function csvValue(c: Cell, format: Column['format']): string {
  if (c === null) return '';
  let s: string;
  if (format === 'percent' && typeof c === 'number') s = (c * 100).toFixed(1).replace('.', ',');
  else if (format === 'zone') s = zoneRu(typeof c === 'string' ? c : null);
  else if (format === 'signed' && typeof c === 'number') s = signed(c);
  else s = String(c);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every table, one after another: a title line, the header, the rows, an empty line. */
export function renderCsv(sheets: Sheet[]): Buffer {
  const lines: string[] = [];
  for (const s of sheets) {
    for (const t of s.tables) {
      lines.push(csvValue(t.title, 'text'));
      lines.push(
        t.columns
          .map((c) => csvValue(c.format === 'percent' ? `${c.header}, %` : c.header, 'text'))
          .join(';'),
      );
      for (const row of t.rows)
        lines.push(t.columns.map((c, i) => csvValue(row[i] ?? null, c.format)).join(';'));
      lines.push('');
    }
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}`, 'utf8');
}

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** One A4 page: headline numbers, the table by type, the trend chart, zones and the weakest. */
export function renderPdf(r: WeeklyReport, trend: TrendPoint[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `Мониторинг ${r.week}`, Author: 'Parta' },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) =>
    doc.on('end', () => resolve(Buffer.concat(chunks))),
  );

  const left = 40;
  const width = doc.page.width - 80;
  doc.font('bold').fontSize(15).text('Мониторинг использования платформы', left, 40);
  doc.font('body').fontSize(10).fillColor('#444').text(reportHeading(r));
  doc.text(`Учитываются написавшие ${atLeastMessages(r.threshold)} за неделю (${r.timeZone}).`);
  doc.moveDown(0.6).fillColor('#000');

  const p = r.totals.pedagogical;
  const a = r.totals.authority;
  const f = r.totals.families;
  const boxes: [string, string, string][] = [
    ['Педагогические работники', `${p.active} из ${p.baseline}`, percent(p.share)],
    ['Сотрудники УО', `${a.active} из ${a.baseline}`, percent(a.share)],
    [
      'Обучающиеся с подключённым родителем',
      `${f.pupilsWithConnectedParent}`,
      percent(f.parentShare),
    ],
  ];
  const boxW = (width - 20) / 3;
  const boxY = doc.y;
  boxes.forEach(([label, value, share], i) => {
    const x = left + i * (boxW + 10);
    doc.roundedRect(x, boxY, boxW, 62, 4).strokeColor('#bbb').stroke();
    doc
      .font('body')
      .fontSize(8)
      .fillColor('#555')
      .text(label, x + 8, boxY + 6, { width: boxW - 16 });
    doc
      .font('bold')
      .fontSize(16)
      .fillColor('#000')
      .text(share, x + 8, boxY + 22, { width: boxW - 16 });
    doc
      .font('body')
      .fontSize(9)
      .fillColor('#333')
      .text(value, x + 8, boxY + 44, { width: boxW - 16 });
  });
  doc.y = boxY + 74;
  if (r.change) {
    doc
      .font('body')
      .fontSize(9)
      .fillColor('#000')
      .text(
        `К прошлой неделе (${r.change.previousWeek}): педагогов ${signed(r.change.pedagogicalActive)}, ` +
          `сотрудников УО ${signed(r.change.authorityActive)}. Содержательных сообщений: ${percent(p.substantiveShare)}.`,
        left,
      );
  }
  doc.moveDown(0.6);

  // Table by type.
  const cols = [170, 55, 70, 70, 60, 80];
  const heads = ['Тип организаций', 'Штат', 'Зарегистр.', 'Написали', 'Доля', 'Организаций'];
  const rows: string[][] = [
    [
      'Округ, всего',
      String(p.baseline),
      String(p.registered),
      String(p.active),
      percent(p.share),
      String(r.organizations.length),
    ],
    ...r.byType.map((b) => [
      KIND_RU[b.type],
      String(b.baseline),
      String(b.registered),
      String(b.active),
      percent(b.share),
      String(b.organizations),
    ]),
  ];
  let y = doc.y;
  const drawRow = (cells: string[], bold: boolean) => {
    let x = left;
    doc.font(bold ? 'bold' : 'body').fontSize(9);
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 3, { width: (cols[i] ?? 60) - 4, align: i === 0 ? 'left' : 'right' });
      x += cols[i] ?? 60;
    });
    y += 16;
    doc
      .moveTo(left, y)
      .lineTo(left + cols.reduce((s, c) => s + c, 0), y)
      .strokeColor('#ddd')
      .stroke();
  };
  drawRow(heads, true);
  rows.forEach((row, i) => drawRow(row, i === 0));
  y += 14;

  // Trend chart.
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('#000')
    .text('Динамика по неделям, доля от штата', left, y);
  y += 18;
  const chart = { x: left + 30, y, w: width - 40, h: 190 };
  doc.rect(chart.x, chart.y, chart.w, chart.h).strokeColor('#999').stroke();
  doc.font('body').fontSize(7).fillColor('#555');
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    const gy = chart.y + chart.h - v * chart.h;
    doc
      .moveTo(chart.x, gy)
      .lineTo(chart.x + chart.w, gy)
      .strokeColor('#eee')
      .stroke();
    doc.fillColor('#555').text(`${v * 100} %`, left - 4, gy - 4, { width: 30, align: 'right' });
  }
  const target = Math.min(1, r.zones.targetShare);
  const ty = chart.y + chart.h - target * chart.h;
  doc
    .moveTo(chart.x, ty)
    .lineTo(chart.x + chart.w, ty)
    .dash(4, { space: 3 })
    .strokeColor('#c00')
    .stroke()
    .undash();
  const step = trend.length > 1 ? chart.w / (trend.length - 1) : 0;
  const line = (pick: (t: TrendPoint) => number | null, color: string) => {
    let started = false;
    trend.forEach((t, i) => {
      const v = pick(t);
      if (v === null) return;
      const px = chart.x + i * step;
      const py = chart.y + chart.h - Math.min(1, v) * chart.h;
      if (started) doc.lineTo(px, py);
      else doc.moveTo(px, py);
      started = true;
    });
    if (started) doc.lineWidth(1.6).strokeColor(color).stroke().lineWidth(1);
  };
  line((t) => t.pedagogical.share, '#1f5fbf');
  line((t) => t.authority.share, '#2e8b57');
  const every = Math.max(1, Math.ceil(trend.length / 8));
  trend.forEach((t, i) => {
    if ((trend.length - 1 - i) % every !== 0) return; // aligned on the report's week
    doc
      .fillColor('#555')
      .fontSize(7)
      .text(t.week, chart.x + i * step - 20, chart.y + chart.h + 3, {
        width: 40,
        align: 'center',
      });
  });
  y = chart.y + chart.h + 16;
  doc
    .fontSize(8)
    .fillColor('#1f5fbf')
    .text('— педагогические работники', left + 30, y, { continued: true });
  doc.fillColor('#2e8b57').text('    — сотрудники УО', { continued: true });
  doc.fillColor('#c00').text(`    - - цель ${percent(target, 0)}`);
  y += 20;

  // Zones and the weakest.
  const zones = { red: 0, yellow: 0, green: 0 };
  for (const o of r.organizations) if (o.zone) zones[o.zone] += 1;
  doc
    .font('bold')
    .fontSize(10)
    .fillColor('#000')
    .text(
      `Зоны: красная — ${orgsRu(zones.red)}, жёлтая — ${orgsRu(zones.yellow)}, зелёная — ${orgsRu(zones.green)}`,
      left,
      y,
    );
  doc.moveDown(0.3);
  doc.font('body').fontSize(9);
  for (const w of r.weakest.slice(0, 6)) {
    doc.text(`• ${w.name}: ${percent(w.share)} (${zoneRu(w.zone)} зона)`);
  }
  doc.moveDown(0.4);
  doc
    .fontSize(8)
    .fillColor('#666')
    .text(
      `Всего ${pedagogicalWorkers(p.staff)} в должности, из них зарегистрированы ${p.registered}. ` +
        `${r.frozen ? `Данные зафиксированы ${ruDate((r.frozenAt ?? r.computedAt).slice(0, 10))}` : 'Данные рассчитаны на момент выгрузки'}.`,
    );
  doc.end();
  return done;
}
