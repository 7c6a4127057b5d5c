import { pluralRu, type AdminRole } from '@parta/shared';

/**
 * Russian, the primary language: every UI string of the SPA lives here and in
 * `en.ts`. The type of this object is the contract `en.ts` must satisfy, so a
 * key added here and forgotten there fails the typecheck.
 */
export const ru = {
  meta: {
    /** The language's own name, shown in the switch whatever the current language is. */
    name: 'Русский',
    short: 'RU',
    locale: 'ru-RU',
  },
  app: {
    name: 'Парта',
    tagline: 'Школьный мессенджер',
    loading: 'Загрузка…',
    language: 'Язык интерфейса',
    skipToContent: 'Перейти к содержимому',
  },
  login: {
    title: 'Вход в Парту',
    lead: 'Войдите с данными, которые выдала школа или управление образования.',
    login: 'Логин, телефон или e-mail',
    password: 'Пароль',
    showPassword: 'Показать пароль',
    hidePassword: 'Скрыть пароль',
    submit: 'Войти',
    submitting: 'Входим…',
    help: 'Забыли пароль? Обратитесь к администратору вашей школы.',
  },
  errors: {
    invalidCredentials: 'Неверный логин или пароль',
    throttled: (minutes: number | null): string =>
      minutes === null
        ? 'Слишком много попыток. Попробуйте позже'
        : `Слишком много попыток. Попробуйте через ${minutes} ${pluralRu(minutes, ['минуту', 'минуты', 'минут'])}`,
    network: 'Нет связи с сервером. Проверьте подключение к интернету и попробуйте ещё раз.',
    accountDisabled: 'Учётная запись отключена. Обратитесь к администратору школы.',
    validation: 'Проверьте введённые данные.',
    server: 'Сервер временно недоступен. Попробуйте ещё раз через минуту.',
    unexpected: (code: string): string => `Что-то пошло не так. Попробуйте ещё раз (код: ${code}).`,
    loadFailed: 'Не удалось загрузить данные.',
    logoutFailed: 'Не удалось выйти. Проверьте подключение и попробуйте ещё раз.',
    retry: 'Повторить',
  },
  shell: {
    account: 'Учётная запись',
    logout: 'Выйти',
    loggingOut: 'Выходим…',
    parentOf: (child: string, others: number): string =>
      others === 0
        ? `Родитель: ${child}`
        : `Родитель: ${child} и ещё ${others} ${pluralRu(others, ['ребёнок', 'ребёнка', 'детей'])}`,
    pupilOf: (className: string, organizationName: string): string =>
      `${className}, ${organizationName}`,
    adminRoles: {
      platform_admin: 'Администратор платформы',
      municipal_admin: 'Администратор муниципалитета',
      org_admin: 'Администратор организации',
    } satisfies Record<AdminRole, string>,
    chatsTitle: 'Чаты',
    chatsEmpty: 'Здесь появятся ваши чаты.',
    chatsHint: 'Когда вас добавят в чат класса, школы или сообщества, он будет в этом списке.',
  },
};

export type Messages = typeof ru;
