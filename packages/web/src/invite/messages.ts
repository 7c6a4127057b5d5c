import type { GuardianRelation, InvitationKind, InvitationRole } from '@parta/shared';
import { defineMessages } from '../i18n/define';

/** Fields of the acceptance forms that can carry their own error. */
export type InviteField =
  | 'lastName'
  | 'firstName'
  | 'middleName'
  | 'childLastName'
  | 'childFirstName'
  | 'childBirthDate'
  | 'child'
  | 'relation'
  | 'phone'
  | 'email'
  | 'login'
  | 'password';

/** Texts of the invitation page `/i/:code` (loaded with it, not with the messenger). */
export const inviteRu = {
  title: 'Приглашение в Парту',
  tagline: 'Школьный мессенджер',
  checking: 'Проверяем приглашение…',
  headings: {
    staff: 'Приглашение для сотрудника',
    staff_personal: 'Личное приглашение для сотрудника',
    pupils: 'Приглашение для ученика',
    parents: 'Приглашение для родителей',
    parent_personal: 'Приглашение для родителя',
    community: 'Приглашение в сообщество',
  } satisfies Record<InvitationKind, string>,
  after: {
    staff: 'Вы станете сотрудником организации в Парте и попадёте в её чат сотрудников.',
    staff_personal:
      'Вы уже есть в списках организации: осталось придумать логин и пароль. После этого вы попадёте в чат сотрудников и в чаты своих классов.',
    pupils: 'Вы попадёте в чат своего класса.',
    parents:
      'Укажите своего ребёнка так, как он записан в школе, — и вы попадёте в чат родителей класса.',
    parent_personal:
      'Приглашение выдано для вашего ребёнка: после регистрации вы будете связаны с ним и попадёте в чат родителей класса.',
    community: 'Вы станете участником сообщества и его чатов.',
  } satisfies Record<InvitationKind, string>,
  grant: {
    label: 'Что даёт приглашение',
    organization: 'Организация',
    className: 'Класс',
    community: 'Сообщество',
    role: 'Кем вы станете',
    municipality: 'Округ',
    expires: 'Действует до',
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
  signedInAs: (name: string, login: string) => `Вы вошли как ${name} (${login}).`,
  accept: 'Принять приглашение',
  accepting: 'Принимаем…',
  notYou: 'Это не вы? Выйти',
  signingOut: 'Выходим…',
  modes: {
    label: 'Есть ли у вас учётная запись в Парте',
    create: 'Я здесь впервые',
    signIn: 'У меня есть учётная запись',
  },
  you: 'О вас',
  lastName: 'Фамилия',
  firstName: 'Имя',
  middleName: 'Отчество',
  optional: 'необязательно',
  child: 'Ваш ребёнок',
  childHint: 'Как в школьных списках.',
  childLastName: 'Фамилия ребёнка',
  childFirstName: 'Имя ребёнка',
  childBirthDate: 'Дата рождения ребёнка',
  childBirthDateHint: 'Нужна, если в классе есть ученики с таким же именем.',
  relation: 'Кем вы приходитесь ребёнку',
  relationNone: 'Не указывать',
  relations: {
    mother: 'Мама',
    father: 'Папа',
    guardian: 'Опекун',
    other: 'Другое',
  } satisfies Record<GuardianRelation, string>,
  contacts: 'Как с вами связаться',
  contactsHint: 'Укажите телефон или e-mail — хотя бы что-то одно.',
  phone: 'Телефон',
  phonePlaceholder: '+7 912 345-67-89',
  email: 'E-mail',
  account: 'Вход в Парту',
  login: 'Логин',
  loginHint: 'Латинские буквы, цифры и . _ - @ +, от 3 символов. Можно использовать e-mail.',
  signInLogin: 'Логин, телефон или e-mail',
  password: 'Пароль',
  passwordHint: 'Не короче 8 символов. Надёжнее всего — три-четыре случайных слова.',
  showPassword: 'Показать пароль',
  hidePassword: 'Скрыть пароль',
  create: 'Создать учётную запись',
  creating: 'Создаём учётную запись…',
  signIn: 'Войти и принять приглашение',
  signingIn: 'Входим…',
  createdSignIn: (login: string) =>
    `Учётная запись создана. Войдите с логином ${login} и паролем, который вы придумали.`,
  checkFields: 'Проверьте выделенные поля.',
  fields: {
    lastName: 'Укажите фамилию.',
    firstName: 'Укажите имя.',
    middleName: 'Проверьте отчество.',
    childLastName: 'Укажите фамилию ребёнка.',
    childFirstName: 'Укажите имя ребёнка.',
    childBirthDate:
      'Укажите дату рождения ребёнка: в классе есть ученик с таким именем, и дата поможет убедиться, что это ваш ребёнок.',
    child:
      'В этом классе нет ученика с такими данными. Проверьте фамилию, имя и дату рождения ребёнка.',
    relation: 'Выберите, кем вы приходитесь ребёнку.',
    phone: 'Проверьте номер: нужен российский номер, например +7 912 345-67-89.',
    contactsMissing: 'Укажите телефон или e-mail.',
    email: 'Проверьте адрес e-mail: например, name@example.ru.',
    login: 'Логин — от 3 до 64 символов: латинские буквы, цифры и . _ - @ +',
    loginTaken: 'Этот логин уже занят. Придумайте другой.',
    password: 'Пароль должен быть не короче 8 символов.',
    weakPassword:
      'Пароль слишком простой. Не используйте распространённые пароли, своё имя или логин; надёжнее всего — три-четыре случайных слова.',
    signInLogin: 'Введите логин.',
    signInPassword: 'Введите пароль.',
  } satisfies Record<InviteField, string> & Record<string, string>,
  roleMismatch:
    'Это приглашение не подходит вашей учётной записи: например, ученик не может стать родителем, а взрослый — учеником. Войдите под другой учётной записью или попросите другое приглашение.',
  conflict:
    'Принять приглашение не получилось: возможно, у вас уже есть учётная запись или данные школы изменились. Попробуйте войти, а если не выйдет — обратитесь в школу.',
  dead: {
    notFound: {
      title: 'Приглашение не найдено',
      text: 'Проверьте ссылку или код на листке: возможно, в нём опечатка. Буквы O, I и L можно вводить как цифры 0 и 1.',
    },
    expired: {
      title: 'Срок приглашения истёк',
      text: 'Попросите классного руководителя или администратора школы выдать новое приглашение.',
    },
    revoked: {
      title: 'Приглашение отозвано',
      text: 'Этим приглашением больше нельзя воспользоваться. Попросите в школе новое.',
    },
    usedUp: {
      title: 'Приглашение уже использовано',
      text: 'По нему подключилось столько человек, сколько оно позволяет. Если это ваше приглашение, а подключились не вы, сообщите классному руководителю.',
    },
    throttled: {
      title: 'Слишком много попыток',
    },
    failed: {
      title: 'Не удалось проверить приглашение',
    },
  },
  otherCode: 'Ввести код с листка',
  codePlaceholder: 'ABCDE-FGHJK',
  open: 'Открыть',
  retry: 'Повторить',
  toApp: 'Перейти в Парту',
  help: 'Приглашения выдают школы и Управление образования. Если что-то не получается, обратитесь к классному руководителю.',
};

export type InviteMessages = typeof inviteRu;

export const inviteEn: InviteMessages = {
  title: 'Invitation to Parta',
  tagline: 'School messenger',
  checking: 'Checking the invitation…',
  headings: {
    staff: 'Invitation for a staff member',
    staff_personal: 'Personal invitation for a staff member',
    pupils: 'Invitation for a pupil',
    parents: 'Invitation for parents',
    parent_personal: 'Invitation for a parent',
    community: 'Invitation to a community',
  },
  after: {
    staff: 'You will become a staff member of the organisation in Parta and join its staff chat.',
    staff_personal:
      'You are already on the organisation’s roster: just choose a login and a password. Then you join the staff chat and your classes’ chats.',
    pupils: 'You will join your class’s chat.',
    parents:
      'Name your child as the school has them on its roster, and you will join the class parents’ chat.',
    parent_personal:
      'This invitation was issued for your child: once registered you are linked to them and join the class parents’ chat.',
    community: 'You will become a member of the community and its chats.',
  },
  grant: {
    label: 'What the invitation gives',
    organization: 'Organisation',
    className: 'Class',
    community: 'Community',
    role: 'You become',
    municipality: 'District',
    expires: 'Valid until',
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
  signedInAs: (name, login) => `You are signed in as ${name} (${login}).`,
  accept: 'Accept the invitation',
  accepting: 'Accepting…',
  notYou: 'Not you? Sign out',
  signingOut: 'Signing out…',
  modes: {
    label: 'Do you have a Parta account',
    create: 'I am new here',
    signIn: 'I have an account',
  },
  you: 'About you',
  lastName: 'Surname',
  firstName: 'First name',
  middleName: 'Patronymic',
  optional: 'optional',
  child: 'Your child',
  childHint: 'As on the school’s roster.',
  childLastName: 'Child’s surname',
  childFirstName: 'Child’s first name',
  childBirthDate: 'Child’s date of birth',
  childBirthDateHint: 'Needed when the class has pupils with the same name.',
  relation: 'Who you are to the child',
  relationNone: 'Do not say',
  relations: { mother: 'Mother', father: 'Father', guardian: 'Guardian', other: 'Other' },
  contacts: 'How to reach you',
  contactsHint: 'A phone number or an e-mail — at least one of them.',
  phone: 'Phone',
  phonePlaceholder: '+7 912 345-67-89',
  email: 'E-mail',
  account: 'Signing in to Parta',
  login: 'Login',
  loginHint: 'Latin letters, digits and . _ - @ +, at least 3 characters. An e-mail works too.',
  signInLogin: 'Login, phone or e-mail',
  password: 'Password',
  passwordHint: 'At least 8 characters. Three or four random words are the safest.',
  showPassword: 'Show password',
  hidePassword: 'Hide password',
  create: 'Create account',
  creating: 'Creating the account…',
  signIn: 'Sign in and accept',
  signingIn: 'Signing in…',
  createdSignIn: (login) =>
    `The account is created. Sign in with the login ${login} and the password you chose.`,
  checkFields: 'Check the highlighted fields.',
  fields: {
    lastName: 'Enter your surname.',
    firstName: 'Enter your first name.',
    middleName: 'Check the patronymic.',
    childLastName: 'Enter the child’s surname.',
    childFirstName: 'Enter the child’s first name.',
    childBirthDate:
      'Enter the child’s date of birth: the class has a pupil with this name, and the date confirms it is your child.',
    child:
      'There is no pupil with these details in the class. Check the child’s names and date of birth.',
    relation: 'Choose who you are to the child.',
    phone: 'Check the number: a Russian number is needed, e.g. +7 912 345-67-89.',
    contactsMissing: 'Enter a phone number or an e-mail.',
    email: 'Check the e-mail address, e.g. name@example.com.',
    login: 'A login is 3 to 64 characters: Latin letters, digits and . _ - @ +',
    loginTaken: 'This login is taken. Choose another one.',
    password: 'The password must be at least 8 characters long.',
    weakPassword:
      'The password is too easy to guess. Avoid common passwords, your name or your login; three or four random words are the safest.',
    signInLogin: 'Enter your login.',
    signInPassword: 'Enter your password.',
  },
  roleMismatch:
    'This invitation does not fit your account: for example, a pupil cannot become a parent, nor an adult a pupil. Sign in with another account or ask for another invitation.',
  conflict:
    'The invitation could not be accepted: you may have an account already, or the school’s data changed. Try signing in; if that fails, contact the school.',
  dead: {
    notFound: {
      title: 'Invitation not found',
      text: 'Check the link or the code on the slip: there may be a typo. The letters O, I and L may be typed as the digits 0 and 1.',
    },
    expired: {
      title: 'The invitation has expired',
      text: 'Ask the class teacher or the school’s administrator for a new one.',
    },
    revoked: {
      title: 'The invitation was revoked',
      text: 'It can no longer be used. Ask the school for a new one.',
    },
    usedUp: {
      title: 'The invitation has been used',
      text: 'As many people have joined with it as it allows. If it is yours and someone else joined, tell the class teacher.',
    },
    throttled: { title: 'Too many attempts' },
    failed: { title: 'Could not check the invitation' },
  },
  otherCode: 'Enter the code from the slip',
  codePlaceholder: 'ABCDE-FGHJK',
  open: 'Open',
  retry: 'Retry',
  toApp: 'Go to Parta',
  help: 'Invitations are issued by schools and the education authority. If something does not work, ask the class teacher.',
};

export const useInviteT = defineMessages({ ru: inviteRu, en: inviteEn });
