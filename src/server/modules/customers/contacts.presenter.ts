import type { CompanyLink } from './contact-companies.repo';
import type { ContactRow } from './contacts.repo';
import type { ContactResponse } from './contacts.schemas';
import type { StoredAddress } from './customers.schema';

const iso = (d: Date | string) => new Date(d).toISOString();

/** A stored address with every key present, as the API declares it. */
export function presentAddress(a: StoredAddress) {
  return {
    type: a.type,
    country: a.country ?? '',
    province: a.province ?? null,
    provinceCode: a.provinceCode ?? null,
    city: a.city ?? null,
    cityCode: a.cityCode ?? null,
    district: a.district ?? null,
    districtCode: a.districtCode ?? null,
    street: a.street ?? null,
    postalCode: a.postalCode ?? null,
  };
}

/** The one place a contact row becomes an API object: a new column never leaks by accident. */
export function presentContact(row: ContactRow, links: readonly CompanyLink[] = []): ContactResponse {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    title: row.title,
    email: row.email,
    phone: row.phone,
    emails: row.emails.map((e) => ({ type: e.type, address: e.address })),
    phones: row.phones.map((p) => ({ type: p.type, number: p.number })),
    addresses: row.addresses.map(presentAddress),
    provinceCode: row.provinceCode,
    cityCode: row.cityCode,
    districtCode: row.districtCode,
    birthday: row.birthday,
    ownerId: row.ownerId,
    source: row.source,
    lifecycleStage: row.lifecycleStage,
    tags: row.tags,
    consent: row.consent,
    notes: row.notes,
    custom: row.custom,
    companyName: row.companyName,
    primaryCompanyId: row.primaryCompanyId,
    companies: links
      .filter((l) => l.contactId === row.id)
      .map((l) => ({ companyId: l.companyId, name: l.companyName, role: l.role, isPrimary: l.isPrimary })),
    lastActivityAt: row.lastActivityAt ? iso(row.lastActivityAt) : null,
    importBatchId: row.importBatchId,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deletedAt: row.deletedAt ? iso(row.deletedAt) : null,
  };
}
