import { describe, expect, it } from 'vitest';
import { ru } from '../i18n/ru';
import { buildChat, buildMessage } from '../test/factories';
import { previewOf } from './preview';

const teacher = { id: 9, displayName: 'Орлова Мария Петровна' };
const file = (id: number, kind: 'image' | 'audio' | 'file', name: string) => ({
  id,
  name,
  mime: 'application/octet-stream',
  size: 100,
  kind,
  inline: kind !== 'file',
  width: null,
  height: null,
  url: `/api/v1/files/${id}`,
  thumbnailUrl: null,
  createdAt: '2024-10-01T09:00:00.000Z',
});

describe('the last message in the chat list', () => {
  it('names the files of a message without text', () => {
    const chat = (attachments: ReturnType<typeof file>[], text = '') =>
      buildChat({ lastMessage: buildMessage({ author: teacher, text, attachments }) });
    expect(previewOf(chat([file(1, 'image', 'a.jpg')]), 7, {}, ru)).toEqual({
      author: 'Орлова Мария',
      text: 'Фотография',
    });
    expect(
      previewOf(chat([file(1, 'audio', 'voice-2024-10-01T09-00-00.webm')]), 7, {}, ru).text,
    ).toBe('Голосовое сообщение');
    expect(
      previewOf(chat([file(1, 'file', 'a.pdf'), file(2, 'file', 'b.pdf')]), 7, {}, ru).text,
    ).toBe('2 файла');
    // With a caption, the caption is what is shown.
    expect(previewOf(chat([file(1, 'image', 'a.jpg')], 'Схема проезда'), 7, {}, ru).text).toBe(
      'Схема проезда',
    );
  });
});
