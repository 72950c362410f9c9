import { z } from 'zod';
import { CUSTOM_FIELD_TYPES, CUSTOMER_OBJECTS } from './custom-field-values';

export const customFieldIdParams = z.strictObject({ id: z.uuid({ error: 'Not a custom field id' }) });

const label = z.string().trim().min(1).max(100);

/** One choice of a select / multi-select field. */
export const optionSchema = z.strictObject({
  value: z.string().trim().min(1).max(100).describe('Stored value, stable across label changes'),
  labelZh: label,
  labelEn: label,
});

const options = z
  .array(optionSchema)
  .min(1)
  .max(200)
  .refine((os) => new Set(os.map((o) => o.value)).size === os.length, {
    error: 'Option values must be distinct',
  });

/** Body of `POST /custom-fields`. */
export const createCustomFieldBody = z.strictObject({
  objectType: z.enum(CUSTOMER_OBJECTS),
  key: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, {
      error: 'A key starts with a lower-case letter: letters, digits and _ (e.g. contractValue)',
    })
    .describe('Key of the value in `custom` and in filters; cannot change later'),
  type: z.enum(CUSTOM_FIELD_TYPES),
  labelZh: label,
  labelEn: label,
  required: z.boolean().default(false).describe('Must have a value on create and whenever it is changed'),
  unique: z.boolean().default(false).describe('No two live records may hold the same value'),
  options: options.optional().describe('Choices of select and multi_select fields'),
  lookupTarget: z.enum(CUSTOMER_OBJECTS).optional().describe('What a lookup field points at'),
});
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldBody>;

/** Body of `PATCH /custom-fields/:id`; key and type never change. */
export const updateCustomFieldBody = z
  .strictObject({
    labelZh: label.optional(),
    labelEn: label.optional(),
    required: z.boolean().optional(),
    unique: z.boolean().optional(),
    options: options.optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: 'Send at least one field to change' });
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldBody>;

export const listCustomFieldsQuery = z.strictObject({
  objectType: z.enum(CUSTOMER_OBJECTS).optional(),
  archived: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('`true` includes archived fields'),
});

/** A custom field definition as the API returns it. */
export const customFieldResponse = z.object({
  id: z.uuid(),
  objectType: z.string(),
  key: z.string(),
  type: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  required: z.boolean(),
  unique: z.boolean(),
  options: z.array(z.object({ value: z.string(), labelZh: z.string(), labelEn: z.string() })).nullable(),
  lookupTarget: z.string().nullable(),
  position: z.number().int(),
  archivedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomFieldResponse = z.infer<typeof customFieldResponse>;

export const customFieldListResponse = z.object({ data: z.array(customFieldResponse) });
