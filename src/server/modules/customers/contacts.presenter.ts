import type { ContactResponse } from './contacts.schemas';
import type { ContactRow } from './contacts.repo';

const iso = (d: Date | string) => new Date(d).toISOString();

/** The one place a contact row becomes an API object: a new column never leaks by accident. */
export function presentContact(row: ContactRow): ContactResponse {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    ownerId: row.ownerId,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deletedAt: row.deletedAt ? iso(row.deletedAt) : null,
  };
}
