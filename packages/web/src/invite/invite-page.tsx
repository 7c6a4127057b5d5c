import {
  LIMITS,
  normalizePhone,
  type AcceptInvitation,
  type AcceptResult,
  type GuardianRelation,
  type InvitationPreview,
  type Me,
} from '@parta/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
} from 'react';
import { api, isApiError, type ApiError } from '../api/client';
import { errorMessage } from '../api/error-message';
import { login, ME_KEY, useLogout } from '../api/session';
import { useT } from '../i18n/i18n';
import { navigate, paths } from '../router/router';
import { LanguageSwitch } from '../ui/language-switch';
import { Logo } from '../ui/logo';
import { useInviteT, type InviteField, type InviteMessages } from './messages';
import './invite.css';

export interface InvitePageProps {
  code: string;
  /** The signed-in person, or null: the page then offers to create an account. */
  me: Me | null;
}

type Dead = 'notFound' | 'expired' | 'revoked' | 'usedUp' | 'throttled' | 'failed';

/** Why an invitation cannot be used, from the error of the look-up or of the acceptance. */
export function deadReason(error: unknown): Dead | null {
  if (!isApiError(error)) return error ? 'failed' : null;
  switch (error.code) {
    case 'INVITATION_NOT_FOUND':
      return 'notFound';
    case 'INVITATION_EXPIRED':
      return 'expired';
    case 'INVITATION_REVOKED':
      return 'revoked';
    case 'INVITATION_USED_UP':
      return 'usedUp';
    case 'TOO_MANY_REQUESTS':
      return 'throttled';
    default:
      return null;
  }
}

const byCode = (code: string) => `/api/v1/invitations/by-code/${encodeURIComponent(code)}`;

function usePreview(code: string) {
  return useQuery({
    queryKey: ['invitation-preview', code],
    queryFn: () => api.get<InvitationPreview>(byCode(code)),
    // Wrong codes count against the address: never ask again by itself.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: (failures, error) =>
      failures < 2 && isApiError(error) && (error.code === 'NETWORK_ERROR' || error.status >= 500),
  });
}

function useAccept(code: string) {
  return useMutation({
    mutationFn: (body: AcceptInvitation) => api.post<AcceptResult>(`${byCode(code)}/accept`, body),
  });
}

/**
 * `/i/:code`, opened from a printed QR code or a message, usually on a
 * phone: what the invitation grants, then — for a visitor — creating the
 * account (or signing in) and accepting, or — signed in — one button. After
 * acceptance the app opens, where the new chats are. Dead invitations
 * (unknown, expired, revoked, used up) and throttling get a plain answer.
 */
export default function InvitePage({ code, me }: InvitePageProps) {
  const t = useInviteT();
  const app = useT();
  const preview = usePreview(code);
  const [deadAfterAccept, setDeadAfterAccept] = useState<ApiError | null>(null);

  useEffect(() => {
    document.title = `${t.title} · ${app.app.name}`;
  }, [t, app]);

  const deadError = deadAfterAccept ?? (preview.isError ? preview.error : null);
  return (
    <div className="login-page invite-page">
      <div className="login-page__bar">
        <LanguageSwitch />
      </div>
      <main className="login-card invite-card" id="main">
        <div className="brand brand--large">
          <Logo size={40} />
          <div>
            <p className="brand__name">{app.app.name}</p>
            <p className="brand__tagline">{t.tagline}</p>
          </div>
        </div>
        {deadError ? (
          <DeadInvitation
            reason={deadReason(deadError) ?? 'failed'}
            error={deadError}
            onRetry={() => {
              setDeadAfterAccept(null);
              void preview.refetch();
            }}
          />
        ) : preview.data ? (
          <ValidInvitation
            code={code}
            preview={preview.data}
            me={me}
            onDead={(error) => setDeadAfterAccept(error)}
          />
        ) : (
          <p className="invite-checking" role="status">
            <span className="spinner" aria-hidden="true" />
            {t.checking}
          </p>
        )}
        <p className="login-card__help">{t.help}</p>
      </main>
    </div>
  );
}

