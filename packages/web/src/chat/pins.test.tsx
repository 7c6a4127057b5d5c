import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../app';
import { buildChat, buildMe, buildMessage, testQueryClient } from '../test/factories';
import { json, stubFetch } from '../test/fake-fetch';
import { openedSockets } from '../test/setup';

const ME = 7;
const teacher = { id: 9, displayName: 'Орлова Мария Петровна' };
const history = {
  items: [
    buildMessage({ seq: 1, author: teacher, text: 'Собрание в **четверг** в 18:00' }),
    buildMessage({ seq: 2, author: teacher, text: 'Экскурсия в субботу' }),
  ],
  hasBefore: false,
  hasAfter: false,
  lastSeq: 2,
};
const pin = (seq: number) => ({ seq, pinnedAt: '2024-10-01T10:00:00.000Z', pinnedBy: 9 });

function openChat(role: 'admin' | 'member', routes: Parameters<typeof stubFetch>[0]) {
  window.history.replaceState(null, '', '/chats/38');
  const chat = buildChat({ id: 38, lastSeq: 2, readSeq: 2, memberCount: 3, myRole: role });
  const stub = stubFetch({
    'GET /api/v1/me': json(200, buildMe()),
    'GET /api/v1/chats': json(200, { items: [chat], nextBefore: null }),
    'GET /api/v1/chats/38/messages': json(200, history),
    'GET /api/v1/chats/38/members': json(200, { items: [] }),
    'POST /api/v1/chats/38/read': json(200, { readSeq: 2 }),
    ...routes,
  });
  render(<App queryClient={testQueryClient()} />);
  return stub;
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

describe('pinned messages', () => {
  it('shows the pinned message above the history; members cannot unpin', async () => {
    openChat('member', { 'GET /api/v1/chats/38/pins': json(200, { items: [pin(1)] }) });
    const bar = await screen.findByRole('button', {
      name: 'Закреплённое сообщение: Собрание в четверг в 18:00. Показать в переписке',
    });
    expect(bar).toHaveTextContent('Собрание в четверг в 18:00');
    expect(screen.queryByRole('button', { name: 'Открепить' })).toBeNull();
  });

  it('follows pins made elsewhere (the message.pinned event)', async () => {
    openChat('member', {
      'GET /api/v1/chats/38/pins': [
        json(200, { items: [] }),
        json(200, { items: [pin(2), pin(1)] }),
      ],
    });
    await screen.findByText('Экскурсия в субботу');
    await waitFor(() => expect(openedSockets.length).toBeGreaterThan(0));
    const socket = openedSockets.at(-1);
    act(() => socket?.open(ME));
    act(() =>
      socket?.receive({
        type: 'event',
        event: { type: 'message.pinned', chatId: 38, seq: 2, pinned: true },
      }),
    );
    const bar = await screen.findByRole('button', { name: /^Закреплённое сообщение 1 из 2/ });
    expect(bar).toHaveTextContent('Экскурсия в субботу');
    // A click shows the message and moves on to the next pin.
    fireEvent.click(bar);
    expect(
      await screen.findByRole('button', { name: /^Закреплённое сообщение 2 из 2: Собрание/ }),
    ).toBeInTheDocument();
  });

  it('lets a chat admin pin from the message menu and unpin from the bar', async () => {
    const { requests } = openChat('admin', {
      'GET /api/v1/chats/38/pins': [
        json(200, { items: [] }),
        json(200, { items: [pin(2)] }),
        json(200, { items: [] }),
      ],
      'PUT /api/v1/chats/38/pins/2': new Response(null, { status: 204 }),
      'DELETE /api/v1/chats/38/pins/2': new Response(null, { status: 204 }),
    });
    const history = await screen.findByRole('region', { name: 'Сообщения' });
    const second = (await within(history).findByText('Экскурсия в субботу')).closest('.message');
    fireEvent.click(
      within(second as HTMLElement).getByRole('button', { name: 'Действия с сообщением' }),
    );
    fireEvent.click(screen.getByRole('menuitem', { name: 'Закрепить' }));
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'PUT' && r.path === '/api/v1/chats/38/pins/2')).toBe(
        true,
      ),
    );
    expect(await screen.findByText('Сообщение закреплено')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: /^Закреплённое сообщение: Экскурсия в субботу/ }),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Открепить' }));
    await waitFor(() =>
      expect(
        requests.some((r) => r.method === 'DELETE' && r.path === '/api/v1/chats/38/pins/2'),
      ).toBe(true),
    );
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: /^Закреплённое сообщение/ })).toBeNull(),
    );
  });
});
