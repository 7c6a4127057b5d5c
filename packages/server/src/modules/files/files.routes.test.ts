import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileInfo, Message } from '@parta/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildSchoolWorld } from '../../../test/world';
import { readFilesSettings } from './files.config';
import { collectGarbage } from './files.service';
import { multipart, multipartWithoutFile, oggOpus } from './files.test-kit';
import { LocalStorage } from './local-storage';

const MiB = 1024 * 1024;

describe.each(DIALECTS)('files on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<'t1' | 't2' | 'h' | 'p1' | 'pb', Session>;
  let pupilsChat: number;

  const api = (
    method: 'GET' | 'POST' | 'DELETE' | 'HEAD',
    url: string,
    who?: Session,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(who ? who.headers : {}), ...headers },
      ...(payload ? { payload } : {}),
    });
  const upload = (
    who: Session | undefined,
    body: { payload: Buffer; headers: Record<string, string> },
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...(who ? who.headers : {}), ...body.headers },
      payload: body.payload,
    });
  const uploadOk = async (who: Session, content: Buffer, filename: string, type?: string) => {
    const res = await upload(who, multipart(content, { filename, ...(type ? { type } : {}) }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as FileInfo;
  };
  const send = (chatId: number, who: Session, text: string, fileIds: number[]) =>
    api('POST', `/api/v1/chats/${chatId}/messages`, who, {
      text,
      clientMessageId: `f-${Math.random().toString(36).slice(2, 12)}`,
      fileIds,
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-files-routes-'));
    process.env.PARTA_FILES_DIR = dir;
    process.env.PARTA_FILES_MAX_BYTES = String(2 * MiB);
    process.env.PARTA_FILES_QUOTA_BYTES = String(4 * MiB);
    t = await createTestApp(dialect, {
      PARTA_SEND_RATE_PER_MINUTE: '6000',
      PARTA_SEND_BURST: '500',
    });
    w = await buildSchoolWorld(t.tdb.db);
    s = {
      t1: await signIn(t.app, 't1'),
      t2: await signIn(t.app, 't2'),
      h: await signIn(t.app, 'h'),
      p1: await signIn(t.app, 'p1'),
      pb: await signIn(t.app, 'pb'),
    };
    const chats = (await api('GET', '/api/v1/chats', s.t1)).json().items as {
      id: number;
      kind: string;
    }[];
    pupilsChat = chats.find((c) => c.kind === 'class_pupils')!.id;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('walks 401 → 415/400 → 201 on upload', async () => {
    const body = multipart(Buffer.from('Домашнее задание на понедельник'), { filename: 'дз.txt' });
    const anon = await upload(undefined, body);
    expect(anon.statusCode).toBe(401);
    expect(errorCode(anon)).toBe('UNAUTHENTICATED');

    const json = await api('POST', '/api/v1/files', s.t1, { name: 'x' });
    expect(json.statusCode).toBe(415);
    expect(errorCode(json)).toBe('UNSUPPORTED_MEDIA_TYPE');
    const noFile = await upload(s.t1, multipartWithoutFile());
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.details[0].path).toBe('body.file');
    const cut = multipart(Buffer.alloc(5000, 1), { filename: 'cut.bin' });
    const truncated = await upload(s.t1, { ...cut, payload: cut.payload.subarray(0, 3000) });
    expect(truncated.statusCode).toBe(400);
    expect(errorCode(truncated)).toBe('BAD_REQUEST');
    const noBoundary = await upload(s.t1, {
      payload: cut.payload,
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(errorCode(noBoundary)).toBe('BAD_REQUEST');
    const empty = await upload(s.t1, multipart(Buffer.alloc(0), { filename: 'empty.txt' }));
    expect(errorCode(empty)).toBe('VALIDATION_FAILED');

    const ok = await upload(s.t1, body);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      name: 'дз.txt',
      mime: 'text/plain',
      size: Buffer.byteLength('Домашнее задание на понедельник'),
      kind: 'file',
      inline: false,
      width: null,
      thumbnailUrl: null,
    });
  });

  it('stores an image with its size and a thumbnail', async () => {
    const png = await sharp({
      create: { width: 1000, height: 500, channels: 3, background: { r: 200, g: 30, b: 30 } },
    })
      .png()
      .toBuffer();
    const info = await uploadOk(s.t1, png, 'доска.png', 'image/png');
    expect(info).toMatchObject({
      mime: 'image/png',
      kind: 'image',
      inline: true,
      width: 1000,
      height: 500,
    });
    expect(info.thumbnailUrl).toBe(`/api/v1/files/${info.id}/thumbnail`);
    const thumb = await api('GET', info.thumbnailUrl!, s.t1);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([320, 160]);
    const full = await api('GET', info.url, s.t1);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/png');
    expect(full.headers['content-disposition']).toMatch(/^inline; /);
    expect(full.headers['x-content-type-options']).toBe('nosniff');
    expect(full.rawPayload.equals(png)).toBe(true);
  });

  it('removes EXIF (GPS, camera, time) from photos before storing them', async () => {
    const jpeg = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } },
    })
      .jpeg()
      .withExif({
        IFD0: { Make: 'Phone', Model: 'Camera 1', Copyright: 'school trip' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '58/1 17/1 0/1' },
      })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const info = await uploadOk(s.t1, jpeg, 'экскурсия.jpg', 'image/jpeg');
    const full = await api('GET', info.url, s.t1);
    expect(full.statusCode).toBe(200);
    const meta = await sharp(full.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([64, 48]);
    expect(info.size).toBe(full.rawPayload.length);
  });

  it('attaches uploads to a message; only current members may read them', async () => {
    const doc = await uploadOk(s.t1, Buffer.from('Список литературы на лето'), 'Литература.txt');
    // Before attaching, only the uploader reads it.
    expect((await api('GET', doc.url, s.t1)).statusCode).toBe(200);
    expect((await api('GET', doc.url, s.p1)).statusCode).toBe(403);
    // Someone else's upload cannot be attached.
    const stolen = await send(pupilsChat, s.p1, 'смотрите', [doc.id]);
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.details[0].path).toBe('body.fileIds');

    const sent = await send(pupilsChat, s.t1, '', [doc.id]);
    expect(sent.statusCode).toBe(201);
    const message = sent.json() as Message;
    expect(message.attachments.map((a) => a.id)).toEqual([doc.id]);
    // Attached once only.
    const again = await send(pupilsChat, s.t1, 'ещё раз', [doc.id]);
    expect(errorCode(again)).toBe('VALIDATION_FAILED');
    // History carries the attachments.
    const hist = (await api('GET', `/api/v1/chats/${pupilsChat}/messages`, s.p1)).json();
    const inHistory = hist.items.find((m: Message) => m.id === message.id) as Message;
    expect(inHistory.attachments[0]).toMatchObject({ id: doc.id, name: 'Литература.txt' });

    expect((await api('GET', doc.url, s.p1)).statusCode).toBe(200);
    expect((await api('GET', `${doc.url}/info`, s.p1)).json()).toMatchObject({ id: doc.id });
    const outsider = await api('GET', doc.url, s.pb);
    expect(outsider.statusCode).toBe(403);
    expect(errorCode(outsider)).toBe('FORBIDDEN');
    expect((await api('GET', doc.url)).statusCode).toBe(401);
    expect((await api('GET', '/api/v1/files/999999', s.t1)).statusCode).toBe(404);
    expect((await api('GET', '/api/v1/files/abc', s.t1)).statusCode).toBe(400);

    // A deleted message takes its files with it.
    expect(
      (await api('DELETE', `/api/v1/chats/${pupilsChat}/messages/${message.seq}`, s.t1)).statusCode,
    ).toBe(204);
    expect((await api('GET', doc.url, s.p1)).statusCode).toBe(403);
    const after = (await api('GET', `/api/v1/chats/${pupilsChat}/messages`, s.p1)).json();
    expect(after.items.find((m: Message) => m.id === message.id).attachments).toEqual([]);
  });

  it('ends access when a member leaves the chat', async () => {
    const group = await api('POST', '/api/v1/chats', s.t1, {
      kind: 'group',
      title: 'Методобъединение',
      memberIds: [w.t2, w.h],
    });
    expect(group.statusCode).toBe(201);
    const chatId = group.json().id as number;
    const f = await uploadOk(s.t1, Buffer.from('План заседания'), 'план.txt');
    expect((await send(chatId, s.t1, 'план', [f.id])).statusCode).toBe(201);
    expect((await api('GET', f.url, s.t2)).statusCode).toBe(200);
    expect((await api('DELETE', `/api/v1/chats/${chatId}/members/${w.t2}`, s.t1)).statusCode).toBe(
      204,
    );
    expect((await api('GET', f.url, s.t2)).statusCode).toBe(403);
    expect((await api('GET', f.url, s.h)).statusCode).toBe(200);
  });

  it('plays voice messages inline with byte ranges', async () => {
    const voice = oggOpus(10_000);
    const f = await uploadOk(s.p1, voice, 'voice.ogg', 'audio/ogg');
    expect(f).toMatchObject({ kind: 'audio', inline: true });
    expect(f.mime).toMatch(/^audio\/ogg/);
    const whole = await api('GET', f.url, s.p1);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-disposition']).toMatch(/^inline; /);
    const part = await api('GET', f.url, s.p1, undefined, { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${voice.length}`);
    expect(part.rawPayload.equals(voice.subarray(100, 200))).toBe(true);
    const tail = await api('GET', f.url, s.p1, undefined, { range: 'bytes=-10' });
    expect(tail.rawPayload.equals(voice.subarray(-10))).toBe(true);
    const beyond = await api('GET', f.url, s.p1, undefined, { range: 'bytes=20000-' });
    expect(beyond.statusCode).toBe(416);
    expect(errorCode(beyond)).toBe('RANGE_NOT_SATISFIABLE');
    expect(beyond.headers['content-range']).toBe(`bytes */${voice.length}`);
    const forced = await api('GET', `${f.url}?download=1`, s.p1);
    expect(forced.headers['content-disposition']).toMatch(/^attachment; /);
    const cached = await api('GET', f.url, s.p1, undefined, {
      'if-none-match': whole.headers.etag as string,
    });
    expect(cached.statusCode).toBe(304);
    const head = await api('HEAD', f.url, s.p1);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(voice.length));
  });

  it('lets the uploader discard an unattached upload', async () => {
    const f = await uploadOk(s.t2, Buffer.from('черновик'), 'черновик.txt');
    expect((await api('DELETE', f.url, s.t1)).statusCode).toBe(403);
    expect((await api('DELETE', f.url, s.t2)).statusCode).toBe(204);
    expect((await api('GET', f.url, s.t2)).statusCode).toBe(404);
  });

  it('enforces the organisation quota', async () => {
    const big = Buffer.alloc(Math.floor(1.5 * MiB), 1);
    // School A has used little so far; 4 MiB fits two of these, not three.
    await uploadOk(s.h, big, 'a.bin');
    await uploadOk(s.h, big, 'b.bin');
    const over = await upload(s.h, multipart(big, { filename: 'c.bin' }));
    expect(over.statusCode).toBe(413);
    expect(errorCode(over)).toBe('STORAGE_QUOTA_EXCEEDED');
    // Another organisation has its own quota.
    expect((await upload(s.pb, multipart(big, { filename: 'c.bin' }))).statusCode).toBe(201);
  });

  it('removes orphans and the files of long-deleted messages, and nothing else', async () => {
    const orphan = await uploadOk(s.t2, Buffer.from('забытый файл'), 'забыт.txt');
    const kept = await uploadOk(s.t1, Buffer.from('живой файл'), 'живой.txt');
    const gone = await uploadOk(s.t1, Buffer.from('удалённый файл'), 'удалён.txt');
    expect((await send(pupilsChat, s.t1, 'живой', [kept.id])).statusCode).toBe(201);
    const del = (await send(pupilsChat, s.t1, 'удалённый', [gone.id])).json() as Message;
    await api('DELETE', `/api/v1/chats/${pupilsChat}/messages/${del.seq}`, s.t1);
    const settings = readFilesSettings();
    const storage = new LocalStorage(settings.dir);
    const keyOf = async (id: number) =>
      (
        await t.tdb.db
          .selectFrom('files')
          .select('storage_key')
          .where('id', '=', id)
          .executeTakeFirst()
      )?.storage_key;
    const goneKey = await keyOf(gone.id);
    const at = (hours: number) => () => new Date(Date.now() + hours * 3_600_000);

    const soon = await collectGarbage(t.tdb.db, { storage, settings, now: at(1) });
    expect(soon).toMatchObject({ orphans: 0, expired: 0, failed: 0 });
    const day = await collectGarbage(t.tdb.db, { storage, settings, now: at(25) });
    expect(day.orphans).toBeGreaterThanOrEqual(1);
    expect(day.expired).toBe(0);
    expect(await keyOf(orphan.id)).toBeUndefined();
    const month = await collectGarbage(t.tdb.db, { storage, settings, now: at(31 * 24) });
    expect(month.expired).toBeGreaterThanOrEqual(1);
    expect(await keyOf(gone.id)).toBeUndefined();
    expect(await storage.stat(goneKey!)).toBeNull();
    expect(await keyOf(kept.id)).toBeDefined();
    expect((await api('GET', kept.url, s.p1)).statusCode).toBe(200);
  });
});
