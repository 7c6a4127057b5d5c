import type { ChatSummary, Message } from '@parta/shared';
import { isQuietTime } from './quiet-hours';
import type { NotificationSettings } from '../settings/settings';

/** Messages older than this (replays after a long disconnection) do not ring. */
const FRESH_MS = 5 * 60_000;

/**
 * Should a message that just arrived notify the person? Only when they are
 * not looking at Parta, the chat is not muted, it is not quiet time for
 * them, and the message is fresh.
 */
export function shouldNotify(options: {
  message: Message;
  chat: ChatSummary | undefined;
  settings: NotificationSettings;
  now: Date;
  pageHidden: boolean;
}): boolean {
  const { message, chat, settings, now, pageHidden } = options;
  if (!settings.enabled || !pageHidden) return false;
  if (!chat || chat.muted) return false;
  if (message.kind === 'system' || message.deletedAt !== null) return false;
  if (now.getTime() - Date.parse(message.createdAt) > FRESH_MS) return false;
  return !isQuietTime(now, settings.quietHours);
}

let audio: AudioContext | null = null;

/** A soft two-note chime made on the spot (no audio file to download or cache). */
export function playChime(): void {
  try {
    const Context =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Context) return;
    audio ??= new Context();
    const ctx = audio;
    const start = ctx.currentTime;
    [659.25, 880].forEach((frequency, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      const t0 = start + i * 0.14;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(0.08, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.35);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.4);
    });
  } catch {
    // No sound is better than an error.
  }
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}
