import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/error-message';
import { isApiError } from '../api/client';
import { useLogin } from '../api/session';
import { useT } from '../i18n/i18n';
import { LanguageSwitch } from '../ui/language-switch';
import { Logo } from '../ui/logo';

export function LoginPage() {
  const t = useT();
  const loginMutation = useLogin();
  const [passwordVisible, setPasswordVisible] = useState(false);
  const id = useId();
  const loginId = `${id}-login`;
  const passwordId = `${id}-password`;
  const errorId = `${id}-error`;

  const pending = loginMutation.isPending;
  const error = loginMutation.error;
  const credentialsRejected = isApiError(error) && error.code === 'INVALID_CREDENTIALS';

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const login = String(form.get('login') ?? '').trim();
    const password = String(form.get('password') ?? '');
    // The inputs are `required`; this guards programmatic submits.
    if (login === '' || password === '') return;
    loginMutation.mutate({ login, password });
  }

  return (
    <div className="login-page">
      <div className="login-page__bar">
        <LanguageSwitch />
      </div>
      <main className="login-card">
        <div className="brand brand--large">
          <Logo size={40} />
          <div>
            <p className="brand__name">{t.app.name}</p>
            <p className="brand__tagline">{t.app.tagline}</p>
          </div>
        </div>
        <h1 className="login-card__title">{t.login.title}</h1>
        <p className="login-card__lead">{t.login.lead}</p>

        <form className="form" onSubmit={onSubmit} aria-busy={pending}>
          <div className="field">
            <label htmlFor={loginId}>{t.login.login}</label>
            <input
              id={loginId}
              name="login"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              required
              // The page has one purpose; starting in its first field saves a tap.
              autoFocus
              aria-invalid={credentialsRejected || undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </div>

          <div className="field">
            <label htmlFor={passwordId}>{t.login.password}</label>
            <div className="password-input">
              <input
                id={passwordId}
                name="password"
                type={passwordVisible ? 'text' : 'password'}
                autoComplete="current-password"
                required
                aria-invalid={credentialsRejected || undefined}
                aria-describedby={error ? errorId : undefined}
              />
              <button
                type="button"
                className="password-input__toggle"
                aria-controls={passwordId}
                aria-pressed={passwordVisible}
                aria-label={passwordVisible ? t.login.hidePassword : t.login.showPassword}
                title={passwordVisible ? t.login.hidePassword : t.login.showPassword}
                onClick={() => setPasswordVisible((visible) => !visible)}
              >
                <EyeIcon crossed={passwordVisible} />
              </button>
            </div>
          </div>

          {/* Always rendered so screen readers announce the text when it appears. */}
          <div id={errorId} className="form__error" role="alert">
            {error ? errorMessage(error, t) : null}
          </div>

          <button type="submit" className="button button--primary button--block" disabled={pending}>
            {pending ? t.login.submitting : t.login.submit}
          </button>
        </form>

        <p className="login-card__help">{t.login.help}</p>
      </main>
    </div>
  );
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path className="icon-stroke" d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
      <circle className="icon-stroke" cx="12" cy="12" r="3" />
      {crossed ? <path className="icon-stroke" d="M4 4l16 16" /> : null}
    </svg>
  );
}
