import { describe, expect, it } from 'vitest';
import { buildDemoPlan } from '../demo/demo.data';
import { headerKey, readHeader } from './imports.columns';
import { JobTitleDictionary, titleKey, type JobTitleRule } from './imports.job-titles';
import { decodeCsv, detectDelimiter, sniffFormat, zipDeclaredSize } from './imports.reader';
import {
  academicYearOf,
  checkSnils,
  columnLetter,
  excelSerialToIso,
  parseDateText,
  parseEmail,
  parseFullName,
  parsePhone,
  parseRelation,
  parseSchoolClass,
} from './imports.values';
import iconv from 'iconv-lite';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }) =>
  r.ok ? r.value : `ERR ${r.message}`;

describe('cell values as schools write them', () => {
  it('normalises Russian phones in any common form and refuses others', () => {
    for (const raw of [
      '8 (912) 345-67-89',
      '+7 912 345 67 89',
      '89123456789',
      '9123456789',
      '8-912-345-67-89',
      'тел. 8 912 3456789',
    ])
      expect(value(parsePhone(raw)), raw).toBe('+79123456789');
    expect(value(parsePhone('8 912 345-67-89, 8 (34344) 2-12-34'))).toBe('+79123456789');
    expect(parsePhone('8 912 345-67-89, 2-12-34')).toMatchObject({ warning: expect.any(String) });
    for (const raw of ['12-34', '+44 20 7946 0958', 'нет', '8 912 345 67'])
      expect(parsePhone(raw).ok, raw).toBe(false);
  });

  it('reads dates as DD.MM.YYYY, ISO, Excel serials; refuses two-digit years and impossible dates', () => {
    expect(value(parseDateText('01.09.2015'))).toBe('2015-09-01');
    expect(value(parseDateText('1.9.2015 г.'))).toBe('2015-09-01');
    expect(value(parseDateText('01/09/2015'))).toBe('2015-09-01');
    expect(value(parseDateText('2015-09-01'))).toBe('2015-09-01');
    expect(value(parseDateText('42248'))).toBe('2015-09-01');
    expect(excelSerialToIso(42248)).toBe('2015-09-01');
    expect(excelSerialToIso(42248 - 1462, true)).toBe('2015-09-01');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(value(parseDateText('01.09.15'))).toMatch(/четырьмя цифрами/);
    expect(value(parseDateText('31.02.2015'))).toMatch(/такой даты нет/);
    expect(value(parseDateText('вчера'))).toMatch(/не похоже на дату/);
  });

  it('splits full names, fixes ALL CAPS, keeps patronymics of several words', () => {
    expect(value(parseFullName('  ИВАНОВА   мария петровна '))).toEqual({
      lastName: 'Иванова',
      firstName: 'Мария',
      middleName: 'Петровна',
    });
    expect(value(parseFullName('Алиев Рустам Ахмед оглы'))).toMatchObject({
      middleName: 'Ахмед оглы',
    });
    expect(value(parseFullName('Римский-Корсаков Николай'))).toMatchObject({
      lastName: 'Римский-Корсаков',
      middleName: null,
    });
    expect(value(parseFullName('Иванов'))).toMatch(/фамилия и имя/);
    expect(value(parseFullName('Иванов 123'))).toMatch(/не буквы/);
  });

  it('reads class names in the ways schools write them', () => {
    for (const raw of ['5А', '5 а', '5-А', '5 «А» класс', '5"А"', '5A', '5а кл.'])
      expect(parseSchoolClass(raw)?.name, raw).toBe('5А');
    expect(parseSchoolClass('10 Б')?.name).toBe('10Б');
    expect(parseSchoolClass('11')?.name).toBe('11');
    for (const raw of ['13А', '0А', 'пятый', '5АБ', 'Средняя группа'])
      expect(parseSchoolClass(raw), raw).toBeNull();
  });

  it('checks the СНИЛС checksum', () => {
    expect(checkSnils('112-233-445 95').ok).toBe(true);
    expect(checkSnils('11223344595').ok).toBe(true);
    expect(checkSnils('112-233-445 96').ok).toBe(false);
    expect(checkSnils('123').ok).toBe(false);
  });

  it('reads e-mails, relations, academic years and column letters', () => {
    expect(value(parseEmail('Mailto:Ivanova@Example.RU'))).toBe('ivanova@example.ru');
    expect(parseEmail('ivanova@').ok).toBe(false);
    expect(value(parseRelation('Мама'))).toBe('mother');
    expect(value(parseRelation('отец'))).toBe('father');
    expect(value(parseRelation('Законный представитель'))).toBe('guardian');
    expect(value(parseRelation('бабушка'))).toBe('other');
    expect(parseRelation('сосед')).toMatchObject({ value: 'other', warning: expect.any(String) });
    expect(academicYearOf('2023-09-01')).toBe(2023);
    expect(academicYearOf('2024-05-20')).toBe(2023);
    expect(academicYearOf('2024-08-25')).toBe(2024);
    expect([0, 25, 26, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ']);
  });
});

describe('headers', () => {
  it('are compared without case, «ё», punctuation; with synonyms and qualifiers', () => {
    expect(headerKey('Ф.И.О.')).toBe('ф и о');
    const f = (h: string, kind: 'staff' | 'pupils' | 'parents' = 'staff') =>
      readHeader(h, kind).field;
    expect(f('Ф.И.О.')).toBe('fullName');
    expect(f('  фио сотрудника ')).toBe('fullName');
    expect(f('E-mail')).toBe('email');
    expect(f('Эл. почта')).toBe('email');
    expect(f('Дата рождения (ДД.ММ.ГГГГ)')).toBe('birthDate');
    expect(f('Телефон (мобильный)')).toBe('phone');
    expect(f('ДОЛЖНОСТЬ')).toBe('title');
    expect(f('Класс', 'staff')).toBeNull();
    expect(f('ФИО ученика', 'pupils')).toBe('fullName');
    expect(f('Ученик', 'parents')).toBe('childFullName');
    expect(f('ФИО ребёнка', 'parents')).toBe('childFullName');
    expect(f('Дата рождения ребенка', 'parents')).toBe('childBirthDate');
    expect(f('ФИО родителя (законного представителя)', 'parents')).toBe('fullName');
    expect(f('Кем приходится ребёнку', 'parents')).toBe('relation');
    expect(f('Телефон родителя', 'pupils')).toBeNull();
    expect(readHeader('№ п/п', 'pupils')).toEqual({ field: null, reason: 'ignored' });
    expect(readHeader('Примечание', 'pupils')).toEqual({ field: null, reason: 'unknown' });
  });
});

describe('the dictionary of job titles', () => {
  const dict = new JobTitleDictionary([]);
  const role = (t: string, kind: 'general' | 'preschool' | 'authority' = 'general') => {
    const r = dict.resolve(t, kind);
    return r && r !== 'skip' ? `${r.role}${r.pedagogical ? '+' : ''}` : r;
  };

  it('maps what schools write; longer rules win; non-pedagogical staff stay apart', () => {
    expect(role('Директор')).toBe('head+');
    expect(role('Заведующий', 'preschool')).toBe('head+');
    expect(role('Заведующая хозяйством', 'preschool')).toBe('staff');
    expect(role('Заместитель директора по УВР')).toBe('deputy+');
    expect(role('зам. директора по АХЧ')).toBe('deputy');
    expect(role('Учитель начальных классов')).toBe('teacher+');
    expect(role('Учитель-логопед')).toBe('teacher+');
    expect(role('Воспитатель')).toBe('teacher+');
    expect(role('Младший воспитатель')).toBe('staff');
    expect(role('Педагог - психолог')).toBe('teacher+');
    expect(role('Социальный педагог')).toBe('teacher+');
    expect(role('Музыкальный руководитель')).toBe('teacher+');
    expect(role('Педагог дополнительного образования')).toBe('teacher+');
    expect(role('Секретарь')).toBe('staff');
    expect(role('Бухгалтер')).toBe('staff');
    expect(role('Завхоз')).toBe('staff');
    expect(role('Главный специалист')).toBe('staff');
    expect(role('Главный специалист', 'authority')).toBe('authority_staff');
    expect(role('Учитель математики', 'authority')).toBe('authority_staff+');
    expect(role('Космонавт')).toBeNull();
  });

  it('suggests the closest title for a misspelt one', () => {
    expect(dict.suggest('Воспитатль')?.pattern).toBe('воспитатель');
    expect(dict.suggest('Секритарь')?.pattern).toBe('секретарь');
    expect(dict.suggest('Космонавт')).toBeNull();
  });

  it('lets the municipality override and extend, and skip titles', () => {
    const rule = (title: string, over: Partial<JobTitleRule>): JobTitleRule => ({
      pattern: titleKey(title),
      match: 'prefix',
      role: 'teacher',
      pedagogical: true,
      source: 'municipality',
      id: 1,
      title,
      ...over,
    });
    const d = new JobTitleDictionary([
      rule('Космонавт', { match: 'exact' }),
      rule('Секретарь', { role: 'skip', pedagogical: false }),
      rule('Учитель', { role: 'staff', pedagogical: false }),
    ]);
    expect(d.resolve('космонавт', 'general')).toMatchObject({ role: 'teacher' });
    expect(d.resolve('Секретарь учебной части', 'general')).toBe('skip');
    // equal length: the municipality wins; longer built-in rules still win
    expect(d.resolve('Учитель физики', 'general')).toMatchObject({ role: 'staff' });
    expect(d.resolve('Учитель-логопед', 'general')).toMatchObject({ role: 'teacher' });
  });

  it('resolves every title of the demo district to the role the demo gives it', () => {
    const plan = buildDemoPlan();
    const kinds = plan.orgs.map((o) => o.kind);
    for (const p of plan.positions) {
      const r = dict.resolve(p.title, kinds[p.org] ?? 'general');
      expect(r, p.title).not.toBeNull();
      expect(r === 'skip' ? r : [r?.role, r?.pedagogical], p.title).toEqual([
        p.role,
        p.pedagogical,
      ]);
    }
  });
});

describe('files', () => {
  it('tells formats apart by their bytes', () => {
    expect(sniffFormat(Buffer.from('PK\u0003\u0004rest'))).toBe('xlsx');
    expect(sniffFormat(Buffer.from('ФИО;Класс\n'))).toBe('csv');
    expect(() => sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).toThrow(/\.xls/);
    expect(() => sniffFormat(Buffer.from('%PDF-1.7'))).toThrow(/PDF/);
    expect(() => sniffFormat(Buffer.alloc(0))).toThrow(/пустой/);
    expect(zipDeclaredSize(Buffer.from('not a zip at all, long enough to scan'))).toBeNull();
  });

  it('decodes UTF-8 (with and without BOM) and Windows-1251; detects the separator', () => {
    const text = 'ФИО;Класс\r\nИванов Иван;5А\r\n';
    expect(decodeCsv(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({
      text,
      encoding: 'utf-8',
    });
    expect(decodeCsv(iconv.encode(text, 'win1251'))).toEqual({ text, encoding: 'windows-1251' });
    expect(() => decodeCsv(Buffer.from([0x41, 0x00, 0x42, 0x00, 0x01]))).toThrow();
    expect(detectDelimiter(text)).toBe(';');
    expect(detectDelimiter('ФИО,Класс,Телефон\n"Иванов, Иван",5А,"8 912, доб. 3"\n')).toBe(',');
    expect(detectDelimiter('ФИО\tКласс\nИванов\t5А\n')).toBe('\t');
    expect(detectDelimiter('ФИО;Должность\nИванов;Учитель русского языка, литературы\n')).toBe(';');
  });
});
