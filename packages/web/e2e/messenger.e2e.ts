import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { ChatSummary, Community, Me, Message } from '@parta/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, launchBrowser, VIEWPORTS } from './browser';
import { startServer, type RunningServer } from './server';
import { DEMO_PASSWORD, expectNoSeriousAxeViolations, SCREENSHOTS } from './support';

/**
 * The messenger end to end: two people in two browsers on the real server
 * (demo district), realtime delivery, a cut connection, the closed
 * environment, screenshots and an axe check.
 */

const PARENTS_CHAT = '7А · родители';

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
  on: Browser | undefined = browser,
): Promise<Person> {
  if (!on || !server) throw new Error('the browser or the server did not start');
  const baseUrl = server.baseUrl;
  const context = await on.newContext({ ...VIEWPORTS[size], locale: 'ru-RU', colorScheme });
  contexts.push(context);
  const answer = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { login, password: DEMO_PASSWORD },
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

/**
 * A real PNG of `width`×`height` (RGB, a diagonal gradient), built here so the
 * test needs no fixture file: signature, IHDR, one deflated IDAT, IEND.
 */
function makePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) {
      const at = row + 1 + x * 3;
      rows[at] = Math.round((x / width) * 255);
      rows[at + 1] = 120;
      rows[at + 2] = Math.round((y / height) * 255);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** «Яковлева Ксения Владиславовна» → «Яковлева Ксения», as the bubbles show authors. */
const shortName = (displayName: string) => displayName.split(/\s+/).slice(0, 2).join(' ');

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

describe('attachments, profiles and the directory', () => {
  it('a teacher attaches a photo and the parent sees its thumbnail at once, then opens it', async () => {
    const teacher = await person('teacher');
    const parent = await person('parent', 'phone');
    await openChat(teacher.page, PARENTS_CHAT);
    await openChat(parent.page, PARENTS_CHAT);
    await waitOnline(teacher.page);
    await waitOnline(parent.page);

    await teacher.page.locator('.composer input[type="file"]').setInputFiles({
      name: 'схема-проезда.png',
      mimeType: 'image/png',
      buffer: makePng(160, 120),
    });
    await teacher.page.getByText(/загружен$/).waitFor();
    await teacher.page.screenshot({ path: join(SCREENSHOTS, 'composer-attachment-desktop.png') });
    await write(teacher.page, 'Схема проезда к музею');

    const thumb = history(parent.page).getByRole('button', {
      name: 'Открыть фотографию «схема-проезда.png»',
    });
    await thumb.waitFor({ timeout: 15_000 });
    await expectOnce(parent.page, 'Схема проезда к музею');
    // The thumbnail really loaded (the server made it; the parent may read it).
    await parent.page.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('.message-photo img');
        return img !== null && img.complete && img.naturalWidth > 0;
      },
      undefined,
      { timeout: 15_000 },
    );
    await parent.page.screenshot({ path: join(SCREENSHOTS, 'chat-photo-phone.png') });

    await thumb.click();
    const viewer = parent.page.getByRole('dialog', { name: /схема-проезда\.png/ });
    await viewer.getByRole('img', { name: 'схема-проезда.png' }).waitFor();
    await parent.page.screenshot({ path: join(SCREENSHOTS, 'photo-viewer-phone.png') });
    await expectNoSeriousAxeViolations(parent.page, 'the photo viewer, phone');
    await parent.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    // The list shows what the message carries.
    const chat = await chatByTitle(parent, PARENTS_CHAT);
    expect(chat.lastMessage?.attachments.map((f) => [f.name, f.kind])).toEqual([
      ['схема-проезда.png', 'image'],
    ]);
  });

  it('a teacher records a voice message and the parent gets a player for it', async () => {
    // Chromium's fake microphone (a beep) and no permission prompt; otherwise as launchBrowser.
    const withMicrophone = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    });
    try {
      const teacher = await person('teacher', 'desktop', 'light', withMicrophone);
      const parent = await person('parent', 'phone');
      await openChat(teacher.page, PARENTS_CHAT);
      await openChat(parent.page, PARENTS_CHAT);
      await waitOnline(teacher.page);
      await waitOnline(parent.page);

      await teacher.page.getByRole('button', { name: 'Записать голосовое сообщение' }).click();
      const recorder = teacher.page.getByRole('group', {
        name: 'Идёт запись голосового сообщения',
      });
      await recorder.getByRole('timer').filter({ hasText: '0:02' }).waitFor({ timeout: 10_000 });
      await teacher.page.screenshot({ path: join(SCREENSHOTS, 'voice-recording-desktop.png') });
      await recorder.getByRole('button', { name: 'Остановить и отправить' }).click();

      const voice = history(parent.page).locator('.message-audio--voice');
      await voice.waitFor({ timeout: 15_000 });
      await expect
        .poll(() => voice.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
      const chat = await chatByTitle(parent, PARENTS_CHAT);
      const [file] = chat.lastMessage?.attachments ?? [];
      expect(file?.kind).toBe('audio');
      expect(file?.name).toMatch(/^voice-.*\.webm$/);
      expect(file?.size).toBeGreaterThan(1000);
      await parent.page.screenshot({ path: join(SCREENSHOTS, 'chat-voice-phone.png') });
    } finally {
      await withMicrophone.close();
    }
  });

  it('a parent opens the teacher’s profile from a message and writes to them', async () => {
    const teacher = await person('teacher');
    const chat = await chatByTitle(teacher, PARENTS_CHAT);
    await teacher.api<Message>('POST', `/api/v1/chats/${chat.id}/messages`, {
      clientMessageId: `prof${Math.random().toString(36).slice(2, 12)}`,
      text: 'Завтра контрольная по математике',
    });
    const parent = await person('parent', 'phone');
    await openChat(parent.page, PARENTS_CHAT);
    await history(parent.page)
      .getByRole('link', { name: shortName(teacher.me.person.displayName) })
      .last()
      .click();

    await parent.page
      .getByRole('heading', { name: teacher.me.person.displayName, level: 3 })
      .waitFor();
    await parent.page.getByRole('region', { name: 'Работа' }).waitFor();
    expect(parent.page.url()).toMatch(new RegExp(`/people/${teacher.me.person.id}$`));
    await parent.page.screenshot({ path: join(SCREENSHOTS, 'profile-phone.png') });
    await expectNoSeriousAxeViolations(parent.page, 'a profile, phone');

    await parent.page.getByRole('button', { name: 'Написать' }).click();
    await parent.page.waitForURL(/\/chats\/\d+$/);
    await composer(parent.page).waitFor();
  });

  it('a teacher asks to join a community from the directory; once approved, it is theirs', async () => {
    const admin = await person('admin');
    const teacher = await person('teacher');
    const title = 'Заместители руководителей общеобразовательных организаций';

    await teacher.page.getByRole('link', { name: 'Справочник: сообщества и организации' }).click();
    await teacher.page.getByRole('heading', { name: 'Справочник', level: 2 }).waitFor();
    const card = teacher.page.getByRole('article', { name: title });
    await card.getByRole('button', { name: 'Вступить' }).click();
    await card
      .getByLabel('Сообщение администраторам (необязательно)')
      .fill('Веду методобъединение');
    await card.getByRole('button', { name: 'Отправить заявку' }).click();
    await card.getByText('Заявка отправлена — ждёт решения администратора').waitFor();
    await teacher.page.screenshot({ path: join(SCREENSHOTS, 'directory-desktop.png') });
    await expectNoSeriousAxeViolations(teacher.page, 'the directory, desktop');

    // The authority approves; the teacher's directory follows without a reload.
    const { items } = await admin.api<{ items: Community[] }>(
      'GET',
      '/api/v1/communities?limit=200',
    );
    const community = items.find((c) => c.title === title);
    if (!community) throw new Error(`no community «${title}»`);
    const { items: requests } = await admin.api<{ items: { id: number; personId: number }[] }>(
      'GET',
      `/api/v1/communities/${community.id}/requests?status=pending`,
    );
    const request = requests.find((r) => r.personId === teacher.me.person.id);
    if (!request) throw new Error('the request did not reach the community');
    await admin.api('POST', `/api/v1/communities/${community.id}/requests/${request.id}/approve`);

    await card.getByText('Вы участник').waitFor({ timeout: 15_000 });
    await card.getByRole('link', { name: 'Открыть обсуждение' }).click();
    await teacher.page.waitForURL(/\/chats\/\d+$/);
    await composer(teacher.page).waitFor();

    // The organisations tab: a school's staff list, as the closed environment allows.
    await teacher.page.goto(`${server?.baseUrl}/directory/organizations`);
    await teacher.page.getByRole('heading', { name: /Общеобразовательные организации/ }).waitFor();
    await teacher.page.screenshot({
      path: join(SCREENSHOTS, 'directory-organizations-desktop.png'),
    });
  });

  it('the parent is told the staff list of another school is closed to them', async () => {
    const parent = await person('parent', 'phone');
    const { items } = await parent.api<{
      items: { id: number; name: string; shortName: string | null; kind: string }[];
    }>('GET', '/api/v1/organizations?limit=200');
    const children = parent.me.children.map((c) => c.organizationName);
    const other = items.find((o) => o.kind === 'general' && !children.includes(o.name));
    if (!other) throw new Error('no other school in the demo district');
    await parent.page.goto(`${server?.baseUrl}/directory/organizations`);
    await parent.page.getByRole('button', { name: other.shortName ?? other.name }).click();
    await parent.page.getByText(/Список сотрудников этой организации вам недоступен/).waitFor();
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
