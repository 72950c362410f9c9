import { buildSearchDocument, type SearchDocument } from '../../src/server/platform/search/document';
import type { SeedContact } from './generate';

/** Whose rows are seeded: the workspace and the members who own them. */
export interface SeedContext {
  tenantId: string;
  /** Owners are spread round-robin over these members. */
  ownerIds: string[];
}

/** A value in PostgreSQL's text input form, or null. */
export type PgText = string | null;

/** How one column is filled from a generated contact. */
export interface ColumnSpec {
  name: string;
  /** SQL type for the parameter cast of multi-row INSERTs (COPY needs none). */
  type: 'uuid' | 'text' | 'jsonb' | 'text[]' | 'timestamptz';
  value(contact: SeedContact, ctx: SeedContext, index: number): PgText;
}

/** A text[] literal: every element quoted, so commas, braces and spaces are safe. */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

const searchDocs = new WeakMap<SeedContact, SearchDocument>();
/** The app's own search document builder, so seeded rows are found exactly like created ones. */
function searchDoc(c: SeedContact): SearchDocument {
  let doc = searchDocs.get(c);
  if (!doc) {
    doc = buildSearchDocument({
      names: [c.name],
      emails: [c.email],
      phones: [c.phone],
      companies: [c.company],
    });
    searchDocs.set(c, doc);
  }
  return doc;
}

const owner = (ctx: SeedContext, i: number) => ctx.ownerIds[i % ctx.ownerIds.length];

/**
 * THE column set of seeded contacts — the one place to extend when the customer model grows.
 * The loader writes only the columns the `contacts` table actually has (so one list serves the
 * narrow platform table and the widened customer model); columns missing here get their defaults.
 */
export const CONTACT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'tenant_id', type: 'uuid', value: (_c, ctx) => ctx.tenantId },
  { name: 'id', type: 'uuid', value: (c) => c.id },
  { name: 'name', type: 'text', value: (c) => c.name },
  { name: 'email', type: 'text', value: (c) => c.email },
  { name: 'phone', type: 'text', value: (c) => c.phone },
  { name: 'emails', type: 'jsonb', value: (c) => JSON.stringify([{ type: 'work', address: c.email }]) },
  { name: 'email_keys', type: 'text[]', value: (c) => pgArray([c.email]) },
  { name: 'phones', type: 'jsonb', value: (c) => JSON.stringify([{ type: 'mobile', number: c.phone }]) },
  { name: 'phone_keys', type: 'text[]', value: (c) => pgArray([c.phone]) },
  { name: 'gender', type: 'text', value: (c) => c.gender },
  { name: 'title', type: 'text', value: (c) => c.title },
  { name: 'source', type: 'text', value: () => 'bench-seed' },
  { name: 'search_text', type: 'text', value: (c) => searchDoc(c).text },
  { name: 'search_tokens', type: 'text[]', value: (c) => pgArray(searchDoc(c).tokens) },
  { name: 'owner_id', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'created_by', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'updated_by', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'created_at', type: 'timestamptz', value: (c) => c.createdAt.toISOString() },
  { name: 'updated_at', type: 'timestamptz', value: (c) => c.createdAt.toISOString() },
];
