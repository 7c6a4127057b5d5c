import type { ChatMember, FileInfo, Message } from '@parta/shared';
import { LIMITS } from '@parta/shared';
import {
  lazy,
  Suspense,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ChangeEvent,
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { Markdown, plainText } from '../messenger/markdown';
import { decodeMentions, encodeMentions, type MentionTarget } from '../messenger/mentions';
import { useMessenger } from '../messenger/messenger-context';
import { shortName } from '../chats/preview';
import { icons } from '../ui/icons';
import { extraIcons } from './extra-icons';
import { describeFiles } from './files';
import { PendingFiles } from './pending-files';
import type { Attachments } from './use-attachments';

// Loaded when the microphone button is pressed: most messages are typed.
const VoiceRecorder = lazy(() => import('./voice-recorder'));

/** Recording needs MediaRecorder and a microphone API (secure pages only). */
function recordingProblem(t: ReturnType<typeof useT>): string | null {
  if (typeof window !== 'undefined' && window.isSecureContext === false) return t.voice.insecure;
  if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    return t.voice.unsupported;
  }
  return null;
}

interface Draft {
  text: string;
  mentions: [string, MentionTarget][];
}

const draftKey = (meId: number, chatId: number) => `parta.draft.${meId}.${chatId}`;

export function readDraft(meId: number, chatId: number): Draft {
  try {
    const raw = window.localStorage.getItem(draftKey(meId, chatId));
    const parsed = raw ? (JSON.parse(raw) as Partial<Draft>) : null;
    if (parsed && typeof parsed.text === 'string') {
      return { text: parsed.text, mentions: Array.isArray(parsed.mentions) ? parsed.mentions : [] };
    }
  } catch {
    // Unreadable draft: start empty.
  }
  return { text: '', mentions: [] };
}

function writeDraft(meId: number, chatId: number, draft: Draft): void {
  try {
    if (draft.text.trim() === '') window.localStorage.removeItem(draftKey(meId, chatId));
    else window.localStorage.setItem(draftKey(meId, chatId), JSON.stringify(draft));
  } catch {
    // Storage full or forbidden: the draft lives until the chat is closed.
  }
}

interface Suggestion {
  target: MentionTarget;
  name: string;
  hint: string | null;
}

const MENTION_QUERY = /(^|\s)@([\p{L}\p{N}-]{0,40})$/u;

/**
 * Where messages are written: Markdown with a preview, @mentions with
 * autocomplete (a combobox over the chat's members), reply and edit modes,
 * a draft per chat kept on the device, Enter to send (Shift+Enter: new line),
 * files by button or paste (the chat view takes dropped ones) and voice
 * messages. Remounted (by key) when an edit starts or ends; the attachments
 * live in the chat view and survive that.
 */
