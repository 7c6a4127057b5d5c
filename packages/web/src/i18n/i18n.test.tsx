import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { keyPaths } from './define';
import { en } from './en';
import { I18nProvider, readStoredLanguage, useT } from './i18n';
import { ru } from './ru';
import { LanguageSwitch } from '../ui/language-switch';

function ThrottleMessage({ minutes }: { minutes: number }) {
  return <p>{useT().errors.throttled(minutes)}</p>;
}

function renderInRussian(ui: ReactNode) {
  return render(<I18nProvider initialLanguage="ru">{ui}</I18nProvider>);
}

describe('plural forms in messages', () => {
  it.each([
    [1, 'минуту'],
    [2, 'минуты'],
    [4, 'минуты'],
    [5, 'минут'],
    [11, 'минут'],
    [12, 'минут'],
    [14, 'минут'],
    [21, 'минуту'],
    [22, 'минуты'],
    [25, 'минут'],
    [101, 'минуту'],
    [111, 'минут'],
  ])('renders «через %i %s» in Russian', (minutes, word) => {
    renderInRussian(<ThrottleMessage minutes={minutes} />);
    expect(
      screen.getByText(`Слишком много попыток. Попробуйте через ${minutes} ${word}`),
    ).toBeInTheDocument();
  });

  it('switches to English forms with the language', () => {
    renderInRussian(
      <>
        <LanguageSwitch />
        <ThrottleMessage minutes={1} />
        <ThrottleMessage minutes={3} />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'EN' }));
    expect(screen.getByText('Too many attempts. Try again in 1 minute')).toBeInTheDocument();
    expect(screen.getByText('Too many attempts. Try again in 3 minutes')).toBeInTheDocument();
  });

  it('counts other children of a parent', () => {
    expect(ru.shell.parentOf('Петров Иван', 0)).toBe('Родитель: Петров Иван');
    expect(ru.shell.parentOf('Петров Иван', 2)).toBe('Родитель: Петров Иван и ещё 2 ребёнка');
    expect(ru.shell.parentOf('Петров Иван', 5)).toBe('Родитель: Петров Иван и ещё 5 детей');
    expect(en.shell.parentOf('Ivan', 1)).toBe('Parent of Ivan and 1 other child');
  });
});

describe('plural forms of the messenger', () => {
  it.each([
    [1, '1 новое сообщение', '1 непрочитанное сообщение', '1 участник', '1 голос'],
    [2, '2 новых сообщения', '2 непрочитанных сообщения', '2 участника', '2 голоса'],
    [5, '5 новых сообщений', '5 непрочитанных сообщений', '5 участников', '5 голосов'],
    [11, '11 новых сообщений', '11 непрочитанных сообщений', '11 участников', '11 голосов'],
    [21, '21 новое сообщение', '21 непрочитанное сообщение', '21 участник', '21 голос'],
    [104, '104 новых сообщения', '104 непрочитанных сообщения', '104 участника', '104 голоса'],
  ])('%i: «%s», «%s», «%s», «%s»', (n, fresh, unread, members, votes) => {
    expect(ru.chat.newBelow(n)).toBe(fresh);
    expect(ru.chats.unread(n)).toBe(unread);
    expect(ru.chat.members(n)).toBe(members);
    expect(ru.poll.votes(n)).toBe(votes);
  });

  it('agrees the verb with the number of readers and typists', () => {
    expect(ru.message.readBy(1)).toBe('Прочитал 1 участник');
    expect(ru.message.readBy(3)).toBe('Прочитали 3 участника');
    expect(ru.message.readBy(11)).toBe('Прочитали 11 участников');
    expect(ru.chat.typing(['Анна'])).toBe('Анна печатает…');
    expect(ru.chat.typing(['Анна', 'Олег'])).toBe('Анна и Олег печатают…');
    expect(ru.chat.typing(['А', 'Б', 'В'])).toBe('3 человека печатают…');
    expect(ru.chat.typing(['А', 'Б', 'В', 'Г', 'Д'])).toBe('5 человек печатают…');
  });

  it('has English forms too', () => {
    expect(en.chats.unread(1)).toBe('1 unread message');
    expect(en.chats.unread(2)).toBe('2 unread messages');
    expect(en.chat.members(1)).toBe('1 member');
    expect(en.poll.votes(0)).toBe('0 votes');
    expect(en.message.readBy(2)).toBe('Read by 2 members');
  });
});

describe('dictionaries and language choice', () => {
  it('have the same keys in Russian and English', () => {
    expect(keyPaths(en)).toEqual(keyPaths(ru));
  });

  it('default to Russian and honour only a known saved language', () => {
    expect(readStoredLanguage()).toBe('ru');
    window.localStorage.setItem('parta.language', 'en');
    expect(readStoredLanguage()).toBe('en');
    window.localStorage.setItem('parta.language', 'de');
    expect(readStoredLanguage()).toBe('ru');
  });
});
