import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api/client';
import type { Locale } from '../api/types';
import en from './en.json';
import zhCN from './zh-CN.json';

/** Languages the app is translated into, in the order offered to the user. */
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'guanxi.locale';

type Messages = { [key: string]: string | Messages };

/** Each module may keep its own texts in `modules/<module>/i18n/<locale>.json`; they join the shared ones. */
const moduleMessages = import.meta.glob<Messages>('../modules/*/i18n/*.json', {
  eager: true,
  import: 'default',
});

/** Merges `source` into `target` key by key, so two files may both add to e.g. `settings`. */
function deepMerge(target: Messages, source: Messages): Messages {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    target[key] =
      typeof value === 'object' && typeof current === 'object' ? deepMerge({ ...current }, value) : value;
  }
  return target;
}

function withModules(locale: Locale, base: Messages): Messages {
  const out: Messages = { ...base };
  for (const [path, messages] of Object.entries(moduleMessages)) {
    if (path.endsWith(`/${locale}.json`)) deepMerge(out, messages);
  }
  return out;
}

function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

/** The language to start in: the one chosen before on this device, else the browser's. */
export function detectLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage may be disabled; fall back to the browser
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const lang of preferred) {
    const lower = lang.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The language currently shown. */
export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

/** Switches the UI language and remembers it on this device (the server copy is saved by the caller). */
export async function applyLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered on this device; the server copy still applies after sign-in
  }
  document.documentElement.lang = locale;
  setRequestLanguage(locale);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

const initial = detectLocale();
document.documentElement.lang = initial;
setRequestLanguage(initial);

i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: withModules('zh-CN', zhCN) },
    en: { translation: withModules('en', en) },
  },
  lng: initial,
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
