import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import VoiceRecorder, { formatDuration, pickMimeType } from './voice-recorder';

/** A MediaRecorder the test drives: `stop()` delivers the chunks it was given. */
class FakeRecorder {
  static instances: FakeRecorder[] = [];
  static isTypeSupported = (type: string) => type.startsWith('audio/webm');
  state: 'inactive' | 'recording' = 'inactive';
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(
    readonly stream: MediaStream,
    readonly options?: { mimeType?: string },
  ) {
    FakeRecorder.instances.push(this);
  }
  get mimeType() {
    return this.options?.mimeType ?? '';
  }
  start() {
    this.state = 'recording';
  }
  stop() {
    this.state = 'inactive';
    this.ondataavailable?.({ data: new Blob([new Uint8Array(300)], { type: this.mimeType }) });
    this.onstop?.();
  }
}

function microphone(result: 'granted' | DOMException) {
  const track = { stop: vi.fn() };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  const getUserMedia = vi.fn(() =>
    result === 'granted' ? Promise.resolve(stream) : Promise.reject(result),
  );
  vi.stubGlobal('MediaRecorder', FakeRecorder);
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: { getUserMedia },
  });
  return { track, getUserMedia };
}

function show() {
  const onDone = vi.fn();
  const onCancel = vi.fn();
  render(
    <I18nProvider initialLanguage="ru">
      <VoiceRecorder onDone={onDone} onCancel={onCancel} />
    </I18nProvider>,
  );
  return { onDone, onCancel };
}

afterEach(() => {
  FakeRecorder.instances = [];
  vi.useRealTimers();
});

describe('recording a voice message', () => {
  it('records Opus in WebM with a running timer and hands over a voice-….webm file', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { track } = microphone('granted');
    const { onDone } = show();
    const send = await screen.findByRole('button', { name: 'Остановить и отправить' });
    await vi.waitFor(() => expect(send).toBeEnabled());
    expect(screen.getByRole('timer')).toHaveTextContent('0:00');
    act(() => vi.advanceTimersByTime(7_300));
    expect(screen.getByRole('timer')).toHaveTextContent('0:07');
    expect(FakeRecorder.instances[0]?.mimeType).toBe('audio/webm;codecs=opus');

    fireEvent.click(send);
    expect(onDone).toHaveBeenCalledTimes(1);
    const file = onDone.mock.calls[0]?.[0] as File;
    expect(file.name).toMatch(/^voice-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.webm$/);
    expect(file.type).toBe('audio/webm;codecs=opus');
    expect(file.size).toBe(300);
    // The microphone is released.
    expect(track.stop).toHaveBeenCalled();
  });

  it('throws the recording away on cancel (or Escape) and releases the microphone', async () => {
    const { track } = microphone('granted');
    const { onDone, onCancel } = show();
    await vi.waitFor(() =>
      expect(screen.getByRole('button', { name: 'Остановить и отправить' })).toBeEnabled(),
    );
    fireEvent.keyDown(screen.getByRole('group', { name: 'Идёт запись голосового сообщения' }), {
      key: 'Escape',
    });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onDone).not.toHaveBeenCalled();
    expect(track.stop).toHaveBeenCalled();
  });

  it('explains a refused microphone', async () => {
    microphone(new DOMException('denied', 'NotAllowedError'));
    const { onCancel } = show();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Нет доступа к микрофону. Разрешите его для Парты в настройках браузера',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Закрыть' }));
    expect(onCancel).toHaveBeenCalled();
  });

  it('explains a missing microphone', async () => {
    microphone(new DOMException('none', 'NotFoundError'));
    show();
    expect(await screen.findByRole('alert')).toHaveTextContent('Микрофон не найден.');
  });

  it('picks what the browser can record, Opus first, AAC for Safari', () => {
    expect(pickMimeType((t) => t !== 'audio/webm;codecs=opus')).toBe('audio/ogg;codecs=opus');
    expect(pickMimeType((t) => t.startsWith('audio/mp4'))).toBe('audio/mp4;codecs=mp4a.40.2');
    expect(pickMimeType(() => false)).toBeNull();
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65.9)).toBe('1:05');
    expect(formatDuration(600)).toBe('10:00');
  });
});
