import type { SearchDocument, SearchSource } from '../../src/server/platform/search/document';
import type { SeedCompany, SeedContact } from './generate';
import { SearchDocumentCache } from './search-doc';

/** Whose rows are seeded: the workspace and the members who own them. */
export interface SeedContext {
  tenantId: string;
  /** Owners are spread round-robin over these members. */
  ownerIds: string[];
}

/** A value in PostgreSQL's text input form, or null. */
export type PgText = string | null;

/** How one column is filled from a generated contact. */
export interface ColumnSpec<Row = SeedContact> {
  name: string;
  /** SQL type for the parameter cast of multi-row INSERTs (COPY needs none). */
  type: 'uuid' | 'text' | 'jsonb' | 'text[]' | 'timestamptz' | 'boolean';
  value(row: Row, ctx: SeedContext, index: number): PgText;
}

/** A text[] literal: every element quoted, so commas, braces and spaces are safe. */
export function pgArray(values: readonly string[]): string {
  const quote = (v: string) => (ARRAY_SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : v);
  return `{${values.map((v) => `"${quote(v)}"`).join(',')}}`;
}
const ARRAY_SPECIAL = /[\\"]/;

/** What the write path indexes of a contact (contactSearchColumns): name, e-mails, phones, company. */
export const contactSearchSource = (c: SeedContact): SearchSource => ({
  names: [c.name],
  emails: [c.email],
  phones: [c.phone],
  companies: [c.company],
});

/** What the write path indexes of a company (companySearchColumns): name, phones, website domain. */
export function companySearchSource(c: SeedCompany): SearchSource {
  const domain = c.website ? new URL(c.website).hostname.replace(/^www\./, '') : undefined;
  return { names: [c.name], emails: [], phones: [c.phone], companies: [], extra: domain ? [domain] : [] };
}

/** The app's search documents, names and companies built once per distinct value (search-doc.ts). */
export const searchDocuments = new SearchDocumentCache();
const searchDocs = new WeakMap<object, SearchDocument>();
function searchDoc<T extends object>(row: T, source: (row: T) => SearchSource): SearchDocument {
  let doc = searchDocs.get(row);
  if (!doc) {
    doc = searchDocuments.build(source(row));
    searchDocs.set(row, doc);
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
  { name: 'company_name', type: 'text', value: (c) => c.company },
  { name: 'primary_company_id', type: 'uuid', value: (c) => c.companyId ?? null },
  { name: 'lifecycle_stage', type: 'text', value: (c) => c.lifecycleStage ?? null },
  { name: 'tags', type: 'text[]', value: (c) => pgArray(c.tags ?? []) },
  {
    name: 'addresses',
    type: 'jsonb',
    value: (c) => JSON.stringify(c.region ? [{ type: 'work', country: 'CN', ...c.region }] : []),
  },
  { name: 'province_code', type: 'text', value: (c) => c.region?.provinceCode ?? null },
  { name: 'city_code', type: 'text', value: (c) => c.region?.cityCode ?? null },
  { name: 'search_text', type: 'text', value: (c) => searchDoc(c, contactSearchSource).text },
  {
    name: 'search_tokens',
    type: 'text[]',
    value: (c) => pgArray(searchDoc(c, contactSearchSource).tokens),
  },
  { name: 'owner_id', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'created_by', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'updated_by', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'created_at', type: 'timestamptz', value: (c) => c.createdAt.toISOString() },
  { name: 'updated_at', type: 'timestamptz', value: (c) => c.createdAt.toISOString() },
];

/** The column set of seeded companies. */
export const COMPANY_COLUMNS: readonly ColumnSpec<SeedCompany>[] = [
  { name: 'tenant_id', type: 'uuid', value: (_c, ctx) => ctx.tenantId },
  { name: 'id', type: 'uuid', value: (c) => c.id },
  { name: 'name', type: 'text', value: (c) => c.name },
  { name: 'phones', type: 'jsonb', value: (c) => JSON.stringify([{ type: 'work', number: c.phone }]) },
  { name: 'phone_keys', type: 'text[]', value: (c) => pgArray([c.phone]) },
  { name: 'industry', type: 'text', value: (c) => c.industry },
  { name: 'size', type: 'text', value: (c) => c.size },
  { name: 'website', type: 'text', value: (c) => c.website },
  { name: 'source', type: 'text', value: () => 'bench-seed' },
  { name: 'search_text', type: 'text', value: (c) => searchDoc(c, companySearchSource).text },
  {
    name: 'search_tokens',
    type: 'text[]',
    value: (c) => pgArray(searchDoc(c, companySearchSource).tokens),
  },
  { name: 'owner_id', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'created_by', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'updated_by', type: 'uuid', value: (_c, ctx, i) => owner(ctx, i) },
  { name: 'created_at', type: 'timestamptz', value: (c) => c.createdAt.toISOString() },
  { name: 'updated_at', type: 'timestamptz', value: (c) => c.createdAt.toISOString() },
];

/** The primary company link of a seeded contact that has one. */
export const LINK_COLUMNS: readonly ColumnSpec<SeedContact>[] = [
  { name: 'tenant_id', type: 'uuid', value: (_c, ctx) => ctx.tenantId },
  { name: 'contact_id', type: 'uuid', value: (c) => c.id },
  { name: 'company_id', type: 'uuid', value: (c) => c.companyId ?? null },
  { name: 'role', type: 'text', value: (c) => c.title },
  { name: 'is_primary', type: 'boolean', value: () => 't' },
  { name: 'created_at', type: 'timestamptz', value: (c) => c.createdAt.toISOString() },
];
