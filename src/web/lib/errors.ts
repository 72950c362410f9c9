import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { currentLocale } from '../i18n';

/**
 * The server writes problem details in English. In English they are shown as they are (they say
 * exactly what to fix); in other languages the error code is translated, and the English detail
 * is the last resort.
 */
function preferServerText(): boolean {
  return currentLocale() === 'en';
}

function translated(t: TFunction, key: string): string {
  return t(key, { defaultValue: '' });
}

/** A message for the whole request, in the user's language. */
export function describeError(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.unexpected');
  if (err.status === 0) return t('errors.network');
  if (err.status >= 500) return t('errors.server');
  if (preferServerText() && err.detail) return err.detail;
  return (
    (err.code && translated(t, `errors.code.${err.code}`)) ||
    translated(t, `errors.status.${err.status}`) ||
    err.detail ||
    t('errors.unexpected')
  );
}

/** Field messages keyed by field path, in the user's language where we know the code. */
export function fieldErrors(t: TFunction, err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of err.errors) {
    if (out[e.field]) continue;
    const known = translated(t, `errors.field.${e.code}`);
    out[e.field] = (preferServerText() && e.message) || known || e.message || t('errors.field.invalid');
  }
  return out;
}

/** True when the error is only about fields, all of which a form shows next to its inputs. */
export function onlyFieldErrors(err: unknown, shownFields: string[]): boolean {
  return (
    err instanceof ApiError && err.errors.length > 0 && err.errors.every((e) => shownFields.includes(e.field))
  );
}
