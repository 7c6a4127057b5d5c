import { pluralEn } from '@parta/shared';
import type { Messages } from './ru';

/** English, the second language. Typed by `ru.ts`: a missing or extra key fails the typecheck. */
export const en: Messages = {
  meta: {
    name: 'English',
    short: 'EN',
    locale: 'en-GB',
  },
  app: {
    name: 'Parta',
    tagline: 'School messenger',
    loading: 'Loading…',
    language: 'Interface language',
    skipToContent: 'Skip to content',
  },
  login: {
    title: 'Sign in to Parta',
    lead: 'Sign in with the details your school or education authority gave you.',
    login: 'Login, phone or e-mail',
    password: 'Password',
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    help: 'Forgot your password? Ask your school administrator.',
  },
  errors: {
    invalidCredentials: 'Wrong login or password',
    throttled: (minutes) =>
      minutes === null
        ? 'Too many attempts. Try again later'
        : `Too many attempts. Try again in ${minutes} ${pluralEn(minutes, 'minute', 'minutes')}`,
    network: 'Cannot reach the server. Check your internet connection and try again.',
    accountDisabled: 'This account is disabled. Contact your school administrator.',
    validation: 'Please check what you entered.',
    server: 'The server is temporarily unavailable. Try again in a minute.',
    unexpected: (code) => `Something went wrong. Please try again (code: ${code}).`,
    loadFailed: 'Could not load data.',
    logoutFailed: 'Could not sign out. Check your connection and try again.',
    retry: 'Try again',
  },
  shell: {
    account: 'Account',
    logout: 'Sign out',
    loggingOut: 'Signing out…',
    parentOf: (child, others) =>
      others === 0
        ? `Parent of ${child}`
        : `Parent of ${child} and ${others} ${pluralEn(others, 'other child', 'other children')}`,
    pupilOf: (className, organizationName) => `${className}, ${organizationName}`,
    adminRoles: {
      platform_admin: 'Platform administrator',
      municipal_admin: 'Municipal administrator',
      org_admin: 'Organisation administrator',
    },
    chatsTitle: 'Chats',
    chatsEmpty: 'Your chats will appear here.',
    chatsHint: 'When you are added to a class, school or community chat, it will be listed here.',
  },
};
