import {
  pluralEn,
  pluralRu,
  type Community,
  type CommunityRole,
  type InvitationKind,
  type InvitationRole,
  type InvitationStatus,
  type MembershipSource,
  type OrgKind,
  type OutboxEntry,
  type PositionRole,
} from '@parta/shared';
import { defineMessages } from '../i18n/define';

type CommunityKind = Community['kind'];
type OutboxStatus = OutboxEntry['status'];
export type RuleType = 'positions' | 'staffOfOrg' | 'parentsOfClass';

/** «А, Б и В» / “A, B and C”. */
function joinRu(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} и ${items[items.length - 1]}`;
}

function joinEn(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Texts of the invitations, communities and outbox sections of the administration. */
export const onboardingRu = {
  common: {
    loading: 'Загрузка…',
    loadFailed: 'Не удалось загрузить данные.',
    retry: 'Повторить',
    cancel: 'Отмена',
    save: 'Сохранить',
    saving: 'Сохраняем…',
    copied: 'Ссылка скопирована',
    copyFailed: 'Не удалось скопировать. Выделите ссылку и скопируйте её вручную.',
    organization: 'Организация',
    chooseOrganization: 'Выберите организацию',
    noOrganizations:
      'Нет организаций, которыми вы управляете. Приглашения выдают администраторы организаций и муниципалитета.',
    orgKinds: {
      authority: 'Управление образования',
      general: 'Общеобразовательные организации',
      additional: 'Организации дополнительного образования',
      preschool: 'Дошкольные организации',
    } satisfies Record<OrgKind, string>,
    municipality: 'Муниципалитет',
  },

  roles: {
    head: 'руководитель',
    deputy: 'заместитель руководителя',
    teacher: 'педагог',
    authority_staff: 'специалист Управления образования',
    staff: 'сотрудник',
    pupil: 'ученик',
    parent: 'родитель (законный представитель)',
    admin: 'администратор сообщества',
    moderator: 'модератор сообщества',
    member: 'участник сообщества',
  } satisfies Record<InvitationRole, string>,

  statuses: {
    active: 'Действует',
    expired: 'Срок истёк',
    revoked: 'Отозвано',
    used_up: 'Использовано полностью',
  } satisfies Record<InvitationStatus, string>,

  kinds: {
    staff: 'Сотрудники организации',
    staff_personal: 'Личное — сотруднику',
    pupils: 'Ученики класса',
    parents: 'Родители класса',
    parent_personal: 'Личное — родителю ученика',
    community: 'Сообщество',
  } satisfies Record<InvitationKind, string>,

  invitations: {
    title: 'Приглашения',
    lead: 'Ссылки и QR-коды, по которым сотрудники, родители и ученики сами создают учётную запись. Каждое приглашение заранее определяет, кем и где станет человек; его можно отозвать.',
    progressTitle: (name: string) => `Подключение: ${name}`,
    staffAccounts: (n: number, total: number) =>
      `Учётная запись есть у ${n} из ${total} ${pluralRu(total, ['сотрудника', 'сотрудников', 'сотрудников'])}`,
    staffAccepted: (n: number) =>
      n === 0
        ? 'По приглашениям сотрудники пока не подключались'
        : `По приглашению ${pluralRu(n, ['подключился', 'подключились', 'подключились'])} ${n} ${pluralRu(n, ['сотрудник', 'сотрудника', 'сотрудников'])}`,
    parentsConnected: (n: number, total: number) =>
      `Подключены родители ${n} из ${total} ${pluralRu(total, ['ученика', 'учеников', 'учеников'])}`,
    parentsAccounts: (n: number, total: number) =>
      `Учётная запись есть у ${n} из ${total} ${pluralRu(total, ['родителя', 'родителей', 'родителей'])}`,
    pupilsAccounts: (n: number, total: number) =>
      `Учётная запись есть у ${n} из ${total} ${pluralRu(total, ['ученика', 'учеников', 'учеников'])}`,
    personalStats: (issued: number, accepted: number) =>
      issued === 0
        ? 'Личные приглашения родителям ещё не выдавались'
        : `Личных приглашений родителям выдано: ${issued}, принято: ${accepted}`,
    staffSheet: 'Лист для сотрудников (PDF)',
    staffSheetHint:
      'Личные полоски с QR-кодом для сотрудников из списков, у которых ещё нет учётной записи.',
    inviteStaff: 'Ссылка для новых сотрудников',
    classesTitle: 'Классы и группы',
    classesHint:
      'Лист для родителей — по одной полоске на ученика с личным QR-кодом и короткой ссылкой. Печать выдаёт недостающие приглашения и повторяет уже выданные, так что розданные полоски остаются действительными.',
    classesEmpty:
      'В организации пока нет классов. Загрузите списки учеников в разделе «Импорт списков».',
    classColumn: 'Класс',
    parentsColumn: 'Родители',
    actionsColumn: 'Действия',
    sheetShort: 'Лист PDF',
    sheetFor: (name: string) => `Лист приглашений для родителей ${name}, PDF`,
    open: 'Открыть',
    openClass: (name: string) => `Открыть ${name}`,
    allClasses: 'Все классы',
    classHeading: (name: string) => `${name}: приглашения`,
    classSheet: 'Лист для родителей (PDF)',
    parentsLink: 'Общая ссылка для родителей',
    parentsLinkHint:
      'По общей ссылке родитель называет своего ребёнка сам. Надёжнее раздать личные полоски.',
    pupilsLink: 'Ссылка для учеников',
    pupilsTitle: 'Ученики и личные приглашения родителям',
    pupilsEmpty: 'В классе пока нет учеников.',
    pupilColumn: 'Ученик',
    personalColumn: 'Личное приглашение родителю',
    notIssued: 'Не выдано',
    issue: 'Выдать',
    issuing: 'Выдаём…',
    issueFor: (name: string) => `Выдать личное приглашение для родителя: ${name}`,
    usesOf: (uses: number, max: number) => `использовано ${uses} из ${max}`,
    validUntil: (date: string) => `действует до ${date}`,
    expiredOn: (date: string) => `истекло ${date}`,
    revokedOn: (date: string) => `отозвано ${date}`,
    listTitle: 'Выданные приглашения',
    listEmpty: 'Приглашений пока нет.',
    listEmptyFiltered: 'Нет приглашений с такими условиями.',
    kindFilter: 'Вид',
    statusFilter: 'Состояние',
    allKinds: 'Все виды',
    allStatuses: 'Все',
    total: (n: number) => `${n} ${pluralRu(n, ['приглашение', 'приглашения', 'приглашений'])}`,
    scope: {
      staff: (org: string, role: string) => `${org} · ${role}`,
      staff_personal: (person: string, org: string) => `${person} · ${org}`,
      pupils: (cls: string, org: string) => `${cls} · ${org}`,
      parents: (cls: string, org: string) => `${cls} · ${org}`,
      parent_personal: (pupil: string, cls: string) => `Для родителя: ${pupil}, ${cls}`,
      community: (title: string, role: string) => `«${title}» · ${role}`,
    },
    showQr: 'QR-код',
    qrTitle: 'QR-код приглашения',
    qrAlt: (link: string) => `QR-код ссылки ${link}`,
    qrHint:
      'Покажите код на экране или распечатайте его: достаточно навести на него камеру телефона.',
    downloadPng: 'Скачать PNG',
    downloadSvg: 'Скачать SVG',
    copyLinkLabel: (link: string) => `Скопировать ссылку ${link}`,
    revoke: 'Отозвать',
    revokeTitle: 'Отозвать приглашение?',
    revokeText:
      'Ссылка и QR-код перестанут работать сразу. Те, кто уже подключился по этому приглашению, останутся. Вернуть приглашение нельзя — можно выдать новое.',
    revoking: 'Отзываем…',
    send: 'Отправить',
    sendTitle: 'Отправить приглашение',
    sendLead: 'Сообщение с короткой ссылкой уйдёт по e-mail или SMS и появится в «Исходящих».',
    channel: 'Способ',
    channels: { email: 'E-mail', sms: 'SMS' },
    to: 'Кому',
    emailPlaceholder: 'name@example.ru',
    phonePlaceholder: '+7 912 345-67-89',
    sending: 'Отправляем…',
    badEmail: 'Проверьте адрес: например, name@example.ru.',
    badPhone: 'Нужен российский номер, например +7 912 345-67-89.',
    sendResult: {
      sent: 'Отправлено.',
      stored:
        'Сообщение сохранено в «Исходящих»: отправка по почте и SMS не настроена, передайте текст адресату сами.',
      pending: 'Сообщение поставлено в очередь на отправку.',
      failed: 'Отправить не удалось: причина указана в «Исходящих».',
    } satisfies Record<OutboxStatus, string>,
    issueTitle: {
      staff: 'Ссылка для новых сотрудников',
      staff_personal: 'Личное приглашение сотруднику',
      pupils: 'Ссылка для учеников класса',
      parents: 'Общая ссылка для родителей класса',
      parent_personal: 'Личное приглашение родителю',
      community: 'Приглашение в сообщество',
    } satisfies Record<InvitationKind, string>,
    fixedScope: 'Кого и куда приглашаем',
    roleField: 'Кем станет',
    positionTitle: 'Название должности',
    positionTitleHint: 'Необязательно: например, «Учитель математики».',
    pedagogical: 'Педагогический работник (учитывается в мониторинге)',
    expires: 'Срок действия, дней',
    expiresHint: 'От 1 до 365 дней.',
    maxUses: 'Сколько раз можно использовать',
    maxUsesHint: 'Оставьте пустым — будет обычный лимит для такого приглашения.',
    note: 'Заметка для себя',
    noteHint: 'Видна только тем, кто управляет приглашениями.',
    expiresRange: 'Укажите число дней от 1 до 365.',
    usesRange: 'Укажите число от 1 до 1000 или оставьте поле пустым.',
    create: 'Создать приглашение',
    creating: 'Создаём…',
    created: 'Приглашение создано',
    createdLead: 'Передайте короткую ссылку или QR-код тем, кого приглашаете.',
    shortLink: 'Короткая ссылка',
    code: 'Код',
    done: 'Готово',
    sheetPreparing: 'Готовим PDF…',
    sheetDone: (issued: number, reused: number) =>
      `PDF готов: ${issued} ${pluralRu(issued, ['новое приглашение', 'новых приглашения', 'новых приглашений'])}, ${reused} ${pluralRu(reused, ['выданное раньше', 'выданных раньше', 'выданных раньше'])}.`,
    sheetMissing: (n: number) =>
      `Без полоски: ${n} ${pluralRu(n, ['человек', 'человека', 'человек'])} — список изменился, пока готовился PDF. Нажмите кнопку ещё раз.`,
    sheetEmpty: 'Печатать нечего: в списке нет никого, кому нужна полоска.',
  },

  district: {
    title: 'Подключение по округу',
    lead: 'Сколько сотрудников уже с учётной записью и у скольких учеников подключён хотя бы один родитель — по каждой организации. Нажмите на название, чтобы открыть приглашения организации.',
    totals: 'Всего по округу',
    totalsOf: (kind: string) => `Итого: ${kind.toLowerCase()}`,
    onceNote:
      'В итогах человек считается один раз, даже если работает или учится в двух организациях, поэтому итог может быть меньше суммы строк.',
    organizations: (n: number) =>
      `${n} ${pluralRu(n, ['организация', 'организации', 'организаций'])}`,
    kindFilter: 'Тип организаций',
    allKinds: 'Все типы',
    kinds: {
      authority: 'Управление образования',
      general: 'Общеобразовательная',
      additional: 'Дополнительное образование',
      preschool: 'Дошкольная',
    } satisfies Record<OrgKind, string>,
    caption: 'Организации округа. Нажмите на заголовок столбца, чтобы отсортировать.',
    sortLabel: 'Сортировка',
    columns: {
      name: 'Организация',
      kind: 'Тип',
      staff: 'Сотрудники с учётной записью',
      parents: 'Ученики с подключённым родителем',
    },
    share: (n: number, total: number, percent: string) => `${n} из ${total} · ${percent}`,
    noStaff: 'сотрудников нет в списках',
    noPupils: 'учеников нет',
    shown: (n: number, total: number) =>
      `Показано ${n} из ${total} ${pluralRu(total, ['организации', 'организаций', 'организаций'])}`,
    empty: 'В округе пока нет организаций.',
    emptyFiltered: 'Нет организаций этого типа.',
  },

  outbox: {
    title: 'Исходящие сообщения',
    lead: 'Приглашения, отправленные по e-mail и SMS. Если отправка не настроена, сообщение сохраняется здесь со статусом «Сохранено» — скопируйте текст и передайте его адресату сами.',
    statuses: {
      stored: 'Сохранено',
      pending: 'Отправляется',
      sent: 'Отправлено',
      failed: 'Ошибка',
    } satisfies Record<OutboxStatus, string>,
    statusHints: {
      stored: 'Передайте текст вручную',
      pending: 'В очереди',
      sent: 'Доставлено почтовому серверу',
      failed: 'Не отправлено',
    } satisfies Record<OutboxStatus, string>,
    channels: { email: 'E-mail', sms: 'SMS' },
    statusFilter: 'Состояние',
    all: 'Все',
    empty:
      'Исходящих сообщений пока нет. Они появятся, когда вы отправите приглашение по e-mail или SMS.',
    emptyFiltered: 'Нет сообщений в этом состоянии.',
    total: (n: number) => `${n} ${pluralRu(n, ['сообщение', 'сообщения', 'сообщений'])}`,
    sentAt: (date: string) => `отправлено ${date}`,
    error: 'Причина',
    showText: 'Текст сообщения',
    copyText: 'Скопировать текст',
    textCopied: 'Текст скопирован',
    resend: 'Отправить снова',
    resending: 'Отправляем…',
    resendLabel: (recipient: string) => `Отправить снова: ${recipient}`,
    resent: 'Новое сообщение добавлено в начало списка.',
  },

  communities: {
    title: 'Сетевые сообщества',
    lead: 'Сообщество объединяет людей разных организаций: например, всех руководителей школ округа. У каждого есть чат для обсуждения и канал объявлений. Участники приходят по правилам (вместе со списками), по приглашению, по заявке или добавляются вручную.',
    kinds: {
      heads: 'Руководители',
      deputies: 'Заместители',
      parents: 'Родители',
      teachers: 'Педагоги',
      custom: 'Другое',
    } satisfies Record<CommunityKind, string>,
    roles: {
      owner: 'Владелец',
      admin: 'Администратор',
      moderator: 'Модератор',
      member: 'Участник',
    } satisfies Record<CommunityRole, string>,
    sources: {
      manual: 'вручную',
      rule: 'по правилу',
      invitation: 'по приглашению',
      request: 'по заявке',
    } satisfies Record<MembershipSource, string>,
    create: 'Создать сообщество',
    kindFilter: 'Вид',
    allKinds: 'Все виды',
    showArchived: 'Показывать архивные',
    titleColumn: 'Сообщество',
    kindColumn: 'Вид',
    ownerColumn: 'Владелец',
    membersColumn: 'Участники',
    members: (n: number) => `${n} ${pluralRu(n, ['участник', 'участника', 'участников'])}`,
    total: (n: number) => `${n} ${pluralRu(n, ['сообщество', 'сообщества', 'сообществ'])}`,
    empty: 'Сообществ пока нет.',
    archived: 'В архиве',
    youAre: (role: string) => `вы: ${role.toLowerCase()}`,
    back: 'Все сообщества',
    readOnly:
      'Вы видите сообщество в каталоге, но управлять им могут только владелец и администраторы.',
    tabs: {
      about: 'Сведения',
      rules: 'Правила',
      members: 'Участники',
      requests: 'Заявки',
      invitations: 'Приглашения',
    },
    tabsLabel: 'Разделы сообщества',
    newTitle: 'Новое сообщество',
    editTitle: 'Изменить сведения',
    edit: 'Изменить',
    titleField: 'Название',
    descriptionField: 'Описание',
    descriptionHint: 'Для чего сообщество и кому оно. До 2000 символов.',
    kindField: 'Вид',
    ownerField: 'Владелец',
    ownerMunicipality: 'Муниципалитет (весь округ)',
    ownerHint: 'Владельца после создания сменить нельзя.',
    noDescription: 'Описания нет.',
    titleRequired: 'Введите название.',
    startRules: 'Правила участия',
    startRulesHint:
      'Люди, подходящие под правила, войдут в сообщество сразу и дальше будут меняться вместе со списками организаций. Правила можно добавить и позже.',
    archive: 'Перенести в архив',
    unarchive: 'Вернуть из архива',
    archiveTitle: 'Перенести сообщество в архив?',
    archiveText:
      'Чаты сообщества станут доступны только для чтения, правила перестанут добавлять участников. Сообщество можно вернуть из архива.',
    created: (title: string) => `Сообщество «${title}» создано.`,
    rulesHint:
      'Правила сверяются со списками организаций: новый руководитель войдёт в сообщество сам, уволившийся — выйдет. Кто вышел сам или был удалён, правилом обратно не добавляется.',
    rulesEmpty: 'Правил нет: участники приходят по приглашению, по заявке или добавляются вручную.',
    matches: (n: number) =>
      `сейчас ${pluralRu(n, ['подходит', 'подходят', 'подходят'])} ${n} ${pluralRu(n, ['человек', 'человека', 'человек'])}`,
    addRule: 'Добавить правило',
    addingRule: 'Добавляем…',
    ruleType: 'Кого добавлять',
    ruleTypes: {
      positions: 'Сотрудников по должности',
      staffOfOrg: 'Сотрудников одной организации',
      parentsOfClass: 'Родителей учеников класса',
    } satisfies Record<RuleType, string>,
    rolesField: 'Должности',
    rolesHintOrg: 'Ничего не отмечено — все сотрудники организации.',
    orgKindsField: 'Типы организаций',
    orgKindsHint: 'Ничего не отмечено — организации всех типов.',
    orgIdsField: 'Только эти организации',
    orgIdsHint: 'Необязательно. Ничего не отмечено — все организации выбранных типов.',
    orgSearch: 'Найти организацию',
    classField: 'Класс',
    chooseClass: 'Выберите класс',
    noClasses: 'В организации нет классов.',
    preview: 'Правило',
    chooseRoles: 'Отметьте хотя бы одну должность.',
    chooseOrg: 'Выберите организацию.',
    chooseClassError: 'Выберите класс.',
    tooManyOrgs: 'Не больше 500 организаций в одном правиле.',
    ruleAdded: (added: number) =>
      added === 0
        ? 'Правило добавлено. Новых участников нет: все, кто подходит, уже в сообществе.'
        : `Правило добавлено. В сообщество ${pluralRu(added, ['вошёл', 'вошли', 'вошли'])} ${added} ${pluralRu(added, ['человек', 'человека', 'человек'])}.`,
    deleteRule: 'Удалить правило',
    deleteRuleLabel: (description: string) => `Удалить правило: ${description}`,
    deleteRuleTitle: 'Удалить правило?',
    deleteRuleText:
      'Участники, которых добавило только это правило, выйдут из сообщества. Добавленные вручную, по приглашению или по заявке останутся.',
    ruleDeleted: (removed: number) =>
      removed === 0
        ? 'Правило удалено. Состав сообщества не изменился.'
        : `Правило удалено. Из сообщества ${pluralRu(removed, ['вышел', 'вышли', 'вышли'])} ${removed} ${pluralRu(removed, ['человек', 'человека', 'человек'])}.`,
    sync: 'Сверить со списками',
    syncing: 'Сверяем…',
    syncDone: (added: number, removed: number) =>
      added === 0 && removed === 0
        ? 'Состав уже совпадает со списками.'
        : `Сверено: добавлено ${added}, убрано ${removed}.`,
    removeFromForm: 'Убрать',
    membersEmpty: 'Участников пока нет.',
    nameColumn: 'Имя',
    roleColumn: 'Роль',
    sourceColumn: 'Основание',
    roleOf: (name: string) => `Роль: ${name}`,
    remove: 'Убрать',
    removeLabel: (name: string) => `Убрать из сообщества: ${name}`,
    removeTitle: 'Убрать из сообщества?',
    removeText: (name: string) =>
      `${name} выйдет из сообщества и его чатов. Правила не вернут этого человека обратно; пригласить снова можно.`,
    addPeople: 'Добавить людей',
    searchPeople: 'Найти по имени',
    searchHint: 'Введите хотя бы две буквы фамилии или имени.',
    nothingFound: 'Никого не нашлось.',
    addAs: 'С ролью',
    add: 'Добавить',
    adding: 'Добавляем…',
    addedCount: (n: number) =>
      n === 0
        ? 'Никого не добавили: эти люди уже в сообществе.'
        : `Добавлено: ${n} ${pluralRu(n, ['человек', 'человека', 'человек'])}.`,
    selected: (n: number) => `Выбрано: ${n}`,
    requestsEmpty: 'Новых заявок нет.',
    approve: 'Принять',
    reject: 'Отклонить',
    approveLabel: (name: string) => `Принять заявку: ${name}`,
    rejectLabel: (name: string) => `Отклонить заявку: ${name}`,
    requestedAt: (date: string) => `подана ${date}`,
    invitationsTitle: 'Приглашения в сообщество',
    inviteLink: 'Создать ссылку-приглашение',
    rule: {
      roles: {
        head: 'руководители',
        deputy: 'заместители руководителей',
        teacher: 'педагоги',
        authority_staff: 'специалисты Управления образования',
        staff: 'прочие сотрудники',
      } satisfies Record<PositionRole, string>,
      rolesChoice: {
        head: 'Руководители',
        deputy: 'Заместители руководителей',
        teacher: 'Педагоги',
        authority_staff: 'Специалисты Управления образования',
        staff: 'Прочие сотрудники',
      } satisfies Record<PositionRole, string>,
      /** After the roles: «руководители общеобразовательных организаций». */
      kindsOf: {
        authority: 'Управления образования',
        general: 'общеобразовательных организаций',
        additional: 'организаций дополнительного образования',
        preschool: 'дошкольных образовательных организаций',
      } satisfies Record<OrgKind, string>,
      kindsChoice: {
        authority: 'Управление образования',
        general: 'Общеобразовательные',
        additional: 'Дополнительного образования',
        preschool: 'Дошкольные',
      } satisfies Record<OrgKind, string>,
      join: joinRu,
      allOrgs: 'всех организаций',
      positions: (roles: string, where: string) => `${roles} ${where}`,
      listed: (kinds: string | null, names: string) =>
        kinds ? `${kinds}: ${names}` : `организаций: ${names}`,
      staffOfOrg: (roles: string | null, org: string) => `${roles ?? 'Все сотрудники'}: ${org}`,
      parentsOfClass: (cls: string, org: string | null) =>
        org ? `Родители учеников ${cls}, ${org}` : `Родители учеников ${cls}`,
      unknownOrg: (id: number) => `организация № ${id}`,
      unknownClass: (id: number) => `класса № ${id}`,
    },
  },
};

export type OnboardingMessages = typeof onboardingRu;

export const onboardingEn: OnboardingMessages = {
  common: {
    loading: 'Loading…',
    loadFailed: 'Could not load the data.',
    retry: 'Retry',
    cancel: 'Cancel',
    save: 'Save',
    saving: 'Saving…',
    copied: 'Link copied',
    copyFailed: 'Could not copy. Select the link and copy it by hand.',
    organization: 'Organisation',
    chooseOrganization: 'Choose an organisation',
    noOrganizations:
      'There are no organisations you manage. Invitations are issued by organisation and municipal administrators.',
    orgKinds: {
      authority: 'Education authority',
      general: 'General schools',
      additional: 'Additional education',
      preschool: 'Preschools',
    },
    municipality: 'Municipality',
  },

  roles: {
    head: 'head',
    deputy: 'deputy head',
    teacher: 'teacher',
    authority_staff: 'education authority specialist',
    staff: 'staff member',
    pupil: 'pupil',
    parent: 'parent (legal representative)',
    admin: 'community administrator',
    moderator: 'community moderator',
    member: 'community member',
  },

  statuses: {
    active: 'Active',
    expired: 'Expired',
    revoked: 'Revoked',
    used_up: 'Used up',
  },

  kinds: {
    staff: 'Organisation staff',
    staff_personal: 'Personal — staff member',
    pupils: 'Class pupils',
    parents: 'Class parents',
    parent_personal: 'Personal — a pupil’s parent',
    community: 'Community',
  },

  invitations: {
    title: 'Invitations',
    lead: 'Links and QR codes with which staff, parents and pupils create their own accounts. Each invitation fixes in advance who the person becomes and where; it can be revoked.',
    progressTitle: (name) => `Connected: ${name}`,
    staffAccounts: (n, total) =>
      `${n} of ${total} staff ${pluralEn(total, 'member has', 'members have')} an account`,
    staffAccepted: (n) =>
      n === 0
        ? 'No staff have joined by invitation yet'
        : `${n} staff ${pluralEn(n, 'member', 'members')} joined by invitation`,
    parentsConnected: (n, total) =>
      `Parents connected for ${n} of ${total} ${pluralEn(total, 'pupil', 'pupils')}`,
    parentsAccounts: (n, total) =>
      `${n} of ${total} ${pluralEn(total, 'parent has', 'parents have')} an account`,
    pupilsAccounts: (n, total) =>
      `${n} of ${total} ${pluralEn(total, 'pupil has', 'pupils have')} an account`,
    personalStats: (issued, accepted) =>
      issued === 0
        ? 'No personal parent invitations issued yet'
        : `Personal parent invitations issued: ${issued}, accepted: ${accepted}`,
    staffSheet: 'Staff sheet (PDF)',
    staffSheetHint: 'Personal slips with a QR code for rostered staff who have no account yet.',
    inviteStaff: 'Link for new staff',
    classesTitle: 'Classes and groups',
    classesHint:
      'The parents’ sheet has one slip per pupil with a personal QR code and a short link. Printing issues the missing invitations and repeats those already issued, so slips handed out stay valid.',
    classesEmpty:
      'The organisation has no classes yet. Load the pupils’ rosters under “Roster import”.',
    classColumn: 'Class',
    parentsColumn: 'Parents',
    actionsColumn: 'Actions',
    sheetShort: 'PDF sheet',
    sheetFor: (name) => `Parents’ invitation sheet for ${name}, PDF`,
    open: 'Open',
    openClass: (name) => `Open ${name}`,
    allClasses: 'All classes',
    classHeading: (name) => `${name}: invitations`,
    classSheet: 'Parents’ sheet (PDF)',
    parentsLink: 'Shared link for parents',
    parentsLinkHint:
      'With the shared link a parent names their child themselves. Personal slips are more reliable.',
    pupilsLink: 'Link for pupils',
    pupilsTitle: 'Pupils and personal parent invitations',
    pupilsEmpty: 'The class has no pupils yet.',
    pupilColumn: 'Pupil',
    personalColumn: 'Personal parent invitation',
    notIssued: 'Not issued',
    issue: 'Issue',
    issuing: 'Issuing…',
    issueFor: (name) => `Issue a personal parent invitation: ${name}`,
    usesOf: (uses, max) => `used ${uses} of ${max}`,
    validUntil: (date) => `valid until ${date}`,
    expiredOn: (date) => `expired ${date}`,
    revokedOn: (date) => `revoked ${date}`,
    listTitle: 'Issued invitations',
    listEmpty: 'No invitations yet.',
    listEmptyFiltered: 'No invitations match.',
    kindFilter: 'Kind',
    statusFilter: 'Status',
    allKinds: 'All kinds',
    allStatuses: 'All',
    total: (n) => `${n} ${pluralEn(n, 'invitation', 'invitations')}`,
    scope: {
      staff: (org, role) => `${org} · ${role}`,
      staff_personal: (person, org) => `${person} · ${org}`,
      pupils: (cls, org) => `${cls} · ${org}`,
      parents: (cls, org) => `${cls} · ${org}`,
      parent_personal: (pupil, cls) => `For a parent of ${pupil}, ${cls}`,
      community: (title, role) => `“${title}” · ${role}`,
    },
    showQr: 'QR code',
    qrTitle: 'Invitation QR code',
    qrAlt: (link) => `QR code of ${link}`,
    qrHint: 'Show the code on screen or print it: a phone camera opens it.',
    downloadPng: 'Download PNG',
    downloadSvg: 'Download SVG',
    copyLinkLabel: (link) => `Copy the link ${link}`,
    revoke: 'Revoke',
    revokeTitle: 'Revoke the invitation?',
    revokeText:
      'The link and the QR code stop working at once. People who have already joined with it stay. A revoked invitation cannot be restored — issue a new one instead.',
    revoking: 'Revoking…',
    send: 'Send',
    sendTitle: 'Send the invitation',
    sendLead: 'A message with the short link goes by e-mail or SMS and appears in the Outbox.',
    channel: 'Channel',
    channels: { email: 'E-mail', sms: 'SMS' },
    to: 'To',
    emailPlaceholder: 'name@example.com',
    phonePlaceholder: '+7 912 345-67-89',
    sending: 'Sending…',
    badEmail: 'Check the address, e.g. name@example.com.',
    badPhone: 'A Russian phone number is needed, e.g. +7 912 345-67-89.',
    sendResult: {
      sent: 'Sent.',
      stored:
        'The message is kept in the Outbox: e-mail and SMS delivery is not configured, pass the text on yourself.',
      pending: 'The message is queued for sending.',
      failed: 'Sending failed: the Outbox shows why.',
    },
    issueTitle: {
      staff: 'Link for new staff',
      staff_personal: 'Personal staff invitation',
      pupils: 'Link for the class’s pupils',
      parents: 'Shared link for the class’s parents',
      parent_personal: 'Personal parent invitation',
      community: 'Community invitation',
    },
    fixedScope: 'Whom and where to',
    roleField: 'Becomes',
    positionTitle: 'Job title',
    positionTitleHint: 'Optional, e.g. “Mathematics teacher”.',
    pedagogical: 'Pedagogical worker (counted in monitoring)',
    expires: 'Valid for, days',
    expiresHint: 'From 1 to 365 days.',
    maxUses: 'How many times it can be used',
    maxUsesHint: 'Leave empty for the usual limit of this kind of invitation.',
    note: 'Note to self',
    noteHint: 'Visible only to those who manage invitations.',
    expiresRange: 'Enter a number of days from 1 to 365.',
    usesRange: 'Enter a number from 1 to 1000, or leave the field empty.',
    create: 'Create invitation',
    creating: 'Creating…',
    created: 'Invitation created',
    createdLead: 'Give the short link or the QR code to the people you invite.',
    shortLink: 'Short link',
    code: 'Code',
    done: 'Done',
    sheetPreparing: 'Preparing the PDF…',
    sheetDone: (issued, reused) =>
      `PDF ready: ${issued} new ${pluralEn(issued, 'invitation', 'invitations')}, ${reused} issued before.`,
    sheetMissing: (n) =>
      `${n} ${pluralEn(n, 'person has', 'people have')} no slip — the list changed while the PDF was being prepared. Press the button again.`,
    sheetEmpty: 'Nothing to print: nobody on the list needs a slip.',
  },

  district: {
    title: 'District onboarding',
    lead: 'How many staff already have an account and how many pupils have at least one parent connected — per organisation. Select a name to open that organisation’s invitations.',
    totals: 'District total',
    totalsOf: (kind) => `Total: ${kind.toLowerCase()}`,
    onceNote:
      'Totals count a person once even when they work or study in two organisations, so a total can be less than the sum of the rows.',
    organizations: (n) => `${n} ${pluralEn(n, 'organisation', 'organisations')}`,
    kindFilter: 'Kind of organisation',
    allKinds: 'All kinds',
    kinds: {
      authority: 'Education authority',
      general: 'General school',
      additional: 'Additional education',
      preschool: 'Preschool',
    },
    caption: 'The district’s organisations. Select a column heading to sort.',
    sortLabel: 'Sort',
    columns: {
      name: 'Organisation',
      kind: 'Kind',
      staff: 'Staff with an account',
      parents: 'Pupils with a parent connected',
    },
    share: (n, total, percent) => `${n} of ${total} · ${percent}`,
    noStaff: 'no staff on the roster',
    noPupils: 'no pupils',
    shown: (n, total) =>
      `Showing ${n} of ${total} ${pluralEn(total, 'organisation', 'organisations')}`,
    empty: 'The district has no organisations yet.',
    emptyFiltered: 'No organisations of this kind.',
  },

  outbox: {
    title: 'Outbox',
    lead: 'Invitations sent by e-mail and SMS. When delivery is not configured, a message is kept here as “Stored” — copy the text and pass it on yourself.',
    statuses: { stored: 'Stored', pending: 'Sending', sent: 'Sent', failed: 'Failed' },
    statusHints: {
      stored: 'Pass the text on by hand',
      pending: 'Queued',
      sent: 'Handed to the mail server',
      failed: 'Not sent',
    },
    channels: { email: 'E-mail', sms: 'SMS' },
    statusFilter: 'Status',
    all: 'All',
    empty:
      'The outbox is empty. Messages appear here when you send an invitation by e-mail or SMS.',
    emptyFiltered: 'No messages with this status.',
    total: (n) => `${n} ${pluralEn(n, 'message', 'messages')}`,
    sentAt: (date) => `sent ${date}`,
    error: 'Reason',
    showText: 'Message text',
    copyText: 'Copy the text',
    textCopied: 'Text copied',
    resend: 'Send again',
    resending: 'Sending…',
    resendLabel: (recipient) => `Send again: ${recipient}`,
    resent: 'A new message has been added at the top of the list.',
  },

  communities: {
    title: 'Network communities',
    lead: 'A community brings together people of different organisations, e.g. all heads of the district’s schools. Each has a discussion chat and an announcement channel. Members come by rules (following the rosters), by invitation, by request, or are added by hand.',
    kinds: {
      heads: 'Heads',
      deputies: 'Deputy heads',
      parents: 'Parents',
      teachers: 'Teachers',
      custom: 'Other',
    },
    roles: { owner: 'Owner', admin: 'Administrator', moderator: 'Moderator', member: 'Member' },
    sources: {
      manual: 'added by hand',
      rule: 'by a rule',
      invitation: 'by invitation',
      request: 'by request',
    },
    create: 'Create community',
    kindFilter: 'Kind',
    allKinds: 'All kinds',
    showArchived: 'Show archived',
    titleColumn: 'Community',
    kindColumn: 'Kind',
    ownerColumn: 'Owner',
    membersColumn: 'Members',
    members: (n) => `${n} ${pluralEn(n, 'member', 'members')}`,
    total: (n) => `${n} ${pluralEn(n, 'community', 'communities')}`,
    empty: 'No communities yet.',
    archived: 'Archived',
    youAre: (role) => `you: ${role.toLowerCase()}`,
    back: 'All communities',
    readOnly:
      'You see this community in the directory; only its owner and administrators manage it.',
    tabs: {
      about: 'About',
      rules: 'Rules',
      members: 'Members',
      requests: 'Requests',
      invitations: 'Invitations',
    },
    tabsLabel: 'Community sections',
    newTitle: 'New community',
    editTitle: 'Edit details',
    edit: 'Edit',
    titleField: 'Title',
    descriptionField: 'Description',
    descriptionHint: 'What the community is for and whom. Up to 2000 characters.',
    kindField: 'Kind',
    ownerField: 'Owner',
    ownerMunicipality: 'Municipality (the whole district)',
    ownerHint: 'The owner cannot be changed after creation.',
    noDescription: 'No description.',
    titleRequired: 'Enter a title.',
    startRules: 'Membership rules',
    startRulesHint:
      'People matching the rules join at once and then follow the organisations’ rosters. Rules can be added later too.',
    archive: 'Archive',
    unarchive: 'Restore from archive',
    archiveTitle: 'Archive the community?',
    archiveText:
      'Its chats become read-only and rules stop adding members. The community can be restored.',
    created: (title) => `Community “${title}” created.`,
    rulesHint:
      'Rules follow the rosters: a new head joins by themselves, one who left leaves. People who left or were removed are not brought back by a rule.',
    rulesEmpty: 'No rules: members come by invitation, by request, or are added by hand.',
    matches: (n) => `${n} ${pluralEn(n, 'person matches', 'people match')} now`,
    addRule: 'Add rule',
    addingRule: 'Adding…',
    ruleType: 'Whom to add',
    ruleTypes: {
      positions: 'Staff by position',
      staffOfOrg: 'Staff of one organisation',
      parentsOfClass: 'Parents of a class’s pupils',
    },
    rolesField: 'Positions',
    rolesHintOrg: 'None ticked: all staff of the organisation.',
    orgKindsField: 'Kinds of organisation',
    orgKindsHint: 'None ticked: organisations of every kind.',
    orgIdsField: 'Only these organisations',
    orgIdsHint: 'Optional. None ticked: every organisation of the chosen kinds.',
    orgSearch: 'Find an organisation',
    classField: 'Class',
    chooseClass: 'Choose a class',
    noClasses: 'The organisation has no classes.',
    preview: 'Rule',
    chooseRoles: 'Tick at least one position.',
    chooseOrg: 'Choose an organisation.',
    chooseClassError: 'Choose a class.',
    tooManyOrgs: 'At most 500 organisations in one rule.',
    ruleAdded: (added) =>
      added === 0
        ? 'Rule added. No new members: everyone it matches is already in.'
        : `Rule added. ${added} ${pluralEn(added, 'person', 'people')} joined.`,
    deleteRule: 'Delete rule',
    deleteRuleLabel: (description) => `Delete the rule: ${description}`,
    deleteRuleTitle: 'Delete the rule?',
    deleteRuleText:
      'Members brought in only by this rule leave the community. Those added by hand, by invitation or by request stay.',
    ruleDeleted: (removed) =>
      removed === 0
        ? 'Rule deleted. The membership did not change.'
        : `Rule deleted. ${removed} ${pluralEn(removed, 'person', 'people')} left.`,
    sync: 'Check against rosters',
    syncing: 'Checking…',
    syncDone: (added, removed) =>
      added === 0 && removed === 0
        ? 'The membership already matches the rosters.'
        : `Done: ${added} added, ${removed} removed.`,
    removeFromForm: 'Remove',
    membersEmpty: 'No members yet.',
    nameColumn: 'Name',
    roleColumn: 'Role',
    sourceColumn: 'How they joined',
    roleOf: (name) => `Role: ${name}`,
    remove: 'Remove',
    removeLabel: (name) => `Remove from the community: ${name}`,
    removeTitle: 'Remove from the community?',
    removeText: (name) =>
      `${name} leaves the community and its chats. Rules will not bring them back; you can invite them again.`,
    addPeople: 'Add people',
    searchPeople: 'Find by name',
    searchHint: 'Type at least two letters of a surname or a first name.',
    nothingFound: 'Nobody found.',
    addAs: 'As',
    add: 'Add',
    adding: 'Adding…',
    addedCount: (n) =>
      n === 0
        ? 'Nobody added: these people are already members.'
        : `Added: ${n} ${pluralEn(n, 'person', 'people')}.`,
    selected: (n) => `Selected: ${n}`,
    requestsEmpty: 'No new requests.',
    approve: 'Approve',
    reject: 'Reject',
    approveLabel: (name) => `Approve the request: ${name}`,
    rejectLabel: (name) => `Reject the request: ${name}`,
    requestedAt: (date) => `sent ${date}`,
    invitationsTitle: 'Community invitations',
    inviteLink: 'Create an invitation link',
    rule: {
      roles: {
        head: 'heads',
        deputy: 'deputy heads',
        teacher: 'teachers',
        authority_staff: 'education authority specialists',
        staff: 'other staff',
      },
      rolesChoice: {
        head: 'Heads',
        deputy: 'Deputy heads',
        teacher: 'Teachers',
        authority_staff: 'Education authority specialists',
        staff: 'Other staff',
      },
      kindsOf: {
        authority: 'the education authority',
        general: 'general schools',
        additional: 'additional education centres',
        preschool: 'preschools',
      },
      kindsChoice: {
        authority: 'Education authority',
        general: 'General schools',
        additional: 'Additional education',
        preschool: 'Preschools',
      },
      join: joinEn,
      allOrgs: 'all organisations',
      positions: (roles, where) => `${roles} of ${where}`,
      listed: (kinds, names) => (kinds ? `${kinds}: ${names}` : `organisations: ${names}`),
      staffOfOrg: (roles, org) => `${roles ?? 'All staff'}: ${org}`,
      parentsOfClass: (cls, org) =>
        org ? `Parents of the pupils of ${cls}, ${org}` : `Parents of the pupils of ${cls}`,
      unknownOrg: (id) => `organisation no. ${id}`,
      unknownClass: (id) => `class no. ${id}`,
    },
  },
};

export const useOnboardingT = defineMessages({ ru: onboardingRu, en: onboardingEn });
