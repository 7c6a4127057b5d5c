import type { ClientFrame } from '@parta/shared';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../app';
import { buildChat, buildMe, buildMessage, testQueryClient } from '../test/factories';
import { json, stubFetch } from '../test/fake-fetch';
import { openedSockets } from '../test/setup';

const ME = 7;
const teacher = { id: 9, displayName: 'Орлова Мария Петровна' };
const chat = buildChat({ id: 38, lastSeq: 2, readSeq: 2, memberCount: 3 });
const history = {
  items: [
    buildMessage({ seq: 1, author: teacher, text: 'Собрание в **четверг**' }),
    buildMessage({ seq: 2, author: teacher, text: 'Просьба подтвердить' }),
  ],
  hasBefore: false,
  hasAfter: false,
  lastSeq: 2,
};
const members = {
  items: [
    { personId: ME, displayName: 'Смирнова Анна Игоревна', role: 'member', readSeq: 2 },
    { personId: 9, displayName: 'Орлова Мария Петровна', role: 'admin', readSeq: 2 },
    { personId: 11, displayName: 'Иванова Ольга Сергеевна', role: 'member', readSeq: 0 },
  ],
};

function openChat(extra: Parameters<typeof stubFetch>[0] = {}) {
  window.history.replaceState(null, '', '/chats/38');
  const stub = stubFetch({
    'GET /api/v1/me': json(200, buildMe()),
    'GET /api/v1/chats': json(200, { items: [chat], nextBefore: null }),
    'GET /api/v1/chats/38/messages': json(200, history),
    'GET /api/v1/chats/38/members': json(200, members),
    'POST /api/v1/chats/38/read': json(200, { readSeq: 2 }),
    'GET /api/v1/chats/38/pins': json(200, { items: [] }),
    ...extra,
  });
  render(<App queryClient={testQueryClient()} />);
  return stub;
}

// jsdom lays nothing out: give the history a viewport so the virtualiser renders rows.
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

/** The composer, once the chat (and with it the socket) is up. */
const composer = async () => {
  const input = await screen.findByRole('combobox', { name: 'Сообщение' });
  await waitFor(() => expect(openedSockets.length).toBeGreaterThan(0));
  return input;
};

describe('a chat', () => {
  it('shows the history and a message that arrives in real time', async () => {
    openChat();
    expect(await screen.findByRole('heading', { name: '7А · родители' })).toBeInTheDocument();
    await composer();
    expect(await screen.findByText('Просьба подтвердить')).toBeInTheDocument();
    expect(screen.getByText('Родители класса · 3 участника')).toBeInTheDocument();

    act(() => socket().open(ME));
    act(() =>
      socket().receive({
        type: 'event',
        event: {
          type: 'message.created',
          chatId: 38,
          message: buildMessage({ seq: 3, author: teacher, text: 'Спасибо всем!' }),
        },
      }),
    );
    const history = screen.getByRole('region', { name: 'Сообщения' });
    expect(await within(history).findByText('Спасибо всем!')).toBeInTheDocument();
  });

  it('sends on Enter over the socket, shows it pending, and replaces it on ack', async () => {
    openChat();
    const input = await composer();
    act(() => socket().open(ME));
    fireEvent.change(input, { target: { value: 'Буду на собрании' } });
    fireEvent.keyDown(input, { key: 'Enter' });

    expect(input).toHaveValue('');
    expect(await screen.findByRole('article', { name: 'Вы, Отправляется…' })).toHaveTextContent(
      'Буду на собрании',
    );
    const frame = socket().sentOfType('send')[0] as Extract<ClientFrame, { type: 'send' }>;
    expect(frame).toMatchObject({ chatId: 38, text: 'Буду на собрании' });
    expect(frame.clientMessageId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);

    act(() =>
      socket().receive({
        type: 'ack',
        requestId: frame.requestId,
        message: buildMessage({
          seq: 3,
          author: { id: ME, displayName: 'Смирнова Анна Игоревна' },
          text: 'Буду на собрании',
          clientMessageId: frame.clientMessageId,
        }),
        duplicate: false,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('article', { name: /Отправляется/ })).toBeNull());
    const history = screen.getByRole('region', { name: 'Сообщения' });
    expect(within(history).getAllByText('Буду на собрании')).toHaveLength(1);
    // Read by the teacher (readSeq 2 < 3): not yet; nobody else either.
    expect(screen.getByText('Отправлено')).toBeInTheDocument();
  });

  it('queues a message while offline and sends it again with the same clientMessageId', async () => {
    const { requests } = openChat({ 'POST /api/v1/chats/38/messages': new TypeError('offline') });
    const input = await composer();
    fireEvent.change(input, { target: { value: 'Написано в метро' } });
    fireEvent.keyDown(input, { key: 'Enter' });

    expect(await screen.findByRole('article', { name: 'Вы, Ждёт соединения' })).toBeInTheDocument();
    const stored = JSON.parse(window.localStorage.getItem(`parta.outbox.${ME}`) ?? '[]') as {
      clientMessageId: string;
    }[];
    expect(stored).toHaveLength(1);
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.path.endsWith('/messages'))).toBe(true),
    );
    const httpAttempt = requests.find((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(httpAttempt?.body).toMatchObject({ clientMessageId: stored[0]?.clientMessageId });

    act(() => socket().open(ME));
    await waitFor(() => expect(socket().sentOfType('send')).toHaveLength(1));
    expect(socket().sentOfType('send')[0]?.clientMessageId).toBe(stored[0]?.clientMessageId);
  });

  it('inserts a mention from the autocomplete and stores it as a token', async () => {
    openChat();
    const input = await composer();
    act(() => socket().open(ME));
    await screen.findByText('Просьба подтвердить');
    await waitFor(() =>
      expect(screen.getByText('Родители класса · 3 участника')).toBeInTheDocument(),
    );
    fireEvent.change(input, { target: { value: 'Вопрос к @Ив', selectionStart: 12 } });
    const option = await screen.findByRole('option', { name: '@Иванова Ольга Сергеевна' });
    expect(input).toHaveAttribute('aria-expanded', 'true');
    fireEvent.pointerDown(option);
    expect(input).toHaveValue('Вопрос к @Иванова Ольга Сергеевна ');
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(socket().sentOfType('send')).toHaveLength(1));
    expect(socket().sentOfType('send')[0]?.text).toBe('Вопрос к <@11>');
  });

  it('keeps a draft per chat across a remount', async () => {
    openChat();
    const input = await composer();
    fireEvent.change(input, { target: { value: 'Черновик: не забыть' } });
    await waitFor(() =>
      expect(JSON.parse(window.localStorage.getItem(`parta.draft.${ME}.38`) ?? '{}')).toMatchObject(
        {
          text: 'Черновик: не забыть',
        },
      ),
    );
  });

  it('keeps Shift+Enter as a new line', async () => {
    openChat();
    const input = await composer();
    act(() => socket().open(ME));
    fireEvent.change(input, { target: { value: 'первая' } });
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(socket().sentOfType('send')).toHaveLength(0);
  });
});
