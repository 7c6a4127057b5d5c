import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassInfo, Me, Person } from '@parta/shared';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, VIEWPORTS } from './browser';
import { startServer, type RunningServer } from './server';
import { DEMO_PASSWORD, expectNoSeriousAxeViolations, SCREENSHOTS } from './support';

/**
 * Roster import end to end on the real server (demo district): the head of
 * school № 1 opens Управление → Импорт списков, uploads a real XLSX written
 * by exceljs with one bad row, sees the problem by row and column, uploads
 * the corrected file, confirms, and finds the pupils in their class.
 * Screenshots on a desktop and a 360 px phone; an axe check of the page.
 */

const CLASS = '5А';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PHONE_360 = {
  viewport: { width: 360, height: 780 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;

let server: RunningServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  expect(pageErrors).toEqual([]);
  pageErrors = [];
});

interface Session {
  page: Page;
  me: Me;
  get: <T>(path: string) => Promise<T>;
}

/** Signs in through the API (the form is covered by login.e2e.ts) and opens `path`. */
async function signIn(login: string, size: 'desktop' | 'phone360', path: string): Promise<Session> {
  if (!browser || !server) throw new Error('the browser or the server did not start');
  const baseUrl = server.baseUrl;
  const context = await browser.newContext({
    ...(size === 'desktop' ? VIEWPORTS.desktop : PHONE_360),
    locale: 'ru-RU',
  });
  contexts.push(context);
  const answer = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { login, password: DEMO_PASSWORD },
  });
  expect(answer.status(), `sign-in of ${login}`).toBe(200);
  const me = (await answer.json()) as Me;
  const get = async <T>(p: string) => {
    const response = await context.request.get(`${baseUrl}${p}`);
    expect(response.ok(), `GET ${p} → ${response.status()}`).toBe(true);
    return (await response.json()) as T;
  };
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${login}: ${error.message}`));
  await page.goto(`${baseUrl}${path}`);
  return { page, me, get };
}

/** A pupils list as a school keeps it: a title row, then the table. */
async function pupilsFile(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('5А');
  ws.addRow(['Список обучающихся 5 «А» класса на 2024/25 учебный год']);
  ws.mergeCells('A1:D1');
  ws.addRow(['№', 'ФИО обучающегося', 'Класс', 'Дата рождения']);
  rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
  ws.getColumn(4).numFmt = 'dd.mm.yyyy';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const GOOD: (string | Date)[][] = [
  ['Загрузкина Алиса Игоревна', CLASS, new Date(Date.UTC(2013, 2, 14))],
  ['Импортов Глеб Олегович', CLASS, '21.07.2013'],
];
const BAD_ROW: string[] = ['Таблицына Вера Павловна', '13Я', '01.01.2013'];
const FIXED_ROW: string[] = ['Таблицына Вера Павловна', CLASS, '01.01.2013'];

/**
 * The page scrolls inside the app's frame, so a full-page screenshot would
 * stop at the window: the window is made as tall as the page for the picture
 * (of the whole page, or of one element of it).
 */
async function screenshotWhole(page: Page, file: string, only?: string) {
  const size = page.viewportSize();
  if (!size) throw new Error('no viewport');
  const height = await page.evaluate(() =>
    Math.max(
      ...[...document.querySelectorAll<HTMLElement>('.workspace--page, body')].map(
        (el) => el.scrollHeight,
      ),
    ),
  );
  await page.setViewportSize({ width: size.width, height: Math.min(height + 80, 4000) });
  const path = join(SCREENSHOTS, file);
  await (only ? page.locator(only).screenshot({ path }) : page.screenshot({ path }));
  await page.setViewportSize(size);
}

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.getByTestId('import-file-input').setInputFiles({ name, mimeType: XLSX, buffer });
}

describe('roster import in the browser', () => {
  it('the head uploads an XLSX, sees the bad row by row and column, fixes it, confirms, and the pupils are in the class', async () => {
    const head = await signIn('head', 'desktop', '/');
    await head.page.getByRole('link', { name: 'Управление' }).first().click();
    await head.page.getByRole('heading', { name: 'Управление', level: 1 }).waitFor();
    await head.page
      .getByRole('navigation', { name: 'Разделы управления' })
      .getByRole('link', { name: 'Импорт списков' })
      .click();
    await head.page.getByRole('heading', { name: 'Импорт списков' }).waitFor();
    await head.page.getByRole('button', { name: 'Ученики', exact: true }).click();

    // 1. A file with a bad class in row 5 (a title row above the header).
    await upload(head.page, 'ученики 5А.xlsx', await pupilsFile([...GOOD, BAD_ROW]));
    const problems = head.page.getByRole('table', { name: '1 ошибка' });
    await problems.waitFor({ timeout: 20_000 });
    const problem = problems.getByRole('row').nth(1);
    await expect
      .poll(() => problem.innerText())
      .toMatch(/^5\s+C «Класс»\s+класс «13Я» не распознан/);
    await expect
      .poll(() => head.page.getByRole('button', { name: 'Загрузить в Парту' }).isDisabled())
      .toBe(true);
    await head.page.mouse.move(0, 0);
    await screenshotWhole(head.page, 'admin-import-desktop.png');
    await expectNoSeriousAxeViolations(head.page, 'the import preview with a problem, desktop');

    // Nothing was written by the check.
    const orgId = head.me.adminRoles[0]?.organizationId ?? 0;
    const classes = await head.get<{ items: ClassInfo[] }>(
      `/api/v1/organizations/${orgId}/classes?limit=200`,
    );
    const cls = classes.items.find((c) => c.name === CLASS);
    if (!cls) throw new Error(`no class ${CLASS} in the demo school`);
    const before = cls.pupilCount;

    // 2. The corrected file: no problems; confirm.
    await upload(head.page, 'ученики 5А (исправлено).xlsx', await pupilsFile([...GOOD, FIXED_ROW]));
    await head.page
      .getByTestId('import-dropzone')
      .getByText('ученики 5А (исправлено).xlsx')
      .waitFor();
    const confirm = head.page.getByRole('button', { name: 'Загрузить в Парту' });
    await expect.poll(() => confirm.isEnabled(), { timeout: 20_000 }).toBe(true);
    await expect
      .poll(() => head.page.locator('.stat-tile').first().innerText())
      .toMatch(/Будет создано\s+3\s+человека/);
    expect(await head.page.getByRole('table', { name: /ошиб/ }).count()).toBe(0);
    await confirm.click();
    await head.page
      .getByRole('heading', { name: 'Загрузка выполнена' })
      .waitFor({ timeout: 20_000 });
    await expect
      .poll(() => head.page.locator('.stat-tile').first().innerText())
      .toMatch(/Создано\s+3\s+человека/);
    await head.page.getByRole('heading', { name: 'Последние загрузки' }).waitFor();

    // 3. The pupils are in the class.
    await head.page.getByRole('link', { name: 'Открыть классы' }).click();
    await head.page
      .getByRole('table', { name: 'Классы' })
      .getByRole('link', { name: CLASS, exact: true })
      .click();
    await head.page.getByRole('heading', { name: CLASS, level: 2 }).waitFor();
    for (const name of [
      'Загрузкина Алиса Игоревна',
      'Импортов Глеб Олегович',
      'Таблицына Вера Павловна',
    ]) {
      await head.page.getByRole('link', { name }).waitFor();
    }
    const pupils = await head.get<{ items: Person[]; total: number }>(
      `/api/v1/classes/${cls.id}/pupils?limit=200`,
    );
    expect(pupils.total).toBe(before + 3);
  });

  it('on a 360 px phone the preview is a readable stack of cards, with no serious axe violations', async () => {
    const head = await signIn('head', 'phone360', '/admin/import?kind=pupils');
    await head.page.getByRole('heading', { name: 'Импорт списков' }).waitFor();
    await upload(
      head.page,
      'ученики.xlsx',
      await pupilsFile([['Телефонова Ксения Андреевна', CLASS, '09.09.2013'], BAD_ROW]),
    );
    const problems = head.page.getByRole('table', { name: '1 ошибка' });
    await problems.waitFor({ timeout: 20_000 });
    // Cards, not a table wider than the screen.
    const width = await head.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    // The check itself, as it stacks on a phone (the page above it is the same form).
    await screenshotWhole(head.page, 'admin-import-phone.png', '.import-preview');
    await expectNoSeriousAxeViolations(head.page, 'the import preview, phone');
  });
});
