import { describe, expect, it } from 'vitest';
import {
  fromMarked,
  hasPositive,
  headline,
  MARK_END,
  MARK_START,
  parseQuery,
  positiveTerms,
  searchText,
  termOf,
  toFtsMatch,
} from './search.text';

describe('terms', () => {
  it.each([
    ['экскурсия', 'экскурс'],
    ['экскурсии', 'экскурс'],
    ['Экскурсию', 'экскурс'],
    ['сообщение', 'сообщен'],
    ['сообщения', 'сообщен'],
    ['ёлка', 'елк'],
    ['Елки', 'елк'],
    ['running', 'run'],
    ['Messages', 'messag'],
    ['5А', '5а'],
    ['2024', '2024'],
    ['и', null],
    ['the', null],
  ])('%s → %s', (word, term) => {
    expect(termOf(word)).toBe(term);
  });

  it('indexes a text as its terms in order, without stop words or punctuation', () => {
    expect(searchText('Завтра экскурсия в музей, не забудьте сменную обувь!')).toBe(
      'завтр экскурс муз забудьт смен обув',
    );
    expect(searchText('')).toBe('');
  });
});

describe('queries', () => {
  it('parses web-search syntax', () => {
    expect(parseQuery('экскурсии музей')).toEqual({
      groups: [[{ terms: ['экскурс'] }], [{ terms: ['муз'] }]],
      exclude: [],
    });
    expect(parseQuery('"новые сообщения" or ёлка -театр')).toEqual({
      groups: [[{ terms: ['нов', 'сообщен'] }, { terms: ['елк'] }]],
      exclude: [{ terms: ['театр'] }],
    });
    expect(parseQuery('OR экскурсия or')).toEqual({
      groups: [[{ terms: ['экскурс'] }]],
      exclude: [],
    });
    expect(parseQuery('"незакрытая кавычка')).toEqual({
      groups: [[{ terms: ['незакрыт', 'кавычк'] }]],
      exclude: [],
    });
  });

  it('drops stop words and punctuation; nothing positive matches nothing', () => {
    expect(hasPositive(parseQuery('и в на'))).toBe(false);
    expect(hasPositive(parseQuery('-музей'))).toBe(false);
    expect(hasPositive(parseQuery('!!! ??? ""'))).toBe(false);
  });

  it('builds an FTS5 expression with only quoted terms (no injection)', () => {
    expect(toFtsMatch(parseQuery('экскурсия "новые сообщения" or ёлка -музей'))).toBe(
      '((body : ("экскурс" AND ("нов сообщен" OR "елк"))) NOT (body : ("муз")))',
    );
    const hostile = toFtsMatch(parseQuery('a" OR tags:c1 NEAR(x) *'));
    expect(hostile).not.toMatch(/tags|NEAR|\*/);
    expect(positiveTerms(parseQuery('музей or театр -кино'))).toEqual(new Set(['муз', 'театр']));
  });
});

describe('fragments', () => {
  const terms = positiveTerms(parseQuery('экскурсия'));

  it('marks every form of the word in a short text', () => {
    expect(headline('Про экскурсию: сбор в 9:00', terms)).toEqual([
      { text: 'Про ', highlight: false },
      { text: 'экскурсию', highlight: true },
      { text: ': сбор в 9:00', highlight: false },
    ]);
  });

  it('cuts long texts into fragments around the matches', () => {
    const text = `${'слово '.repeat(40)}экскурсия ${'ещё '.repeat(60)}экскурсии конец`;
    const f = headline(text, terms, { maxWords: 10, maxFragments: 2 });
    const joined = f.map((x) => x.text).join('');
    expect(joined.startsWith('… ')).toBe(true);
    expect(joined).toContain(' … ');
    expect(f.filter((x) => x.highlight).map((x) => x.text)).toEqual(['экскурсия', 'экскурсии']);
    expect(joined.length).toBeLessThan(200);
  });

  it('reads ts_headline markers', () => {
    expect(fromMarked(`Про ${MARK_START}экскурсию${MARK_END}: сбор`)).toEqual([
      { text: 'Про ', highlight: false },
      { text: 'экскурсию', highlight: true },
      { text: ': сбор', highlight: false },
    ]);
  });
});
