import { useTranslation } from 'react-i18next';

/** Locale-aware formatters for dates and numbers, built on Intl. */
export interface Formatters {
  date: (iso: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  number: (value: number) => string;
}

/** Builds the formatters for one BCP 47 locale. */
export function makeFormatters(locale: string): Formatters {
  const date = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const number = new Intl.NumberFormat(locale);
  const safe = (fmt: Intl.DateTimeFormat) => (iso: string | null | undefined) => {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : fmt.format(d);
  };
  return { date: safe(date), dateTime: safe(dateTime), number: (v) => number.format(v) };
}

const cache = new Map<string, Formatters>();

/** Formatters for the language currently shown (built once per language: Intl objects are costly). */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  let formatters = cache.get(locale);
  if (!formatters) {
    formatters = makeFormatters(locale);
    cache.set(locale, formatters);
  }
  return formatters;
}
