import { z } from 'zod';

/** Largest page a list returns (DESIGN §5). */
export const MAX_PAGE = 200;

/** `:id` of a contact or company. */
export const recordIdParams = z.strictObject({ id: z.uuid({ error: 'Not a record id' }) });

/** Query of the customer lists: filter language, sort, keyset cursor, free text (docs/filters.md). */
export const listQuery = z.strictObject({
  filter: z
    .string()
    .max(20_000)
    .optional()
    .describe('JSON filter tree, e.g. {"field":"name","op":"contains","value":"张"}'),
  sort: z
    .string()
    .max(300)
    .optional()
    .describe('Comma-separated field keys, `-` for descending; default `-createdAt`'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z.string().max(4096).optional().describe('`nextCursor` of the previous page (same sort)'),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Free text: name, pinyin, initials, phone digits, e-mail, company'),
  deleted: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('`true` lists deleted (restorable) records instead'),
});

/** A stored phone number. */
export const phoneResponse = z.object({
  type: z.string(),
  number: z.string().describe('E.164, `;ext=` for extensions'),
});

/** A stored address; Chinese ones carry GB/T 2260 codes. */
export const addressResponse = z.object({
  type: z.string(),
  country: z.string().describe('ISO 3166-1 alpha-2; empty when unknown'),
  province: z.string().nullable(),
  provinceCode: z.string().nullable(),
  city: z.string().nullable(),
  cityCode: z.string().nullable(),
  district: z.string().nullable(),
  districtCode: z.string().nullable(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
});
