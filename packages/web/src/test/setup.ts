import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { api } from '../api/client';
import { FakeSocket } from './fake-socket';

/** Every WebSocket the app opened in this test, newest last; tests play the server on them. */
export const openedSockets: FakeSocket[] = [];

beforeEach(() => {
  openedSockets.length = 0;
  // The app's realtime connection talks to a fake server the test drives (never a real socket).
  vi.stubGlobal(
    'WebSocket',
    class extends FakeSocket {
      constructor(url: string) {
        super(url);
        openedSockets.push(this);
      }
    },
  );
});

afterEach(() => {
  cleanup();
  api.setCsrfToken(null);
  window.localStorage.clear();
  window.history.replaceState(null, '', '/');
});
