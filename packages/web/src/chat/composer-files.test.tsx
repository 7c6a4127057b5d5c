import type { ClientFrame, FileInfo } from '@parta/shared';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../app';
import { buildChat, buildMe, buildMessage, testQueryClient } from '../test/factories';
import { json, stubFetch } from '../test/fake-fetch';
import { stubXhr } from '../test/fake-xhr';
import { openedSockets } from '../test/setup';

const ME = 7;
const teacher = { id: 9, displayName: 'Орлова Мария Петровна' };
const chat = buildChat({ id: 38, lastSeq: 1, readSeq: 1, memberCount: 2 });
const history = {
  items: [buildMessage({ seq: 1, author: teacher, text: 'Пришлите, пожалуйста, согласия' })],
  hasBefore: false,
  hasAfter: false,
  lastSeq: 1,
};

function stored(id: number, name: string, overrides: Partial<FileInfo> = {}): FileInfo {
  return {
    id,
    name,
    mime: 'application/pdf',
    size: 1536,
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

function openChat(extra: Parameters<typeof stubFetch>[0] = {}) {
  window.history.replaceState(null, '', '/chats/38');
  const fetches = stubFetch({
    'GET /api/v1/me': json(200, buildMe()),
    'GET /api/v1/chats': json(200, { items: [chat], nextBefore: null }),
    'GET /api/v1/chats/38/messages': json(200, history),
    'GET /api/v1/chats/38/members': json(200, { items: [] }),
    'GET /api/v1/chats/38/pins': json(200, { items: [] }),
    'POST /api/v1/chats/38/read': json(200, { readSeq: 1 }),
    ...extra,
  });
  const xhr = stubXhr();
  const view = render(<App queryClient={testQueryClient()} />);
  return { fetches, xhr, view };
}

const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('messages') ? 600 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(Element.prototype, 'clientHeight', clientHeight);
});

const socket = () => {
  const s = openedSockets.at(-1);
  if (!s) throw new Error('no socket');
  return s;
};

async function ready() {
  const input = await screen.findByRole('combobox', { name: 'Сообщение' });
  await waitFor(() => expect(openedSockets.length).toBeGreaterThan(0));
  act(() => socket().open(ME));
  return input;
}

function fileInput(container: HTMLElement): HTMLInputElement {
  const input = container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  return input;
}

const pdf = (name = 'согласие.pdf', size = 1536) =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf' });

