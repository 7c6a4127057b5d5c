import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ChatSummary, Invitation, Me, Person } from '@parta/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, VIEWPORTS } from './browser';
import { REPO_ROOT, startServer, type RunningServer } from './server';

/**
 * Onboarding end to end on the real server (demo district): the head prints
 * the parents' invitation sheet of a class from Управление → Приглашения;
 * a parent opens a personal invitation on a phone without an account,
 * creates one, and finds themselves in the class parents' chat.
 */

const PASSWORD = 'parta-demo';
const SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');
const CLASS = '1А';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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

async function newContext(size: keyof typeof VIEWPORTS): Promise<BrowserContext> {
  if (!browser) throw new Error('the browser did not start');
  const context = await browser.newContext({
    ...VIEWPORTS[size],
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
async function signIn(login: string, size: keyof typeof VIEWPORTS = 'desktop'): Promise<Session> {
  if (!server) throw new Error('the server did not start');
  const baseUrl = server.baseUrl;
  const context = await newContext(size);
  const answer = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { login, password: PASSWORD },
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

async function expectNoSeriousAxeViolations(page: Page, where: string) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{
            violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`,
      );
  });
  expect(violations, `axe on ${where}`).toEqual([]);
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

    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse((r) => r.url().endsWith('/invitation-sheet.pdf')),
      page.getByRole('button', { name: 'Лист для родителей (PDF)' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(download.suggestedFilename()).toMatch(/^invitations-class-\d+\.pdf$/);
    await page.getByText(/^PDF готов: \d+ нов/).waitFor();

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
      data: { login: 'head', password: PASSWORD },
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
