import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ChatSummary,
  Invitation,
  Me,
  MunicipalOnboarding,
  Person,
  SheetPrepared,
} from '@parta/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, VIEWPORTS } from './browser';
import { startServer, type RunningServer } from './server';
import { DEMO_PASSWORD, expectNoSeriousAxeViolations, SCREENSHOTS } from './support';

/**
 * Onboarding end to end on the real server (demo district): the head prints
 * the parents' invitation sheet of a class from Управление → Приглашения;
 * a parent opens a personal invitation on a phone without an account,
 * creates one, and finds themselves in the class parents' chat.
 */

const CLASS = '1А';

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
  context: BrowserContext;
  page: Page;
  me: Me;
  api: <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;
}

/** The narrowest phone the app is made for. */
const PHONE_360 = {
  viewport: { width: 360, height: 780 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;

type Size = keyof typeof VIEWPORTS | 'phone360';

async function newContext(size: Size): Promise<BrowserContext> {
  if (!browser) throw new Error('the browser did not start');
  const context = await browser.newContext({
    ...(size === 'phone360' ? PHONE_360 : VIEWPORTS[size]),
    locale: 'ru-RU',
    acceptDownloads: true,
  });
  contexts.push(context);
  return context;
}

function watch(page: Page, who: string) {
  page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
}

/** Signs in through the API (the form is covered by login.e2e.ts). */
async function signIn(login: string, size: Size = 'desktop'): Promise<Session> {
  if (!server) throw new Error('the server did not start');
  const baseUrl = server.baseUrl;
  const context = await newContext(size);
  const answer = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { login, password: DEMO_PASSWORD },
  });
  expect(answer.status(), `sign-in of ${login}`).toBe(200);
  const me = (await answer.json()) as Me;
  const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await context.request.fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'X-CSRF-Token': me.csrfToken },
      ...(body === undefined ? {} : { data: body }),
    });
    expect(response.ok(), `${method} ${path} → ${response.status()}`).toBe(true);
    return (await response.json()) as T;
  };
  const page = await context.newPage();
  watch(page, login);
  return { context, page, me, api };
}

async function classIdOf(head: Session, name: string): Promise<number> {
  const { items } = await head.api<{ items: { id: number; name: string }[] }>(
    'GET',
    `/api/v1/organizations/${head.me.adminRoles[0]?.organizationId}/classes?limit=200`,
  );
  const found = items.find((c) => c.name === name);
  if (!found) throw new Error(`no class ${name}`);
  return found.id;
}

/** Screenshots a whole element however tall: the viewport grows to the page for the shot. */
async function screenshotElement(page: Page, element: Locator, file: string) {
  const size = page.viewportSize();
  if (!size) throw new Error('no viewport');
  const height = await page.evaluate(() =>
    Math.max(
      ...[...document.querySelectorAll<HTMLElement>('.workspace--page, body')].map(
        (el) => el.scrollHeight,
      ),
    ),
  );
  await page.setViewportSize({ width: size.width, height: Math.min(height + 80, 6000) });
  await element.screenshot({ path: join(SCREENSHOTS, file) });
  await page.setViewportSize(size);
}