export function Composer({
  chatId,
  meId,
  members,
  canMentionAll,
  replyTo,
  onCancelReply,
  editing,
  onDone,
  onSent,
  onPoll,
  attachments,
}: {
  chatId: number;
  meId: number;
  members: readonly ChatMember[] | undefined;
  canMentionAll: boolean;
  replyTo: Message | null;
  onCancelReply: () => void;
  editing: Message | null;
  /** The edit is saved or cancelled. */
  onDone: () => void;
  onSent: () => void;
  onPoll: () => void;
  attachments: Attachments;
}) {
  const t = useT();
  const messenger = useMessenger();
  const nameOf = (target: MentionTarget) =>
    target === 'all'
      ? t.message.mentionAll
      : (members?.find((m) => m.personId === target)?.displayName ??
        messenger.store.get().names[target] ??
        t.message.mentionUnknown);

  const [initial] = useState(() => {
    if (editing) {
      const decoded = decodeMentions(editing.text, nameOf);
      return { text: decoded.text, picked: decoded.picked };
    }
    const draft = readDraft(meId, chatId);
    return { text: draft.text, picked: new Map(draft.mentions) };
  });
  const [text, setText] = useState(initial.text);
  const [picked, setPicked] = useState<Map<string, MentionTarget>>(initial.picked);
  const [preview, setPreview] = useState(false);
  const [caret, setCaret] = useState(initial.text.length);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [recording, setRecording] = useState(false);
  /** Send pressed while files were still uploading: send when they are done. */
  const [sendWhenReady, setSendWhenReady] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const listId = `${id}-mentions`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  // Keep the draft on the device (not while editing: that text belongs to a stored message).
  useEffect(() => {
    if (editing) return;
    const timer = setTimeout(() => writeDraft(meId, chatId, { text, mentions: [...picked] }), 300);
    return () => clearTimeout(timer);
  }, [text, picked, meId, chatId, editing]);

  // Grow with the text, up to a limit (then scroll inside).
  useLayoutEffect(() => {
    const area = textareaRef.current;
    if (!area) return;
    // Empty: the one row the CSS gives it. Measuring would lay the page out as the chat opens.
    if (text === '') {
      area.style.height = '';
      return;
    }
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 240)}px`;
  }, [text, preview]);

  useEffect(() => {
    if (editing || replyTo) textareaRef.current?.focus();
  }, [editing, replyTo]);

  const match = MENTION_QUERY.exec(text.slice(0, caret));
  const query = match ? (match[2] ?? '') : null;
  const suggestions: Suggestion[] =
    query === null || query === dismissed || preview ? [] : suggest(query);

  function suggest(q: string): Suggestion[] {
    const needle = q.toLocaleLowerCase();
    // Surname matches first, then first name, then patronymic; alphabetical within each.
    const rank = (name: string) => {
      if (needle === '') return 0;
      const index = name
        .toLocaleLowerCase()
        .split(/\s+/)
        .findIndex((w) => w.startsWith(needle));
      return index === -1 ? Infinity : index;
    };
    const people = (members ?? [])
      .filter((m) => m.personId !== meId)
      .map((m) => ({ m, rank: rank(m.displayName) }))
      .filter((x) => x.rank !== Infinity)
      .sort((a, b) => a.rank - b.rank || a.m.displayName.localeCompare(b.m.displayName, 'ru'))
      .slice(0, 6)
      .map(({ m }) => ({ target: m.personId as MentionTarget, name: m.displayName, hint: null }));
    const all =
      canMentionAll && t.message.mentionAll.startsWith(needle)
        ? [{ target: 'all' as const, name: t.message.mentionAll, hint: t.composer.mentionAllHint }]
        : [];
    return [...all, ...people];
  }

  const choose = (s: Suggestion) => {
    const before = text
      .slice(0, caret)
      .replace(MENTION_QUERY, (_w, space: string) => `${space}@${s.name} `);
    const next = before + text.slice(caret);
    setText(next);
    setPicked((prev) => new Map(prev).set(s.name, s.target));
    setCaret(before.length);
    setActive(0);
    requestAnimationFrame(() => {
      const area = textareaRef.current;
      if (!area) return;
      area.focus();
      area.setSelectionRange(before.length, before.length);
    });
  };

  const encoded = encodeMentions(text, picked).trim();
  const tooLong = encoded.length > LIMITS.messageMaxLength;
  const empty = text.trim() === '';
  const withFiles = !editing && attachments.items.length > 0;
  const nothingToSend = empty && !withFiles;

  // A send that waits for uploads runs the latest submit (the text may have changed meanwhile).
  const submitRef = useRef<(event?: FormEvent, uploaded?: FileInfo[]) => Promise<void>>(
    async () => undefined,
  );
  useEffect(() => {
    submitRef.current = submit;
  });
  const waiting = useRef<(() => void) | null>(null);
  useEffect(() => () => waiting.current?.(), []);
  const sendWhenUploaded = () => {
    setSendWhenReady(true);
    waiting.current?.();
    waiting.current = attachments.whenSettled((failed, uploaded) => {
      waiting.current = null;
      setSendWhenReady(false);
      if (failed) setError(t.files.failedUploads);
      // Called before React renders the finished uploads: hand them over.
      else void submitRef.current(undefined, uploaded);
    });
  };

  /** `uploaded`: the files a waiting send waited for (the state may not show them yet). */
  async function submit(event?: FormEvent, uploaded?: FileInfo[]) {
    event?.preventDefault();
    const files = uploaded ?? attachments.ready;
    if ((empty && (editing || files.length === 0)) || tooLong || saving) return;
    setError(null);
    if (!editing && !uploaded && attachments.failed) {
      setError(t.files.failedUploads);
      return;
    }
    if (!editing && !uploaded && attachments.uploading) {
      if (!sendWhenReady) sendWhenUploaded();
      return;
    }
    if (editing) {
      if (encoded === editing.text) {
        onDone();
        return;
      }
      setSaving(true);
      try {
        await messenger.edit(chatId, editing.seq, encoded);
        onDone();
      } catch (e) {
        setError(errorMessage(e, t));
        setSaving(false);
      }
      return;
    }
    messenger.send(chatId, {
      text: encoded,
      replyToSeq: replyTo?.seq ?? null,
      ...(files.length > 0 ? { files } : {}),
    });
    if (files.length > 0) attachments.sent();
    setSendWhenReady(false);
    setText('');
    setPicked(new Map());
    setCaret(0);
    setPreview(false);
    writeDraft(meId, chatId, { text: '', mentions: [] });
    onCancelReply();
    onSent();
    textareaRef.current?.focus();
  }

  const pickFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // The same file may be picked again after removing it.
    event.target.value = '';
    if (files.length > 0) attachments.add(files);
  };

  /** A pasted screenshot or copied file is attached; pasted text stays text. */
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0 || editing) return;
    if (event.clipboardData.types.includes('text/plain')) return;
    event.preventDefault();
    attachments.add(files);
  };

  const startRecording = () => {
    const problem = recordingProblem(t);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    setRecording(true);
  };

  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    setText(event.target.value);
    setCaret(event.target.selectionStart);
    setDismissed(null);
    setActive(0);
    if (event.target.value.trim() !== '') messenger.typing(chatId);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const s = suggestions[Math.min(active, suggestions.length - 1)];
        if (s) choose(s);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(query);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      if (editing) onDone();
      else if (replyTo) onCancelReply();
    }
  };

  const context = editing ?? replyTo;
  const activeId =
    suggestions.length > 0 ? `${listId}-${Math.min(active, suggestions.length - 1)}` : undefined;

  return (
    <form className="composer" onSubmit={(e) => void submit(e)}>
      {context ? (
        <div className="composer__context">
          {editing ? icons.pencil() : icons.reply()}
          <div className="composer__context-text">
            <span className="composer__context-title">
              {editing
                ? t.composer.editing
                : `${t.composer.replying}: ${shortName(context.author?.displayName ?? '')}`}
            </span>
            <span className="composer__context-quote">
              {context.poll
                ? context.poll.question
                : plainText(context.text, nameOf) || describeFiles(context.attachments, t)}
            </span>
          </div>
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label={t.composer.cancel}
            title={t.composer.cancel}
            onClick={editing ? onDone : onCancelReply}
          >
            {icons.close()}
          </button>
        </div>
      ) : null}

      {suggestions.length > 0 ? (
        <ul id={listId} role="listbox" aria-label={t.composer.mentions} className="mentions">
          {suggestions.map((s, i) => (
            <li
              key={String(s.target)}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === Math.min(active, suggestions.length - 1)}
              className="mentions__option"
              onPointerDown={(e) => {
                e.preventDefault();
                choose(s);
              }}
            >
              <span>@{s.name}</span>
              {s.hint ? <span className="muted"> — {s.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}

      {!editing ? <PendingFiles attachments={attachments} /> : null}
      {!editing && attachments.notice ? (
        <p className="composer__error" role="alert">
          {attachments.notice}
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label={t.chat.close}
            title={t.chat.close}
            onClick={() => attachments.setNotice(null)}
          >
            {icons.close()}
          </button>
        </p>
      ) : null}
      {sendWhenReady ? (
        <p className="composer__status" role="status">
          {t.files.sendWhenReady}
        </p>
      ) : null}

      {recording ? (
        <Suspense
          fallback={
            <div className="composer__row" role="status">
              <span className="spinner spinner--small" aria-hidden="true" />
              <span className="muted">{t.app.loading}</span>
            </div>
          }
        >
          <VoiceRecorder
            onCancel={() => {
              setRecording(false);
              textareaRef.current?.focus();
            }}
            onDone={(file) => {
              setRecording(false);
              // Sent as soon as it is uploaded, like in any messenger; refused (too many files): kept out.
              if (attachments.add([file]) > 0) sendWhenUploaded();
            }}
          />
        </Suspense>
      ) : (
        <div className="composer__row">
          {!editing ? (
            <button
              type="button"
              className="icon-button"
              aria-label={t.composer.poll}
              title={t.composer.poll}
              onClick={onPoll}
            >
              {icons.poll()}
            </button>
          ) : null}
          {!editing ? (
            <>
              <button
                type="button"
                className="icon-button"
                aria-label={t.files.attach}
                title={t.files.attach}
                onClick={() => fileInputRef.current?.click()}
              >
                {extraIcons.paperclip()}
              </button>
              <input
                ref={fileInputRef}
                type="file"
                multiple
                hidden
                tabIndex={-1}
                onChange={pickFiles}
              />
            </>
          ) : null}
          {preview ? (
            <div className="composer__preview" tabIndex={0} aria-label={t.composer.preview}>
              {empty ? (
                <span className="muted">{t.composer.previewEmpty}</span>
              ) : (
                <Markdown text={encoded} mentionName={nameOf} meId={meId} />
              )}
            </div>
          ) : (
            <textarea
              ref={textareaRef}
              className="composer__input"
              rows={1}
              value={text}
              placeholder={t.composer.placeholder}
              aria-label={t.composer.label}
              aria-describedby={`${hintId}${error || tooLong ? ` ${errorId}` : ''}`}
              aria-invalid={tooLong || undefined}
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={suggestions.length > 0}
              aria-controls={suggestions.length > 0 ? listId : undefined}
              aria-activedescendant={activeId}
              onChange={onChange}
              onKeyDown={onKeyDown}
              onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
              onPaste={onPaste}
              enterKeyHint="send"
            />
          )}
          {/* Nothing to preview in an empty composer: the room goes to the text on phones. */}
          {!empty || preview ? (
            <button
              type="button"
              className="icon-button"
              aria-pressed={preview}
              aria-label={t.composer.preview}
              title={t.composer.preview}
              onClick={() => setPreview((p) => !p)}
            >
              {icons.eye()}
            </button>
          ) : null}
          {!editing && nothingToSend ? (
            <button
              type="button"
              className="icon-button icon-button--send"
              aria-label={t.voice.record}
              title={t.voice.record}
              onClick={startRecording}
            >
              {extraIcons.mic()}
            </button>
          ) : (
            <button
              type="submit"
              className="icon-button icon-button--send"
              aria-label={editing ? t.composer.save : t.composer.send}
              title={editing ? t.composer.save : t.composer.send}
              disabled={nothingToSend || tooLong || saving || sendWhenReady}
            >
              {editing ? icons.check() : icons.send()}
            </button>
          )}
        </div>
      )}
      {recording ? null : (
        <p id={hintId} className="composer__hint">
          {t.composer.hint}
        </p>
      )}
      {error || tooLong ? (
        <p id={errorId} className="composer__error" role="alert">
          {error ?? t.composer.tooLong(LIMITS.messageMaxLength)}
        </p>
      ) : null}
    </form>
  );
}
