import type { Message } from '@parta/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { buildMessage } from '../test/factories';
import {
  MessageBubble,
  sameBubble,
  type BubbleContext,
  type MessageActions,
} from './message-bubble';

const ME = 7;

function setup(
  message: Message,
  options: { ctx?: Partial<BubbleContext>; readCount?: number | null; replyTarget?: Message } = {},
) {
  const actions: MessageActions = {
    reply: vi.fn(),
    edit: vi.fn(),
    remove: vi.fn(),
    forward: vi.fn(),
    react: vi.fn(),
    vote: vi.fn(),
    jumpTo: vi.fn(),
    showReaders: vi.fn(),
    copied: vi.fn(),
    pin: vi.fn(),
  };
  const ctx: BubbleContext = {
    meId: ME,
    chatKind: 'class_parents',
    isAdmin: false,
    canPost: true,
    smallChat: true,
    mentionName: (t) => (t === 'all' ? 'все' : t === 5 ? 'Иванова Анна' : 'участник'),
    actions,
    pinned: new Set(),
    canPin: false,
    ...options.ctx,
  };
  render(
    <I18nProvider initialLanguage="ru">
      <MessageBubble
        message={message}
        ctx={ctx}
        groupStart
        groupEnd
        replyTarget={options.replyTarget}
        readCount={options.readCount ?? null}
        highlighted={false}
      />
    </I18nProvider>,
  );
  return actions;
}

const other = { id: 9, displayName: 'Орлова Мария Петровна' };
const mine = { id: ME, displayName: 'Смирнова Анна Игоревна' };

