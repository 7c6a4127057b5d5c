import type { Message } from '@parta/shared';
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n';

type Poll = NonNullable<Message['poll']>;

/**
 * A poll inside a message: one radio or several checkboxes and a «Голосовать»
 * button; the results are always visible (bars and counts), my choice marked.
 * Voting again replaces my vote.
 */
export function PollView({
  poll,
  disabled,
  onVote,
}: {
  poll: Poll;
  disabled: boolean;
  onVote: (optionIds: number[]) => void;
}) {
  const t = useT();
  const name = useId();
  const mine = poll.options.filter((o) => o.mine).map((o) => o.id);
  const [choice, setChoice] = useState<number[] | null>(null);
  const selected = choice ?? mine;
  const total = poll.options.reduce((sum, o) => sum + o.votes, 0);
  const changed =
    selected.length > 0 &&
    (selected.length !== mine.length || selected.some((id) => !mine.includes(id)));

  const toggle = (id: number, on: boolean) => {
    if (!poll.multiple) setChoice([id]);
    else setChoice(on ? [...selected, id] : selected.filter((x) => x !== id));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!changed) return;
    onVote(selected);
    setChoice(null);
  };

  const locked = disabled || poll.closed;
  return (
    <form className="poll" onSubmit={submit}>
      <fieldset disabled={locked}>
        <legend className="poll__question">{poll.question}</legend>
        <p className="poll__kind">
          {[
            poll.anonymous ? t.poll.anonymous : t.poll.label,
            poll.multiple ? t.poll.multiple : null,
            poll.closed ? t.poll.closed : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <ul className="poll__options">
          {poll.options.map((option) => {
            const share = total === 0 ? 0 : Math.round((option.votes / total) * 100);
            return (
              <li key={option.id} className="poll__option">
                <label>
                  <input
                    type={poll.multiple ? 'checkbox' : 'radio'}
                    name={name}
                    checked={selected.includes(option.id)}
                    onChange={(e) => toggle(option.id, e.target.checked)}
                  />
                  <span className="poll__text">
                    {option.text}
                    {option.mine ? (
                      <span className="poll__mine"> · {t.poll.yourChoice}</span>
                    ) : null}
                  </span>
                  <span className="poll__count">
                    {share}% · {t.poll.votes(option.votes)}
                  </span>
                </label>
                <span className="poll__bar" aria-hidden="true">
                  <span style={{ width: `${share}%` }} />
                </span>
              </li>
            );
          })}
        </ul>
        {!locked && (mine.length === 0 || changed) ? (
          <button type="submit" className="button button--quiet button--small" disabled={!changed}>
            {t.poll.vote}
          </button>
        ) : null}
      </fieldset>
    </form>
  );
}