describe('attachments in the composer', () => {
  it('shows the upload’s progress and cancels it', async () => {
    const { xhr, view } = openChat();
    await ready();
    fireEvent.change(fileInput(view.container), { target: { files: [pdf()] } });

    const progress = await screen.findByRole('progressbar', {
      name: 'Загрузка файла «согласие.pdf»',
    });
    expect(progress).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByText('согласие.pdf')).toBeInTheDocument();
    act(() => xhr.last.progress(768, 1536));
    expect(progress).toHaveAttribute('aria-valuenow', '50');
    expect(screen.getByText(/загрузка 50 %/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Отменить загрузку «согласие.pdf»' }));
    expect(xhr.last.aborted).toBe(true);
    expect(screen.queryByText('согласие.pdf')).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('sends the uploaded files with the message (fileIds) and shows them while it is on its way', async () => {
    const { xhr, view } = openChat();
    const input = await ready();
    fireEvent.change(fileInput(view.container), { target: { files: [pdf()] } });
    act(() => xhr.last.respond(201, stored(41, 'согласие.pdf')));
    expect(await screen.findByText(/загружен$/)).toBeInTheDocument();

    fireEvent.change(input, { target: { value: 'Согласие во вложении' } });
    fireEvent.click(screen.getByRole('button', { name: 'Отправить' }));

    await waitFor(() => expect(socket().sentOfType('send')).toHaveLength(1));
    const frame = socket().sentOfType('send')[0] as Extract<ClientFrame, { type: 'send' }>;
    expect(frame).toMatchObject({ chatId: 38, text: 'Согласие во вложении', fileIds: [41] });
    const pending = await screen.findByRole('article', { name: 'Вы, Отправляется…' });
    expect(within(pending).getByText('согласие.pdf')).toBeInTheDocument();
    // The composer is empty again: the files went with the message.
    expect(screen.queryByRole('list', { name: 'Прикреплённые файлы' })).toBeNull();
  });

  it('sends a message of files only, and waits for uploads still running when Send is pressed', async () => {
    const { xhr, view } = openChat();
    await ready();
    fireEvent.change(fileInput(view.container), {
      target: { files: [pdf('a.pdf'), pdf('b.pdf')] },
    });
    expect(xhr.requests).toHaveLength(2);
    act(() => xhr.requests[0]?.respond(201, stored(51, 'a.pdf')));

    fireEvent.click(await screen.findByRole('button', { name: 'Отправить' }));
    expect(
      await screen.findByText('Сообщение уйдёт, как только файлы загрузятся.'),
    ).toBeInTheDocument();
    expect(socket().sentOfType('send')).toHaveLength(0);

    act(() => xhr.requests[1]?.respond(201, stored(52, 'b.pdf')));
    await waitFor(() => expect(socket().sentOfType('send')).toHaveLength(1));
    expect(socket().sentOfType('send')[0]).toMatchObject({ text: '', fileIds: [51, 52] });
  });

  it('refuses an oversize file before uploading it, with a clear reason', async () => {
    const { xhr, view } = openChat();
    await ready();
    const big = pdf('видео.mov');
    Object.defineProperty(big, 'size', { value: 60 * 1024 * 1024 });
    fireEvent.change(fileInput(view.container), { target: { files: [big] } });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Файл «видео.mov» слишком большой: можно прикрепить файл не больше 50 МБ.',
    );
    expect(xhr.requests).toHaveLength(0);
  });

  it('explains a refusal of the server and lets the upload be retried', async () => {
    const { xhr, view } = openChat();
    await ready();
    fireEvent.change(fileInput(view.container), { target: { files: [pdf()] } });
    act(() =>
      xhr.last.respond(507, {
        error: { code: 'STORAGE_QUOTA_EXCEEDED', message: 'quota', retriable: false },
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Место для файлов вашей организации закончилось',
    );
    // A failed upload blocks sending until it is retried or removed.
    fireEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(xhr.requests).toHaveLength(2);
    act(() => xhr.last.respond(201, stored(61, 'согласие.pdf')));
    expect(await screen.findByText(/загружен$/)).toBeInTheDocument();
  });

  it('deletes an uploaded file that is removed before sending', async () => {
    const { xhr, view, fetches } = openChat({
      'DELETE /api/v1/files/41': new Response(null, { status: 204 }),
    });
    await ready();
    fireEvent.change(fileInput(view.container), { target: { files: [pdf()] } });
    act(() => xhr.last.respond(201, stored(41, 'согласие.pdf')));
    fireEvent.click(await screen.findByRole('button', { name: 'Убрать «согласие.pdf»' }));
    await waitFor(() =>
      expect(
        fetches.requests.some((r) => r.method === 'DELETE' && r.path === '/api/v1/files/41'),
      ).toBe(true),
    );
    expect(screen.queryByText('согласие.pdf')).toBeNull();
  });

  it('attaches a pasted screenshot but leaves pasted text alone', async () => {
    const { xhr } = openChat();
    const input = await ready();
    const shot = new File([new Uint8Array(10)], 'image.png', { type: 'image/png' });
    fireEvent.paste(input, { clipboardData: { files: [shot], types: ['Files'] } });
    expect(xhr.requests).toHaveLength(1);
    expect(xhr.last.file?.name).toBe('image.png');

    fireEvent.paste(input, {
      clipboardData: { files: [shot], types: ['text/plain', 'Files'] },
    });
    expect(xhr.requests).toHaveLength(1);
  });

  it('attaches files dropped on the chat, and says folders cannot be attached', async () => {
    const { xhr } = openChat();
    await ready();
    const region = screen.getByRole('region', { name: '7А · родители' });
    const dataTransfer = {
      types: ['Files'],
      files: [pdf('план.pdf')],
      items: [{ webkitGetAsEntry: () => ({ isDirectory: false }) }],
      dropEffect: 'none',
    };
    fireEvent.dragEnter(region, { dataTransfer });
    expect(
      screen.getByText('Отпустите файлы, чтобы прикрепить их к сообщению'),
    ).toBeInTheDocument();
    fireEvent.drop(region, { dataTransfer });
    expect(xhr.requests).toHaveLength(1);
    expect(screen.queryByText('Отпустите файлы, чтобы прикрепить их к сообщению')).toBeNull();

    fireEvent.drop(region, {
      dataTransfer: {
        types: ['Files'],
        files: [new File([], 'Документы')],
        items: [{ webkitGetAsEntry: () => ({ isDirectory: true }) }],
      },
    });
    expect(xhr.requests).toHaveLength(1);
    expect(
      await screen.findByText('Папки прикрепить нельзя — выберите сами файлы.'),
    ).toBeInTheDocument();
  });

  it('says plainly when this browser cannot record voice', async () => {
    openChat();
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Записать голосовое сообщение' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /не умеет записывать голосовые сообщения|только по защищённому соединению/,
    );
  });
});
