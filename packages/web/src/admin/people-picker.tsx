import type { PeopleRoleFilter, PersonListItem } from '@parta/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { errorMessage } from '../api/error-message';
import { useT } from '../i18n/i18n';
import { searchPeople } from './admin-api';
import { useAdminT } from './messages';

/** Waits this long after the last keystroke before asking the server. */
const DEBOUNCE_MS = 300;

export function useDebounced<T>(value: T, ms = DEBOUNCE_MS): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * Finds a person by name among the people the administrator sees (in one
 * organisation, of one role) and picks one. The chosen person stays shown
 * until another is picked.
 */
export function PeoplePicker({
  label,
  orgId,
  role,
  value,
  onPick,
  exclude = [],
}: {
  label: string;
  orgId: number | null;
  role: PeopleRoleFilter | null;
  value: PersonListItem | null;
  onPick: (person: PersonListItem | null) => void;
  exclude?: readonly number[];
}) {
  const t = useAdminT();
  const tt = useT();
  const id = useId();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const results = useQuery({
    queryKey: ['admin', 'pick', orgId, role, q],
    queryFn: ({ signal }) => searchPeople(q, orgId, role, signal),
    enabled: q.length >= 2,
  });
  const items = (results.data?.items ?? []).filter((p) => !exclude.includes(p.id));

  if (value) {
    return (
      <div className="field">
        <span className="field__label">{label}</span>
        <div className="picked">
          <strong>{value.displayName}</strong>
          <button type="button" className="link-button" onClick={() => onPick(null)}>
            {t.picker.change}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="field people-picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t.picker.placeholder}
        autoComplete="off"
        maxLength={100}
        aria-describedby={`${id}-status`}
      />
      <span id={`${id}-status`} className="field__hint" role="status">
        {q.length < 2
          ? t.picker.typeMore
          : results.isFetching
            ? t.loading
            : results.isError
              ? errorMessage(results.error, tt)
              : items.length === 0
                ? t.picker.nothing
                : t.picker.found(items.length)}
      </span>
      {q.length >= 2 && items.length > 0 ? (
        <ul className="people-list people-list--scroll" aria-label={label}>
          {items.map((p) => (
            <li key={p.id}>
              <button type="button" className="pick" onClick={() => onPick(p)}>
                <span className="pick__name">{p.displayName}</span>
                <span className="pick__note">
                  {[
                    ...p.positions.map((x) => x.title ?? t.roles[x.role]),
                    ...(p.kinds.includes('pupil') ? [t.roles.pupil] : []),
                    ...(p.kinds.includes('parent') ? [t.roles.parent] : []),
                  ].join(', ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
