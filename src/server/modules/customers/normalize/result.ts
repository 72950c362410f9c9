/** Stable codes of normalization failures; the HTTP layer maps them to 400 `errors[].code`. */
export type NormalizeErrorCode = 'invalid_phone' | 'invalid_email' | 'invalid_address';

/** Why a value was rejected, in words a user can act on. */
export interface NormalizeError {
  code: NormalizeErrorCode;
  message: string;
}

/** Normalizers return a result rather than throw, so an import can collect every bad row cheaply. */
export type NormalizeResult<T> = { ok: true; value: T } | { ok: false; error: NormalizeError };

/** Wraps a successful value. */
export function ok<T>(value: T): NormalizeResult<T> {
  return { ok: true, value };
}

/** Wraps a failure. */
export function fail<T>(code: NormalizeErrorCode, message: string): NormalizeResult<T> {
  return { ok: false, error: { code, message } };
}
