import { useEffect, useEffectEvent, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/i18n';
import type { Messages } from '../i18n/ru';
import { icons } from '../ui/icons';
import { VOICE_PREFIX } from './files';
import './voice-recorder.css';

/** A voice message is cut at this length (the recording is sent, not lost). */
export const MAX_VOICE_SECONDS = 10 * 60;

/** What the browser records in, best first: Opus in WebM (Chromium, Firefox), Ogg, then AAC (Safari). */
const CANDIDATES = [
  'audio/webm;codecs=opus',
  'audio/ogg;codecs=opus',
  'audio/webm',
  'audio/mp4;codecs=mp4a.40.2',
  'audio/mp4',
];

export function pickMimeType(
  supported: (type: string) => boolean = (type) => MediaRecorder.isTypeSupported(type),
): string | null {
  return CANDIDATES.find((type) => supported(type)) ?? null;
}

function extensionOf(mime: string): string {
  if (mime.startsWith('audio/ogg')) return 'ogg';
  if (mime.startsWith('audio/mp4')) return 'm4a';
  return 'webm';
}

/** «0:07», «12:30». */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Why the microphone could not be used, for the person. */
export function microphoneError(error: unknown, t: Messages): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return t.voice.denied;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return t.voice.noMicrophone;
  if (name === 'NotReadableError' || name === 'AbortError') return t.voice.busy;
  return t.voice.failed;
}

/**
 * Records a voice message in place of the composer's row: it asks for the
 * microphone as it opens, shows the running time, and either sends the
 * recording (as a `voice-….webm` file) or throws it away. Escape cancels.
 */
export default function VoiceRecorder({
  onDone,
  onCancel,
}: {
  onDone: (file: File) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [state, setState] = useState<'starting' | 'recording' | 'error'>('starting');
  const [problem, setProblem] = useState<string | null>(null);
  const [seconds, setSeconds] = useState(0);
  const recorderRef = useRef<MediaRecorder | null>(null);
  /** Stop means «send» (true) or «throw away» (false). */
  const keep = useRef(false);
  const sendRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  const deliver = useEffectEvent((chunks: Blob[], mime: string) => {
    const blob = new Blob(chunks, { type: mime });
    if (blob.size === 0) {
      setProblem(t.voice.empty);
      setState('error');
      return;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    onDone(new File([blob], `${VOICE_PREFIX}${stamp}.${extensionOf(mime)}`, { type: mime }));
  });
  const fail = useEffectEvent((error: unknown) => {
    setProblem(microphoneError(error, t));
    setState('error');
  });

  useEffect(() => {
    let cancelled = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    const release = () => {
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    navigator.mediaDevices.getUserMedia({ audio: true }).then(
      (granted) => {
        stream = granted;
        if (cancelled) {
          release();
          return;
        }
        const preferred = pickMimeType();
        const recorder = new MediaRecorder(
          granted,
          preferred ? { mimeType: preferred, audioBitsPerSecond: 32_000 } : undefined,
        );
        const chunks: Blob[] = [];
        recorder.ondataavailable = (event) => {
          if (event.data.size > 0) chunks.push(event.data);
        };
        recorder.onstop = () => {
          release();
          if (keep.current) deliver(chunks, recorder.mimeType || preferred || 'audio/webm');
        };
        recorder.onerror = (event) => {
          keep.current = false;
          release();
          fail((event as Event & { error?: unknown }).error);
        };
        recorderRef.current = recorder;
        recorder.start(1000);
        const started = performance.now();
        timer = setInterval(() => {
          const elapsed = (performance.now() - started) / 1000;
          setSeconds(elapsed);
          if (elapsed >= MAX_VOICE_SECONDS && recorder.state === 'recording') {
            keep.current = true;
            recorder.stop();
          }
        }, 250);
        setState('recording');
      },
      (error: unknown) => {
        if (!cancelled) fail(error);
      },
    );
    return () => {
      cancelled = true;
      const recorder = recorderRef.current;
      recorderRef.current = null;
      if (recorder && recorder.state !== 'inactive') {
        keep.current = false;
        recorder.stop();
      }
      release();
    };
  }, []);

  useEffect(() => {
    if (state === 'recording') sendRef.current?.focus();
    else if (state === 'error') cancelRef.current?.focus();
  }, [state]);

  const finish = (send: boolean) => {
    const recorder = recorderRef.current;
    if (recorder && recorder.state !== 'inactive') {
      keep.current = send;
      recorder.stop();
      recorderRef.current = null;
    }
    if (!send) onCancel();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      finish(false);
    }
  };

  if (state === 'error') {
    return (
      <div className="composer__row recorder recorder--error" onKeyDown={onKeyDown}>
        <p className="recorder__problem" role="alert">
          {problem}
        </p>
        <button
          ref={cancelRef}
          type="button"
          className="button button--quiet button--small"
          onClick={onCancel}
        >
          {t.voice.close}
        </button>
      </div>
    );
  }

  return (
    <div
      className="composer__row recorder"
      role="group"
      aria-label={t.voice.recording}
      onKeyDown={onKeyDown}
    >
      <button
        ref={cancelRef}
        type="button"
        className="icon-button"
        onClick={() => finish(false)}
        aria-label={t.voice.cancel}
        title={t.voice.cancel}
      >
        {icons.trash()}
      </button>
      <p className="recorder__status" aria-live="polite">
        <span
          className={`recorder__dot${state === 'recording' ? ' recorder__dot--on' : ''}`}
          aria-hidden="true"
        />
        {state === 'starting' ? (
          <span>{t.voice.starting}</span>
        ) : (
          <>
            <span className="visually-hidden">{t.voice.recording}</span>
            <time className="recorder__time" role="timer" aria-live="off">
              {formatDuration(seconds)}
            </time>
            <span className="recorder__hint" aria-hidden="true">
              {t.voice.hint}
            </span>
          </>
        )}
      </p>
      <button
        ref={sendRef}
        type="button"
        className="icon-button icon-button--send"
        onClick={() => finish(true)}
        disabled={state !== 'recording'}
        aria-label={t.voice.send}
        title={t.voice.send}
      >
        {icons.send()}
      </button>
    </div>
  );
}
