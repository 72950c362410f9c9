import { AppError } from './errors';

/** Opaque keyset cursor: base64url JSON of the last row's sort values. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length) return values;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page', {
    errors: [{ field: 'cursor', code: 'invalid_cursor', message: 'Not a cursor returned by this API' }],
  });
}