function DeadInvitation({
  reason,
  error,
  onRetry,
}: {
  reason: Dead;
  error: unknown;
  onRetry: () => void;
}) {
  const t = useInviteT();
  const app = useT();
  const text =
    reason === 'throttled' || reason === 'failed' ? errorMessage(error, app) : t.dead[reason].text;
  return (
    <div className="invite-dead">
      <h1 className="login-card__title">{t.dead[reason].title}</h1>
      <p className="login-card__lead" role="alert">
        {text}
      </p>
      {reason === 'failed' ? (
        <button type="button" className="button button--primary button--block" onClick={onRetry}>
          {t.retry}
        </button>
      ) : null}
      {reason === 'notFound' ||
      reason === 'expired' ||
      reason === 'revoked' ||
      reason === 'usedUp' ? (
        <OtherCode />
      ) : null}
      <a className="button button--quiet button--block" href="/">
        {t.toApp}
      </a>
    </div>
  );
}

/** Typing the code printed under the QR code (case, spaces and dashes do not matter to the server). */
function OtherCode() {
  const t = useInviteT();
  const id = useId();
  const [value, setValue] = useState('');
  return (
    <form
      className="invite-code"
      onSubmit={(event) => {
        event.preventDefault();
        const code = value.replace(/[\s-]+/g, '');
        if (/^[A-Za-z0-9_]{4,64}$/.test(code)) navigate(paths.invite(code));
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t.otherCode}</label>
        <div className="invite-code__row">
          <input
            id={id}
            value={value}
            maxLength={64}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            placeholder={t.codePlaceholder}
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit" className="button button--quiet">
            {t.open}
          </button>
        </div>
      </div>
    </form>
  );
}

function Grant({ preview }: { preview: InvitationPreview }) {
  const t = useInviteT();
  const app = useT();
  const until = new Intl.DateTimeFormat(app.meta.locale, { dateStyle: 'long' }).format(
    new Date(preview.expiresAt),
  );
  const rows: [string, ReactNode][] = [];
  if (preview.communityTitle) rows.push([t.grant.community, `«${preview.communityTitle}»`]);
  if (preview.organizationName) rows.push([t.grant.organization, preview.organizationName]);
  if (preview.className) rows.push([t.grant.className, preview.className]);
  rows.push([t.grant.role, t.roles[preview.role]]);
  if (preview.municipalityName) rows.push([t.grant.municipality, preview.municipalityName]);
  rows.push([t.grant.expires, until]);
  return (
    <dl className="invite-grant" aria-label={t.grant.label}>
      {rows.map(([term, value]) => (
        <div key={term} className="invite-grant__row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ValidInvitation({
  code,
  preview,
  me,
  onDead,
}: {
  code: string;
  preview: InvitationPreview;
  me: Me | null;
  onDead: (error: ApiError) => void;
}) {
  const t = useInviteT();
  const queryClient = useQueryClient();
  // Signed in on this page but the acceptance failed: the reason outlives the switch of views.
  const [carried, setCarried] = useState<string | null>(null);
  return (
    <>
      <h1 className="login-card__title">{t.headings[preview.kind]}</h1>
      <Grant preview={preview} />
      <p className="login-card__lead">{t.after[preview.kind]}</p>
      {me ? (
        <SignedIn code={code} preview={preview} me={me} onDead={onDead} carried={carried} />
      ) : (
        <Visitor
          code={code}
          preview={preview}
          onDead={onDead}
          onSignedInButFailed={(signedIn, message) => {
            setCarried(message);
            queryClient.setQueryData(ME_KEY, signedIn);
          }}
        />
      )}
    </>
  );
}

/** Opens the app where the new chats are; the person's facts (children, classes) are fetched again. */
function useOpenApp() {
  const queryClient = useQueryClient();
  return (me?: Me) => {
    if (me) queryClient.setQueryData(ME_KEY, me);
    else void queryClient.invalidateQueries({ queryKey: ME_KEY });
    navigate(paths.chats());
  };
}

/** A failure of acceptance that is about the form as a whole, in the reader's language. */
function generalMessage(error: unknown, t: InviteMessages, app: ReturnType<typeof useT>): string {
  if (isApiError(error)) {
    if (error.code === 'INVITATION_ROLE_MISMATCH') return t.roleMismatch;
    if (error.code === 'CONFLICT') return t.conflict;
  }
  return errorMessage(error, app);
}

function SignedIn({
  code,
  preview,
  me,
  onDead,
  carried,
}: {
  code: string;
  preview: InvitationPreview;
  me: Me;
  onDead: (error: ApiError) => void;
  /** Why an acceptance right after signing in on this page failed. */
  carried: string | null;
}) {
  const t = useInviteT();
  const app = useT();
  const accept = useAccept(code);
  const logout = useLogout();
  const openApp = useOpenApp();
  return (
    <div className="invite-signed-in">
      <p>{t.signedInAs(me.person.displayName, me.login)}</p>
      <div className="form__error" role="alert">
        {accept.error ? generalMessage(accept.error, t, app) : accept.isIdle ? carried : null}
      </div>
      <button
        type="button"
        className="button button--primary button--block"
        disabled={accept.isPending}
        onClick={() =>
          accept.mutate(
            { role: preview.role },
            {
              onSuccess: () => openApp(),
              onError: (error) => {
                if (isApiError(error) && deadReason(error) && error.code !== 'TOO_MANY_REQUESTS')
                  onDead(error);
              },
            },
          )
        }
      >
        {accept.isPending ? t.accepting : t.accept}
      </button>
      <button
        type="button"
        className="button button--quiet button--block"
        disabled={logout.isPending}
        onClick={() => logout.mutate()}
      >
        {logout.isPending ? t.signingOut : t.notYou}
      </button>
    </div>
  );
}

type Errors = Partial<Record<InviteField, string>>;

const LOGIN = /^[a-z0-9._@+-]{3,64}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Server field paths (`body.child.birthDate`, `login`) to the form's fields. */
const SERVER_FIELDS: Record<string, InviteField> = {
  lastName: 'lastName',
  firstName: 'firstName',
  middleName: 'middleName',
  phone: 'phone',
  email: 'email',
  login: 'login',
  password: 'password',
  relation: 'relation',
  child: 'child',
  'child.lastName': 'childLastName',
  'child.firstName': 'childFirstName',
  'child.birthDate': 'childBirthDate',
};

/** What the server said about the fields, in the reader's language; null when nothing field-shaped. */
function serverFieldErrors(error: unknown, t: InviteMessages): Errors | null {
  if (!isApiError(error)) return null;
  if (error.code === 'WEAK_PASSWORD') return { password: t.fields.weakPassword };
  if (error.code === 'ALREADY_EXISTS') return { login: t.fields.loginTaken };
  if (error.code !== 'VALIDATION_FAILED' || !error.details?.length) return null;
  const found: Errors = {};
  for (const detail of error.details) {
    const field = SERVER_FIELDS[detail.path.replace(/^body\./, '')];
    if (field) found[field] = t.fields[field];
  }
  return Object.keys(found).length > 0 ? found : null;
}

/** The field order, for moving focus to the first one to fix. */
const ORDER: readonly InviteField[] = [
  'lastName',
  'firstName',
  'middleName',
  'childLastName',
  'childFirstName',
  'childBirthDate',
  'child',
  'relation',
  'phone',
  'email',
  'login',
  'password',
];

function Visitor({
  code,
  preview,
  onDead,
  onSignedInButFailed,
}: {
  code: string;
  preview: InvitationPreview;
  onDead: (error: ApiError) => void;
  onSignedInButFailed: (me: Me, message: string) => void;
}) {
  const t = useInviteT();
  const app = useT();
  const id = useId();
  const accept = useAccept(code);
  const openApp = useOpenApp();
  const formRef = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<'create' | 'signIn'>('create');
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [passwordVisible, setPasswordVisible] = useState(false);
  const [signInLogin, setSignInLogin] = useState('');
  const parent = preview.role === 'parent';

  function focusFirst(found: Errors) {
    const first = ORDER.find((f) => found[f]);
    if (!first) return;
    // After the errors render, so the field's description is read with it.
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus(),
    );
  }

  function fail(error: unknown) {
    if (isApiError(error) && deadReason(error) && error.code !== 'TOO_MANY_REQUESTS') {
      onDead(error);
      return;
    }
    const fields = serverFieldErrors(error, t);
    if (fields) {
      setErrors(fields);
      setGeneral(t.checkFields);
      focusFirst(fields);
    } else setGeneral(generalMessage(error, t, app));
  }

  async function onCreate(form: FormData) {
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const password = String(form.get('password') ?? '');
    const found: Errors = {};
    const body: AcceptInvitation = { role: preview.role };
    if (!preview.personal) {
      if (!text('lastName')) found.lastName = t.fields.lastName;
      if (!text('firstName')) found.firstName = t.fields.firstName;
      body.lastName = text('lastName');
      body.firstName = text('firstName');
      if (text('middleName')) body.middleName = text('middleName');
    }
    if (preview.needsChild) {
      if (!text('childLastName')) found.childLastName = t.fields.childLastName;
      if (!text('childFirstName')) found.childFirstName = t.fields.childFirstName;
      body.child = {
        lastName: text('childLastName'),
        firstName: text('childFirstName'),
        ...(text('childBirthDate') ? { birthDate: text('childBirthDate') } : {}),
      };
    }
    if (parent && text('relation')) body.relation = text('relation') as GuardianRelation;
    const phoneText = text('phone');
    const email = text('email');
    const phone = phoneText ? normalizePhone(phoneText) : null;
    if (phoneText && !phone) found.phone = t.fields.phone;
    if (email && !EMAIL.test(email)) found.email = t.fields.email;
    if (!preview.personal && !phoneText && !email) found.phone = t.fields.contactsMissing;
    if (phone) body.phone = phone;
    if (email) body.email = email;
    const loginText = text('login');
    if (!LOGIN.test(loginText)) found.login = t.fields.login;
    body.login = loginText;
    if (password.length < LIMITS.passwordMinLength) found.password = t.fields.password;
    body.password = password;

    setErrors(found);
    if (Object.keys(found).length > 0) {
      setGeneral(t.checkFields);
      focusFirst(found);
      return;
    }
    setGeneral(null);
    setPending(true);
    try {
      const result = await accept.mutateAsync(body);
      try {
        openApp(await login({ login: result.login, password }));
      } catch {
        // The account exists; only signing in failed (a network blip): let them sign in.
        setMode('signIn');
        setSignInLogin(result.login);
        setNotice(t.createdSignIn(result.login));
      }
    } catch (error) {
      fail(error);
    } finally {
      setPending(false);
    }
  }

  async function onSignIn(form: FormData) {
    const loginText = String(form.get('signInLogin') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const found: Errors = {};
    if (!loginText) found.login = t.fields.signInLogin;
    if (!password) found.password = t.fields.signInPassword;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setGeneral(t.checkFields);
      focusFirst(found);
      return;
    }
    setGeneral(null);
    setPending(true);
    let me: Me;
    try {
      me = await login({ login: loginText, password });
    } catch (error) {
      setGeneral(errorMessage(error, app));
      setPending(false);
      return;
    }
    try {
      await accept.mutateAsync({ role: preview.role });
      openApp(me);
    } catch (error) {
      setPending(false);
      if (isApiError(error) && deadReason(error) && error.code !== 'TOO_MANY_REQUESTS') {
        onDead(error);
        return;
      }
      // Signed in all the same: the page shows who is here, with the reason.
      onSignedInButFailed(me, generalMessage(error, t, app));
    } finally {
      setPending(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    void (mode === 'create' ? onCreate(form) : onSignIn(form));
  }

  const field = (
    name: InviteField,
    label: string,
    input: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> & {
      hint?: string;
      optional?: boolean;
    } = {},
  ) => {
    const { hint, optional, ...rest } = input;
    const inputId = `${id}-${name}`;
    const error = errors[name];
    const described = [error ? `${inputId}-error` : null, hint ? `${inputId}-hint` : null]
      .filter(Boolean)
      .join(' ');
    return (
      <div className="field">
        <label htmlFor={inputId}>
          {label}
          {optional ? <span className="invite-optional"> ({t.optional})</span> : null}
        </label>
        <input
          id={inputId}
          name={name}
          data-field={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          {...rest}
        />
        {error ? (
          <span id={`${inputId}-error`} className="invite-field-error">
            {error}
          </span>
        ) : null}
        {hint ? (
          <span id={`${inputId}-hint`} className="field__hint">
            {hint}
          </span>
        ) : null}
      </div>
    );
  };

  const passwordId = `${id}-password`;
  const passwordField = (
    <div className="field">
      <label htmlFor={passwordId}>{t.password}</label>
      <div className="password-input">
        <input
          id={passwordId}
          name="password"
          data-field="password"
          type={passwordVisible ? 'text' : 'password'}
          autoComplete={mode === 'create' ? 'new-password' : 'current-password'}
          maxLength={LIMITS.passwordMaxLength}
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={
            [
              errors.password ? `${passwordId}-error` : null,
              mode === 'create' ? `${passwordId}-hint` : null,
            ]
              .filter(Boolean)
              .join(' ') || undefined
          }
        />
        <button
          type="button"
          className="password-input__toggle"
          aria-controls={passwordId}
          aria-pressed={passwordVisible}
          aria-label={passwordVisible ? t.hidePassword : t.showPassword}
          title={passwordVisible ? t.hidePassword : t.showPassword}
          onClick={() => setPasswordVisible((v) => !v)}
        >
          <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path className="icon-stroke" d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
            <circle className="icon-stroke" cx="12" cy="12" r="3" />
            {passwordVisible ? <path className="icon-stroke" d="M4 4l16 16" /> : null}
          </svg>
        </button>
      </div>
      {errors.password ? (
        <span id={`${passwordId}-error`} className="invite-field-error">
          {errors.password}
        </span>
      ) : null}
      {mode === 'create' ? (
        <span id={`${passwordId}-hint`} className="field__hint">
          {t.passwordHint}
        </span>
      ) : null}
    </div>
  );

  return (
    <div className="invite-visitor">
      <div className="segmented invite-modes" role="group" aria-label={t.modes.label}>
        {(['create', 'signIn'] as const).map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            onClick={() => {
              setMode(m);
              setErrors({});
              setGeneral(null);
            }}
          >
            {t.modes[m]}
          </button>
        ))}
      </div>
      {notice ? (
        <p className="note" role="status">
          {notice}
        </p>
      ) : null}

      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        {mode === 'create' ? (
          <>
            {preview.personal ? null : (
              <fieldset className="invite-group">
                <legend>{t.you}</legend>
                {field('lastName', t.lastName, { autoComplete: 'family-name', maxLength: 100 })}
                {field('firstName', t.firstName, { autoComplete: 'given-name', maxLength: 100 })}
                {field('middleName', t.middleName, {
                  autoComplete: 'additional-name',
                  maxLength: 100,
                  optional: true,
                })}
              </fieldset>
            )}
            {preview.needsChild ? (
              <fieldset className="invite-group" aria-describedby={`${id}-child-hint`}>
                <legend>{t.child}</legend>
                <span id={`${id}-child-hint`} className="field__hint">
                  {t.childHint}
                </span>
                {errors.child ? (
                  <span className="invite-field-error" data-field="child" tabIndex={-1}>
                    {errors.child}
                  </span>
                ) : null}
                {field('childLastName', t.childLastName, { autoComplete: 'off', maxLength: 100 })}
                {field('childFirstName', t.childFirstName, { autoComplete: 'off', maxLength: 100 })}
                {field('childBirthDate', t.childBirthDate, {
                  type: 'date',
                  optional: true,
                  hint: t.childBirthDateHint,
                })}
              </fieldset>
            ) : null}
            {parent ? (
              <div className="field">
                <label htmlFor={`${id}-relation`}>
                  {t.relation}
                  <span className="invite-optional"> ({t.optional})</span>
                </label>
                <select id={`${id}-relation`} name="relation" data-field="relation" defaultValue="">
                  <option value="">{t.relationNone}</option>
                  {(['mother', 'father', 'guardian', 'other'] as const).map((r) => (
                    <option key={r} value={r}>
                      {t.relations[r]}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <fieldset className="invite-group" aria-describedby={`${id}-contacts-hint`}>
              <legend>{t.contacts}</legend>
              <span id={`${id}-contacts-hint`} className="field__hint">
                {t.contactsHint}
              </span>
              {field('phone', t.phone, {
                type: 'tel',
                inputMode: 'tel',
                autoComplete: 'tel',
                placeholder: t.phonePlaceholder,
                maxLength: 40,
                optional: preview.personal,
              })}
              {field('email', t.email, {
                type: 'email',
                inputMode: 'email',
                autoComplete: 'email',
                maxLength: 254,
                optional: preview.personal,
              })}
            </fieldset>
            <fieldset className="invite-group">
              <legend>{t.account}</legend>
              {field('login', t.login, {
                autoComplete: 'username',
                autoCapitalize: 'none',
                autoCorrect: 'off',
                spellCheck: false,
                maxLength: 64,
                hint: t.loginHint,
              })}
              {passwordField}
            </fieldset>
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${id}-signInLogin`}>{t.signInLogin}</label>
              <input
                id={`${id}-signInLogin`}
                name="signInLogin"
                data-field="login"
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                value={signInLogin}
                onChange={(e) => setSignInLogin(e.target.value)}
                aria-invalid={errors.login ? true : undefined}
                aria-describedby={errors.login ? `${id}-signInLogin-error` : undefined}
              />
              {errors.login ? (
                <span id={`${id}-signInLogin-error`} className="invite-field-error">
                  {errors.login}
                </span>
              ) : null}
            </div>
            {passwordField}
          </>
        )}

        <div className="form__error" role="alert">
          {general}
        </div>
        <button type="submit" className="button button--primary button--block" disabled={pending}>
          {pending
            ? mode === 'create'
              ? t.creating
              : t.signingIn
            : mode === 'create'
              ? t.create
              : t.signIn}
        </button>
      </form>
    </div>
  );
}
