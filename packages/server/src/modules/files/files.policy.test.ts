import { describe, expect, it } from 'vitest';
import { contentDisposition, isInline, kindOf, sanitizeFileName, servedType } from './files.policy';
import { parseRange } from './files.service';

describe('file names', () => {
  it.each([
    ['отчёт.pdf', 'отчёт.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\teacher\\план.docx', 'план.docx'],
    ['evil\r\nSet-Cookie: a=1.txt', 'evilSet-Cookie_ a=1.txt'],
    ['фото\u202Egpj.exe', 'фотоgpj.exe'],
    ['a\u0000b.txt', 'ab.txt'],
    ['  .hidden  ', 'hidden'],
    ['..', 'file'],
    ['', 'file'],
    [undefined, 'file'],
    ['CON.txt', '_CON.txt'],
    ['what?<>|*.txt', 'what_____.txt'],
    ['e\u0301cole.txt', 'école.txt'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('shortens long names keeping the extension and whole characters', () => {
    const name = sanitizeFileName(`${'я'.repeat(100)}${'😀'.repeat(100)}.xlsx`);
    expect(name.length).toBeLessThanOrEqual(180);
    expect(name.endsWith('.xlsx')).toBe(true);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('builds Content-Disposition with an ASCII fallback and filename*', () => {
    expect(contentDisposition('attachment', 'План урока (5А).docx')).toBe(
      `attachment; filename="____ _____ (5_).docx"; filename*=UTF-8''%D0%9F%D0%BB%D0%B0%D0%BD%20%D1%83%D1%80%D0%BE%D0%BA%D0%B0%20%285%D0%90%29.docx`,
    );
    expect(contentDisposition('inline', 'a"b%c.png')).toBe(
      `inline; filename="a_b_c.png"; filename*=UTF-8''a_b%25c.png`,
    );
  });
});

describe('serving types', () => {
  it.each([
    ['image/png', 'image', true, 'image/png'],
    ['image/jpeg', 'image', true, 'image/jpeg'],
    ['image/heic', 'image', false, 'image/heic'],
    ['audio/ogg; codecs=opus', 'audio', true, 'audio/ogg; codecs=opus'],
    ['audio/webm', 'audio', true, 'audio/webm'],
    ['video/mp4', 'video', true, 'video/mp4'],
    ['image/svg+xml', 'file', false, 'application/octet-stream'],
    ['text/html', 'file', false, 'application/octet-stream'],
    ['text/plain', 'file', false, 'application/octet-stream'],
    ['application/pdf', 'file', false, 'application/octet-stream'],
    ['application/xml', 'file', false, 'application/octet-stream'],
    ['application/zip', 'file', false, 'application/zip'],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'file',
      false,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
  ])('%s: kind %s, inline %s, served as %s', (mime, kind, inline, served) => {
    expect(kindOf(mime)).toBe(kind);
    expect(isInline(mime)).toBe(inline);
    expect(servedType(mime)).toBe(served);
  });
});

describe('byte ranges', () => {
  it.each([
    [undefined, null],
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-1000', { start: 0, end: 99 }],
    ['bytes=50-1000', { start: 50, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=9-0', null],
    ['bytes=0-1,5-6', null],
    ['items=0-1', null],
  ])('%s of 100 bytes → %j', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});
