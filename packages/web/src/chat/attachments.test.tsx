import type { FileInfo, Message } from '@parta/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { buildMessage } from '../test/factories';
import { MessageBubble, type BubbleContext, type MessageActions } from './message-bubble';

const other = { id: 9, displayName: 'Орлова Мария Петровна' };

function file(id: number, overrides: Partial<FileInfo>): FileInfo {
  return {
    id,
    name: `file-${id}`,
    mime: 'application/octet-stream',
    size: 1000,
    kind: 'file',
    inline: false,
    width: null,
    height: null,
    url: `/api/v1/files/${id}`,
    thumbnailUrl: null,
    createdAt: '2024-10-01T09:00:00.000Z',
    ...overrides,
  };
}

const photo = (id: number, name: string) =>
  file(id, {
    name,
    mime: 'image/jpeg',
    kind: 'image',
    inline: true,
    width: 1600,
    height: 1200,
    size: 420_000,
    thumbnailUrl: `/api/v1/files/${id}/thumbnail`,
  });

function setup(message: Message, ctx: Partial<BubbleContext> = {}) {
  const actions = {
    reply: vi.fn(),
    edit: vi.fn(),
    remove: vi.fn(),
    forward: vi.fn(),
    react: vi.fn(),
    vote: vi.fn(),
    jumpTo: vi.fn(),
    showReaders: vi.fn(),
    copied: vi.fn(),
    pin: vi.fn(),
  } satisfies MessageActions;
  render(
    <I18nProvider initialLanguage="ru">
      <MessageBubble
        message={message}
        ctx={{
          meId: 7,
          chatKind: 'class_parents',
          isAdmin: false,
          canPost: true,
          smallChat: true,
          mentionName: () => 'участник',
          actions,
          pinned: new Set(),
          canPin: false,
          ...ctx,
        }}
        groupStart
        groupEnd
        replyTarget={undefined}
        readCount={null}
        highlighted={false}
      />
    </I18nProvider>,
  );
  return actions;
}

describe('files in a message', () => {
  it('shows a photo as its thumbnail, keeping its proportions, and opens it in a viewer that Escape closes', async () => {
    setup(buildMessage({ author: other, text: '', attachments: [photo(5, 'экскурсия.jpg')] }));
    const open = screen.getByRole('button', { name: 'Открыть фотографию «экскурсия.jpg»' });
    const thumb = within(open).getByRole('img', { name: 'экскурсия.jpg' });
    expect(thumb).toHaveAttribute('src', '/api/v1/files/5/thumbnail');
    expect(open).toHaveStyle({ width: '280px', aspectRatio: '1600 / 1200' });
    // A message of files only has no empty text block.
    expect(document.querySelector('.message__text')).toBeNull();

    open.focus();
    fireEvent.click(open);
    const viewer = await screen.findByRole('dialog', { name: /экскурсия\.jpg/ });
    expect(within(viewer).getByRole('img', { name: 'экскурсия.jpg' })).toHaveAttribute(
      'src',
      '/api/v1/files/5',
    );
    expect(
      within(viewer).getByRole('link', { name: /Скачать «экскурсия\.jpg», 410\u00a0КБ/ }),
    ).toHaveAttribute('href', '/api/v1/files/5?download=1');
    await waitFor(() =>
      expect(within(viewer).getByRole('button', { name: 'Закрыть просмотр' })).toHaveFocus(),
    );
    fireEvent.keyDown(viewer, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(open).toHaveFocus();
  });

  it('goes through several photos with the arrow keys', async () => {
    setup(
      buildMessage({
        author: other,
        text: 'Фото с экскурсии',
        attachments: [photo(5, 'первая.jpg'), photo(6, 'вторая.jpg'), photo(7, 'третья.jpg')],
      }),
    );
    expect(screen.getByRole('list', { name: '3 фотографии' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Открыть фотографию «вторая.jpg»' }));
    const viewer = await screen.findByRole('dialog');
    expect(viewer).toHaveTextContent('2 из 3');
    fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    expect(within(viewer).getByRole('img')).toHaveAttribute('src', '/api/v1/files/7');
    fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    expect(within(viewer).getByRole('img')).toHaveAttribute('src', '/api/v1/files/5');
    fireEvent.click(within(viewer).getByRole('button', { name: 'Предыдущая фотография' }));
    expect(viewer).toHaveTextContent('3 из 3');
  });

  it('shows any other file as a card with its name and size in Russian units, which downloads it', () => {
    setup(
      buildMessage({
        author: other,
        text: 'Расписание на неделю',
        attachments: [
          file(8, { name: 'расписание.pdf', mime: 'application/pdf', size: 1_572_864 }),
          // An image the server could not make a thumbnail of is a file too.
          file(9, { name: 'скан.heic', kind: 'image', size: 2048 }),
        ],
      }),
    );
    expect(screen.getByText('Расписание на неделю')).toBeInTheDocument();
    const card = screen.getByRole('link', { name: 'Скачать «расписание.pdf», 1,5\u00a0МБ' });
    expect(card).toHaveAttribute('href', '/api/v1/files/8?download=1');
    expect(card).toHaveAttribute('download', 'расписание.pdf');
    expect(within(card).getByText('1,5 МБ')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Скачать «скан.heic», 2\u00a0КБ' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Открыть фотографию/ })).toBeNull();
  });

  it('plays a voice message in place', () => {
    setup(
      buildMessage({
        author: other,
        text: '',
        attachments: [
          file(10, {
            name: 'voice-2024-10-01T09-00-00.webm',
            mime: 'audio/webm',
            kind: 'audio',
            inline: true,
            size: 48_000,
          }),
        ],
      }),
    );
    const figure = screen.getByText('Голосовое сообщение').closest('figure');
    const audio = figure?.querySelector('audio');
    expect(audio).toHaveAccessibleName('Голосовое сообщение');
    expect(audio).toHaveAttribute('src', '/api/v1/files/10');
    expect(audio).toHaveAttribute('controls');
    expect(figure).toHaveTextContent('47 КБ');
  });

  it('shows no files of a deleted message', () => {
    setup(
      buildMessage({
        author: other,
        text: '',
        deletedAt: '2024-10-01T10:00:00.000Z',
        attachments: [photo(5, 'экскурсия.jpg')],
      }),
    );
    expect(screen.getByText('Сообщение удалено')).toBeInTheDocument();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('links the author’s name to their profile', () => {
    setup(buildMessage({ author: other }));
    expect(screen.getByRole('link', { name: 'Орлова Мария' })).toHaveAttribute('href', '/people/9');
  });
});

describe('pins in the message menu', () => {
  it('offers «Закрепить» to those who may pin, and «Открепить» on a pinned message', () => {
    const message = buildMessage({ seq: 4, author: other });
    const actions = setup(message, { canPin: true });
    fireEvent.click(screen.getByRole('button', { name: 'Действия с сообщением' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Закрепить' }));
    expect(actions.pin).toHaveBeenCalledWith(message, true);
  });

  it('marks a pinned message and unpins it', () => {
    const message = buildMessage({ seq: 4, author: other });
    const actions = setup(message, { canPin: true, pinned: new Set([4]) });
    expect(screen.getByText('Закреплённое сообщение')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Действия с сообщением' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Открепить' }));
    expect(actions.pin).toHaveBeenCalledWith(message, false);
  });

  it('does not offer pinning to members who may not pin', () => {
    setup(buildMessage({ seq: 4, author: other }), { canPin: false });
    fireEvent.click(screen.getByRole('button', { name: 'Действия с сообщением' }));
    expect(screen.queryByRole('menuitem', { name: 'Закрепить' })).toBeNull();
  });
});
