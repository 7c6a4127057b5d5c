import { DICTIONARIES, LANGUAGES, useLanguage, useT } from '../i18n/i18n';

/** RU / EN toggle. Each option is labelled in its own language, whatever the current one. */
export function LanguageSwitch() {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t.app.language}>
      {LANGUAGES.map((code) => {
        const meta = DICTIONARIES[code].meta;
        return (
          <button
            key={code}
            type="button"
            lang={code}
            title={meta.name}
            aria-pressed={code === language}
            onClick={() => setLanguage(code)}
          >
            {meta.short}
          </button>
        );
      })}
    </div>
  );
}
