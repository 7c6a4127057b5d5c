import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Me } from '@parta/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, VIEWPORTS } from './browser';
import { REPO_ROOT, startServer, type RunningServer } from './server';

const DEMO_LOGINS = ['admin', 'head', 'teacher', 'parent', 'pupil'] as const;
const DEMO_PASSWORD = 'parta-demo';
const SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');

let server: RunningServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let pageErrors: Error[] = [];

beforeAll(async () => {
  // One after the other, so a failure leaves nothing unassigned for afterAll to miss.
  browser = await launchBrowser();
  server = await startServer();
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  // An uncaught exception in the page fails the test even if the screen looked right.
  expect(pageErrors.map((e) => e.message)).toEqual([]);
  pageErrors = [];
});

async function openApp(
  size: keyof typeof VIEWPORTS = 'desktop',
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Page> {
  if (!browser || !server) throw new Error('the browser or the server did not start');
  context = await browser.newContext({ ...VIEWPORTS[size], locale: 'ru-RU', colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(`${server.baseUrl}/`);
  await loginHeading(page).waitFor();
  return page;
}

/** The top bar's link to the account and settings, named after the person. */
const accountLink = (page: Page, me: Me) =>
  page.getByRole('banner').getByRole('link', {
    name: new RegExp(`^${me.person.displayName}.*учётная запись и настройки$`),
  });

const loginHeading = (page: Page) => page.getByRole('heading', { name: 'Вход в Парту' });
const loginField = (page: Page) => page.getByLabel('Логин, телефон или e-mail');
const passwordField = (page: Page) => page.getByLabel('Пароль', { exact: true });

/** Signs in through the form and returns what the server answered. */
async function signIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<Me> {
  await loginField(page).fill(login);
  await passwordField(page).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST',
    ),
    page.getByRole('button', { name: 'Войти' }).click(),
  ]);
  expect(response.status(), `sign-in of ${login}`).toBe(200);
  const me = (await response.json()) as Me;
  await accountLink(page, me).waitFor();
  return me;
}

/** Staff: their organisation; parents: «Родитель: …»; pupils: their class. */
function expectedAffiliation(me: Me): string {
  const position = me.person.positions[0];
  if (position) return position.organizationName;
  const child = me.children[0];
  if (child) return `Родитель: ${child.displayName}`;
  return me.classes[0]?.name ?? me.municipality.name;
}

describe('signing in and out', () => {
  it.each(DEMO_LOGINS)(
    '%s signs in, sees their name, stays in on reload, signs out',
    async (login) => {
      const page = await openApp();
      const me = await signIn(page, login);
      expect(me.login).toBe(login);

      await page.getByRole('heading', { name: 'Чаты' }).waitFor();
      await accountLink(page, me).click();
      const account = await page.getByRole('region', { name: 'Учётная запись' }).innerText();
      expect(account).toContain(me.person.displayName);
      expect(account).toContain(expectedAffiliation(me));

      // The session lives in a cookie, so a reload keeps the person signed in (and on the page).
      await page.reload();
      await accountLink(page, me).waitFor();
      await page.getByRole('heading', { name: 'Настройки' }).waitFor();

      await page.getByRole('button', { name: 'Выйти' }).click();
      await loginHeading(page).waitFor();

      // The server really ended the session.
      await page.reload();
      await loginHeading(page).waitFor();
      expect(await page.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
    },
  );

  it('shows «Неверный логин или пароль» for a wrong password', async () => {
    const page = await openApp();
    await loginField(page).fill('teacher');
    await passwordField(page).fill('not-the-password');
    await page.getByRole('button', { name: 'Войти' }).click();

    await page.getByRole('alert').getByText('Неверный логин или пароль').waitFor();
    expect(await loginField(page).getAttribute('aria-invalid')).toBe('true');
    expect(await passwordField(page).inputValue()).toBe('not-the-password');
  });

  it('switches to English and remembers it across a reload', async () => {
    const page = await openApp();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Sign in to Parta' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Parta' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});

describe('screenshots for docs/screenshots', () => {
  it.each(['phone', 'desktop'] as const)('login page and shell, %s', async (size) => {
    const page = await openApp(size);
    await page.screenshot({ path: join(SCREENSHOTS, `login-${size}.png`) });

    await signIn(page, 'teacher');
    await page.getByRole('heading', { name: 'Чаты' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, `shell-${size}.png`) });
  });

  it('dark theme, desktop', async () => {
    const page = await openApp('desktop', 'dark');
    await page.screenshot({ path: join(SCREENSHOTS, 'login-desktop-dark.png') });
    await signIn(page, 'parent');
    await page.screenshot({ path: join(SCREENSHOTS, 'shell-desktop-dark.png') });
  });
});
