/** Types of `snowball-stemmers` (a CommonJS port of the Snowball stemmers; ships none). */
declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  const snowball: {
    newStemmer(language: string): Stemmer;
    algorithms(): string[];
  };
  export = snowball;
}
