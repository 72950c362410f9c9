import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { memberships, workspaces } from '../../platform/auth/schema';
import { deletedAt, tenantId, timestamps, version } from '../../platform/db/columns';

/** A phone as stored: E.164 plus its kind. */
export interface StoredPhone {
  type: 'mobile' | 'work' | 'home' | 'fax' | 'other';
  number: string;
}
/** An e-mail as stored: lower-cased. */
export interface StoredEmail {
  type: 'work' | 'personal' | 'other';
  address: string;
}
/** An address: Chinese ones carry GB/T 2260 codes for province, city and district. */
export interface StoredAddress {
  type: 'work' | 'home' | 'billing' | 'shipping' | 'other';
  country: string;
  province?: string | null;
  provinceCode?: string | null;
  city?: string | null;
  cityCode?: string | null;
  district?: string | null;
  districtCode?: string | null;
  street?: string | null;
  postalCode?: string | null;
}
/** Marketing consent per channel (PIPL/GDPR). */
export interface Consent {
  email?: 'granted' | 'denied' | 'unknown';
  sms?: 'granted' | 'denied' | 'unknown';
  phone?: 'granted' | 'denied' | 'unknown';
  updatedAt?: string;
  source?: string;
}

/** Columns shared by every customer record (contacts and companies). */
const customerColumns = () => ({
  tenantId: tenantId(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  phones: jsonb('phones').$type<StoredPhone[]>().notNull().default(sql`'[]'::jsonb`),
  /** E.164 of every phone, for exact duplicate lookups (GIN). */
  phoneKeys: text('phone_keys').array().notNull().default(sql`'{}'::text[]`),
  ownerId: uuid('owner_id'),
  source: text('source'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  /** Custom field values, validated against `custom_fields` metadata. */
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  /** Search document (name, pinyin, initials, e-mails, phone digits, companies) — trigram-indexed. */
  searchText: text('search_text').notNull().default(''),
  /** Whole search tokens (Han characters and bigrams, pinyin, initials) — GIN-indexed. */
  searchTokens: text('search_tokens').array().notNull().default(sql`'{}'::text[]`),
  importBatchId: uuid('import_batch_id'),
  /** Set on the losers of a merge: the record they were merged into. */
  mergedInto: uuid('merged_into'),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  version: version(),
  ...timestamps(),
  deletedAt: deletedAt(),
});

/** Companies (accounts). */
export const companies = pgTable(
  'companies',
  {
    ...customerColumns(),
    industry: text('industry'),
    size: text('size'),
    website: text('website'),
    address: jsonb('address').$type<StoredAddress | null>(),
    provinceCode: text('province_code'),
    cityCode: text('city_code'),
    districtCode: text('district_code'),
    notes: text('notes'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
    foreignKey({
      columns: [t.tenantId, t.ownerId],
      foreignColumns: [memberships.tenantId, memberships.userId],
    }),
    index('companies_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('companies_name_idx').on(t.tenantId, t.name, t.id),
    index('companies_owner_idx').on(t.tenantId, t.ownerId),
    index('companies_phone_keys_idx').using('gin', t.phoneKeys),
    index('companies_search_text_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('companies_search_tokens_idx').using('gin', t.searchTokens),
    index('companies_import_batch_idx')
      .on(t.tenantId, t.importBatchId)
      .where(sql`import_batch_id is not null`),
  ],
);

/** People the workspace does business with. */
export const contacts = pgTable(
  'contacts',
  {
    ...customerColumns(),
    gender: text('gender'),
    title: text('title'),
    emails: jsonb('emails').$type<StoredEmail[]>().notNull().default(sql`'[]'::jsonb`),
    /** Lower-cased e-mails, for exact duplicate lookups (GIN). */
    emailKeys: text('email_keys').array().notNull().default(sql`'{}'::text[]`),
    /** First e-mail and phone: the simple `email` / `phone` of the API, sortable and filterable. */
    email: text('email'),
    phone: text('phone'),
    addresses: jsonb('addresses').$type<StoredAddress[]>().notNull().default(sql`'[]'::jsonb`),
    provinceCode: text('province_code'),
    cityCode: text('city_code'),
    districtCode: text('district_code'),
    birthday: date('birthday'),
    lifecycleStage: text('lifecycle_stage'),
    consent: jsonb('consent').$type<Consent>().notNull().default(sql`'{}'::jsonb`),
    notes: text('notes'),
    /** Denormalized name of the primary company: list column, search and dedup (name + company). */
    companyName: text('company_name'),
    primaryCompanyId: uuid('primary_company_id'),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
    foreignKey({
      columns: [t.tenantId, t.ownerId],
      foreignColumns: [memberships.tenantId, memberships.userId],
    }),
    index('contacts_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('contacts_updated_idx').on(t.tenantId, t.updatedAt, t.id),
    index('contacts_name_idx').on(t.tenantId, t.name, t.id),
    // List pages filter on a standard field and sort with the id as tie-breaker: each index below is
    // (tenant, field, sort key, id), so "field = x ORDER BY key, id" and its keyset cursor are one
    // range scan. Owner and stage views sort newest first by default; province views by name, which a
    // walk of contacts_name_idx cannot serve because the names without a province (Latin ones) sort
    // first. Rows without a province are left out: "province = x" never wants them.
    index('contacts_owner_idx').on(t.tenantId, t.ownerId, t.createdAt, t.id),
    index('contacts_stage_idx').on(t.tenantId, t.lifecycleStage, t.createdAt, t.id),
    index('contacts_province_name_idx')
      .on(t.tenantId, t.provinceCode, t.name, t.id)
      .where(sql`province_code is not null`),
    index('contacts_company_idx').on(t.tenantId, t.primaryCompanyId),
    index('contacts_tags_idx').using('gin', t.tags),
    // Duplicate lookups probe these on every write and import chunk: no pending list, whose linear
    // scan on every probe costs ~0.5 ms each after a bulk insert (ADR 0005).
    index('contacts_phone_keys_idx').using('gin', t.phoneKeys).with({ fastupdate: false }),
    index('contacts_email_keys_idx').using('gin', t.emailKeys).with({ fastupdate: false }),
    index('contacts_search_text_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('contacts_search_tokens_idx').using('gin', t.searchTokens),
    index('contacts_custom_idx').using('gin', sql`${t.custom} jsonb_path_ops`),
    index('contacts_import_batch_idx')
      .on(t.tenantId, t.importBatchId)
      .where(sql`import_batch_id is not null`),
  ],
);

/** Which contacts work at which companies, with their role; one link may be primary. */
export const contactCompanies = pgTable(
  'contact_companies',
  {
    tenantId: tenantId(),
    contactId: uuid('contact_id').notNull(),
    companyId: uuid('company_id').notNull(),
    role: text('role'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.contactId, t.companyId] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }),
    index('contact_companies_company_idx').on(t.tenantId, t.companyId),
  ],
);

/** Metadata of admin-defined custom fields (DESIGN §4.1); values live in each record's `custom`. */
export const customFields = pgTable(
  'custom_fields',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    key: text('key').notNull(),
    type: text('type').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    required: boolean('required').notNull().default(false),
    isUnique: boolean('is_unique').notNull().default(false),
    options: jsonb('options').$type<Array<{ value: string; labelZh: string; labelEn: string }>>(),
    lookupTarget: text('lookup_target'),
    position: integer('position').notNull().default(0),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
    uniqueIndex('custom_fields_key').on(t.tenantId, t.objectType, t.key),
  ],
);

/** Saved list views: filter, sort and columns; personal (owner only) or shared with the workspace. */
export const savedViews = pgTable(
  'saved_views',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id').notNull(),
    visibility: text('visibility').notNull().default('personal'),
    filter: jsonb('filter'),
    sort: text('sort'),
    columns: jsonb('columns').$type<string[]>(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
    index('saved_views_object_idx').on(t.tenantId, t.objectType),
  ],
);

/** One import run: mapping, policy, progress and outcome; its rows carry `import_batch_id`. */
export const importBatches = pgTable(
  'import_batches',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    filename: text('filename').notNull(),
    /** Where the uploaded file is kept until the import is done (server-side path). */
    filePath: text('file_path'),
    status: text('status').notNull().default('uploaded'),
    mapping: jsonb('mapping').$type<Record<string, string>>(),
    dedupPolicy: text('dedup_policy').notNull().default('skip'),
    totalRows: integer('total_rows'),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    error: text('error'),
    createdBy: uuid('created_by').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
  ],
);

/** Rows an import rejected, with the reasons: downloadable as CSV. */
export const importRejections = pgTable(
  'import_rejections',
  {
    tenantId: tenantId(),
    batchId: uuid('batch_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    raw: jsonb('raw').$type<string[]>().notNull(),
    reasons: jsonb('reasons').$type<Array<{ field: string; code: string; message: string }>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.batchId, t.rowNumber] }),
    foreignKey({
      columns: [t.tenantId, t.batchId],
      foreignColumns: [importBatches.tenantId, importBatches.id],
    }),
  ],
);

/** Duplicate clusters found by the background scan, for people to review and merge. */
export const duplicateClusters = pgTable(
  'duplicate_clusters',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    scanId: uuid('scan_id').notNull(),
    recordIds: uuid('record_ids').array().notNull(),
    /** Why they look alike: same_phone, same_email, similar_name_company. */
    reasons: text('reasons').array().notNull(),
    score: integer('score').notNull(),
    status: text('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
    index('duplicate_clusters_status_idx').on(t.tenantId, t.objectType, t.status, t.score),
  ],
);

/** Background scans and exports: progress a screen can follow. */
export const jobsProgress = pgTable(
  'job_progress',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('queued'),
    total: integer('total'),
    done: integer('done').notNull().default(0),
    result: jsonb('result'),
    error: text('error'),
    createdBy: uuid('created_by'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
  ],
);
