import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { checkFile, describeFiles, formatFileSize, guessKind, isVoice } from './files';

describe('file sizes in the person’s language', () => {
  it.each([
    [0, '0 Б'],
    [1, '1 Б'],
    [512, '512 Б'],
    [1023, '1023 Б'],
    [1024, '1 КБ'],
    [1536, '1,5 КБ'],
    [10 * 1024, '10 КБ'],
    [200 * 1024 + 300, '200 КБ'],
    [1024 * 1024 - 1, '1 МБ'],
    [2.25 * 1024 * 1024, '2,3 МБ'],
    [50 * 1024 * 1024, '50 МБ'],
    [1.25 * 1024 * 1024 * 1024, '1,3 ГБ'],
    [5000 * 1024 * 1024 * 1024, '5000 ГБ'],
  ])('%d bytes → «%s»', (bytes, text) => {
    expect(formatFileSize(bytes, ru)).toBe(text.replace(' ', '\u00a0'));
  });

  it('uses English units and a decimal point in English', () => {
    expect(formatFileSize(1536, en)).toBe('1.5\u00a0KB');
    expect(formatFileSize(3 * 1024 * 1024, en)).toBe('3\u00a0MB');
  });
});

describe('what a file is and whether it may be attached', () => {
  it('guesses the kind from the browser’s type; the server decides in the end', () => {
    expect(guessKind('image/png')).toBe('image');
    expect(guessKind('image/svg+xml')).toBe('file');
    expect(guessKind('audio/webm;codecs=opus')).toBe('audio');
    expect(guessKind('video/mp4')).toBe('video');
    expect(guessKind('')).toBe('file');
  });

  it('refuses empty and oversize files with a clear Russian reason', () => {
    expect(checkFile({ name: 'пусто.txt', size: 0 }, ru)).toBe(
      'Файл «пусто.txt» пустой — прикреплять нечего.',
    );
    expect(checkFile({ name: 'видео.mov', size: 50 * 1024 * 1024 + 1 }, ru)).toBe(
      'Файл «видео.mov» слишком большой: можно прикрепить файл не больше 50\u00a0МБ.',
    );
    expect(checkFile({ name: 'план.pdf', size: 50 * 1024 * 1024 }, ru)).toBeNull();
  });

  it('counts files with correct plurals', () => {
    expect(ru.files.tooMany(10)).toBe('К одному сообщению можно прикрепить не больше 10 файлов.');
    expect(ru.files.tooMany(1)).toBe('К одному сообщению можно прикрепить не больше 1 файла.');
    expect(ru.files.tooMany(21)).toBe('К одному сообщению можно прикрепить не больше 21 файла.');
  });

  it('describes a message’s files in one line (list previews, replies, notifications)', () => {
    const photo = { kind: 'image' as const, name: 'a.jpg' };
    const doc = { kind: 'file' as const, name: 'отчёт.xlsx' };
    const voice = { kind: 'audio' as const, name: 'voice-2024-10-01T09-00-00.webm' };
    expect(describeFiles([], ru)).toBe('');
    expect(describeFiles([photo], ru)).toBe('Фотография');
    expect(describeFiles([photo, photo], ru)).toBe('2 фотографии');
    expect(describeFiles([photo, photo, photo, photo, photo], ru)).toBe('5 фотографий');
    expect(describeFiles([photo, doc], ru)).toBe('2 файла');
    expect(describeFiles([doc], ru)).toBe('Файл: отчёт.xlsx');
    expect(describeFiles([voice], ru)).toBe('Голосовое сообщение');
    expect(describeFiles([{ kind: 'audio', name: 'гимн.mp3' }], ru)).toBe('Аудио: гимн.mp3');
    expect(isVoice(voice)).toBe(true);
    expect(isVoice({ kind: 'file', name: 'voice-notes.txt' })).toBe(false);
  });
});
