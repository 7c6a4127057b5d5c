import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
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

function keyPaths(value: object, prefix = ''): string[] {
  return Object.entries(value)
    .flatMap(([key, child]: [string, unknown]) =>
      typeof child === 'object' && child !== null
        ? keyPaths(child, `${prefix}${key}.`)
        : [`${prefix}${key}:${typeof child}`],
    )
    .sort();
}
