import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ChatSummary, Me, Message } from '@parta/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, VIEWPORTS } from './browser';
import { REPO_ROOT, startServer, type RunningServer } from './server';

/**
 * The messenger end to end: two people in two browsers on the real server
 * (demo district), realtime delivery, a cut connection, the closed
 * environment, screenshots and an axe check.
 */

const PASSWORD = 'parta-demo';
const SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');
const PARENTS_CHAT = '7А · родители';
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

interface Person {
  context: BrowserContext;
  page: Page;
  me: Me;
  /** A JSON API call as this person (cookie of the context, CSRF token of the session). */
  api: <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<T>;
}

/** Signs in through the API (the form is covered by login.e2e.ts) and opens the app. */
async function person(
  login: string,
  size: keyof typeof VIEWPORTS = 'desktop',
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Person> {
  if (!browser || !server) throw new Error('the browser or the server did not start');
  const baseUrl = server.baseUrl;
  const context = await browser.newContext({ ...VIEWPORTS[size], locale: 'ru-RU', colorScheme });
  contexts.push(context);
  const answer = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { login, password: PASSWORD },
  });
  expect(answer.status(), `sign-in of ${login}`).toBe(200);
  const me = (await answer.json()) as Me;
  const api = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
    const response = await context.request.fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'X-CSRF-Token': me.csrfToken },
      ...(body === undefined ? {} : { data: body }),
    });
    expect(response.ok(), `${method} ${path} → ${response.status()}`).toBe(true);
    return (await response.json().catch(() => undefined)) as T;
  };
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${login}: ${error.message}`));
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Чаты' }).waitFor();
  return { context, page, me, api };
}

async function chatByTitle(p: Person, title: string): Promise<ChatSummary> {
  const { items } = await p.api<{ items: ChatSummary[] }>('GET', '/api/v1/chats?limit=200');
  const chat = items.find((c) => c.title === title);
  if (!chat) throw new Error(`${p.me.login} has no chat «${title}»`);
  return chat;
}

const history = (page: Page): Locator => page.getByRole('region', { name: 'Сообщения' });
const composer = (page: Page): Locator => page.getByRole('combobox', { name: 'Сообщение' });

async function openChat(page: Page, title: string) {
  await page
    .getByRole('navigation', { name: 'Чаты' })
    .getByRole('link', { name: new RegExp(title) })
    .click();
  await page.getByRole('heading', { name: title, level: 2 }).waitFor();
  await composer(page).waitFor();
}

async function write(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** Waits until the text is shown in the history exactly once (and stays so for a moment). */
async function expectOnce(page: Page, text: string) {
  const bubbles = history(page).locator('.message__bubble', { hasText: text });
  await bubbles.first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
  expect(await bubbles.count(), `«${text}» on screen`).toBe(1);
}

async function waitOnline(page: Page) {
  await page.waitForFunction(
    () =>
      !document.querySelector('.chat__banner') && !document.querySelector('.connection--offline'),
    undefined,
    { timeout: 15_000 },
  );
}

describe('the messenger', () => {
  it('teacher and parent exchange messages in real time in their class chat', async () => {
    const teacher = await person('teacher');
    const parent = await person('parent', 'phone');
    await openChat(teacher.page, PARENTS_CHAT);
    await openChat(parent.page, PARENTS_CHAT);
    await waitOnline(teacher.page);
    await waitOnline(parent.page);

    await write(teacher.page, 'Добрый вечер! Собрание в **четверг** в 18:00.');
    await expectOnce(parent.page, 'Собрание в четверг в 18:00.');
    expect(await history(parent.page).locator('strong', { hasText: 'четверг' }).count()).toBe(1);

    await write(parent.page, 'Спасибо, придём!');
    await expectOnce(teacher.page, 'Спасибо, придём!');

    // The parent has seen the teacher's message: the teacher's read mark says so.
    await history(teacher.page)
      .locator('.message--own', { hasText: 'Собрание в четверг' })
      .getByText('Прочитал 1 участник')
      .waitFor({ state: 'attached' });
  });

  it('resumes after a cut connection: missed messages appear exactly once, queued ones are sent once', async () => {
    const teacher = await person('teacher');
    const parent = await person('parent', 'phone');
    const chat = await chatByTitle(teacher, PARENTS_CHAT);
    await openChat(teacher.page, PARENTS_CHAT);
    await openChat(parent.page, PARENTS_CHAT);
    await waitOnline(parent.page);

    await parent.context.setOffline(true);
    await parent.page.getByText('Нет соединения. Сообщения отправятся').waitFor();

    const missed = [
      'Пропущенное 1: расписание',
      'Пропущенное 2: кабинет 12',
      'Пропущенное 3: до встречи',
    ];
    for (const text of missed) await write(teacher.page, text);
    await write(parent.page, 'Написано без связи');
    await history(parent.page).getByRole('article', { name: 'Вы, Ждёт соединения' }).waitFor();
    // A reload while offline keeps the queued message (the outbox lives in localStorage).
    expect(
      await parent.page.evaluate(
        (id) => localStorage.getItem(`parta.outbox.${id}`),
        parent.me.person.id,
      ),
    ).toContain('Написано без связи');

    await parent.context.setOffline(false);
    await waitOnline(parent.page);
    for (const text of missed) await expectOnce(parent.page, text);
    await expectOnce(parent.page, 'Написано без связи');
    await history(parent.page)
      .getByRole('article', { name: /Ждёт соединения|Отправляется/ })
      .waitFor({ state: 'detached' });
    await expectOnce(teacher.page, 'Написано без связи');

    // The server stored each message once, in one order.
    const { items } = await teacher.api<{ items: Message[] }>(
      'GET',
      `/api/v1/chats/${chat.id}/messages?limit=200`,
    );
    const texts = items.map((m) => m.text);
    for (const text of [...missed, 'Написано без связи']) {
      expect(
        texts.filter((t) => t === text),
        text,
      ).toHaveLength(1);
    }
    expect(items.map((m) => m.seq)).toEqual(
      Array.from({ length: items.length }, (_, i) => (items[0]?.seq ?? 1) + i),
    );
  });

  it('a pupil cannot open a chat with someone outside their school: the API says 403 and the page says why', async () => {
    const admin = await person('admin');
    const pupil = await person('pupil', 'phone');
    const answer = await pupil.context.request.post(`${server?.baseUrl}/api/v1/chats`, {
      headers: { 'X-CSRF-Token': pupil.me.csrfToken },
      data: { kind: 'direct', personId: admin.me.person.id },
    });
    expect(answer.status()).toBe(403);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
      'DIRECT_NOT_ALLOWED',
    );

    await pupil.page.goto(`${server?.baseUrl}/direct/${admin.me.person.id}`);
    await pupil.page.getByRole('heading', { name: 'Нельзя написать этому человеку' }).waitFor();
    await pupil.page.getByText(/личные сообщения открыты только своей школе/).waitFor();
    await pupil.page.screenshot({ path: join(SCREENSHOTS, 'direct-refused-phone.png') });
  });
});

describe('screenshots and accessibility', () => {
  /** A realistic conversation in the class parents' chat, written through the API. */
  async function seed(teacher: Person, parent: Person) {
    const chat = await chatByTitle(teacher, PARENTS_CHAT);
    const send = (p: Person, body: Record<string, unknown>) =>
      p.api<Message>('POST', `/api/v1/chats/${chat.id}/messages`, {
        clientMessageId: `seed${Math.random().toString(36).slice(2, 12)}`,
        ...body,
      });
    const notice = await send(teacher, {
      text:
        'Уважаемые родители! Напоминаю:\n- **родительское собрание** в четверг в 18:00, кабинет 12;\n' +
        '- принесите, пожалуйста, _подписанные согласия_ на экскурсию.\nПодробности: https://school1.example.ru/news',
    });
    await send(parent, { text: 'Спасибо! А экскурсия будет в субботу?', replyToSeq: notice.seq });
    await send(teacher, {
      text: '',
      poll: {
        question: 'Когда удобнее провести экскурсию?',
        options: ['В субботу утром', 'В воскресенье', 'На каникулах'],
        multiple: false,
        anonymous: false,
      },
    });
    await teacher.api(
      'PUT',
      `/api/v1/chats/${chat.id}/messages/${notice.seq}/reactions/${encodeURIComponent('👍')}`,
    );
    await parent.api(
      'PUT',
      `/api/v1/chats/${chat.id}/messages/${notice.seq}/reactions/${encodeURIComponent('🙏')}`,
    );
    return chat;
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
          (v) =>
            `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`,
        );
    });
    expect(violations, `axe on ${where}`).toEqual([]);
  }

  it('desktop and phone, with no serious axe violations', async () => {
    const teacher = await person('teacher');
    const parent = await person('parent', 'phone');
    await seed(teacher, parent);

    await openChat(teacher.page, PARENTS_CHAT);
    await history(teacher.page).getByText('Когда удобнее провести экскурсию?').waitFor();
    await teacher.page.getByRole('radio', { name: /В субботу утром/ }).check();
    await teacher.page.getByRole('button', { name: 'Голосовать' }).click();
    await history(teacher.page).getByText('ваш выбор').waitFor();
    await teacher.page.mouse.move(0, 0);
    await teacher.page.screenshot({ path: join(SCREENSHOTS, 'messenger-desktop.png') });
    await expectNoSeriousAxeViolations(teacher.page, 'the chat, desktop');

    await teacher.page.getByRole('button', { name: 'Действия с сообщением' }).first().click();
    await teacher.page.getByRole('menu').waitFor();
    await teacher.page.screenshot({ path: join(SCREENSHOTS, 'chat-desktop-menu.png') });
    await teacher.page.keyboard.press('Escape');

    await parent.page.reload();
    await parent.page.getByRole('heading', { name: 'Чаты' }).waitFor();
    await parent.page.getByRole('navigation', { name: 'Чаты' }).locator('.badge').first().waitFor();
    await parent.page.screenshot({ path: join(SCREENSHOTS, 'messenger-phone.png') });
    await expectNoSeriousAxeViolations(parent.page, 'the chat list, phone');

    await openChat(parent.page, PARENTS_CHAT);
    await history(parent.page).getByText('Когда удобнее провести экскурсию?').waitFor();
    await parent.page.screenshot({ path: join(SCREENSHOTS, 'chat-phone.png') });
    await expectNoSeriousAxeViolations(parent.page, 'the chat, phone');

    await parent.page.getByRole('link', { name: 'К списку чатов' }).click();
    await parent.page.getByRole('link', { name: /учётная запись и настройки/ }).click();
    const quiet = parent.page.getByRole('heading', { name: 'Тихие часы' });
    await quiet.scrollIntoViewIfNeeded();
    await parent.page.screenshot({ path: join(SCREENSHOTS, 'settings-phone.png') });
    await expectNoSeriousAxeViolations(parent.page, 'the settings, phone');
  });

  it('dark theme, desktop', async () => {
    const teacher = await person('teacher', 'desktop', 'dark');
    await openChat(teacher.page, PARENTS_CHAT);
    await history(teacher.page).locator('.message').first().waitFor();
    await teacher.page.screenshot({ path: join(SCREENSHOTS, 'chat-desktop-dark.png') });
    await expectNoSeriousAxeViolations(teacher.page, 'the chat, dark');
  });
});
