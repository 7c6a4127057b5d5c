import type { Me } from '@parta/shared';
import { useId, useState } from 'react';
import { isApiError } from '../api/client';
import { errorMessage } from '../api/error-message';
import { useLogout } from '../api/session';
import { useT } from '../i18n/i18n';
import { notificationPermission } from '../notifications/notifier';
import { isQuietTime } from '../notifications/quiet-hours';
import { useInstallPrompt } from '../pwa/register';
import { linkHandler, paths } from '../router/router';
import { describeAffiliation, initials } from '../shell/affiliation';
import { icons } from '../ui/icons';
import { LanguageSwitch } from '../ui/language-switch';
import { useNow } from '../ui/use-now';
import { useNotificationSettings, useTheme, type Theme } from './settings';

const THEMES: Theme[] = ['system', 'light', 'dark'];

/** Account, language, theme, notifications and quiet hours. Lazy-loaded: not on the first screen. */
export default function SettingsPage({ me }: { me: Me }) {
  const t = useT();
  const [theme, setTheme] = useTheme();
  const [settings, setSettings] = useNotificationSettings(me.person.id);
  const [permission, setPermission] = useState(notificationPermission);
  const logout = useLogout();
  const install = useInstallPrompt();
  const now = useNow();
  const id = useId();
  const quiet = settings.quietHours;

  const askPermission = () => {
    if (typeof Notification === 'undefined') return;
    void Notification.requestPermission().then(setPermission);
  };

  return (
    <section className="settings" aria-labelledby={`${id}-title`}>
      <header className="chat__header">
        <a
          className="icon-button chat__back"
          href={paths.chats()}
          onClick={linkHandler(paths.chats())}
          aria-label={t.settings.back}
          title={t.settings.back}
        >
          {icons.back()}
        </a>
        <h2 id={`${id}-title`} className="chat__title">
          {t.settings.title}
        </h2>
      </header>

      <div className="settings__body">
        <section className="card" aria-label={t.shell.account}>
          <div className="account">
            <span className="avatar avatar--large" aria-hidden="true">
              {initials(me)}
            </span>
            <span className="account__text">
              <span className="account__name">{me.person.displayName}</span>
              <span className="account__org">{describeAffiliation(me, t)}</span>
            </span>
          </div>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            {logout.isPending ? t.shell.loggingOut : t.shell.logout}
          </button>
          {logout.isError ? (
            <p className="form__error" role="alert">
              {isApiError(logout.error) && logout.error.code === 'NETWORK_ERROR'
                ? t.errors.logoutFailed
                : errorMessage(logout.error, t)}
            </p>
          ) : null}
        </section>

        <section className="card" aria-labelledby={`${id}-look`}>
          <h3 id={`${id}-look`} className="card__title">
            {t.settings.language}
          </h3>
          <LanguageSwitch />
          <fieldset className="choice">
            <legend className="card__title">{t.settings.theme}</legend>
            {THEMES.map((option) => (
              <label key={option} className="check">
                <input
                  type="radio"
                  name={`${id}-theme`}
                  checked={theme === option}
                  onChange={() => setTheme(option)}
                />
                {t.settings.themes[option]}
              </label>
            ))}
          </fieldset>
        </section>

        <section className="card" aria-labelledby={`${id}-notify`}>
          <h3 id={`${id}-notify`} className="card__title">
            {t.settings.notifications}
          </h3>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.enabled}
              onChange={(e) => setSettings({ ...settings, enabled: e.target.checked })}
            />
            {t.settings.notificationsEnabled}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.sound}
              onChange={(e) => setSettings({ ...settings, sound: e.target.checked })}
            />
            {t.settings.sound}
          </label>
          {permission === 'unsupported' ? (
            <p className="muted">{t.settings.permissionUnsupported}</p>
          ) : permission === 'denied' ? (
            <p className="muted">{t.settings.permissionDenied}</p>
          ) : permission === 'granted' ? (
            <p className="muted">{t.settings.permissionGranted}</p>
          ) : (
            <button type="button" className="button button--quiet" onClick={askPermission}>
              {t.settings.permissionAsk}
            </button>
          )}
        </section>

        <section className="card" aria-labelledby={`${id}-quiet`}>
          <h3 id={`${id}-quiet`} className="card__title">
            {t.settings.quietHours}
          </h3>
          <p className="muted">{t.settings.quietHint}</p>
          <label className="check">
            <input
              type="checkbox"
              checked={quiet.enabled}
              onChange={(e) =>
                setSettings({ ...settings, quietHours: { ...quiet, enabled: e.target.checked } })
              }
            />
            {t.settings.quietEnabled}
          </label>
          <div className="time-range">
            <div className="field">
              <label htmlFor={`${id}-from`}>{t.settings.from}</label>
              <input
                id={`${id}-from`}
                type="time"
                value={quiet.from}
                disabled={!quiet.enabled}
                onChange={(e) =>
                  setSettings({ ...settings, quietHours: { ...quiet, from: e.target.value } })
                }
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-to`}>{t.settings.to}</label>
              <input
                id={`${id}-to`}
                type="time"
                value={quiet.to}
                disabled={!quiet.enabled}
                onChange={(e) =>
                  setSettings({ ...settings, quietHours: { ...quiet, to: e.target.value } })
                }
              />
            </div>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={quiet.weekends}
              disabled={!quiet.enabled}
              onChange={(e) =>
                setSettings({ ...settings, quietHours: { ...quiet, weekends: e.target.checked } })
              }
            />
            {t.settings.weekends}
          </label>
          {isQuietTime(now, quiet) ? (
            <p className="note" role="status">
              {t.settings.quietNow}
            </p>
          ) : null}
          <p className="muted small">{t.settings.storedLocally}</p>
        </section>

        {install ? (
          <button type="button" className="button button--quiet" onClick={install}>
            {t.settings.install}
          </button>
        ) : null}
      </div>
    </section>
  );
}
