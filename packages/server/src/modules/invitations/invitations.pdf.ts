import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * Printable invitation sheets: A4 pages of cut-out slips, eight to a page,
 * each with a QR code, the short link, the code, whom it is for, and three
 * lines of instructions in Russian. Text is set in DejaVu Sans, embedded
 * (the `dejavu-fonts-ttf` package), so Cyrillic prints anywhere.
 */

export interface Slip {
  /** «Приглашение для родителей». */
  heading: string;
  /** The pupil or the staff member the slip is for. */
  name: string;
  /** «5А · МАОУ СОШ № 1». */
  place: string;
  link: string;
  code: string;
  /** «Действует до 01.05.2024». */
  validity: string;
  instructions: [string, string, string];
}

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const PAGE = { width: 595.28, height: 841.89, margin: 24 };
const COLS = 2;
const ROWS = 4;
export const SLIPS_PER_PAGE = COLS * ROWS;

/** Draws the QR code as vector squares (crisp at any printer resolution). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save().fillColor('#000000');
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (start + quiet) * cell, y + (r + quiet) * cell, (c - start) * cell, cell).fill();
    }
  }
  doc.restore();
}

function drawSlip(doc: PDFKit.PDFDocument, s: Slip, x: number, y: number, w: number, h: number) {
  doc
    .save()
    .lineWidth(0.5)
    .dash(4, { space: 3 })
    .strokeColor('#888888')
    .rect(x, y, w, h)
    .stroke()
    .undash()
    .restore();
  const pad = 10;
  const qr = 104;
  drawQr(doc, s.link, x + pad - 4, y + pad - 4, qr);
  const tx = x + pad + qr + 4;
  const tw = w - (tx - x) - pad;
  doc.fillColor('#000000');
  doc
    .font('Bold')
    .fontSize(9)
    .text(s.heading, tx, y + pad, { width: tw });
  doc.moveDown(0.3);
  doc.font('Bold').fontSize(11).text(s.name, { width: tw, height: 42, ellipsis: true });
  doc.moveDown(0.2);
  doc.font('Body').fontSize(8.5).text(s.place, { width: tw, height: 24, ellipsis: true });
  doc.moveDown(0.3);
  doc.font('Body').fontSize(7.5).fillColor('#444444').text(s.validity, { width: tw });
  doc.fillColor('#000000');
  let ly = y + pad + qr;
  doc
    .font('Body')
    .fontSize(8)
    .text(s.link, x + pad, ly, { width: w - 2 * pad, lineBreak: false });
  ly += 12;
  doc
    .font('Bold')
    .fontSize(10)
    .text(`Код: ${s.code}`, x + pad, ly, { width: w - 2 * pad, lineBreak: false });
  ly += 15;
  doc.font('Body').fontSize(7.5);
  s.instructions.forEach((line, i) => {
    doc.text(`${i + 1}. ${line}`, x + pad, ly, { width: w - 2 * pad });
    ly = doc.y + 1;
  });
}

/**
 * A sheet of slips: every page starts with `title`, `subtitle` and, when
 * given, a `warning` line (who is left out); an empty list prints one page
 * saying so (`emptyText`). Resolves with the PDF bytes.
 */
export function renderSheet(opts: {
  title: string;
  subtitle: string;
  warning?: string | undefined;
  slips: Slip[];
  emptyText: string;
}): Promise<Buffer> {
  const f = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    autoFirstPage: false,
    info: { Title: opts.title, Author: 'Parta', Subject: opts.subtitle },
  });
  doc.registerFont('Body', f.regular);
  doc.registerFont('Bold', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const headerH = opts.warning ? 46 : 34;
  const gridTop = PAGE.margin + headerH;
  const w = (PAGE.width - 2 * PAGE.margin) / COLS;
  const h = (PAGE.height - gridTop - PAGE.margin) / ROWS;
  const pages = Math.max(1, Math.ceil(opts.slips.length / SLIPS_PER_PAGE));
  for (let p = 0; p < pages; p++) {
    doc.addPage();
    doc.font('Bold').fontSize(12).text(opts.title, PAGE.margin, PAGE.margin, { lineBreak: false });
    doc
      .font('Body')
      .fontSize(8)
      .fillColor('#444444')
      .text(`${opts.subtitle} · лист ${p + 1} из ${pages}`, PAGE.margin, PAGE.margin + 16, {
        lineBreak: false,
      })
      .fillColor('#000000');
    if (opts.warning)
      doc
        .font('Bold')
        .fontSize(8)
        .fillColor('#a3290a')
        .text(opts.warning, PAGE.margin, PAGE.margin + 28, { lineBreak: false })
        .fillColor('#000000');
    const page = opts.slips.slice(p * SLIPS_PER_PAGE, (p + 1) * SLIPS_PER_PAGE);
    if (page.length === 0)
      doc
        .font('Body')
        .fontSize(11)
        .text(opts.emptyText, PAGE.margin, gridTop + 20);
    page.forEach((s, i) => {
      const col = i % COLS;
      const row = Math.floor(i / COLS);
      drawSlip(doc, s, PAGE.margin + col * w, gridTop + row * h, w, h);
    });
  }
  doc.end();
  return done;
}

/** The QR code of a link as PNG or SVG (for screens and for printing elsewhere). */
export async function qrImage(text: string, format: 'png' | 'svg'): Promise<Buffer | string> {
  const opts = { errorCorrectionLevel: 'M' as const, margin: 2 };
  if (format === 'svg') return QRCode.toString(text, { ...opts, type: 'svg' });
  return QRCode.toBuffer(text, { ...opts, type: 'png', scale: 8 });
}
