import type { Me } from '@parta/shared';
import { useMutation, useQueries } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { createChat, listMembers, listStaff } from '../api/chats';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { membersKey, useMessenger, useMessengerState } from '../messenger/messenger-context';
import { navigate, paths } from '../router/router';
import { Modal } from '../ui/modal';

interface Candidate {
  id: number;
  name: string;
  note: string | null;
}

const ROSTER_KINDS = new Set(['class_pupils', 'class_parents', 'org_staff']);
/** Class chats whose members are offered (the person's own classes; a teacher has a few). */
const MAX_CLASS_CHATS = 8;

/**
 * A direct chat with someone the closed environment allows, or a group
 * (staff only). The list is what the person can already see: the staff of
 * their organisations and the members of their class chats — the server's
 * policy decides in the end, and its refusal is shown in plain words.
 */
export default function NewChatDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const t = useT();
  const messenger = useMessenger();
  const byId = useMessengerState((s) => s.list.byId);
  const isStaff = me.person.positions.length > 0;
  const [tab, setTab] = useState<'direct' | 'group'>('direct');
  const [query, setQuery] = useState('');
  const [title, setTitle] = useState('');
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const searchId = useId();
  const titleId = useId();

  const orgIds = useMemo(() => {
    const ids = new Set(me.person.positions.map((p) => p.organizationId));
    for (const chat of Object.values(byId)) {
      if (chat.organizationId !== null && ROSTER_KINDS.has(chat.kind)) ids.add(chat.organizationId);
    }
    return [...ids];
  }, [me, byId]);
  const classChats = useMemo(
    () =>
      Object.values(byId)
        .filter((c) => c.kind === 'class_pupils' || c.kind === 'class_parents')
        .slice(0, MAX_CLASS_CHATS),
    [byId],
  );

  const staff = useQueries({
    queries: orgIds.map((orgId) => ({
      queryKey: ['organizations', orgId, 'staff'],
      queryFn: () => listStaff(orgId),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const classMembers = useQueries({
    queries: classChats.map((chat) => ({
      queryKey: membersKey(chat.id),
      queryFn: () => listMembers(chat.id),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const loading = [...staff, ...classMembers].some((q) => q.isPending);

  const candidates = useMemo(() => {
    const people = new Map<number, Candidate>();
    staff.forEach((q) => {
      for (const p of q.data ?? []) {
        const position = p.positions[0];
        people.set(p.id, { id: p.id, name: p.displayName, note: position?.title ?? null });
      }
    });
    classMembers.forEach((q, i) => {
      for (const m of q.data ?? []) {
        if (!people.has(m.personId)) {
          people.set(m.personId, {
            id: m.personId,
            name: m.displayName,
            note: classChats[i]?.title ?? null,
          });
        }
      }
    });
    people.delete(me.person.id);
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  }, [staff, classMembers, classChats, me.person.id]);

  const needle = query.trim().toLocaleLowerCase();
  const shown = candidates.filter((c) => c.name.toLocaleLowerCase().includes(needle)).slice(0, 100);

  const open = useMutation({
    mutationFn: (personId: number) => createChat({ kind: 'direct', personId }),
    onSuccess: (chat) => {
      messenger.addChat(chat);
      onClose();
      navigate(paths.chat(chat.id));
    },
  });
  const group = useMutation({
    mutationFn: () => createChat({ kind: 'group', title: title.trim(), memberIds: [...chosen] }),
    onSuccess: (chat) => {
      messenger.addChat(chat);
      onClose();
      navigate(paths.chat(chat.id));
    },
  });
  const failure = open.error ?? group.error;

  const submitGroup = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '' || chosen.size === 0) return;
    group.mutate();
  };

  return (
    <Modal title={t.newChat.title} onClose={onClose} wide>
      {isStaff ? (
        <div className="segmented" role="group" aria-label={t.newChat.title}>
          <button type="button" aria-pressed={tab === 'direct'} onClick={() => setTab('direct')}>
            {t.newChat.direct}
          </button>
          <button type="button" aria-pressed={tab === 'group'} onClick={() => setTab('group')}>
            {t.newChat.group}
          </button>
        </div>
      ) : null}

      <form className="form" onSubmit={submitGroup}>
        {tab === 'group' ? (
          <div className="field">
            <label htmlFor={titleId}>{t.newChat.groupTitle}</label>
            <input
              id={titleId}
              value={title}
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
            />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={searchId}>{t.newChat.search}</label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
            data-autofocus
          />
          <p className="field__hint">{t.newChat.hint}</p>
        </div>

        {failure ? (
          <div className="form__error" role="alert">
            {isNotAllowed(failure) ? <strong>{t.newChat.notAllowedTitle}. </strong> : null}
            {errorMessage(failure, t)}
          </div>
        ) : null}

        {loading && candidates.length === 0 ? (
          <p role="status">{t.newChat.loading}</p>
        ) : shown.length === 0 ? (
          <p className="muted" role="status">
            {t.newChat.nobody}
          </p>
        ) : (
          <ul className="people-list people-list--scroll">
            {shown.map((c) =>
              tab === 'direct' ? (
                <li key={c.id}>
                  <button
                    type="button"
                    className="pick"
                    disabled={open.isPending}
                    onClick={() => open.mutate(c.id)}
                  >
                    <span className="pick__name">{c.name}</span>
                    {c.note ? <span className="pick__note">{c.note}</span> : null}
                  </button>
                </li>
              ) : (
                <li key={c.id}>
                  <label className="pick pick--check">
                    <input
                      type="checkbox"
                      checked={chosen.has(c.id)}
                      onChange={(e) =>
                        setChosen((prev) => {
                          const next = new Set(prev);
                          if (e.target.checked) next.add(c.id);
                          else next.delete(c.id);
                          return next;
                        })
                      }
                    />
                    <span className="pick__name">{c.name}</span>
                    {c.note ? <span className="pick__note">{c.note}</span> : null}
                  </label>
                </li>
              ),
            )}
          </ul>
        )}

        {tab === 'group' ? (
          <div className="form__actions">
            <span className="muted">{t.newChat.selected(chosen.size)}</span>
            <button
              type="submit"
              className="button button--primary"
              disabled={group.isPending || title.trim() === '' || chosen.size === 0}
            >
              {t.newChat.create}
            </button>
          </div>
        ) : null}
      </form>
    </Modal>
  );
}

function isNotAllowed(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === 'DIRECT_NOT_ALLOWED'
  );
}
