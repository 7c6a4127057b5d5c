import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FileInfo } from '@parta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildSchoolWorld } from '../../../test/world';
import { HTML_PAGE, multipart, pngBomb, SVG_WITH_SCRIPT, zipBomb } from './files.test-kit';

const MiB = 1024 * 1024;
const MAX = 2 * MiB;

/** What a raw HTTP exchange returned; the client may stop sending as soon as the server answers. */
interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  sentBytes: number;
}

describe.each(DIALECTS)('hostile files on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  let s: Session;
  let port: number;

  const upload = (body: { payload: Buffer; headers: Record<string, string> }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...s.headers, ...body.headers },
      payload: body.payload,
    });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const fileCount = async () =>
    Number(
      (
        await t.tdb.db
          .selectFrom('files')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const spoolEmpty = () =>
    !fs.existsSync(path.join(dir, '.incoming')) ||
    fs.readdirSync(path.join(dir, '.incoming')).length === 0;

  /** Sends headers and `write` over a real socket; resolves on the server's answer. */
  const raw = (headers: Record<string, string>, write: (req: http.ClientRequest) => void) =>
    new Promise<RawAnswer>((resolve, reject) => {
      let sentBytes = 0;
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/files',
        headers: { ...s.headers, ...headers },
      });
      const origWrite = req.write.bind(req);
      req.write = ((chunk: Buffer | string, ...rest: never[]) => {
        sentBytes += Buffer.byteLength(chunk);
        return origWrite(chunk, ...rest);
      }) as typeof req.write;
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentBytes });
          req.destroy();
        });
      });
      req.on('error', (err) => {
        if (!req.destroyed) reject(err);
      });
      write(req);
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-files-hostile-'));
    process.env.PARTA_FILES_DIR = dir;
    process.env.PARTA_FILES_MAX_BYTES = String(MAX);
    process.env.PARTA_FILES_QUOTA_BYTES = String(1024 * MiB);
    t = await createTestApp(dialect);
    await buildSchoolWorld(t.tdb.db);
    s = await signIn(t.app, 't1');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an oversize upload with 413 before reading its body', async () => {
    const before = await fileCount();
    const answer = await raw(
      {
        'content-type': 'multipart/form-data; boundary=xyz',
        'content-length': String(1024 * MiB),
      },
      (req) => req.write('--xyz\r\n'),
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('FILE_TOO_LARGE');
    expect(answer.headers.connection).toBe('close');
    expect(answer.sentBytes).toBeLessThan(100);
    expect(await fileCount()).toBe(before);

    // The same through inject: a body just over the limit.
    const over = await upload(multipart(Buffer.alloc(MAX + 100 * 1024), { filename: 'big.bin' }));
    expect(over.statusCode).toBe(413);
    expect(errorCode(over)).toBe('FILE_TOO_LARGE');
  });

  it('stops an oversize upload without Content-Length at the limit, keeping nothing', async () => {
    const before = await fileCount();
    const boundary = 'chunky';
    const answer = await raw(
      {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'transfer-encoding': 'chunked',
      },
      (req) => {
        req.write(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        );
        const chunk = Buffer.alloc(64 * 1024, 3);
        let sent = 0;
        const pump = () => {
          while (sent < 3 * MAX && !req.destroyed) {
            sent += chunk.length;
            if (!req.write(chunk)) {
              req.once('drain', pump);
              return;
            }
          }
          if (!req.destroyed) req.end(`\r\n--${boundary}--\r\n`);
        };
        pump();
      },
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('FILE_TOO_LARGE');
    expect(await fileCount()).toBe(before);
    expect(spoolEmpty()).toBe(true);
  });

  it('stores a zip bomb as an opaque archive, never expanding it', async () => {
    const bomb = zipBomb(200 * MiB);
    expect(bomb.length).toBeLessThan(MAX);
    const started = Date.now();
    const res = await upload(multipart(bomb, { filename: 'sources.zip', type: 'application/zip' }));
    expect(res.statusCode).toBe(201);
    const f = res.json() as FileInfo;
    expect(f).toMatchObject({
      mime: 'application/zip',
      size: bomb.length,
      kind: 'file',
      inline: false,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    const dl = await get(f.url);
    expect(dl.headers['content-disposition']).toMatch(/^attachment; /);
    expect(dl.rawPayload.equals(bomb)).toBe(true);
  });

  it('keeps a 50 000 × 50 000 PNG header without a thumbnail, and without a crash', async () => {
    const res = await upload(multipart(pngBomb(), { filename: 'huge.png', type: 'image/png' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      mime: 'image/png',
      width: null,
      height: null,
      thumbnailUrl: null,
    });
    expect((await get(`${res.json().url}/thumbnail`)).statusCode).toBe(404);
    expect((await get('/api/v1/me')).statusCode).toBe(200);
  });

  it('serves an SVG with a script as an attachment, never as an image', async () => {
    const res = await upload(
      multipart(SVG_WITH_SCRIPT, { filename: 'logo.svg', type: 'image/svg+xml' }),
    );
    expect(res.statusCode).toBe(201);
    const f = res.json() as FileInfo;
    expect(f).toMatchObject({
      mime: 'image/svg+xml',
      kind: 'file',
      inline: false,
      thumbnailUrl: null,
    });
    const dl = await get(`${f.url}?download=0`);
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="logo.svg"/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
  });

  it('detects HTML named .jpg and serves it as an attachment', async () => {
    const res = await upload(multipart(HTML_PAGE, { filename: 'photo.jpg', type: 'image/jpeg' }));
    expect(res.statusCode).toBe(201);
    const f = res.json() as FileInfo;
    expect(f).toMatchObject({ name: 'photo.jpg', mime: 'text/html', kind: 'file', inline: false });
    const dl = await get(f.url);
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    expect(dl.headers['content-disposition']).toMatch(/^attachment; /);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
  });

  it('strips paths, CR/LF and invisible characters from names, keeping Unicode', async () => {
    const cases: [string, string][] = [
      ['filename="../../../etc/passwd"', 'passwd'],
      ['filename="..\\..\\windows\\win.ini"', 'win.ini'],
      [`filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE%E2%80%AEgpj.exe`, 'фотоgpj.exe'],
      ['filename="Фото класса 5А.txt"', 'Фото класса 5А.txt'],
      ['filename=".."', 'file'],
    ];
    for (const [disposition, expected] of cases) {
      const res = await upload(multipart(Buffer.from('x'), { dispositionName: disposition }));
      expect(res.statusCode, disposition).toBe(201);
      const f = res.json() as FileInfo;
      expect(f.name, disposition).toBe(expected);
      const dl = await get(f.url);
      expect(dl.headers['set-cookie']).toBeUndefined();
      expect(dl.headers['content-disposition']).not.toMatch(/[\r\n]/);
      expect(dl.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent(expected)}`,
      );
    }
    // A name carrying CR/LF (RFC 5987 lets a client encode them) is refused outright by the
    // multipart parser: the part is skipped, so no file arrives (the sanitiser drops CR/LF too).
    const crlf = await upload(
      multipart(Buffer.from('x'), {
        dispositionName: `filename*=UTF-8''evil%0D%0ASet-Cookie%3A%20a%3D1.txt`,
      }),
    );
    expect(crlf.statusCode).toBe(400);
    expect(crlf.json().error.details[0].path).toBe('body.file');
    // Nothing was written outside the storage directory.
    expect(fs.existsSync(path.join(dir, '..', 'passwd'))).toBe(false);
    const long = `${'очень длинное имя '.repeat(30)}.docx`;
    const res = await upload(multipart(Buffer.from('x'), { filename: long }));
    const name = (res.json() as FileInfo).name;
    expect(name.length).toBeLessThanOrEqual(180);
    expect(name.endsWith('.docx')).toBe(true);
  });
});
