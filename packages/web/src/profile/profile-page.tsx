import type { Me, PersonDetails, PersonView } from '@parta/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { createChat } from '../api/chats';
import { isApiError } from '../api/client';
import { getPerson } from '../api/directory';
import { errorMessage } from '../api/error-message';
import { useDirectoryT } from '../directory/messages';
import { useT } from '../i18n/i18n';
import { useMessenger } from '../messenger/messenger-context';
import { linkHandler, navigate, paths } from '../router/router';
import { icons } from '../ui/icons';
import '../directory/directory.css';

function hasDetails(person: PersonView): person is PersonDetails {
  return 'hasAccount' in person;
}

function initialsOf(person: Pick<PersonView, 'lastName' | 'firstName'>): string {
  return (
    ((person.lastName.trim()[0] ?? '') + (person.firstName.trim()[0] ?? '')).toUpperCase() || '?'
  );
}

/**
 * `/people/:id` — who a person is, as far as the server shows it to me: name,
 * positions and organisations; contacts only for myself and administrators
 * (the server decides); my children and classes on my own profile.
 * «Написать» opens the direct chat where the closed environment allows it.
 */
export default function ProfilePage({ me, personId }: { me: Me; personId: number }) {
  const t = useT();
  const d = useDirectoryT();
  const messenger = useMessenger();
  const titleId = useId();
  const self = me.person.id === personId;
  const person = useQuery({
    queryKey: ['people', personId],
    queryFn: () => getPerson(personId),
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
  const write = useMutation({
    mutationFn: () => createChat({ kind: 'direct', personId }),
    onSuccess: (chat) => {
      messenger.addChat(chat);
      navigate(paths.chat(chat.id));
    },
  });

  const header = (
    <header className="chat__header">
      <a
        className="icon-button chat__back"
        href={paths.chats()}
        onClick={linkHandler(paths.chats())}
        aria-label={d.profile.back}
        title={d.profile.back}
      >
        {icons.back()}
      </a>
      <h2 id={titleId} className="chat__title">
        {d.profile.title}
      </h2>
    </header>
  );

  if (person.isPending) {
    return (
      <section className="page-pane" aria-labelledby={titleId} aria-busy="true">
        {header}
        <div className="empty-state" role="status">
          <span className="spinner" aria-hidden="true" />
          <p>{d.directory.loading}</p>
        </div>
      </section>
    );
  }

  if (person.isError) {
    const status = isApiError(person.error) ? person.error.status : 0;
    return (
      <section className="page-pane" aria-labelledby={titleId}>
        {header}
        <div className="empty-state" role="alert">
          <p className="empty-state__title">
            {status === 403
              ? d.profile.forbidden
              : status === 404
                ? d.profile.notFound
                : d.profile.loadFailed}
          </p>
          {status === 403 || status === 404 ? null : (
            <>
              <p className="empty-state__text">{errorMessage(person.error, t)}</p>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => void person.refetch()}
              >
                {d.profile.retry}
              </button>
            </>
          )}
        </div>
      </section>
    );
  }

  const p = person.data;
  const details = hasDetails(p) ? p : null;
  const refused = isApiError(write.error) && write.error.code === 'DIRECT_NOT_ALLOWED';

  return (
    <section className="page-pane" aria-labelledby={titleId}>
      {header}
      <div className="page-pane__body">
        <section className="card profile" aria-labelledby={`${titleId}-name`}>
          <div className="profile__head">
            <span className="avatar avatar--large" aria-hidden="true">
              {initialsOf(p)}
            </span>
            <div className="profile__name">
              <h3 id={`${titleId}-name`}>{p.displayName}</h3>
              {self ? <p className="muted">{d.profile.you}</p> : null}
              {!p.active ? <p className="profile__flag">{d.profile.inactive}</p> : null}
              {details && !details.hasAccount && !self ? (
                <p className="muted">{d.profile.noAccount}</p>
              ) : null}
            </div>
          </div>
          {self ? (
            <a
              className="button button--quiet"
              href={paths.settings()}
              onClick={linkHandler(paths.settings())}
            >
              {d.profile.settings}
            </a>
          ) : p.active ? (
            <div className="profile__actions">
              <button
                type="button"
                className="button button--primary"
                disabled={write.isPending}
                onClick={() => write.mutate()}
              >
                {write.isPending ? d.profile.opening : d.profile.write}
              </button>
            </div>
          ) : null}
          {write.isError ? (
            <div className="profile__refusal" role="alert">
              {refused ? (
                <p className="profile__refusal-title">{d.profile.notAllowedTitle}</p>
              ) : null}
              <p>{errorMessage(write.error, t)}</p>
            </div>
          ) : null}
        </section>

        <section className="card" aria-labelledby={`${titleId}-work`}>
          <h3 id={`${titleId}-work`} className="card__title">
            {d.profile.work}
          </h3>
          {p.positions.length === 0 ? (
            <p className="muted">{d.profile.noPositions}</p>
          ) : (
            <ul className="profile__list">
              {p.positions.map((position) => (
                <li key={position.id}>
                  <span className="profile__item-title">
                    {position.title ?? d.roles[position.role]}
                  </span>
                  <span className="muted">
                    {position.organizationName}
                    {position.pedagogical ? ` · ${d.profile.pedagogical}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        {self && me.children.length > 0 ? (
          <section className="card" aria-labelledby={`${titleId}-children`}>
            <h3 id={`${titleId}-children`} className="card__title">
              {d.profile.children}
            </h3>
            <ul className="profile__list">
              {me.children.map((child) => (
                <li key={child.id}>
                  <span className="profile__item-title">{child.displayName}</span>
                  <span className="muted">
                    {[child.className, child.organizationName].filter(Boolean).join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {self && me.classes.length > 0 ? (
          <section className="card" aria-labelledby={`${titleId}-classes`}>
            <h3 id={`${titleId}-classes`} className="card__title">
              {d.profile.classes}
            </h3>
            <ul className="profile__list">
              {me.classes.map((c) => (
                <li key={c.id}>
                  <span className="profile__item-title">{c.name}</span>
                  <span className="muted">{c.organizationName}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {details && (details.phone || details.email || details.birthDate) ? (
          <section className="card" aria-labelledby={`${titleId}-contacts`}>
            <h3 id={`${titleId}-contacts`} className="card__title">
              {d.profile.contacts}
            </h3>
            <dl className="profile__facts">
              {details.phone ? (
                <>
                  <dt>{d.profile.phone}</dt>
                  <dd>
                    <a href={`tel:${details.phone.replace(/[^\d+]/g, '')}`}>{details.phone}</a>
                  </dd>
                </>
              ) : null}
              {details.email ? (
                <>
                  <dt>{d.profile.email}</dt>
                  <dd>
                    <a href={`mailto:${details.email}`}>{details.email}</a>
                  </dd>
                </>
              ) : null}
              {details.birthDate ? (
                <>
                  <dt>{d.profile.birthDate}</dt>
                  <dd>
                    {new Intl.DateTimeFormat(t.meta.locale, { dateStyle: 'long' }).format(
                      new Date(`${details.birthDate}T12:00:00`),
                    )}
                  </dd>
                </>
              ) : null}
            </dl>
            <p className="muted small">{d.profile.contactsNote}</p>
          </section>
        ) : null}
      </div>
    </section>
  );
}
