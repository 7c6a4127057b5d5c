import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectType } from './files.detect';
import { HTML_PAGE, oggOpus, SVG_WITH_SCRIPT, zipBomb } from './files.test-kit';

/** The start of a WebM file (EBML header, DocType `webm`), as a browser's MediaRecorder writes it. */
const WEBM = Buffer.concat([
  Buffer.from(
    '1a45dfa39f4286810142f7810142f2810442f381084282847765626d42878104428581021853806701ffffffffffffff',
    'hex',
  ),
  Buffer.alloc(2000),
]);

describe('content type detection', () => {
  let dir: string;
  const file = (name: string, bytes: Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-detect-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('believes the content, never the name or the claimed type', async () => {
    const png = await sharp({
      create: { width: 4, height: 4, channels: 3, background: '#fff' },
    })
      .png()
      .toBuffer();
    expect(await detectType(file('notes.txt', png), 'text/plain')).toBe('image/png');
    expect(await detectType(file('photo.jpg', HTML_PAGE), 'image/jpeg')).toBe('text/html');
    expect(await detectType(file('logo.png', SVG_WITH_SCRIPT), 'image/png')).toBe('image/svg+xml');
    expect(await detectType(file('a.zip', zipBomb(1024 * 1024)), 'application/zip')).toBe(
      'application/zip',
    );
    expect(await detectType(file('plan.txt', Buffer.from('План на неделю: ёлка')), undefined)).toBe(
      'text/plain',
    );
    expect(
      await detectType(file('blob.bin', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0])), 'image/png'),
    ).toBe('application/octet-stream');
  });

  it('recognises voice recordings, narrowing a WebM to audio only when the client says so', async () => {
    expect(await detectType(file('voice.webm', WEBM), 'audio/webm')).toBe('audio/webm');
    expect(await detectType(file('voice2.webm', WEBM), 'audio/webm;codecs=opus')).toBe(
      'audio/webm',
    );
    expect(await detectType(file('clip.webm', WEBM), 'video/webm')).toBe('video/webm');
    expect(await detectType(file('fake.webm', WEBM), 'image/png')).toBe('video/webm');
    expect(await detectType(file('voice.ogg', oggOpus()), 'audio/ogg')).toMatch(/^audio\/ogg/);
  });
});
