/**
 * A deterministic Russian-ish corpus for the search benchmark: school words
 * in their case forms, verbs, stop words at their real frequency, a long
 * tail of made-up words declined the same way, and a few English words —
 * drawn with a Zipf distribution, as words are in real chats.
 */

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = `урок задание экскурсия сообщение родитель учитель класс школа оценка журнал
дневник контрольная собрание директор каникулы расписание четверть праздник олимпиада музей
театр поход учебник тетрадь ручка форма обувь физкультура математика литература история
география биология химия физика информатика музыка рисование стихотворение сочинение диктант
проект презентация конкурс соревнование концерт выставка библиотека столовая завтрак обед
автобус справка заявление больничный медосмотр прививка дежурство субботник уборка площадка
кабинет доска компьютер принтер пароль ссылка вебинар конференция семинар методист завуч
секретарь бухгалтерия зарплата отпуск приказ отчёт мониторинг план программа стандарт экзамен
пробник результат балл аттестат выпускной линейка звонок перемена опоздание пропуск замечание
благодарность грамота медаль победа команда спортзал бассейн лагерь путёвка поездка вокзал
билет деньги взнос подарок цветы шарик костюм репетиция сценарий песня танец стих картина
фотография видео альбом газета стенгазета кружок секция тренер судья матч турнир кубок
погода мороз снег дождь карантин грипп температура врач медсестра аптека лекарство маска`
  .split(/\s+/)
  .filter(Boolean);

const VERBS = `принести сдать прийти написать прочитать выучить решить подготовить напомнить
сообщить перенести отменить собраться встретиться проверить заполнить подписать оплатить
принесите сдайте приходите напишите прочитайте выучите решите подготовьте напоминаю сообщаю
переносится отменяется собираемся встречаемся проверила заполнили подписали оплатите будет
будут было был была нужно надо можно просьба пожалуйста спасибо завтра сегодня вчера утром
вечером после перед около обязательно срочно важно внимание уважаемые дорогие коллеги ребята`
  .split(/\s+/)
  .filter(Boolean);

const STOP = 'и в на не что с по к у за из о от до для как это так все уже же бы'.split(' ');
const ENGLISH =
  'zoom online excel meeting deadline email google form link chat update report'.split(' ');

/** Case forms by the ending of the nominative (enough to exercise a stemmer). */
function forms(noun: string): string[] {
  const stem = (n: number) => noun.slice(0, noun.length - n);
  if (noun.endsWith('ие'))
    return ['ие', 'ия', 'ию', 'ием', 'ии', 'ий', 'иям', 'иями', 'иях'].map((e) => stem(2) + e);
  if (noun.endsWith('ия'))
    return ['ия', 'ии', 'ию', 'ией', 'ий', 'иям', 'иями', 'иях'].map((e) => stem(2) + e);
  if (noun.endsWith('ая')) return ['ая', 'ой', 'ую', 'ые', 'ых', 'ым'].map((e) => stem(2) + e);
  if (noun.endsWith('а'))
    return ['а', 'ы', 'е', 'у', 'ой', 'ам', 'ами', 'ах'].map((e) => stem(1) + e);
  if (noun.endsWith('я'))
    return ['я', 'и', 'е', 'ю', 'ей', 'ям', 'ями', 'ях'].map((e) => stem(1) + e);
  if (noun.endsWith('ь'))
    return ['ь', 'я', 'ю', 'ем', 'е', 'и', 'ей', 'ям'].map((e) => stem(1) + e);
  if (noun.endsWith('о') || noun.endsWith('е'))
    return ['о', 'а', 'у', 'ом', 'е'].map((e) => stem(1) + e);
  if (noun.endsWith('ы') || noun.endsWith('и')) return [noun];
  return ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах'].map((e) => noun + e);
}

const SYLLABLES =
  'ба ве ги до ку ле ми но пу ра се ти фу ха це ча ша ще бра гро дли кло мра пре сту тво'.split(
    ' ',
  );
const ENDS = ['а', 'ка', 'ник', 'ость', 'ение', 'ия', 'ок', 'ец'];

export interface Vocabulary {
  /** Lemma groups: each is the forms of one word; index = Zipf rank. */
  lemmas: string[][];
  /** Cumulative Zipf weights over `lemmas`. */
  cumulative: Float64Array;
}

/** School nouns first (frequent), then verbs, English, and ~20 000 made-up nouns (the long tail). */
export function vocabulary(seed = 7, tail = 20_000): Vocabulary {
  const rnd = prng(seed);
  const lemmas: string[][] = [];
  for (const n of NOUNS) lemmas.push(forms(n));
  for (const v of VERBS) lemmas.push([v]);
  for (const e of ENGLISH) lemmas.push([e]);
  const seen = new Set(NOUNS);
  while (lemmas.length < NOUNS.length + VERBS.length + ENGLISH.length + tail) {
    const k = 2 + Math.floor(rnd() * 2);
    let w = '';
    for (let i = 0; i < k; i += 1) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    w += ENDS[Math.floor(rnd() * ENDS.length)];
    if (seen.has(w)) continue;
    seen.add(w);
    lemmas.push(forms(w));
  }
  // Shuffle school words among themselves a little, keep the tail last.
  const cumulative = new Float64Array(lemmas.length);
  let sum = 0;
  for (let i = 0; i < lemmas.length; i += 1) {
    sum += 1 / Math.pow(i + 3, 1.05);
    cumulative[i] = sum;
  }
  for (let i = 0; i < cumulative.length; i += 1) cumulative[i] = (cumulative[i] as number) / sum;
  return { lemmas, cumulative };
}

function pick(v: Vocabulary, rnd: () => number): string {
  const x = rnd();
  let lo = 0;
  let hi = v.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((v.cumulative[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  const group = v.lemmas[lo] as string[];
  return group[Math.floor(rnd() * group.length)] as string;
}

/** One chat message: 3–30 words, a quarter of them stop words. */
export function message(v: Vocabulary, rnd: () => number): string {
  const n = 3 + Math.floor(Math.pow(rnd(), 1.6) * 27);
  const words: string[] = [];
  for (let i = 0; i < n; i += 1) {
    words.push(rnd() < 0.25 ? (STOP[Math.floor(rnd() * STOP.length)] as string) : pick(v, rnd));
  }
  const first = words[0] as string;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  const end = rnd();
  return words.join(' ') + (end < 0.6 ? '.' : end < 0.8 ? '!' : end < 0.9 ? '?' : '');
}
