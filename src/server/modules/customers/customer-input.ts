import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { FieldError } from '../../platform/http/errors';
import type { StoredAddress, StoredPhone } from './customers.schema';
import { type Address, normalizeAddress, normalizePhone, parseAddress } from './normalize';

/**
 * Input pieces shared by contacts and companies (`contact-input.ts`, `company-input.ts`): zod
 * schemas for the structure, and pure normalizers that collect per-field errors.
 */

/** Kinds of phone numbers. */
export const PHONE_TYPES = ['mobile', 'work', 'home', 'fax', 'other'] as const;
/** Kinds of e-mail addresses. */
export const EMAIL_TYPES = ['work', 'personal', 'other'] as const;
/** Kinds of addresses. */
export const ADDRESS_TYPES = ['work', 'home', 'billing', 'shipping', 'other'] as const;

/** Limits shared by both objects. */
export const CUSTOMER_LIMITS = {
  phones: 10,
  emails: 10,
  addresses: 5,
  tags: 50,
  tagLength: 50,
  notes: 10_000,
} as const;

/** A record's display name. */
export const nameSchema = z.string().trim().min(1, { error: 'Name is required' }).max(200);
const shortText = (max: number) => z.string().trim().max(max);

/** A typed phone number; normalized to E.164 on write. */
export const phoneInput = z.strictObject({
  type: z.enum(PHONE_TYPES).default('mobile').describe('Kind of number'),
  number: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('As typed: `138 0013 8000`, `+86 10 1234 5678`, `010-12345678 转 12`'),
});

/**
 * An address: structured (Chinese levels by GB/T 2260 code or name; other countries kept as
 * given) or free text (`广东省深圳市南山区科技园路1号`), which is split into levels.
 */
export const addressInput = z.union([
  z.string().trim().min(1).max(500),
  z.strictObject({
    type: z.enum(ADDRESS_TYPES).default('work'),
    country: shortText(2)
      .toUpperCase()
      .nullish()
      .describe('ISO 3166-1 alpha-2; CN when omitted with Chinese levels'),
    provinceCode: shortText(6).nullish(),
    province: shortText(50).nullish(),
    cityCode: shortText(6).nullish(),
    city: shortText(100).nullish(),
    districtCode: shortText(6).nullish(),
    district: shortText(100).nullish(),
    street: shortText(500).nullish().describe('Everything below the district, or the address line abroad'),
    postalCode: shortText(20).nullish(),
  }),
]);
export type AddressInputValue = z.infer<typeof addressInput>;

/** Tags: trimmed, without duplicates. */
export const tagsInput = z
  .array(z.string().trim().min(1).max(CUSTOMER_LIMITS.tagLength))
  .max(CUSTOMER_LIMITS.tags)
  .transform((tags) => [...new Set(tags)]);

/** Custom field values by key; checked against the object's custom field metadata. */
export const customInput = z.record(z.string().max(63), z.unknown());

/** Turns a zod error into field errors with dotted paths (`phones.0.number`). */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        field: path ? `${path}.${k}` : k,
        code: 'unknown_field',
        message: `Unknown field "${k}"`,
      }));
    }
    return [{ field: path, code: issue.code, message: issue.message }];
  });
}

/** Normalizes phones to E.164, dropping repeats; errors at `<field>.<i>.number`. */
export function normalizePhones(
  phones: ReadonlyArray<{ type: StoredPhone['type']; number: string }>,
  region: string,
  errors: FieldError[],
  field = 'phones',
): StoredPhone[] {
  const out: StoredPhone[] = [];
  phones.forEach((p, i) => {
    const r = normalizePhone(p.number, region as CountryCode);
    if (!r.ok) {
      errors.push({ field: `${field}.${i}.number`, code: r.error.code, message: r.error.message });
      return;
    }
    const number = r.value.extension ? `${r.value.e164};ext=${r.value.extension}` : r.value.e164;
    if (!out.some((x) => x.number === number)) out.push({ type: p.type, number });
  });
  return out;
}

/** The E.164 part of stored phones (extensions cut off): the keys duplicate lookups use. */
export function phoneKeysOf(phones: readonly StoredPhone[]): string[] {
  return [...new Set(phones.map((p) => p.number.split(';')[0]))];
}

function stored(address: Address, type: StoredAddress['type'], postalCode?: string | null): StoredAddress {
  if (address.country === 'CN' && 'provinceCode' in address) {
    return {
      type,
      country: 'CN',
      province: address.province,
      provinceCode: address.provinceCode,
      city: address.city,
      cityCode: address.cityCode,
      district: address.district,
      districtCode: address.districtCode,
      street: address.street || null,
      postalCode: postalCode ?? null,
    };
  }
  const foreign = address as Extract<Address, { line1: string }>;
  return {
    type,
    // A free-text address without Chinese characters and without a country: unknown country.
    country: foreign.country ?? '',
    province: foreign.region ?? null,
    city: foreign.city ?? null,
    street: [foreign.line1, foreign.line2].filter(Boolean).join(', ') || null,
    postalCode: postalCode ?? foreign.postalCode ?? null,
  };
}

/** Normalizes one address (free text or structured); pushes an error at `field` when it is invalid. */
export function normalizeAddressInput(
  input: AddressInputValue,
  field: string,
  errors: FieldError[],
): StoredAddress | null {
  if (typeof input === 'string') return stored(parseAddress(input), 'work');
  const result = normalizeAddress({
    country: input.country,
    provinceCode: input.provinceCode,
    province: input.province,
    cityCode: input.cityCode,
    city: input.city,
    districtCode: input.districtCode,
    district: input.district,
    street: input.street,
  });
  if (!result.ok) {
    errors.push({ field, code: result.error.code, message: result.error.message });
    return null;
  }
  return stored(result.value, input.type, input.postalCode);
}

/** The address levels' codes a record keeps in columns, for filters on province / city / district. */
export function regionCodesOf(address: StoredAddress | null | undefined): {
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
} {
  return {
    provinceCode: address?.provinceCode ?? null,
    cityCode: address?.cityCode ?? null,
    districtCode: address?.districtCode ?? null,
  };
}
