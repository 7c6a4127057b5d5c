import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Message, MessageSearchHit } from '@parta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildSchoolWorld } from '../../../test/world';
import { multipart } from '../files/files.test-kit';

type Who = 't1' | 't2' | 'h' | 'p1' | 'p2' | 'pb' | 'tb' | 'u' | 'r1';

describe.each(DIALECTS)('search on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<Who, Session>;
  let pupilsChat: number;
  let staffChat: number;
  const sent: Record<string, Message> = {};

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    who?: Session,
    payload?: object,
  ) =>
    t.app.inject({ method, url, headers: who ? who.headers : {}, ...(payload ? { payload } : {}) });
  const send = async (chatId: number, who: Session, text: string, extra: object = {}) => {
    const res = await api('POST', `/api/v1/chats/${chatId}/messages`, who, {
      text,
      clientMessageId: `s-${Math.random().toString(36).slice(2, 12)}`,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Message;
  };
  const search = async (who: Session, params: Record<string, string | number>) => {
    const qs = new URLSearchParams(
      Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const res = await api('GET', `/api/v1/search/messages?${qs}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: MessageSearchHit[]; hasMore: boolean };
  };
  const found = async (who: Session, q: string, extra: Record<string, string | number> = {}) =>
    (await search(who, { q, ...extra })).items.map((i) => i.messageId);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-search-'));
    process.env.PARTA_FILES_DIR = dir;
    t = await createTestApp(dialect, {
      PARTA_SEND_RATE_PER_MINUTE: '6000',
      PARTA_SEND_BURST: '500',
    });
    w = await buildSchoolWorld(t.tdb.db);
    const who: Who[] = ['t1', 't2', 'h', 'p1', 'p2', 'pb', 'tb', 'u', 'r1'];
    s = Object.fromEntries(
      await Promise.all(who.map(async (k) => [k, await signIn(t.app, k)] as const)),
    ) as Record<Who, Session>;
    const chats = (await api('GET', '/api/v1/chats', s.t1)).json().items as {
      id: number;
      kind: string;
    }[];
    pupilsChat = chats.find((c) => c.kind === 'class_pupils')!.id;
    staffChat = chats.find((c) => c.kind === 'org_staff')!.id;

    sent.museum = await send(
      pupilsChat,
      s.t1,
      'Завтра экскурсия в музей, не забудьте сменную обувь',
    );
    sent.gather = await send(pupilsChat, s.t1, 'Про экскурсию: сбор в 9:00 у главного входа');
    sent.cancel = await send(pupilsChat, s.p1, 'А правда, что экскурсии не будет?');
    sent.messages = await send(staffChat, s.t2, 'Новые сообщения в чате родителей, посмотрите');
    sent.english = await send(
      staffChat,
      s.h,
      'Running late, messages will be answered after the meeting',
    );
    sent.tree = await send(staffChat, s.h, 'Ёлка в школе 28 декабря');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('walks 401 → 400 → 403 → 200', async () => {
    expect((await api('GET', '/api/v1/search/messages?q=экскурсия')).statusCode).toBe(401);
    const noQ = await api('GET', '/api/v1/search/messages', s.t1);
    expect(noQ.statusCode).toBe(400);
    expect(noQ.json().error.details[0].path).toBe('querystring.q');
    expect(errorCode(await api('GET', '/api/v1/search/messages?q=%20', s.t1))).toBe(
      'VALIDATION_FAILED',
    );
    expect(errorCode(await api('GET', '/api/v1/search/messages?q=a&limit=500', s.t1))).toBe(
      'VALIDATION_FAILED',
    );
    expect(errorCode(await api('GET', '/api/v1/search/messages?q=a&from=yesterday', s.t1))).toBe(
      'VALIDATION_FAILED',
    );
    const foreign = await api(
      'GET',
      `/api/v1/search/messages?q=экскурсия&chatId=${pupilsChat}`,
      s.pb,
    );
    expect(foreign.statusCode).toBe(403);
    expect(errorCode(foreign)).toBe('NOT_CHAT_MEMBER');
    const ok = await search(s.t1, { q: 'экскурсия' });
    expect(ok.items.length).toBe(3);
  });

  it('finds every form of a Russian word, and English words by their stem', async () => {
    expect(new Set(await found(s.t1, 'экскурсия'))).toEqual(
      new Set([sent.museum!.id, sent.gather!.id, sent.cancel!.id]),
    );
    expect(await found(s.t1, 'экскурсиями')).toHaveLength(3);
    expect(await found(s.t1, 'сообщение')).toEqual([sent.messages!.id]);
    expect(await found(s.t1, 'message')).toEqual([sent.english!.id]);
    expect(await found(s.t1, 'run')).toEqual([sent.english!.id]);
    expect(await found(s.t1, 'елка')).toEqual([sent.tree!.id]);
    expect(await found(s.t1, 'ЭКСКУРСИЮ МУЗЕЙ')).toEqual([sent.museum!.id]);
    // Web-search syntax: exclusion, a phrase, or.
    expect(new Set(await found(s.t1, 'экскурсия -музей'))).toEqual(
      new Set([sent.gather!.id, sent.cancel!.id]),
    );
    expect(await found(s.t1, '"главного входа"')).toEqual([sent.gather!.id]);
    expect(await found(s.t1, '"входа главного"')).toEqual([]);
    expect(new Set(await found(s.t1, 'обувь or ёлка'))).toEqual(
      new Set([sent.museum!.id, sent.tree!.id]),
    );
    // Stop words alone find nothing (and do not fail).
    expect(await found(s.t1, 'и в на')).toEqual([]);
  });

  it('ranks, highlights and points at the message in its chat', async () => {
    const r = await search(s.t1, { q: 'музей or экскурсия or обувь' });
    const top = r.items[0]!;
    expect(top.messageId).toBe(sent.museum!.id);
    expect(top).toMatchObject({
      chatId: pupilsChat,
      seq: sent.museum!.seq,
      chat: { id: pupilsChat, kind: 'class_pupils' },
      author: { id: w.t1 },
      hasAttachments: false,
    });
    const marked = top.fragments.filter((f) => f.highlight).map((f) => f.text.toLowerCase());
    expect(marked).toEqual(expect.arrayContaining(['экскурсия', 'музей', 'обувь']));
    expect(top.fragments.map((f) => f.text).join('')).toContain('сменную');
  });

  it('shows nothing of chats the reader is not in, and stops when they leave', async () => {
    expect(await found(s.pb, 'экскурсия')).toEqual([]);
    expect(await found(s.p1, 'экскурсия')).toHaveLength(3);
    expect(await found(s.p1, 'сообщение')).toEqual([]);

    const group = await api('POST', '/api/v1/chats', s.t1, {
      kind: 'group',
      title: 'Совет по олимпиадам',
      memberIds: [w.t2],
    });
    const chatId = group.json().id as number;
    const m = await send(chatId, s.t1, 'Олимпиада по астрономии переносится');
    expect(await found(s.t2, 'олимпиады')).toEqual([m.id]);
    expect(await found(s.h, 'олимпиады')).toEqual([]);
    await api('DELETE', `/api/v1/chats/${chatId}/members/${w.t2}`, s.t1);
    expect(await found(s.t2, 'олимпиады')).toEqual([]);
    expect(await found(s.t1, 'олимпиады')).toEqual([m.id]);
  });

  it('re-indexes edited messages and drops deleted ones', async () => {
    const m = await send(pupilsChat, s.t1, 'Родительское собрание в четверг');
    expect(await found(s.t1, 'собрания')).toEqual([m.id]);
    const edit = await api('PATCH', `/api/v1/chats/${pupilsChat}/messages/${m.seq}`, s.t1, {
      text: 'Поход в театр в пятницу',
    });
    expect(edit.statusCode).toBe(200);
    expect(await found(s.t1, 'собрания')).toEqual([]);
    expect(await found(s.t1, 'театра')).toEqual([m.id]);
    await api('DELETE', `/api/v1/chats/${pupilsChat}/messages/${m.seq}`, s.t1);
    expect(await found(s.t1, 'театра')).toEqual([]);
  });

  it('filters by chat, author, time and attachments, and pages', async () => {
    expect(new Set(await found(s.t1, 'экскурсия', { authorId: w.t1 }))).toEqual(
      new Set([sent.museum!.id, sent.gather!.id]),
    );
    expect(await found(s.t1, 'экскурсия', { chatId: staffChat })).toEqual([]);
    expect(await found(s.t1, 'экскурсия', { from: '2099-01-01T00:00:00Z' })).toEqual([]);
    expect(await found(s.t1, 'экскурсия', { to: '2000-01-01T00:00:00Z' })).toEqual([]);
    expect(await found(s.t1, 'экскурсия', { from: '2000-01-01T00:00:00Z' })).toHaveLength(3);

    const body = multipart(Buffer.from('маршрут'), { filename: 'маршрут.txt' });
    const file = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: { ...s.t1.headers, ...body.headers },
        payload: body.payload,
      })
    ).json() as { id: number };
    const withFile = await send(pupilsChat, s.t1, 'Маршрут экскурсии во вложении', {
      fileIds: [file.id],
    });
    expect(await found(s.t1, 'экскурсия', { hasAttachment: 1 })).toEqual([withFile.id]);
    expect(await found(s.t1, 'экскурсия', { hasAttachment: 0 })).toHaveLength(3);
    const hit = (await search(s.t1, { q: 'маршрут' })).items[0]!;
    expect(hit.hasAttachments).toBe(true);

    const page1 = await search(s.t1, { q: 'экскурсия', limit: 2 });
    const page2 = await search(s.t1, { q: 'экскурсия', limit: 2, offset: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.hasMore).toBe(true);
    expect(page2.items).toHaveLength(2);
    expect(page2.hasMore).toBe(false);
    const all = [...page1.items, ...page2.items].map((i) => i.messageId);
    expect(new Set(all).size).toBe(4);
  });

  it('finds people only as the closed environment allows', async () => {
    const people = async (who: Session, q: string) => {
      const res = await api('GET', `/api/v1/search/people?q=${encodeURIComponent(q)}`, who);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: number }[]).map((p) => p.id);
    };
    expect((await api('GET', '/api/v1/search/people?q=Ученик')).statusCode).toBe(401);
    expect((await api('GET', '/api/v1/search/people', s.t1)).statusCode).toBe(400);
    // Staff of the pupil's school find the pupil; outsiders never do.
    expect(await people(s.t1, 'ученик')).toEqual([w.p1]);
    expect(await people(s.tb, 'Ученик')).toEqual([]);
    expect(await people(s.u, 'Ученик')).toEqual([]);
    expect(await people(s.pb, 'Ученик')).toEqual([]);
    // A classmate and the pupil's parent do.
    expect(await people(s.p2, 'Ученик')).toEqual([w.p1]);
    expect(await people(s.r1, 'Ученик')).toEqual([w.p1]);
    // A pupil finds the staff of their own school only.
    expect(await people(s.pb, 'Классная')).toEqual([]);
    expect(await people(s.pb, 'Чужая')).toEqual([w.tb]);
    expect(await people(s.p1, 'Шестиклассник')).toEqual([]);
    // Authority staff find staff anywhere.
    expect(await people(s.u, 'Классная Иван')).toEqual([w.t1]);
  });

  it('finds the reader’s own chats by name', async () => {
    const chats = async (who: Session, q: string) => {
      const res = await api('GET', `/api/v1/search/chats?q=${encodeURIComponent(q)}`, who);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { id: number; kind: string; title: string }[];
    };
    const group = await api('POST', '/api/v1/chats', s.t1, {
      kind: 'group',
      title: 'Подготовка к ВПР',
      memberIds: [w.h],
    });
    const groupId = group.json().id as number;
    expect((await chats(s.t1, 'впр')).map((c) => c.id)).toEqual([groupId]);
    expect((await chats(s.h, 'подготовка')).map((c) => c.id)).toEqual([groupId]);
    expect(await chats(s.pb, 'впр')).toEqual([]);
    const direct = await api('POST', '/api/v1/chats', s.t1, { kind: 'direct', personId: w.t2 });
    expect([200, 201]).toContain(direct.statusCode);
    const byName = await chats(s.t1, 'предметник');
    expect(byName).toEqual([
      expect.objectContaining({
        id: direct.json().id,
        kind: 'direct',
        title: expect.stringContaining('Предметник'),
      }),
    ]);
  });
});
