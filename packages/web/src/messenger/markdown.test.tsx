import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, parseInline, plainText, safeHref } from './markdown';

const names: Record<number, string> = { 5: 'Иванова Анна', 7: 'Смирнова Анна Игоревна' };
const mentionName = (target: number | 'all') =>
  target === 'all' ? 'все' : (names[target] ?? 'участник');

function show(text: string, meId = 7) {
  return render(<Markdown text={text} mentionName={mentionName} meId={meId} />).container;
}

describe('message Markdown', () => {
  it('renders bold, italic, strike, code, lists and line breaks as elements', () => {
    const root = show(
      '**Важно:** _завтра_ ~~нет~~ `8:30`\nвторая строка\n\n- тетрадь\n- ручка\n\n1. первое\n2. второе',
    );
    expect(root.querySelector('strong')).toHaveTextContent('Важно:');
    expect(root.querySelector('em')).toHaveTextContent('завтра');
    expect(root.querySelector('del')).toHaveTextContent('нет');
    expect(root.querySelector('code')).toHaveTextContent('8:30');
    expect(root.querySelector('br')).not.toBeNull();
    expect([...root.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual([
      'тетрадь',
      'ручка',
    ]);
    expect([...root.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual([
      'первое',
      'второе',
    ]);
  });

  it('keeps snake_case and lone markers as text', () => {
    const root = show('file_name_here и 2 * 3 * 4, а также **незакрытое');
    expect(root.querySelector('em')).toBeNull();
    expect(root.querySelector('strong')).toBeNull();
    expect(root).toHaveTextContent('file_name_here и 2 * 3 * 4, а также **незакрытое');
  });

  it('never turns text into markup: <script>, <img onerror> and HTML stay literal text', () => {
    const root = show('<script>alert(1)</script> <img src=x onerror=alert(1)> <b>жирный?</b>');
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('b')).toBeNull();
    expect(root).toHaveTextContent(
      '<script>alert(1)</script> <img src=x onerror=alert(1)> <b>жирный?</b>',
    );
  });

  it('links only http, https and mailto, with rel="noopener noreferrer"; javascript: is text', () => {
    const root = show(
      '[сайт](https://school5.example.ru/plan) [зло](javascript:alert(1)) [зло2](JaVaScRiPt:alert(1)) ' +
        '[данные](data:text/html,<b>x</b>) [почта](mailto:info@example.ru) https://example.ru/a?b=1.',
    );
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://school5.example.ru/plan',
      'mailto:info@example.ru',
      'https://example.ru/a?b=1',
    ]);
    for (const a of links) {
      expect(a).toHaveAttribute('rel', 'noopener noreferrer');
      expect(a).toHaveAttribute('target', '_blank');
    }
    expect(root).toHaveTextContent('[зло](javascript:alert(1))');
    expect(root).toHaveTextContent('[зло2](JaVaScRiPt:alert(1))');
  });

  it('refuses scheme tricks', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('java\tscript:alert(1)')).toBeNull();
    expect(safeHref('vbscript:msgbox(1)')).toBeNull();
    expect(safeHref('data:text/html;base64,PHNjcmlwdD4=')).toBeNull();
    expect(safeHref('/relative/path')).toBeNull();
    expect(safeHref('https://example.ru/')).toBe('https://example.ru/');
  });

  it('renders mentions as @Name and highlights mine and @all', () => {
    const root = show('<@5>, <@7> и <@all>: <@999> тоже');
    const mentions = [...root.querySelectorAll('.mention')];
    expect(mentions.map((m) => m.textContent)).toEqual([
      '@Иванова Анна',
      '@Смирнова Анна Игоревна',
      '@все',
      '@участник',
    ]);
    expect(mentions.map((m) => m.classList.contains('mention--me'))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('does not nest links inside link text', () => {
    const nodes = parseInline('[**см. https://a.example.ru**](https://b.example.ru)');
    expect(nodes).toHaveLength(1);
    const root = show('[**см. https://a.example.ru**](https://b.example.ru)');
    expect(root.querySelectorAll('a')).toHaveLength(1);
  });

  it('gives a one-line plain text for previews', () => {
    expect(plainText('**Собрание** в _четверг_\n- <@5>\n- `каб. 12`', mentionName)).toBe(
      'Собрание в четверг @Иванова Анна каб. 12',
    );
  });
});