describe('onboarding', () => {
  it('the head prints the parents’ invitation sheet of a class', async () => {
    const head = await signIn('head');
    const { page } = head;
    await page.goto(`${server?.baseUrl}/`);
    await page.getByRole('heading', { name: 'Чаты' }).waitFor();

    await page.getByRole('link', { name: 'Управление' }).click();
    await page.getByRole('link', { name: 'Приглашения' }).click();
    await page.getByText('Подключение: МАОУ СОШ № 1').waitFor();
    await page.getByText(/Учётная запись есть у \d+ из \d+ сотрудник/).waitFor();
    await page
      .getByRole('button', { name: `Открыть ${CLASS}` })
      .first()
      .click();
    await page.getByRole('heading', { name: `${CLASS}: приглашения` }).waitFor();
    await page.getByText(/Подключены родители \d+ из \d+ учени/).waitFor();

    // Issuing is an explicit POST (CSRF-protected); the PDF is then a GET that only prints.
    const [download, prepared, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse(
        (r) => r.url().endsWith('/invitation-sheet') && r.request().method() === 'POST',
      ),
      page.waitForResponse((r) => r.url().endsWith('/invitation-sheet.pdf')),
      page.getByRole('button', { name: 'Лист для родителей (PDF)' }).click(),
    ]);
    expect(prepared.status()).toBe(200);
    const summary = (await prepared.json()) as SheetPrepared;
    expect(summary.issued + summary.reused).toBe(summary.slips);
    expect(prepared.request().headers()['x-csrf-token']).toBe(head.me.csrfToken);
    expect(response.request().method()).toBe('GET');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['x-parta-slips']).toBe(String(summary.slips));
    expect(download.suggestedFilename()).toMatch(/^invitations-class-\d+\.pdf$/);
    await page
      .getByText(
        new RegExp(`^PDF готов: ${summary.issued} нов.*, ${summary.reused} выданн.* раньше\\.$`),
      )
      .waitFor();

    // The sheet holds every pupil's name and their parent's personal short link.
    const file = await download.path();
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    const classId = await classIdOf(head, CLASS);
    const pupils = await head.api<{ items: Person[] }>(
      'GET',
      `/api/v1/classes/${classId}/pupils?limit=200`,
    );
    const { items: personal } = await head.api<{ items: Invitation[] }>(
      'GET',
      `/api/v1/invitations?classId=${classId}&kind=parent_personal&status=active&limit=200`,
    );
    const pupil = pupils.items[0];
    const slip = personal.find((i) => i.pupilId === pupil?.id);
    expect(pupil && slip, 'a pupil with a personal invitation').toBeTruthy();
    expect(flat).toContain(pupil?.displayName);
    expect(flat).toContain(slip?.shortLink);
    expect(personal.length).toBe(pupils.items.length);

    // The pupils' list now shows each slip as active, with its link.
    const row = page.getByRole('row', { name: new RegExp(pupil?.displayName ?? '-') });
    await row.getByText('Действует', { exact: true }).waitFor();
    await row.getByText(slip?.shortLink.replace(/^https?:\/\//, '') ?? '-').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-invitations-desktop.png') });

    const phone = await newContext('phone');
    await phone.request.post(`${server?.baseUrl}/api/v1/auth/login`, {
      data: { login: 'head', password: DEMO_PASSWORD },
    });
    const phonePage = await phone.newPage();
    watch(phonePage, 'head (phone)');
    await phonePage.goto(
      `${server?.baseUrl}/admin/invitations?org=${head.me.adminRoles[0]?.organizationId}&class=${classId}`,
    );
    await phonePage.getByRole('heading', { name: `${CLASS}: приглашения` }).waitFor();
    await phonePage.getByRole('row', { name: new RegExp(pupil?.displayName ?? '-') }).waitFor();
    await phonePage.screenshot({ path: join(SCREENSHOTS, 'admin-invitations-phone.png') });
  });

  it('only a POST with the CSRF token issues: a bare GET of the PDF or a token-less POST writes nothing', async () => {
    const head = await signIn('head');
    const { items: classes } = await head.api<{ items: { id: number; name: string }[] }>(
      'GET',
      `/api/v1/organizations/${head.me.adminRoles[0]?.organizationId}/classes?limit=200`,
    );
    const issuedIn = async (classId: number) =>
      (
        await head.api<{ total: number }>(
          'GET',
          `/api/v1/invitations?classId=${classId}&kind=parent_personal&limit=1`,
        )
      ).total;
    // A class nobody has printed yet in this run.
    const other = classes.find((c) => c.name !== CLASS);
    if (!other) throw new Error('the demo school has one class');
    const before = await issuedIn(other.id);
    const base = `${server?.baseUrl}/api/v1/classes/${other.id}/invitation-sheet`;
    // What a link prefetcher or a foreign <img> does: the GET prints and issues nothing.
    const pdf = await head.context.request.get(`${base}.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['cache-control']).toBe('no-store');
    const missing = Number(pdf.headers()['x-parta-missing']);
    expect(Number(pdf.headers()['x-parta-slips']) + missing).toBeGreaterThan(0);
    // A forged form post carries the cookie but not the token.
    const forged = await head.context.request.post(base);
    expect(forged.status()).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('CSRF_FAILED');
    expect(await issuedIn(other.id)).toBe(before);
    // The app's own POST issues exactly the missing ones.
    const prepared = await head.api<SheetPrepared>(
      'POST',
      `/api/v1/classes/${other.id}/invitation-sheet`,
    );
    expect(prepared.issued).toBe(missing);
    expect(await issuedIn(other.id)).toBe(before + missing);
  });

  it('a municipal administrator sees the district: totals, every organisation, sorting, a filter, and a way into each', async () => {
    const admin = await signIn('admin');
    const { page } = admin;
    const district = await admin.api<MunicipalOnboarding>('GET', '/api/v1/onboarding');
    await page.goto(`${server?.baseUrl}/admin/invitations`);
    const overview = page.getByRole('region', { name: 'Подключение по округу' });
    await overview.getByText('Всего по округу').waitFor();
    await overview
      .getByText(`${district.totals.organizations} организаций`, { exact: true })
      .waitFor();
    const table = overview.getByRole('table');
    await expect(table.getByRole('rowheader').count()).resolves.toBe(district.items.length);

    // Sorted by the parents' share, weakest first; the authority (no pupils) last.
    await table.getByRole('button', { name: /Ученики с подключённым родителем/ }).click();
    await table
      .getByRole('columnheader', { name: /Ученики с подключённым родителем/ })
      .and(page.locator('[aria-sort="ascending"]'))
      .waitFor();
    const share = (o: MunicipalOnboarding['items'][number]) =>
      o.pupils > 0 ? o.pupilsWithConnectedParent / o.pupils : Infinity;
    const named = async (which: 'first' | 'last') => {
      const name = await table.getByRole('rowheader')[which]().textContent();
      const found = district.items.find((o) => o.name === name);
      if (!found) throw new Error(`no organisation ${name}`);
      return found;
    };
    expect(share(await named('first'))).toBe(Math.min(...district.items.map(share)));
    expect((await named('last')).pupils).toBe(0);
    await page.mouse.move(0, 0);
    await screenshotElement(page, overview, 'admin-district-desktop.png');
    await expectNoSeriousAxeViolations(page, 'the district overview, desktop');

    // Kindergartens only: their own totals, and their rows.
    await overview.getByLabel('Тип организаций').selectOption('preschool');
    const preschools = district.items.filter((o) => o.kind === 'preschool');
    await overview.getByText('Итого: дошкольные организации').waitFor();
    await expect(table.getByRole('rowheader').count()).resolves.toBe(preschools.length);

    // A name opens that organisation's invitations below, in view and focused.
    const target = preschools[0];
    if (!target) throw new Error('the demo district has no kindergartens');
    await table.getByRole('link', { name: target.name, exact: true }).click();
    await page.waitForURL((url) => url.search === `?org=${target.organizationId}`);
    const heading = page.getByRole('heading', { name: `Подключение: ${target.name}` });
    await heading.waitFor();
    await expect(heading.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // On a 360 px phone: a stacked list under a row of sort buttons, nothing wider than the screen.
    const phone = await signIn('admin', 'phone360');
    await phone.page.goto(`${server?.baseUrl}/admin/invitations`);
    const small = phone.page.getByRole('region', { name: 'Подключение по округу' });
    await small.getByRole('table').getByRole('rowheader').first().waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await small.getByRole('button', { name: /Сотрудники с учётной записью/ }).click();
    // The schools only, so the picture stays readable.
    await small.getByLabel('Тип организаций').selectOption('general');
    await small.getByText('Итого: общеобразовательные организации').waitFor();
    await screenshotElement(phone.page, small, 'admin-district-phone.png');
    await expectNoSeriousAxeViolations(phone.page, 'the district overview, phone');
  });

  it('a parent opens a personal invitation on a phone, creates an account and is in the class parents’ chat', async () => {
    const head = await signIn('head');
    const classId = await classIdOf(head, CLASS);
    const pupils = await head.api<{ items: Person[] }>(
      'GET',
      `/api/v1/classes/${classId}/pupils?limit=200`,
    );
    // The last pupil of the list: the demo's own parent account belongs to another class.
    const pupil = pupils.items.at(-1);
    if (!pupil) throw new Error(`no pupils in ${CLASS}`);
    const invitation = await head.api<Invitation>('POST', '/api/v1/invitations', {
      kind: 'parent_personal',
      pupilId: pupil.id,
      expiresInDays: 30,
    });

    // A fresh browser: no session, a phone, as when the QR code is scanned.
    const context = await newContext('phone');
    const page = await context.newPage();
    watch(page, 'new parent');
    await page.goto(`${server?.baseUrl}/i/${invitation.code}`);
    await page.getByRole('heading', { name: 'Приглашение для родителя' }).waitFor();
    const grant = page.getByLabel('Что даёт приглашение');
    await grant.getByText(CLASS, { exact: true }).waitFor();
    await grant.getByText('родитель (законный представитель)').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'invite-phone.png') });
    await expectNoSeriousAxeViolations(page, 'the invitation page, phone');

    await page.getByLabel('Фамилия', { exact: true }).fill('Сорокина');
    await page.getByLabel('Имя', { exact: true }).fill('Алла');
    await page.getByLabel(/Кем вы приходитесь ребёнку/).selectOption('mother');
    await page.getByLabel('Телефон').fill('8 (912) 555-01-02');
    await page.getByLabel('Логин', { exact: true }).fill('sorokina.alla');

    // A common password is refused by the server and the reason shown under its field.
    await page.getByLabel('Пароль', { exact: true }).fill('qwerty123');
    await page.getByRole('button', { name: 'Создать учётную запись' }).click();
    await page.getByText(/Пароль слишком простой/).waitFor();

    await page.getByLabel('Пароль', { exact: true }).fill('берёза закат тетрадь');
    await page.getByRole('button', { name: 'Создать учётную запись' }).click();

    // The app opens with the class parents' chat in the list.
    await page.getByRole('heading', { name: 'Чаты' }).waitFor({ timeout: 20_000 });
    await page
      .getByRole('navigation', { name: 'Чаты' })
      .getByRole('link', { name: new RegExp(`${CLASS} · родители`) })
      .waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/');

    // Linked to that very child, and the invitation counted one use.
    const me = (await (await context.request.get(`${server?.baseUrl}/api/v1/me`)).json()) as Me;
    expect(me.login).toBe('sorokina.alla');
    expect(me.children.map((c) => c.id)).toEqual([pupil.id]);
    const { items: chats } = (await (
      await context.request.get(`${server?.baseUrl}/api/v1/chats?limit=200`)
    ).json()) as { items: ChatSummary[] };
    expect(chats.some((c) => c.kind === 'class_parents' && c.classId === classId)).toBe(true);
    const after = await head.api<Invitation>('GET', `/api/v1/invitations/${invitation.id}`);
    expect(after.uses).toBe(1);

    // The same link opened again by someone else still works until its second use.
    const again = await newContext('phone');
    const second = await again.newPage();
    watch(second, 'second visitor');
    await second.goto(`${server?.baseUrl}/i/${invitation.code}`);
    await second.getByRole('heading', { name: 'Приглашение для родителя' }).waitFor();
  });

  it('answers a revoked and an unknown code in plain Russian', async () => {
    const head = await signIn('head');
    const classId = await classIdOf(head, CLASS);
    const revoked = await head.api<Invitation>('POST', '/api/v1/invitations', {
      kind: 'parents',
      classId,
      expiresInDays: 7,
    });
    await head.api('POST', `/api/v1/invitations/${revoked.id}/revoke`);

    const context = await newContext('phone');
    const page = await context.newPage();
    watch(page, 'visitor');
    await page.goto(`${server?.baseUrl}/i/${revoked.code}`);
    await page.getByRole('heading', { name: 'Приглашение отозвано' }).waitFor();
    await page.goto(`${server?.baseUrl}/i/ZZZZZZZZZZ`);
    await page.getByRole('heading', { name: 'Приглашение не найдено' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'an unknown invitation, phone');
  });
});
