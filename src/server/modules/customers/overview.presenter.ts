import type { z } from 'zod';
import type { CompanyRow } from './overview.repo';
import type { companyProfile } from './overview.schemas';

const iso = (d: Date | string) => new Date(d).toISOString();

/** The company profile of the overview (replaced by the companies presenter once it exists). */
export function presentCompanyProfile(row: CompanyRow): z.infer<typeof companyProfile> {
  return {
    id: row.id,
    name: row.name,
    industry: row.industry,
    size: row.size,
    website: row.website,
    phones: row.phones,
    ownerId: row.ownerId,
    tags: row.tags,
    mergedInto: row.mergedInto,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deletedAt: row.deletedAt ? iso(row.deletedAt) : null,
  };
}
