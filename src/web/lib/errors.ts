import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A message for the whole request, in the user's language where the error is one we know. */
export function describeError(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.unexpected');
  if (err.status === 0) return t('errors.network');
  if (err.code && t(`errors.code.${err.code}`, { defaultValue: '' })) return t(`errors.code.${err.code}`);
  const byStatus = t(`errors.status.${err.status}`, { defaultValue: '' });
  if (byStatus) return byStatus;
  if (err.detail) return err.detail;
  return err.status >= 500 ? t('errors.server') : t('errors.unexpected');
}

/** Field messages keyed by field path, translated by error code when we know the code. */
export function fieldErrors(t: TFunction, err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of err.errors) {
    out[e.field] ??= t(`errors.field.${e.code}`, { defaultValue: e.message || t('errors.field.invalid') });
  }
  return out;
}
