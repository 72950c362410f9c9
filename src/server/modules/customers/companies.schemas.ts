import { z } from 'zod';
import { contactResponse } from './contacts.schemas';
import { addressResponse, MAX_PAGE, phoneResponse } from './customer.schemas';

export {
  companyCreateInput as createCompanyBody,
  companyUpdateInput as updateCompanyBody,
} from './company-input';
export { listQuery as listCompaniesQuery, recordIdParams as companyIdParams } from './customer.schemas';

/** A company as the API returns it. */
export const companyResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  industry: z.string().nullable(),
  size: z.string().nullable(),
  website: z.string().nullable(),
  phone: z.string().nullable().describe('First phone number (E.164)'),
  phones: z.array(phoneResponse),
  address: addressResponse.nullable(),
  provinceCode: z.string().nullable(),
  cityCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  source: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()).describe('Custom field values by key'),
  importBatchId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  updatedBy: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type CompanyResponse = z.infer<typeof companyResponse>;

export const companyListResponse = z.object({
  data: z.array(companyResponse),
  nextCursor: z.string().nullable(),
});

/** Query of `GET /companies/:id/contacts`. */
export const companyContactsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z.string().max(200).optional(),
});

/** The contacts of a company, with their role there. */
export const companyContactsResponse = z.object({
  data: z.array(z.object({ role: z.string().nullable(), isPrimary: z.boolean(), contact: contactResponse })),
  nextCursor: z.string().nullable(),
});