describe('a message', () => {
  it('shows the author, the text with mentions, the time and «изменено»', () => {
    setup(
      buildMessage({
        author: other,
        text: 'Здравствуйте, <@5>!',
        editedAt: '2024-10-01T09:05:00.000Z',
      }),
    );
    expect(screen.getByText('Орлова Мария')).toBeInTheDocument();
    expect(screen.getByText('@Иванова Анна')).toHaveClass('mention');
    expect(screen.getByText('изменено')).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Орлова Мария Петровна' })).toBeInTheDocument();
  });

  it('links the author to their profile, but not a bot', () => {
    setup(buildMessage({ author: other, text: 'Добрый день' }));
    expect(screen.getByRole('link', { name: /Орлова Мария/ })).toHaveAttribute('href', '/people/9');
  });

  it('names a bot without a profile link', () => {
    setup(
      buildMessage({
        kind: 'bot',
        author: { id: 99, displayName: 'Бот мониторинга' },
        text: 'Отчёт за неделю',
      }),
    );
    expect(screen.getByText('Бот мониторинга')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Бот мониторинга/ })).toBeNull();
  });

  it('shows a tombstone for a deleted message, without actions', () => {
    setup(buildMessage({ author: other, text: '', deletedAt: '2024-10-01T10:00:00.000Z' }));
    expect(screen.getByText('Сообщение удалено')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Действия с сообщением' })).toBeNull();
  });

  it('centres a system message', () => {
    const { container } = render(
      <I18nProvider initialLanguage="ru">
        <MessageBubble
          message={buildMessage({ kind: 'system', author: null, text: 'Чат создан' })}
          ctx={{} as BubbleContext}
          groupStart
          groupEnd
          replyTarget={undefined}
          readCount={null}
          highlighted={false}
        />
      </I18nProvider>,
    );
    expect(container.querySelector('.system-message')).toHaveTextContent('Чат создан');
  });

  it.each([
    [null, 'Отправлено'],
    [0, 'Отправлено'],
    [1, 'Прочитал 1 участник'],
    [2, 'Прочитали 2 участника'],
    [5, 'Прочитали 5 участников'],
    [21, 'Прочитал 21 участник'],
  ])('marks my message read by %s as «%s»', (readCount, label) => {
    setup(buildMessage({ author: mine }), { readCount });
    expect(screen.getByText(label)).toBeInTheDocument();
  });

  it('quotes the message it replies to and jumps there', () => {
    const actions = setup(buildMessage({ seq: 12, author: other, replyToSeq: 3 }), {
      replyTarget: buildMessage({ seq: 3, author: mine, text: 'Когда **собрание**?' }),
    });
    const quote = screen.getByRole('button', { name: /Ответ на сообщение/ });
    expect(quote).toHaveTextContent('Смирнова Анна');
    expect(quote).toHaveTextContent('Когда собрание?');
    fireEvent.click(quote);
    expect(actions.jumpTo).toHaveBeenCalledWith(3);
  });

  it('toggles reactions, saying which is mine', () => {
    const message = buildMessage({
      author: other,
      reactions: [
        { emoji: '👍', count: 3, mine: true },
        { emoji: '🙏', count: 1, mine: false },
      ],
    });
    const actions = setup(message);
    const thumbs = screen.getByRole('button', {
      name: '👍 3, ваша реакция — нажмите, чтобы убрать',
    });
    expect(thumbs).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(thumbs);
    expect(actions.react).toHaveBeenCalledWith(message, '👍', false);
    fireEvent.click(screen.getByRole('button', { name: '🙏 1' }));
    expect(actions.react).toHaveBeenCalledWith(message, '🙏', true);
  });

  it('offers edit and delete only on my own messages (or to chat admins)', () => {
    setup(buildMessage({ author: other }));
    fireEvent.click(screen.getByRole('button', { name: 'Действия с сообщением' }));
    const menu = screen.getByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'Ответить' })).toBeInTheDocument();
    expect(within(menu).queryByRole('menuitem', { name: 'Изменить' })).toBeNull();
    expect(within(menu).queryByRole('menuitem', { name: 'Удалить' })).toBeNull();
  });

  it('edits and deletes my own message from its menu; Escape closes the menu', () => {
    const message = buildMessage({ author: mine });
    const actions = setup(message);
    const more = screen.getByRole('button', { name: 'Действия с сообщением' });
    fireEvent.click(more);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Изменить' }));
    expect(actions.edit).toHaveBeenCalledWith(message);
    fireEvent.click(more);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(more).toHaveFocus();
    fireEvent.click(more);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Удалить' }));
    expect(actions.remove).toHaveBeenCalledWith(message);
  });

  it('shows a poll with counts and sends my vote', () => {
    const message = buildMessage({
      author: other,
      kind: 'poll',
      text: '',
      poll: {
        question: 'Когда удобно собрание?',
        multiple: false,
        anonymous: true,
        closed: false,
        options: [
          { id: 1, text: 'Вторник', votes: 1, mine: false },
          { id: 2, text: 'Четверг', votes: 2, mine: false },
          { id: 3, text: 'Суббота', votes: 5, mine: false },
        ],
      },
    });
    const actions = setup(message);
    expect(screen.getByRole('group', { name: 'Когда удобно собрание?' })).toBeInTheDocument();
    expect(screen.getByText('Анонимный опрос')).toBeInTheDocument();
    expect(screen.getByText('13% · 1 голос')).toBeInTheDocument();
    expect(screen.getByText('25% · 2 голоса')).toBeInTheDocument();
    expect(screen.getByText('63% · 5 голосов')).toBeInTheDocument();
    const vote = screen.getByRole('button', { name: 'Голосовать' });
    expect(vote).toBeDisabled();
    fireEvent.click(screen.getByRole('radio', { name: /Четверг/ }));
    fireEvent.click(vote);
    expect(actions.vote).toHaveBeenCalledWith(message, [2]);
  });

  it('is drawn again when the members and pins that arrive later change what it shows', () => {
    const message = buildMessage({ seq: 4, author: other, text: 'Вопрос к <@5>' });
    const plain = buildMessage({ seq: 5, author: other, text: 'Без упоминаний' });
    const actions = {} as MessageActions;
    const base: BubbleContext = {
      meId: ME,
      chatKind: 'class_parents',
      isAdmin: false,
      canPost: true,
      smallChat: true,
      mentionName: () => 'участник',
      actions,
      pinned: new Set(),
      canPin: false,
    };
    const props = (m: Message, ctx: BubbleContext) => ({
      message: m,
      ctx,
      groupStart: true,
      groupEnd: true,
      replyTarget: undefined,
      readCount: null,
      highlighted: false,
    });
    const { rerender } = render(
      <I18nProvider initialLanguage="ru">
        <MessageBubble {...props(message, base)} />
        <MessageBubble {...props(plain, base)} />
      </I18nProvider>,
    );
    expect(screen.getByText('@участник')).toHaveClass('mention');
    expect(screen.queryByTitle('Закреплённое сообщение')).not.toBeInTheDocument();
    // The members arrive (names for mentions), then the pins (this message is pinned).
    const named = { ...base, mentionName: () => 'Иванова Анна' };
    const pinned = { ...named, pinned: new Set([4]) };
    rerender(
      <I18nProvider initialLanguage="ru">
        <MessageBubble {...props(message, pinned)} />
        <MessageBubble {...props(plain, pinned)} />
      </I18nProvider>,
    );
    expect(screen.getByText('@Иванова Анна')).toHaveClass('mention');
    expect(screen.getByTitle('Закреплённое сообщение')).toBeInTheDocument();

    // What a message does not show does not draw it again; what it shows does.
    expect(sameBubble(props(plain, base), props(plain, pinned))).toBe(true);
    expect(sameBubble(props(message, base), props(message, named))).toBe(false);
    expect(sameBubble(props(message, named), props(message, pinned))).toBe(false);
    expect(sameBubble(props(plain, base), props(plain, { ...base, canPost: false }))).toBe(false);
    const reply = buildMessage({ seq: 6, author: other, text: 'Ответ', replyToSeq: 4 });
    expect(
      sameBubble(
        { ...props(reply, base), replyTarget: message },
        { ...props(reply, named), replyTarget: message },
      ),
    ).toBe(false);
  });
});
