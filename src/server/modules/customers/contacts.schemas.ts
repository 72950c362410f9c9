import { z } from 'zod';

/** Largest page a list returns (DESIGN §5). */
export const MAX_PAGE = 200;

export const contactIdParams = z.strictObject({ id: z.uuid({ error: 'Not a contact id' }) });

const name = z.string().trim().min(1, { error: 'Name is required' }).max(200);
const email = z.string().trim().toLowerCase().pipe(z.email({ error: 'Enter a valid e-mail address' }).max(254));
const phone = z.string().trim().min(3).max(40);

export const createContactBody = z.strictObject({
  name,
  email: email.nullish(),
  phone: phone.nullish(),
  ownerId: z.uuid().nullish(),
});
export type CreateContactInput = z.infer<typeof createContactBody>;

export const updateContactBody = z
  .strictObject({
    name: name.optional(),
    email: email.nullish(),
    phone: phone.nullish(),
    ownerId: z.uuid().nullish(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: 'Send at least one field to change' });
export type UpdateContactInput = z.infer<typeof updateContactBody>;

export const listContactsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z.string().max(2000).optional(),
  q: z.string().trim().max(200).optional(),
});

/** A contact as the API returns it. */
export const contactResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type ContactResponse = z.infer<typeof contactResponse>;

export const contactListResponse = z.object({ data: z.array(contactResponse), nextCursor: z.string().nullable() });
