import { z } from 'zod';
import { fail, type NormalizeResult, ok } from './result.js';

const emailSchema = z.email();

/**
 * Trims, lower-cases and validates an e-mail address (`invalid_email` otherwise). Full-width
 * characters typed with a Chinese IME (`＠`, `．`) are folded to ASCII first.
 */
export function normalizeEmail(input: string): NormalizeResult<string> {
  const email = input.normalize('NFKC').trim().toLowerCase();
  if (!email) return fail('invalid_email', 'E-mail address is empty.');
  if (email.length > 254 || !emailSchema.safeParse(email).success) {
    return fail('invalid_email', `"${input.trim()}" is not an e-mail address.`);
  }
  return ok(email);
}
