import type { CompanyRow } from './companies.repo';
import type { CompanyResponse } from './companies.schemas';
import { presentAddress } from './contacts.presenter';

const iso = (d: Date | string) => new Date(d).toISOString();

/** The one place a company row becomes an API object. */
export function presentCompany(row: CompanyRow): CompanyResponse {
  return {
    id: row.id,
    name: row.name,
    industry: row.industry,
    size: row.size,
    website: row.website,
    phone: row.phones[0]?.number ?? null,
    phones: row.phones.map((p) => ({ type: p.type, number: p.number })),
    address: row.address ? presentAddress(row.address) : null,
    provinceCode: row.provinceCode,
    cityCode: row.cityCode,
    districtCode: row.districtCode,
    ownerId: row.ownerId,
    source: row.source,
    tags: row.tags,
    notes: row.notes,
    custom: row.custom,
    importBatchId: row.importBatchId,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deletedAt: row.deletedAt ? iso(row.deletedAt) : null,
  };
}
