import type { ImportKind } from '@parta/shared';
import ExcelJS from 'exceljs';

/**
 * Downloadable templates, generated on request: the header row schools fill
 * in, and (XLSX) a second sheet explaining each column with an example. The
 * data sheet has no example rows, so an unchanged template imports nothing.
 */

interface TemplateColumn {
  header: string;
  required: boolean;
  example: string;
  note: string;
  width: number;
  /** Keep as text in Excel: phones and IDs must not turn into numbers. */
  text?: boolean;
}

function person(example: [string, string, string], whose = ''): TemplateColumn[] {
  return [
    {
      header: 'Фамилия',
      required: true,
      example: example[0],
      note: `Фамилия${whose}. Можно вместо трёх столбцов один — «ФИО»`,
      width: 18,
    },
    { header: 'Имя', required: true, example: example[1], note: `Имя${whose}`, width: 14 },
    {
      header: 'Отчество',
      required: false,
      example: example[2],
      note: `Отчество${whose}, если есть`,
      width: 18,
    },
  ];
}

const CONTACTS: TemplateColumn[] = [
  {
    header: 'Телефон',
    required: false,
    example: '8 (912) 345-67-89',
    note: 'Любая запись российского номера; сохраняется как +7XXXXXXXXXX',
    width: 18,
    text: true,
  },
  {
    header: 'E-mail',
    required: false,
    example: 'ivanova@example.ru',
    note: 'Адрес электронной почты',
    width: 24,
  },
];

const BIRTH: TemplateColumn = {
  header: 'Дата рождения',
  required: false,
  example: '01.09.2015',
  note: 'ДД.ММ.ГГГГ или ячейка формата «Дата». Помогает различить однофамильцев',
  width: 15,
};

const EXTERNAL_ID: TemplateColumn = {
  header: 'Внешний ID',
  required: false,
  example: '000123',
  note: 'Код из вашей учётной системы (например, электронного журнала); по нему повторная загрузка находит человека надёжнее всего',
  width: 14,
  text: true,
};

const COLUMNS: Record<ImportKind, TemplateColumn[]> = {
  staff: [
    ...person(['Смирнова', 'Ольга', 'Николаевна']),
    {
      header: 'Должность',
      required: true,
      example: 'Учитель математики',
      note: 'Как в штатном расписании. Несколько должностей — через «;». Роль определяется по словарю должностей',
      width: 32,
    },
    {
      header: 'Классный руководитель',
      required: false,
      example: '5А',
      note: 'Классы, которыми руководит сотрудник, через запятую: «5А, 7Б» (группы детского сада — через «;»). Класс должен уже быть в Парте: классы создаются при загрузке учеников. Если столбец заполнен хотя бы у одного сотрудника, у остальных сотрудников из файла классное руководство снимается',
      width: 22,
    },
    ...CONTACTS,
    { ...BIRTH, example: '15.03.1984' },
    EXTERNAL_ID,
  ],
  pupils: [
    ...person(['Иванов', 'Пётр', 'Сергеевич']),
    {
      header: 'Класс',
      required: true,
      example: '5А',
      note: 'Для школы — номер и буква («5А», «10Б»); для детского сада — название группы. Недостающие классы создаются',
      width: 12,
    },
    BIRTH,
    ...CONTACTS.map((c) => ({ ...c, note: `${c.note}. Контакты самого ученика, не родителей` })),
    EXTERNAL_ID,
  ],
  parents: [
    ...person(['Иванова', 'Мария', 'Петровна'], ' родителя'),
    ...CONTACTS,
    {
      header: 'Кем приходится',
      required: false,
      example: 'мать',
      note: 'Мать, отец, опекун или другое',
      width: 16,
    },
    {
      header: 'ФИО ребёнка',
      required: true,
      example: 'Иванов Пётр Сергеевич',
      note: 'Ребёнок должен быть уже загружен как ученик. Несколько детей — несколько строк',
      width: 30,
    },
    {
      header: 'Класс',
      required: false,
      example: '5А',
      note: 'Класс ребёнка: помогает найти его среди однофамильцев',
      width: 12,
    },
    {
      header: 'Дата рождения ребёнка',
      required: false,
      example: '01.09.2015',
      note: 'Если в классе есть однофамильцы',
      width: 16,
    },
  ],
};

const SHEET_NAME: Record<ImportKind, string> = {
  staff: 'Сотрудники',
  pupils: 'Ученики',
  parents: 'Родители',
};

export function templateColumns(kind: ImportKind): string[] {
  return COLUMNS[kind].map((c) => c.header);
}

/** The XLSX template: the data sheet and «Как заполнить». */
export async function xlsxTemplate(kind: ImportKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Парта';
  const cols = COLUMNS[kind];
  const ws = wb.addWorksheet(SHEET_NAME[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.text ? { numFmt: '@' } : {},
  }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.eachCell((cell, n) => {
    const col = cols[n - 1];
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: col?.required ? 'FFFFE8A3' : 'FFE8EEF7' },
    };
    cell.numFmt = 'General';
  });
  const help = wb.addWorksheet('Как заполнить');
  help.columns = [
    { header: 'Столбец', width: 24 },
    { header: 'Обязательный', width: 14 },
    { header: 'Пример', width: 26 },
    { header: 'Пояснение', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of cols) help.addRow([c.header, c.required ? 'да' : 'нет', c.example, c.note]);
  help.addRow([]);
  help.addRow([
    'Заполняйте первый лист, одна строка — один человек. Заголовки можно менять на привычные («ФИО», «Эл. почта»): Парта узнаёт синонимы. Пустые строки пропускаются.',
  ]);
  help.addRow([
    'Перед загрузкой нажмите «Проверить»: Парта покажет, кого создаст, изменит и оставит как есть, и все ошибки по строкам и столбцам. Ничего не записывается, пока вы не подтвердите импорт.',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The CSV template: UTF-8 with BOM (Excel opens it right), `;` as Excel in Russia writes. */
export function csvTemplate(kind: ImportKind): Buffer {
  const line = `${templateColumns(kind).join(';')}\r\n`;
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line, 'utf8')]);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';
