import type { ChatMember, ChatSummary, Message } from '@parta/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { createChat, leaveChat, readersOf } from '../api/chats';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { sortChats } from '../messenger/chat-list';
import { useMessenger, useMessengerState } from '../messenger/messenger-context';
import { linkHandler, navigate, paths } from '../router/router';
import { ChatKindIcon } from '../ui/icons';
import { Modal } from '../ui/modal';
import { startOfDay } from './format';

export function ConfirmDialog({
  title,
  text,
  confirm,
  danger = false,
  onConfirm,
  onClose,
}: {
  title: string;
  text: string;
  confirm: string;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t.composer.cancel}
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button--danger' : 'button--primary'}`}
            onClick={() => {
              onConfirm();
              onClose();
            }}
            data-autofocus
          >
            {confirm}
          </button>
        </>
      }
    >
      <p>{text}</p>
    </Modal>
  );
}

export function ReadersDialog({
  chatId,
  message,
  onClose,
}: {
  chatId: number;
  message: Message;
  onClose: () => void;
}) {
  const t = useT();
  const readers = useQuery({
    queryKey: ['chats', chatId, 'readers', message.seq],
    queryFn: () => readersOf(chatId, message.seq),
  });
  return (
    <Modal title={t.message.readers} onClose={onClose}>
      {readers.isPending ? (
        <p role="status">{t.app.loading}</p>
      ) : readers.isError ? (
        <p role="alert">{errorMessage(readers.error, t)}</p>
      ) : readers.data.length === 0 ? (
        <p className="muted">{t.message.readersEmpty}</p>
      ) : (
        <ul className="people-list">
          {readers.data.map((r) => (
            <li key={r.personId} className="people-list__item">
              {r.displayName}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

/** Members with roles; «Написать лично» opens (or creates) a direct chat if the policy allows. */
export function MembersDialog({
  chat,
  members,
  meId,
  onClose,
}: {
  chat: ChatSummary;
  members: readonly ChatMember[] | undefined;
  meId: number;
  onClose: () => void;
}) {
  const t = useT();
  const messenger = useMessenger();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const direct = useMutation({
    mutationFn: (personId: number) => createChat({ kind: 'direct', personId }),
    onSuccess: (created) => {
      messenger.addChat(created);
      onClose();
      navigate(paths.chat(created.id));
    },
  });
  const leave = useMutation({
    mutationFn: () => leaveChat(chat.id),
    onSuccess: () => {
      messenger.removeChat(chat.id);
      onClose();
      navigate(paths.chats());
    },
  });
  const needle = query.trim().toLocaleLowerCase();
  const shown = (members ?? []).filter((m) => m.displayName.toLocaleLowerCase().includes(needle));
  const canLeave = !['class_pupils', 'class_parents', 'org_staff'].includes(chat.kind);

  return (
    <Modal
      title={`${t.chat.membersTitle} · ${chat.memberCount}`}
      onClose={onClose}
      footer={
        canLeave ? (
          <button
            type="button"
            className="button button--quiet button--danger-text"
            disabled={leave.isPending}
            onClick={() => {
              if (window.confirm(t.chat.leaveConfirm)) leave.mutate();
            }}
          >
            {t.chat.leave}
          </button>
        ) : null
      }
    >
      {members && members.length > 8 ? (
        <div className="field">
          <label htmlFor={searchId} className="visually-hidden">
            {t.newChat.search}
          </label>
          <input
            id={searchId}
            type="search"
            placeholder={t.newChat.search}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
      ) : null}
      {direct.isError || leave.isError ? (
        <p className="form__error" role="alert">
          {errorMessage(direct.error ?? leave.error, t)}
        </p>
      ) : null}
      {!members ? (
        <p role="status">{t.app.loading}</p>
      ) : (
        <ul className="people-list">
          {shown.map((m) => (
            <li key={m.personId} className="people-list__item">
              <span className="people-list__name">
                <a
                  href={paths.person(m.personId)}
                  onClick={linkHandler(paths.person(m.personId), onClose)}
                  className="people-list__link"
                >
                  {m.displayName}
                </a>
                {t.chat.roles[m.role] ? (
                  <span className="muted"> · {t.chat.roles[m.role]}</span>
                ) : null}
              </span>
              {m.personId !== meId && chat.kind !== 'direct' ? (
                <button
                  type="button"
                  className="button button--quiet button--small"
                  disabled={direct.isPending}
                  onClick={() => direct.mutate(m.personId)}
                >
                  {t.chat.writeDirect}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

export function DateDialog({
  chatId,
  onFound,
  onClose,
}: {
  chatId: number;
  onFound: (seq: number) => void;
  onClose: () => void;
}) {
  const t = useT();
  const messenger = useMessenger();
  const id = useId();
  const [value, setValue] = useState('');
  const find = useMutation({
    mutationFn: (day: Date) => messenger.findSeqByDate(chatId, day),
    onSuccess: (seq) => {
      if (seq !== null) {
        onFound(seq);
        onClose();
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [y, m, d] = value.split('-').map(Number);
    if (!y || !m || !d) return;
    find.mutate(startOfDay(new Date(y, m - 1, d)));
  };
  return (
    <Modal title={t.chat.jumpToDate} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>{t.chat.date}</label>
          <input
            id={id}
            type="date"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            required
          />
        </div>
        {find.isSuccess && find.data === null ? (
          <p className="muted" role="status">
            {t.chat.nothingAfterDate}
          </p>
        ) : null}
        {find.isError ? (
          <p className="form__error" role="alert">
            {errorMessage(find.error, t)}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={find.isPending}>
          {t.chat.go}
        </button>
      </form>
    </Modal>
  );
}

export function PollDialog({
  onSubmit,
  onClose,
}: {
  onSubmit: (poll: {
    question: string;
    options: string[];
    multiple: boolean;
    anonymous: boolean;
  }) => void;
  onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [multiple, setMultiple] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [tried, setTried] = useState(false);
  const filled = options.map((o) => o.trim()).filter(Boolean);
  const valid = question.trim() !== '' && filled.length >= 2;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!valid) return;
    onSubmit({ question: question.trim(), options: filled, multiple, anonymous });
    onClose();
  };

  return (
    <Modal title={t.pollDialog.title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-q`}>{t.pollDialog.question}</label>
          <input
            id={`${id}-q`}
            value={question}
            maxLength={300}
            onChange={(e) => setQuestion(e.target.value)}
            aria-invalid={(tried && question.trim() === '') || undefined}
          />
        </div>
        {options.map((option, index) => (
          <div className="field field--row" key={index}>
            <label htmlFor={`${id}-o${index}`} className="visually-hidden">
              {t.pollDialog.option(index + 1)}
            </label>
            <input
              id={`${id}-o${index}`}
              value={option}
              maxLength={100}
              placeholder={t.pollDialog.option(index + 1)}
              onChange={(e) =>
                setOptions((all) => all.map((o, i) => (i === index ? e.target.value : o)))
              }
            />
            {options.length > 2 ? (
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label={t.pollDialog.removeOption(index + 1)}
                onClick={() => setOptions((all) => all.filter((_, i) => i !== index))}
              >
                ×
              </button>
            ) : null}
          </div>
        ))}
        {options.length < 10 ? (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setOptions((all) => [...all, ''])}
          >
            {t.pollDialog.addOption}
          </button>
        ) : null}
        <label className="check">
          <input
            type="checkbox"
            checked={multiple}
            onChange={(e) => setMultiple(e.target.checked)}
          />
          {t.pollDialog.multiple}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={anonymous}
            onChange={(e) => setAnonymous(e.target.checked)}
          />
          {t.pollDialog.anonymous}
        </label>
        {tried && !valid ? (
          <p className="form__error" role="alert">
            {t.pollDialog.needTwo}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t.pollDialog.cancel}
          </button>
          <button type="submit" className="button button--primary">
            {t.pollDialog.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Pick a chat to forward a message to; the forwarded copy is sent through the outbox. */
export function ForwardDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const t = useT();
  const messenger = useMessenger();
  const byId = useMessengerState((s) => s.list.byId);
  const chats = useMemo(() => sortChats(byId), [byId]);
  const [query, setQuery] = useState('');
  const id = useId();
  const needle = query.trim().toLocaleLowerCase();
  const shown = chats.filter(
    (c) =>
      c.title.toLocaleLowerCase().includes(needle) &&
      !(c.kind === 'announcement' && c.myRole !== 'owner' && c.myRole !== 'admin') &&
      c.myRole !== 'readonly',
  );
  return (
    <Modal title={t.forwardDialog.title} onClose={onClose}>
      <div className="field">
        <label htmlFor={id} className="visually-hidden">
          {t.forwardDialog.search}
        </label>
        <input
          id={id}
          type="search"
          placeholder={t.forwardDialog.search}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <ul className="people-list">
        {shown.map((chat) => (
          <li key={chat.id}>
            <button
              type="button"
              className="pick"
              onClick={() => {
                messenger.send(chat.id, {
                  text: '',
                  forward: { chatId: message.chatId, seq: message.seq },
                });
                onClose();
                navigate(paths.chat(chat.id));
              }}
            >
              <span className={`chat-item__icon chat-item__icon--${chat.kind}`}>
                <ChatKindIcon kind={chat.kind} size={18} />
              </span>
              <span>{chat.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
