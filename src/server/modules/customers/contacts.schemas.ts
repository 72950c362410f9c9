import { z } from 'zod';
import { addressResponse, phoneResponse } from './customer.schemas';

export {
  contactCreateInput as createContactBody,
  contactUpdateInput as updateContactBody,
} from './contact-input';
export {
  listQuery as listContactsQuery,
  MAX_PAGE,
  recordIdParams as contactIdParams,
} from './customer.schemas';

/** A contact's link to a company. */
export const contactCompanyResponse = z.object({
  companyId: z.uuid(),
  name: z.string(),
  role: z.string().nullable(),
  isPrimary: z.boolean(),
});

/** A contact as the API returns it. */
export const contactResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  gender: z.string().nullable(),
  title: z.string().nullable(),
  email: z.string().nullable().describe('First e-mail address'),
  phone: z.string().nullable().describe('First phone number (E.164)'),
  emails: z.array(z.object({ type: z.string(), address: z.string() })),
  phones: z.array(phoneResponse),
  addresses: z.array(addressResponse),
  provinceCode: z.string().nullable(),
  cityCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  birthday: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  source: z.string().nullable(),
  lifecycleStage: z.string().nullable(),
  tags: z.array(z.string()),
  consent: z.object({
    email: z.string().optional(),
    sms: z.string().optional(),
    phone: z.string().optional(),
    source: z.string().optional(),
    updatedAt: z.string().optional(),
  }),
  notes: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()).describe('Custom field values by key'),
  companyName: z.string().nullable().describe('Name of the primary company'),
  primaryCompanyId: z.uuid().nullable(),
  companies: z.array(contactCompanyResponse),
  lastActivityAt: z.string().nullable(),
  importBatchId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  updatedBy: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type ContactResponse = z.infer<typeof contactResponse>;

export const contactListResponse = z.object({
  data: z.array(contactResponse),
  nextCursor: z.string().nullable(),
});
