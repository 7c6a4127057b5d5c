import type { Preferences } from '@parta/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider, useLanguage } from '../i18n/i18n';
import { json, stubFetch } from '../test/fake-fetch';
import { readNotificationSettings, readTheme, writeTheme } from './settings';
import { usePreferencesSync } from './sync';

const PERSON = 7;

const saved: Preferences = {
  language: 'en',
  theme: 'dark',
  notifications: {
    enabled: true,
    sound: false,
    quietHours: { enabled: true, from: '21:00', to: '07:30', weekends: false },
  },
};

function Probe() {
  usePreferencesSync(PERSON);
  const { language } = useLanguage();
  return <p data-testid="language">{language}</p>;
}

function renderSync() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <I18nProvider initialLanguage="ru">
        <Probe />
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  window.localStorage.clear();
});

describe('settings kept the same on every device', () => {
  it('applies what the server has: theme, quiet hours, language', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/me/preferences': json(200, {
        preferences: saved,
        updatedAt: '2026-11-20T10:00:00.000Z',
      }),
    });
    const view = renderSync();
    await waitFor(() => expect(view.getByTestId('language').textContent).toBe('en'));
    expect(readTheme()).toBe('dark');
    expect(readNotificationSettings(PERSON)).toEqual(saved.notifications);
    // Applying the server's choice does not echo it back.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('saves a change made on this device', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/me/preferences': json(200, {
        preferences: saved,
        updatedAt: '2026-11-20T10:00:00.000Z',
      }),
      'PUT /api/v1/me/preferences': json(200, {
        preferences: { ...saved, theme: 'light' },
        updatedAt: '2026-11-28T10:00:00.000Z',
      }),
    });
    const view = renderSync();
    await waitFor(() => expect(view.getByTestId('language').textContent).toBe('en'));
    act(() => writeTheme('light'));
    await waitFor(() => expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ ...saved, theme: 'light' });
  });

  it('uploads the choices this device had before the server kept any', async () => {
    window.localStorage.setItem('parta.theme', 'dark');
    const { requests } = stubFetch({
      'GET /api/v1/me/preferences': json(200, {
        preferences: { ...saved, language: 'ru', theme: 'system' },
        updatedAt: null,
      }),
      'PUT /api/v1/me/preferences': (() =>
        json(200, { preferences: saved, updatedAt: '2026-11-28T10:00:00.000Z' })) as () => Response,
    });
    renderSync();
    await waitFor(() => expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'PUT')?.body).toMatchObject({
      language: 'ru',
      theme: 'dark',
      notifications: { quietHours: { from: '20:00', to: '08:00', weekends: true } },
    });
    expect(readTheme()).toBe('dark');
  });

  it('sends nothing for a person who never changed anything', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/me/preferences': json(200, {
        preferences: { ...saved, language: 'ru', theme: 'system' },
        updatedAt: null,
      }),
    });
    renderSync();
    await waitFor(() => expect(requests).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(requests.map((r) => r.method)).toEqual(['GET']);
  });
});
