import type { CountryCode, NumberType } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { fail, type NormalizeResult, ok } from './result.js';

/** A phone number in the forms the CRM stores, compares and shows. */
export interface NormalizedPhone {
  /** `+8613800138000`: the stored and compared form. */
  e164: string;
  /** E.164 without `+`: for digit search and dedup keys. */
  digits: string;
  /** As written at home, e.g. `138 0013 8000`, `010 1234 5678`. */
  national: string;
  /** ISO 3166 region of the number, e.g. `CN`, when known. */
  country?: string;
  /** `MOBILE`, `FIXED_LINE`, … when the numbering plan tells. */
  type?: NumberType;
  /** Whether the number fits its region's numbering plan (not only its length). */
  valid: boolean;
  /** Extension digits, e.g. `123` from `010-12345678 转 123`. */
  extension?: string;
}

/** Options of {@link normalizePhone}. */
export interface NormalizePhoneOptions {
  /** Reject numbers that have a plausible length but do not fit the numbering plan (default true). */
  strict?: boolean;
}

// Chinese extension markers that libphonenumber does not know: 转, 分机, 内线.
const ZH_EXTENSION = /\s*(?:转|分机|内线)\s*(\d{1,6})\s*$/u;

/**
 * Normalizes a phone number typed in any common form: `138 0013 8000`, `+86 138-0013-8000`,
 * `0086…`, landlines with trunk prefix `010-12345678`, and extensions (`ext. 12`, `x12`, `转12`).
 * Numbers without a country code are read in `defaultRegion` (the workspace's, CN by default).
 * Fails with `invalid_phone` when the input cannot be a phone number (or, when `strict`, is not
 * a valid one).
 */
export function normalizePhone(
  input: string,
  defaultRegion: CountryCode = 'CN',
  options: NormalizePhoneOptions = {},
): NormalizeResult<NormalizedPhone> {
  const strict = options.strict ?? true;
  const text = input.normalize('NFKC').trim().replace(ZH_EXTENSION, ' ext. $1');
  if (!text) return fail('invalid_phone', 'Phone number is empty.');
  const parsed = parsePhoneNumberFromString(text, defaultRegion);
  if (!parsed?.isPossible()) {
    return fail('invalid_phone', `"${input}" is not a phone number.`);
  }
  const valid = parsed.isValid();
  if (strict && !valid) {
    return fail(
      'invalid_phone',
      `"${input}" does not fit the numbering plan of ${parsed.country ?? 'its country'}.`,
    );
  }
  // `national` and `type` take as long as the parse itself and most callers (writes, imports)
  // only store the E.164 form: they are computed when read.
  return ok({
    e164: parsed.number,
    digits: parsed.number.slice(1),
    get national() {
      return parsed.ext ? parsed.formatNational().replace(/\s*ext\.\s*\d+$/, '') : parsed.formatNational();
    },
    country: parsed.country,
    get type() {
      return parsed.getType();
    },
    valid,
    extension: parsed.ext || undefined,
  });
}
