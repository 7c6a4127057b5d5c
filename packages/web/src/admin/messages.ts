import {
  pluralRu,
  type BaselineCategory,
  type ClassKind,
  type GuardianRelation,
  type ImportAction,
  type ImportKind,
  type ImportRun,
  type OrgKind,
  type PeopleRoleFilter,
} from '@parta/shared';
import type { AdminSection } from '../router/router';
import { defineMessages } from '../i18n/define';
import type { FileRefusal } from './admin-api';

/**
 * Texts of the administration frame and of its organisations, people, classes
 * and import sections (the invitations, communities and outbox sections keep
 * theirs in `onboarding-messages.ts`).
 */

const people = (n: number) => pluralRu(n, ['человек', 'человека', 'человек']);
const rows = (n: number) => pluralRu(n, ['строка', 'строки', 'строк']);

const DELIMITERS_RU: Record<string, string> = { ';': '«;»', ',': '«,»', '\t': 'табуляция' };
const DELIMITERS_EN: Record<string, string> = { ';': '“;”', ',': '“,”', '\t': 'tab' };

export const adminRu = {
  title: 'Управление',
  sectionsLabel: 'Разделы управления',
  loading: 'Загрузка…',
  sections: {
    organizations: 'Организации',
    people: 'Люди',
    classes: 'Классы',
    import: 'Импорт списков',
    invitations: 'Приглашения',
    communities: 'Сообщества',
    outbox: 'Исходящие',
  } satisfies Record<AdminSection, string>,

  common: {
    cancel: 'Отмена',
    save: 'Сохранить',
    create: 'Создать',
    edit: 'Изменить',
    working: 'Выполняется…',
    retry: 'Повторить',
    loadFailed: 'Не удалось загрузить данные.',
    none: '—',
    pager: 'Страницы списка',
    previous: 'Назад',
    next: 'Дальше',
    range: (from: number, to: number, total: number) => `${from}–${to} из ${total}`,
    showMore: (n: number, left: number) =>
      n === left ? `Показать ещё ${n}` : `Показать ещё ${n} (осталось ${left})`,
  },

  orgPicker: {
    label: 'Организация',
    choose: 'Выберите организацию',
    all: 'Все организации',
    none: 'Нет организаций, которыми вы управляете.',
  },

  orgKinds: {
    authority: 'Управление образования',
    general: 'Общеобразовательная',
    additional: 'Дополнительное образование',
    preschool: 'Дошкольная',
  } satisfies Record<OrgKind, string>,
  orgKindsPlural: {
    authority: 'Управление образования',
    general: 'Школы',
    additional: 'Дополнительное образование',
    preschool: 'Детские сады',
  } satisfies Record<OrgKind, string>,

  roles: {
    head: 'Руководитель',
    deputy: 'Заместитель руководителя',
    teacher: 'Педагог',
    authority_staff: 'Сотрудник управления образования',
    staff: 'Сотрудник',
    pupil: 'Ученик',
    parent: 'Родитель',
  } satisfies Record<PeopleRoleFilter, string>,
  rolesPlural: {
    head: 'Руководители',
    deputy: 'Заместители руководителя',
    teacher: 'Педагоги',
    authority_staff: 'Сотрудники управления образования',
    staff: 'Сотрудники',
    pupil: 'Ученики',
    parent: 'Родители',
  } satisfies Record<PeopleRoleFilter, string>,
  relations: {
    mother: 'Мать',
    father: 'Отец',
    guardian: 'Опекун',
    other: 'Другое',
  } satisfies Record<GuardianRelation, string>,
  baselineCategories: {
    pedagogical: 'Педагогические работники',
    authority_staff: 'Сотрудники управления образования',
    pupils: 'Обучающиеся',
  } satisfies Record<BaselineCategory, string>,
  classKinds: { class: 'Класс', group: 'Группа' } satisfies Record<ClassKind, string>,

  fieldErrors: {
    required: 'Заполните это поле.',
    phone:
      'Не похоже на российский номер телефона. Например: 8 912 345-67-89 или +7 912 345 67 89.',
    email: 'Проверьте адрес электронной почты, например: ivanova@mail.ru.',
    date: 'Укажите дату полностью: день, месяц и год.',
    tooLong: 'Слишком длинное значение.',
    generic: 'Проверьте значение этого поля.',
  },

  picker: {
    change: 'Выбрать другого',
    placeholder: 'Фамилия и имя',
    typeMore: 'Введите хотя бы две буквы фамилии или имени.',
    nothing: 'Никого не нашлось.',
    found: (n: number) => `${pluralRu(n, ['Найден', 'Найдено', 'Найдено'])} ${n} ${people(n)}`,
  },

  orgs: {
    create: 'Новая организация',
    createTitle: 'Новая организация',
    editTitle: 'Изменить организацию',
    search: 'Поиск по названию',
    searchPlaceholder: 'Например, СОШ № 3',
    allKinds: 'Все типы',
    showArchived: 'Показать архивные',
    found: (n: number) => `${n} ${pluralRu(n, ['организация', 'организации', 'организаций'])}`,
    noneMine: 'Нет организаций, которыми вы управляете.',
    noneFound: 'Ничего не нашлось: измените поиск или тип.',
    archived: 'в архиве',
    kind: 'Тип',
    name: 'Полное название',
    nameHint: 'Как в уставе: «Муниципальное автономное общеобразовательное учреждение …».',
    shortName: 'Краткое название',
    shortNameHint: 'Его видят в списках и чатах, например: «МАОУ СОШ № 1».',
    externalId: 'Внешний ID',
    externalIdHint: 'Код организации в вашей учётной системе; по нему её находит команда импорта.',
    archiveLabel: 'Организация в архиве (закрыта или реорганизована)',
    backToList: 'Все организации',
    countStaff: 'Сотрудники',
    countPedagogical: 'Педагоги',
    countPupils: 'Обучающиеся',
    countClasses: 'Классы и группы',
    goTo: 'Разделы организации',
    baselinesTitle: 'Базовая численность',
    baselinesHint:
      'По этим числам считаются доли в мониторинге (как в отчётах региона). Новое значение действует с указанной даты; история сохраняется.',
    baselinesNone: 'Численность ещё не задана.',
    baselineSet: 'Задать численность',
    baselineCategory: 'Категория',
    baselineHeadcount: 'Численность',
    baselineFrom: 'Действует с',
    baselinesHistory: 'История изменений',
    baselineNothing: 'Укажите численность хотя бы одной категории.',
    baselineNumber: 'Численность — целое число без пробелов, например 58.',
  },

  people: {
    create: 'Добавить человека',
    createTitle: 'Новый человек',
    editTitle: 'Изменить данные',
    search: 'Поиск по ФИО',
    searchPlaceholder: 'Например, Иванова Мария',
    roleFilter: 'Роль',
    allRoles: 'Все роли',
    found: (n: number) => `${pluralRu(n, ['Найден', 'Найдено', 'Найдено'])} ${n} ${people(n)}`,
    noneFound: (q: string) => `Никого не нашлось по запросу «${q}».`,
    none: 'Здесь пока никого нет. Загрузите списки в разделе «Импорт списков» или добавьте человека.',
    name: 'ФИО',
    roles: 'Роли',
    account: 'Вход в Парту',
    status: 'Статус',
    active: 'Активен',
    inactive: 'Деактивирован',
    hasAccount: 'Есть учётная запись',
    noAccount: 'Ещё не входил',
    backToList: 'К списку людей',
    notAdministered: 'Вы не управляете этим человеком.',
    contactsTitle: 'Данные',
    lastName: 'Фамилия',
    firstName: 'Имя',
    middleName: 'Отчество',
    phone: 'Телефон',
    phoneHint: 'Любая запись российского номера; сохранится как +7…',
    phoneWillBe: (normal: string) => `Сохранится как ${normal}`,
    email: 'E-mail',
    birthDate: 'Дата рождения',
    externalId: 'Внешний ID',
    externalIdHint: 'Код из электронного журнала или кадровой программы, если есть.',
    createdAt: 'Добавлен в Парту',
    placementTitle: 'Кем будет в организации',
    placement: {
      position: 'Сотрудник',
      pupil: 'Ученик',
      parent: 'Родитель ученика',
      none: 'Без организации',
    },
    noneHint: 'Человек будет создан без должности и класса; его можно будет назначить позже.',
    role: 'Роль',
    title: 'Должность',
    titlePlaceholder: 'Например, учитель математики',
    pedagogical: 'Педагогический работник (учитывается в целевом показателе)',
    pedagogicalShort: 'педагогический работник',
    classLabel: 'Класс',
    chooseClass: 'Выберите класс',
    noClasses: 'В организации ещё нет классов: создайте класс или загрузите учеников.',
    pupil: 'Ученик',
    choosePupil: 'Найдите и выберите ученика.',
    parent: 'Родитель',
    relation: 'Кем приходится',
    deactivate: 'Деактивировать',
    reactivate: 'Восстановить',
    deactivateTitle: 'Деактивировать человека?',
    reactivateTitle: 'Восстановить доступ?',
    deactivateText: (name: string) =>
      `${name} больше не сможет войти в Парту; открытые сессии закроются сразу, из чатов классов и организации человек выйдет. Должности и классы сохраняются в истории. Вернуть доступ можно кнопкой «Восстановить».`,
    reactivateText: (name: string) =>
      `${name} снова сможет войти в Парту и вернётся в чаты своих классов и организаций.`,
    positionsTitle: 'Должности',
    noPositions: 'Должностей нет.',
    addPosition: 'Добавить должность',
    endPosition: 'Завершить',
    endPositionOf: (title: string) => `Завершить должность «${title}»`,
    endPositionTitle: 'Завершить должность?',
    endPositionText: (title: string, org: string) =>
      `Должность «${title}» в организации «${org}» будет завершена сегодняшним днём и останется в истории. Человек выйдет из чата сотрудников, если других должностей там нет.`,
    familyTitle: 'Родители и дети',
    familyHint:
      'Свяжите ученика с родителем (законным представителем): родитель попадёт в чат родителей класса.',
    familyStaffHint:
      'Если сотрудник — ещё и родитель ученика, укажите ребёнка: он попадёт в чат родителей класса.',
    linkParent: 'Указать родителя',
    linkChild: 'Указать ребёнка',
    newParent: 'Новый родитель',
    parentCreated: (parent: string, child: string) => `Добавлен родитель: ${parent} — ${child}.`,
    link: 'Связать',
    linked: (parent: string, relation: string, child: string) =>
      `Связь добавлена: ${parent} (${relation}) — ${child}.`,
    parentsTitle: 'Родители (законные представители)',
    childrenTitle: 'Дети',
    noParents: 'Родители не указаны: без них ребёнка не видно в чате родителей класса.',
    noClass: 'Сейчас не зачислен ни в один класс',
    unlink: 'Отвязать',
    unlinkParentOf: (name: string) => `Отвязать родителя: ${name}`,
    unlinkChildOf: (name: string) => `Отвязать ребёнка: ${name}`,
    unlinkParentTitle: 'Отвязать родителя?',
    unlinkChildTitle: 'Отвязать ребёнка?',
    unlinkText: (parent: string, relation: string, child: string) =>
      `Связь «${parent} (${relation}) — ${child}» будет удалена. Родитель выйдет из чата родителей класса, если там не остаётся других его детей. Связь можно добавить снова кнопкой «Указать родителя».`,
    unlinked: (parent: string, child: string) => `Связь удалена: ${parent} — ${child}.`,
  },

  classes: {
    create: 'Новый класс',
    createTitle: 'Новый класс или группа',
    none: 'Классов пока нет.',
    importHint: 'Загрузить список учеников — классы создадутся сами',
    found: (n: number, pupils: number) =>
      `${n} ${pluralRu(n, ['класс', 'класса', 'классов'])}, ${pupils} ${pluralRu(pupils, ['ученик', 'ученика', 'учеников'])}`,
    name: 'Название',
    groupPlaceholder: 'Например, средняя группа «Солнышко»',
    kind: 'Вид',
    grade: 'Параллель',
    gradeHint: 'Номер класса от 1 до 11; для групп оставьте пустым.',
    gradeRange: 'Параллель — число от 0 до 12.',
    year: 'Учебный год',
    yearLabel: (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`,
    teacher: 'Классный руководитель',
    noTeacher: 'Не назначен',
    teacherNotStaff: 'Не из сотрудников организации',
    teacherHint:
      'Классного руководителя можно назначить и загрузкой списка сотрудников: столбец «Классный руководитель» («5А, 7Б»).',
    pupils: 'Учеников',
    pupilsTitle: 'Ученики',
    noPupils: 'В классе пока нет учеников.',
    backToList: 'Все классы',
    enrol: 'Зачислить ученика',
    enrolTitle: (cls: string) => `Зачислить в ${cls}`,
    enrolHint:
      'Найдите человека среди учеников и родителей организации. Ученика другого класса лучше перевести загрузкой списка: она завершит прежнее зачисление.',
    newPupil: 'Новый ученик',
    unenrol: 'Отчислить',
    unenrolOf: (name: string) => `Отчислить: ${name}`,
    unenrolTitle: 'Отчислить из класса?',
    unenrolText: (name: string, cls: string) =>
      `Из ${cls} отчисляется: ${name}. Зачисление завершится сегодняшним днём и останется в истории; ученик выйдет из чата класса, а его родители — из чата родителей.`,
    editTitle: (cls: string) => `Изменить: ${cls}`,
    teacherChoice: 'Из педагогических работников организации.',
    becomesGroup: 'У группы нет чата учеников: ученики выйдут из него, чат родителей останется.',
    archiveLabel: 'Класс в архиве (выпущен или расформирован)',
    archiveHint:
      'Ученики, родители и классный руководитель выйдут из чатов класса; переписка и списки сохранятся. Класс можно вернуть из архива.',
    chatsFollow: 'Чаты класса следуют за изменениями: новое название, новый классный руководитель.',
    archived: 'в архиве',
    archivedNote:
      'Класс в архиве: его нет в списке классов, в его чатах никого нет. Вернуть его можно кнопкой «Изменить».',
    nameTaken: 'В этом учебном году в организации уже есть класс с таким названием.',
    orgArchived: 'Организация в архиве: её классы можно только отправить в архив.',
    teacherErrors: {
      notStaff: 'Этот человек не работает в организации — выберите сотрудника из списка.',
      notPedagogical:
        'Классным руководителем может быть только педагогический работник организации.',
      deactivated: 'Этот человек деактивирован — выберите другого.',
    },
  },

  import: {
    lead: 'Загрузите список сотрудников, учеников или родителей из Excel (XLSX) или CSV. Сначала Парта проверит файл и покажет, что изменится; ничего не записывается, пока вы не подтвердите загрузку.',
    noOrgs: 'Загружать списки могут администраторы организаций и муниципальные администраторы.',
    kindLabel: 'Что загружаем',
    kinds: { staff: 'Сотрудники', pupils: 'Ученики', parents: 'Родители' } satisfies Record<
      ImportKind,
      string
    >,
    kindsPreschool: { pupils: 'Воспитанники' },
    kindHints: {
      staff:
        'ФИО и должность; по желанию телефон, e-mail, дата рождения и «Классный руководитель» («5А, 7Б»).',
      pupils: 'ФИО и класс (группа); недостающие классы создадутся. По желанию дата рождения.',
      parents:
        'ФИО родителя и ФИО ребёнка (уже загруженного как ученик), лучше с классом; по желанию «Кем приходится», телефон, e-mail.',
    } satisfies Record<ImportKind, string>,
    templates: 'Шаблон с подсказками:',
    templateXlsx: 'Excel (.xlsx)',
    templateCsv: 'CSV',
    useTemplate: 'Сверьтесь с шаблоном:',
    dropHere: 'Перетащите файл сюда',
    choose: 'Выбрать файл',
    chooseOther: 'Выбрать другой файл',
    chosen: 'Файл:',
    fileHint: 'XLSX или CSV (UTF-8 или Windows-1251, разделитель «;» или «,»), до 10 МБ.',
    onlyFirst: (name: string) => `Загружается один файл за раз — взят «${name}».`,
    bytes: (n: number) => `${n} Б`,
    kilobytes: (n: string) => `${n} КБ`,
    megabytes: (n: string) => `${n} МБ`,
    deactivateLabel: 'Убрать из организации тех, кого нет в файле',
    deactivateHints: {
      staff: 'У сотрудников, которых нет в файле, завершатся должности в этой организации.',
      pupils: 'Учеников, которых нет в файле, отчислят из классов организации.',
      parents: 'У родителей, которых нет в файле, удалится связь с детьми этой организации.',
    } satisfies Record<ImportKind, string>,
    deactivateWarning:
      'Кому после этого не останется роли в Парте, будут деактивированы и не смогут войти. Проверка покажет каждого — прочитайте её внимательно.',
    cannotRead: 'Этот файл загрузить нельзя.',
    refusals: {
      empty: 'Файл пустой — в нём нет ни одного байта. Проверьте, тот ли файл выбран.',
      oldExcel:
        'Это файл старого формата Excel (.xls). Откройте его в Excel или LibreOffice и сохраните как «Книга Excel (.xlsx)» или CSV.',
      openDocument:
        'Это таблица LibreOffice (.ods). Сохраните её как «Книга Excel (.xlsx)» или CSV и загрузите снова.',
      notSpreadsheet:
        'Это не таблица. Загрузите файл XLSX или CSV — например, шаблон, заполненный вашими данными.',
    } satisfies Record<FileRefusal, string>,
    checking: (name: string) => `Проверяем «${name}»…`,
    errors: {
      IMPORT_UNREADABLE_FILE: 'Файл не удалось прочитать как таблицу.',
      IMPORT_NO_HEADER: 'В файле не найдена строка заголовков.',
      IMPORT_MISSING_COLUMNS: 'В таблице не хватает обязательного столбца.',
      IMPORT_TOO_MANY_ROWS: 'В файле слишком много строк для одной загрузки.',
      IMPORT_EMPTY: 'В файле нет строк с данными.',
      PAYLOAD_TOO_LARGE:
        'Файл слишком большой: сервер принимает файлы до 10 МБ. Разделите список на части (например, по параллелям) или сохраните его как CSV — он занимает меньше места.',
      UNSUPPORTED_MEDIA_TYPE:
        'Сервер не принял этот тип файла. Загрузите таблицу в формате XLSX или CSV.',
      FORBIDDEN: 'Загружать списки этой организации могут только её администраторы.',
      CONFLICT: 'Загрузка в эту организацию сейчас невозможна.',
      VALIDATION_FAILED: 'Сервер не принял эту загрузку.',
    },
    commitErrors: {
      IMPORT_PLAN_CHANGED:
        'Пока вы читали проверку, данные организации изменились. Парта проверила файл заново — посмотрите новый результат и подтвердите ещё раз.',
      IMPORT_HAS_PROBLEMS:
        'В файле нашлись ошибки, ничего не записано. Результат проверки обновлён — исправьте строки из списка.',
    },
    previewTitle: 'Проверка файла',
    nothingWritten: 'Это только проверка: в Парте ещё ничего не изменилось.',
    formatXlsx: (sheet: string | null) => (sheet ? `Excel, лист «${sheet}»` : 'Excel'),
    formatCsv: (encoding: string | null, delimiter: string | null) =>
      [
        'CSV',
        encoding ? `кодировка ${encoding.toUpperCase()}` : '',
        delimiter ? `разделитель ${DELIMITERS_RU[delimiter] ?? `«${delimiter}»`}` : '',
      ]
        .filter(Boolean)
        .join(', '),
    headerRow: (n: number) => `заголовки в строке ${n}`,
    dataRows: (n: number) => `${n} ${rows(n)} с данными`,
    emptyRows: (n: number) =>
      `${n} ${pluralRu(n, ['пустая строка пропущена', 'пустые строки пропущены', 'пустых строк пропущено'])}`,
    skippedRows: (n: number) =>
      `${n} ${pluralRu(n, ['строка пропущена', 'строки пропущены', 'строк пропущено'])} (см. предупреждения)`,
    columnsTitle: 'Как прочитаны столбцы',
    columnSkipped: 'пропущен',
    fields: {
      externalId: 'внешний ID',
      fullName: 'ФИО',
      lastName: 'фамилия',
      firstName: 'имя',
      middleName: 'отчество',
      phone: 'телефон',
      email: 'e-mail',
      birthDate: 'дата рождения',
      snils: 'СНИЛС (проверяется, не сохраняется)',
      title: 'должность',
      className: 'класс',
      classTeacherOf: 'классный руководитель',
      relation: 'кем приходится',
      childFullName: 'ФИО ребёнка',
      childLastName: 'фамилия ребёнка',
      childFirstName: 'имя ребёнка',
      childMiddleName: 'отчество ребёнка',
      childBirthDate: 'дата рождения ребёнка',
    },
    planLabels: {
      create: 'Будет создано',
      update: 'Будет изменено',
      unchanged: 'Без изменений',
      remove: 'Выбудет из организации',
      deactivate: 'Будет деактивировано',
    } satisfies Record<ImportAction, string>,
    doneLabels: {
      create: 'Создано',
      update: 'Изменено',
      unchanged: 'Без изменений',
      remove: 'Выбыло из организации',
      deactivate: 'Деактивировано',
    } satisfies Record<ImportAction, string>,
    peopleNoun: people,
    classesToCreate: (n: number, groups: boolean) =>
      groups
        ? `${pluralRu(n, ['Будет создана', 'Будут созданы', 'Будут созданы'])} ${n} ${pluralRu(n, ['группа', 'группы', 'групп'])}:`
        : `${pluralRu(n, ['Будет создан', 'Будут созданы', 'Будут созданы'])} ${n} ${pluralRu(n, ['класс', 'класса', 'классов'])}:`,
    classesCreated: (n: number, groups: boolean) =>
      groups
        ? `${pluralRu(n, ['Создана', 'Созданы', 'Создано'])} ${n} ${pluralRu(n, ['группа', 'группы', 'групп'])}:`
        : `${pluralRu(n, ['Создан', 'Созданы', 'Создано'])} ${n} ${pluralRu(n, ['класс', 'класса', 'классов'])}:`,
    missing: (n: number) =>
      `В организации есть ещё ${n} ${pluralRu(n, ['человек, которого', 'человека, которых', 'человек, которых'])} нет в файле; их загрузка не тронет. Чтобы убрать их из организации, отметьте «Убрать из организации тех, кого нет в файле».`,
    problemsTitle: (n: number) => `${n} ${pluralRu(n, ['ошибка', 'ошибки', 'ошибок'])}`,
    problemsLead:
      'Пока в файле есть ошибки, загрузить его нельзя. Исправьте эти строки в таблице, сохраните файл и выберите его снова.',
    warningsTitle: (n: number) =>
      `${n} ${pluralRu(n, ['предупреждение', 'предупреждения', 'предупреждений'])}`,
    warningsLead: 'Предупреждения не мешают загрузке, но их стоит прочитать.',
    row: 'Строка',
    column: 'Столбец',
    problem: 'Ошибка',
    warning: 'Предупреждение',
    itemsTitle: 'Кого касается загрузка',
    filterLabel: 'Показать',
    all: 'Все',
    searchName: 'Найти по ФИО',
    nothingHere: 'Таких нет.',
    rows: 'Строки',
    action: 'Что будет',
    changes: 'Подробности',
    notInFile: 'нет в файле',
    actions: {
      create: 'Новый',
      update: 'Изменится',
      unchanged: 'Без изменений',
      remove: 'Выбывает',
      deactivate: 'Деактивация',
    } satisfies Record<ImportAction, string>,
    doneActions: {
      create: 'Создан',
      update: 'Изменён',
      unchanged: 'Без изменений',
      remove: 'Выбыл',
      deactivate: 'Деактивирован',
    } satisfies Record<ImportAction, string>,
    noChanges: 'Все люди из файла уже есть в Парте с теми же данными — загружать нечего.',
    blocked: 'Загрузка невозможна, пока в файле есть ошибки.',
    confirm: 'Загрузить в Парту',
    importing: 'Загружаем…',
    confirmTitle: 'Подтвердите загрузку',
    confirmLeaving: (n: number) => `Загрузить и убрать ${n} ${people(n)}`,
    confirmText: (remove: number, deactivate: number) =>
      [
        remove > 0
          ? `${remove} ${pluralRu(remove, ['человек выбудет', 'человека выбудут', 'человек выбудут'])} из организации (другие роли в Парте у них остаются).`
          : '',
        deactivate > 0
          ? `${deactivate} ${pluralRu(deactivate, ['человек будет деактивирован', 'человека будут деактивированы', 'человек будут деактивированы'])}: войти в Парту они больше не смогут, открытые сессии закроются сразу.`
          : '',
        'Остальное — как показала проверка. Загрузка выполняется целиком или не выполняется совсем.',
      ]
        .filter(Boolean)
        .join(' '),
    doneTitle: 'Загрузка выполнена',
    doneLead: (org: string, file: string) =>
      file ? `Список из файла «${file}» загружен в «${org}».` : `Список загружен в «${org}».`,
    details: 'Подробности по людям',
    openClasses: 'Открыть классы',
    openPeople: 'Открыть список людей',
    again: 'Загрузить ещё один файл',
    logTitle: 'Последние загрузки',
    logWhen: 'Когда',
    logFile: 'Файл',
    logWho: 'Кто',
    logResult: 'Итог',
    logConsole: 'из командной строки',
    logCounts: (r: ImportRun) =>
      [
        `создано ${r.created}`,
        `изменено ${r.updated}`,
        `без изменений ${r.unchanged}`,
        r.removed > 0 ? `выбыло ${r.removed}` : '',
        r.deactivated > 0 ? `деактивировано ${r.deactivated}` : '',
      ]
        .filter(Boolean)
        .join(', '),
  },
};

export type AdminMessages = typeof adminRu;

const persons = (n: number) => (n === 1 ? 'person' : 'people');

export const adminEn: AdminMessages = {
  title: 'Administration',
  sectionsLabel: 'Administration sections',
  loading: 'Loading…',
  sections: {
    organizations: 'Organisations',
    people: 'People',
    classes: 'Classes',
    import: 'Roster import',
    invitations: 'Invitations',
    communities: 'Communities',
    outbox: 'Outbox',
  },

  common: {
    cancel: 'Cancel',
    save: 'Save',
    create: 'Create',
    edit: 'Edit',
    working: 'Working…',
    retry: 'Retry',
    loadFailed: 'Could not load the data.',
    none: '—',
    pager: 'List pages',
    previous: 'Previous',
    next: 'Next',
    range: (from, to, total) => `${from}–${to} of ${total}`,
    showMore: (n, left) => (n === left ? `Show ${n} more` : `Show ${n} more (${left} left)`),
  },

  orgPicker: {
    label: 'Organisation',
    choose: 'Choose an organisation',
    all: 'All organisations',
    none: 'There are no organisations you manage.',
  },

  orgKinds: {
    authority: 'Education authority',
    general: 'General education',
    additional: 'Additional education',
    preschool: 'Preschool',
  },
  orgKindsPlural: {
    authority: 'Education authority',
    general: 'Schools',
    additional: 'Additional education',
    preschool: 'Kindergartens',
  },

  roles: {
    head: 'Head',
    deputy: 'Deputy head',
    teacher: 'Teacher',
    authority_staff: 'Authority staff',
    staff: 'Staff',
    pupil: 'Pupil',
    parent: 'Parent',
  },
  rolesPlural: {
    head: 'Heads',
    deputy: 'Deputy heads',
    teacher: 'Teachers',
    authority_staff: 'Authority staff',
    staff: 'Other staff',
    pupil: 'Pupils',
    parent: 'Parents',
  },
  relations: { mother: 'Mother', father: 'Father', guardian: 'Guardian', other: 'Other' },
  baselineCategories: {
    pedagogical: 'Pedagogical staff',
    authority_staff: 'Authority staff',
    pupils: 'Pupils',
  },
  classKinds: { class: 'Class', group: 'Group' },

  fieldErrors: {
    required: 'Fill in this field.',
    phone:
      'This does not look like a Russian phone number, e.g. 8 912 345-67-89 or +7 912 345 67 89.',
    email: 'Check the e-mail address, e.g. ivanova@mail.ru.',
    date: 'Give the whole date: day, month and year.',
    tooLong: 'The value is too long.',
    generic: 'Check this field.',
  },

  picker: {
    change: 'Choose someone else',
    placeholder: 'Surname and name',
    typeMore: 'Type at least two letters of a surname or name.',
    nothing: 'Nobody found.',
    found: (n) => `${n} ${persons(n)} found`,
  },

  orgs: {
    create: 'New organisation',
    createTitle: 'New organisation',
    editTitle: 'Edit organisation',
    search: 'Search by name',
    searchPlaceholder: 'e.g. School No. 3',
    allKinds: 'All kinds',
    showArchived: 'Show archived',
    found: (n) => `${n} ${n === 1 ? 'organisation' : 'organisations'}`,
    noneMine: 'There are no organisations you manage.',
    noneFound: 'Nothing found: change the search or the kind.',
    archived: 'archived',
    kind: 'Kind',
    name: 'Full name',
    nameHint: 'As in the charter.',
    shortName: 'Short name',
    shortNameHint: 'Shown in lists and chats, e.g. “School No. 1”.',
    externalId: 'External ID',
    externalIdHint: 'The organisation’s code in your records; the import command finds it by it.',
    archiveLabel: 'The organisation is archived (closed or reorganised)',
    backToList: 'All organisations',
    countStaff: 'Staff',
    countPedagogical: 'Teachers',
    countPupils: 'Pupils',
    countClasses: 'Classes and groups',
    goTo: 'Organisation sections',
    baselinesTitle: 'Baseline headcount',
    baselinesHint:
      'Monitoring shares are computed against these numbers (as in the regional reports). A new value applies from its date; the history is kept.',
    baselinesNone: 'No headcount has been set yet.',
    baselineSet: 'Set headcount',
    baselineCategory: 'Category',
    baselineHeadcount: 'Headcount',
    baselineFrom: 'Valid from',
    baselinesHistory: 'History',
    baselineNothing: 'Give the headcount of at least one category.',
    baselineNumber: 'A headcount is a whole number, e.g. 58.',
  },

  people: {
    create: 'Add a person',
    createTitle: 'New person',
    editTitle: 'Edit details',
    search: 'Search by name',
    searchPlaceholder: 'e.g. Ivanova Maria',
    roleFilter: 'Role',
    allRoles: 'All roles',
    found: (n) => `${n} ${persons(n)} found`,
    noneFound: (q) => `Nobody matches “${q}”.`,
    none: 'Nobody here yet. Load the rosters under “Roster import” or add a person.',
    name: 'Name',
    roles: 'Roles',
    account: 'Sign-in',
    status: 'Status',
    active: 'Active',
    inactive: 'Deactivated',
    hasAccount: 'Has an account',
    noAccount: 'Has not signed in yet',
    backToList: 'Back to people',
    notAdministered: 'You do not manage this person.',
    contactsTitle: 'Details',
    lastName: 'Surname',
    firstName: 'Name',
    middleName: 'Patronymic',
    phone: 'Phone',
    phoneHint: 'Any way of writing a Russian number; stored as +7…',
    phoneWillBe: (normal) => `Will be stored as ${normal}`,
    email: 'E-mail',
    birthDate: 'Date of birth',
    externalId: 'External ID',
    externalIdHint: 'The code from the e-journal or HR software, if any.',
    createdAt: 'Added to Parta',
    placementTitle: 'Role in the organisation',
    placement: {
      position: 'Staff',
      pupil: 'Pupil',
      parent: 'Parent of a pupil',
      none: 'No organisation',
    },
    noneHint: 'The person is created without a position or class; you can place them later.',
    role: 'Role',
    title: 'Job title',
    titlePlaceholder: 'e.g. mathematics teacher',
    pedagogical: 'Pedagogical worker (counts toward the target)',
    pedagogicalShort: 'pedagogical worker',
    classLabel: 'Class',
    chooseClass: 'Choose a class',
    noClasses: 'The organisation has no classes yet: create one or import pupils.',
    pupil: 'Pupil',
    choosePupil: 'Find and choose the pupil.',
    parent: 'Parent',
    relation: 'Relation',
    deactivate: 'Deactivate',
    reactivate: 'Restore',
    deactivateTitle: 'Deactivate this person?',
    reactivateTitle: 'Restore access?',
    deactivateText: (name) =>
      `${name} will no longer be able to sign in to Parta; open sessions end at once and they leave the class and organisation chats. Positions and classes stay in the history. “Restore” gives access back.`,
    reactivateText: (name) =>
      `${name} will be able to sign in again and returns to the chats of their classes and organisations.`,
    positionsTitle: 'Positions',
    noPositions: 'No positions.',
    addPosition: 'Add a position',
    endPosition: 'End',
    endPositionOf: (title) => `End the position “${title}”`,
    endPositionTitle: 'End this position?',
    endPositionText: (title, org) =>
      `The position “${title}” at “${org}” ends today and stays in the history. The person leaves the staff chat unless they hold another position there.`,
    familyTitle: 'Parents and children',
    familyHint:
      'Link a pupil with a parent (legal representative): the parent joins the class parents’ chat.',
    familyStaffHint:
      'If this staff member is also a pupil’s parent, link the child: they join the class parents’ chat.',
    linkParent: 'Link a parent',
    linkChild: 'Link a child',
    newParent: 'New parent',
    parentCreated: (parent, child) => `Parent added: ${parent} — ${child}.`,
    link: 'Link',
    linked: (parent, relation, child) => `Linked: ${parent} (${relation}) — ${child}.`,
    parentsTitle: 'Parents (legal representatives)',
    childrenTitle: 'Children',
    noParents:
      'No parents linked: without one the pupil’s family is not in the class parents’ chat.',
    noClass: 'Not enrolled in any class now',
    unlink: 'Unlink',
    unlinkParentOf: (name) => `Unlink the parent: ${name}`,
    unlinkChildOf: (name) => `Unlink the child: ${name}`,
    unlinkParentTitle: 'Unlink this parent?',
    unlinkChildTitle: 'Unlink this child?',
    unlinkText: (parent, relation, child) =>
      `The link “${parent} (${relation}) — ${child}” will be removed. The parent leaves the class parents’ chat unless another of their children keeps them there. “Link a parent” adds it again.`,
    unlinked: (parent, child) => `Unlinked: ${parent} — ${child}.`,
  },

  classes: {
    create: 'New class',
    createTitle: 'New class or group',
    none: 'No classes yet.',
    importHint: 'Import the pupils — classes are created with them',
    found: (n, pupils) =>
      `${n} ${n === 1 ? 'class' : 'classes'}, ${pupils} ${pupils === 1 ? 'pupil' : 'pupils'}`,
    name: 'Name',
    groupPlaceholder: 'e.g. Middle group “Sunshine”',
    kind: 'Kind',
    grade: 'Grade',
    gradeHint: 'From 1 to 11; leave empty for groups.',
    gradeRange: 'The grade is a number from 0 to 12.',
    year: 'Academic year',
    yearLabel: (y) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`,
    teacher: 'Class teacher',
    noTeacher: 'Not assigned',
    teacherNotStaff: 'Not on the organisation’s staff',
    teacherHint:
      'Class teachers can also be set by importing the staff list: the “Классный руководитель” column (“5А, 7Б”).',
    pupils: 'Pupils',
    pupilsTitle: 'Pupils',
    noPupils: 'No pupils in this class yet.',
    backToList: 'All classes',
    enrol: 'Enrol a pupil',
    enrolTitle: (cls) => `Enrol in ${cls}`,
    enrolHint:
      'Find the person among the organisation’s pupils and parents. A pupil of another class is better moved by importing the list: that ends the old enrolment.',
    newPupil: 'New pupil',
    unenrol: 'Remove',
    unenrolOf: (name) => `Remove from the class: ${name}`,
    unenrolTitle: 'Remove from the class?',
    unenrolText: (name, cls) =>
      `${name} leaves ${cls} today and leaves the class chat; their parents leave the parents’ chat. The record stays in the history.`,
    editTitle: (cls) => `Edit ${cls}`,
    teacherChoice: 'One of the organisation’s pedagogical workers.',
    becomesGroup: 'A group has no pupils’ chat: the pupils leave it; the parents’ chat stays.',
    archiveLabel: 'Class archived (graduated or disbanded)',
    archiveHint:
      'Pupils, parents and the class teacher leave the class chats; messages and lists are kept. The class can be restored from the archive.',
    chatsFollow: 'The class chats follow the changes: a new name, a new class teacher.',
    archived: 'archived',
    archivedNote:
      'This class is archived: it is not in the list of classes and its chats have no members. “Edit” restores it.',
    nameTaken: 'The organisation already has a class of this name in this academic year.',
    orgArchived: 'The organisation is archived: its classes can only be archived.',
    teacherErrors: {
      notStaff: 'This person does not work in the organisation — choose a staff member.',
      notPedagogical: 'The class teacher must be one of the organisation’s pedagogical workers.',
      deactivated: 'This person is deactivated — choose someone else.',
    },
  },

  import: {
    lead: 'Load a list of staff, pupils or parents from Excel (XLSX) or CSV. Parta checks the file first and shows what will change; nothing is written until you confirm.',
    noOrgs: 'Rosters are imported by organisation administrators and municipal administrators.',
    kindLabel: 'What to import',
    kinds: { staff: 'Staff', pupils: 'Pupils', parents: 'Parents' },
    kindsPreschool: { pupils: 'Children' },
    kindHints: {
      staff:
        'Name and job title; optionally phone, e-mail, date of birth and “Классный руководитель” (“5А, 7Б”).',
      pupils: 'Name and class (group); missing classes are created. Optionally the date of birth.',
      parents:
        'The parent’s name and the child’s (already imported as a pupil), best with the class; optionally the relation, phone, e-mail.',
    },
    templates: 'Template with hints:',
    templateXlsx: 'Excel (.xlsx)',
    templateCsv: 'CSV',
    useTemplate: 'Compare with the template:',
    dropHere: 'Drop the file here',
    choose: 'Choose a file',
    chooseOther: 'Choose another file',
    chosen: 'File:',
    fileHint: 'XLSX or CSV (UTF-8 or Windows-1251, “;” or “,” separated), up to 10 MB.',
    onlyFirst: (name) => `One file at a time — “${name}” was taken.`,
    bytes: (n) => `${n} B`,
    kilobytes: (n) => `${n} KB`,
    megabytes: (n) => `${n} MB`,
    deactivateLabel: 'Remove from the organisation those absent from the file',
    deactivateHints: {
      staff: 'Staff absent from the file lose their positions in this organisation.',
      pupils: 'Pupils absent from the file leave the organisation’s classes.',
      parents: 'Parents absent from the file lose their links to this organisation’s children.',
    },
    deactivateWarning:
      'Whoever is left with no role in Parta is deactivated and cannot sign in. The check lists everyone — read it carefully.',
    cannotRead: 'This file cannot be imported.',
    refusals: {
      empty: 'The file is empty — not a single byte. Check that you chose the right file.',
      oldExcel:
        'This is an old Excel file (.xls). Open it in Excel or LibreOffice and save it as “Excel Workbook (.xlsx)” or CSV.',
      openDocument:
        'This is a LibreOffice spreadsheet (.ods). Save it as “Excel Workbook (.xlsx)” or CSV and load it again.',
      notSpreadsheet:
        'This is not a spreadsheet. Load an XLSX or CSV file — for example the template filled with your data.',
    },
    checking: (name) => `Checking “${name}”…`,
    errors: {
      IMPORT_UNREADABLE_FILE: 'The file could not be read as a spreadsheet.',
      IMPORT_NO_HEADER: 'No header row was found in the file.',
      IMPORT_MISSING_COLUMNS: 'A required column is missing.',
      IMPORT_TOO_MANY_ROWS: 'The file has too many rows for one import.',
      IMPORT_EMPTY: 'The file has no data rows.',
      PAYLOAD_TOO_LARGE:
        'The file is too large: the server takes files up to 10 MB. Split the list (e.g. by grade) or save it as CSV, which is smaller.',
      UNSUPPORTED_MEDIA_TYPE:
        'The server did not accept this type of file. Load an XLSX or CSV spreadsheet.',
      FORBIDDEN: 'Only the organisation’s administrators import its rosters.',
      CONFLICT: 'Importing into this organisation is not possible now.',
      VALIDATION_FAILED: 'The server did not accept this import.',
    },
    commitErrors: {
      IMPORT_PLAN_CHANGED:
        'The organisation’s data changed while you were reading the check. Parta checked the file again — review the new result and confirm once more.',
      IMPORT_HAS_PROBLEMS:
        'The file has problems; nothing was written. The check is updated — fix the rows listed.',
    },
    previewTitle: 'File check',
    nothingWritten: 'This is only a check: nothing has changed in Parta yet.',
    formatXlsx: (sheet) => (sheet ? `Excel, sheet “${sheet}”` : 'Excel'),
    formatCsv: (encoding, delimiter) =>
      [
        'CSV',
        encoding ? `encoding ${encoding.toUpperCase()}` : '',
        delimiter ? `separator ${DELIMITERS_EN[delimiter] ?? `“${delimiter}”`}` : '',
      ]
        .filter(Boolean)
        .join(', '),
    headerRow: (n) => `headers in row ${n}`,
    dataRows: (n) => `${n} data ${n === 1 ? 'row' : 'rows'}`,
    emptyRows: (n) => `${n} empty ${n === 1 ? 'row' : 'rows'} skipped`,
    skippedRows: (n) => `${n} ${n === 1 ? 'row' : 'rows'} skipped (see the warnings)`,
    columnsTitle: 'How the columns were read',
    columnSkipped: 'skipped',
    fields: {
      externalId: 'external ID',
      fullName: 'full name',
      lastName: 'surname',
      firstName: 'name',
      middleName: 'patronymic',
      phone: 'phone',
      email: 'e-mail',
      birthDate: 'date of birth',
      snils: 'SNILS (checked, not stored)',
      title: 'job title',
      className: 'class',
      classTeacherOf: 'class teacher of',
      relation: 'relation',
      childFullName: 'child’s full name',
      childLastName: 'child’s surname',
      childFirstName: 'child’s name',
      childMiddleName: 'child’s patronymic',
      childBirthDate: 'child’s date of birth',
    },
    planLabels: {
      create: 'To create',
      update: 'To update',
      unchanged: 'Unchanged',
      remove: 'To leave the organisation',
      deactivate: 'To deactivate',
    },
    doneLabels: {
      create: 'Created',
      update: 'Updated',
      unchanged: 'Unchanged',
      remove: 'Left the organisation',
      deactivate: 'Deactivated',
    },
    peopleNoun: persons,
    classesToCreate: (n, groups) =>
      `${n} ${groups ? (n === 1 ? 'group' : 'groups') : n === 1 ? 'class' : 'classes'} will be created:`,
    classesCreated: (n, groups) =>
      `${n} ${groups ? (n === 1 ? 'group' : 'groups') : n === 1 ? 'class' : 'classes'} created:`,
    missing: (n) =>
      `${n} more ${n === 1 ? 'person of the organisation is' : 'people of the organisation are'} not in the file; the import leaves them alone. To remove them, tick “Remove from the organisation those absent from the file”.`,
    problemsTitle: (n) => `${n} ${n === 1 ? 'problem' : 'problems'}`,
    problemsLead:
      'While the file has problems it cannot be imported. Fix these rows in the spreadsheet, save it and choose it again.',
    warningsTitle: (n) => `${n} ${n === 1 ? 'warning' : 'warnings'}`,
    warningsLead: 'Warnings do not block the import, but they are worth reading.',
    row: 'Row',
    column: 'Column',
    problem: 'Problem',
    warning: 'Warning',
    itemsTitle: 'Who the import concerns',
    filterLabel: 'Show',
    all: 'All',
    searchName: 'Find by name',
    nothingHere: 'None.',
    rows: 'Rows',
    action: 'What happens',
    changes: 'Details',
    notInFile: 'not in the file',
    actions: {
      create: 'New',
      update: 'Changes',
      unchanged: 'Unchanged',
      remove: 'Leaves',
      deactivate: 'Deactivation',
    },
    doneActions: {
      create: 'Created',
      update: 'Updated',
      unchanged: 'Unchanged',
      remove: 'Left',
      deactivate: 'Deactivated',
    },
    noChanges:
      'Everyone in the file is already in Parta with the same details — nothing to import.',
    blocked: 'The import is not possible while the file has problems.',
    confirm: 'Import into Parta',
    importing: 'Importing…',
    confirmTitle: 'Confirm the import',
    confirmLeaving: (n) => `Import and remove ${n} ${persons(n)}`,
    confirmText: (remove, deactivate) =>
      [
        remove > 0
          ? `${remove} ${persons(remove)} will leave the organisation (their other roles in Parta stay).`
          : '',
        deactivate > 0
          ? `${deactivate} ${persons(deactivate)} will be deactivated: they can no longer sign in, open sessions end at once.`
          : '',
        'Everything else as the check showed. The import is done entirely or not at all.',
      ]
        .filter(Boolean)
        .join(' '),
    doneTitle: 'Import complete',
    doneLead: (org, file) =>
      file
        ? `The list from “${file}” was imported into “${org}”.`
        : `The list was imported into “${org}”.`,
    details: 'Details per person',
    openClasses: 'Open the classes',
    openPeople: 'Open the people list',
    again: 'Import another file',
    logTitle: 'Recent imports',
    logWhen: 'When',
    logFile: 'File',
    logWho: 'Who',
    logResult: 'Result',
    logConsole: 'from the command line',
    logCounts: (r) =>
      [
        `created ${r.created}`,
        `updated ${r.updated}`,
        `unchanged ${r.unchanged}`,
        r.removed > 0 ? `left ${r.removed}` : '',
        r.deactivated > 0 ? `deactivated ${r.deactivated}` : '',
      ]
        .filter(Boolean)
        .join(', '),
  },
};

export const useAdminT = defineMessages({ ru: adminRu, en: adminEn });
