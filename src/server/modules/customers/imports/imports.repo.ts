import { and, desc, eq, getTableColumns, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Actor } from '../../../platform/access/actor';
import { auditLog } from '../../../platform/audit/schema';
import { copyFrom, isPipelined, type Tx } from '../../../platform/db/database';
import { indexLookupRows } from '../../../platform/db/index-lookup';
import type { FieldError } from '../../../platform/http/errors';
import { companies, contactCompanies, contacts, importBatches, importRejections } from '../customers.schema';

export type ImportBatchRow = typeof importBatches.$inferSelect;
export type NewImportBatchRow = typeof importBatches.$inferInsert;
export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;

/** Batches whose creator is within the actor's reach (their own; a manager's team; admins all). */
function visibleBatches(actor: Actor) {
  return actor.visibleOwners === 'all' ? undefined : inArray(importBatches.createdBy, actor.visibleOwners);
}

export async function insertBatch(tx: Tx, row: NewImportBatchRow): Promise<ImportBatchRow> {
  const [created] = await tx.insert(importBatches).values(row).returning();
  return created;
}

/** One batch the actor may see. */
export async function findVisibleBatch(
  tx: Tx,
  actor: Actor,
  id: string,
): Promise<ImportBatchRow | undefined> {
  const [row] = await tx
    .select()
    .from(importBatches)
    .where(and(eq(importBatches.id, id), visibleBatches(actor)));
  return row;
}

/** A batch by id for its job (RLS keeps it within the transaction's workspace). */
export async function findBatch(tx: Tx, id: string): Promise<ImportBatchRow | undefined> {
  const [row] = await tx.select().from(importBatches).where(eq(importBatches.id, id));
  return row;
}

/** Newest first, keyset-paginated by (created_at, id). */
export async function listVisibleBatches(
  tx: Tx,
  actor: Actor,
  options: { limit: number; before?: { createdAt: string; id: string } },
): Promise<ImportBatchRow[]> {
  const before = options.before
    ? or(
        lt(importBatches.createdAt, new Date(options.before.createdAt)),
        and(
          eq(importBatches.createdAt, new Date(options.before.createdAt)),
          lt(importBatches.id, options.before.id),
        ),
      )
    : undefined;
  return tx
    .select()
    .from(importBatches)
    .where(and(visibleBatches(actor), before))
    .orderBy(desc(importBatches.createdAt), desc(importBatches.id))
    .limit(options.limit);
}

/** Changes a batch; with `fromStatuses`, only when it is in one of them (a state transition). */
export async function updateBatch(
  tx: Tx,
  id: string,
  changes: Partial<NewImportBatchRow>,
  fromStatuses?: readonly string[],
): Promise<ImportBatchRow | undefined> {
  const [row] = await tx
    .update(importBatches)
    .set({ ...changes, updatedAt: new Date() })
    .where(
      and(
        eq(importBatches.id, id),
        fromStatuses ? inArray(importBatches.status, [...fromStatuses]) : undefined,
      ),
    )
    .returning();
  return row;
}

/** Adds one chunk's outcome to the batch's durable progress. */
export async function addProgress(
  tx: Tx,
  id: string,
  p: { processedRows: number; created: number; updated: number; skipped: number; errors: number },
): Promise<void> {
  await tx
    .update(importBatches)
    .set({
      processedRows: p.processedRows,
      createdCount: sql`${importBatches.createdCount} + ${p.created}`,
      updatedCount: sql`${importBatches.updatedCount} + ${p.updated}`,
      skippedCount: sql`${importBatches.skippedCount} + ${p.skipped}`,
      errorCount: sql`${importBatches.errorCount} + ${p.errors}`,
      updatedAt: new Date(),
    })
    .where(eq(importBatches.id, id));
}

/** Records rejected rows in one statement; a retried chunk overwrites its earlier attempt's rows. */
export async function insertRejections(
  tx: Tx,
  tenantId: string,
  batchId: string,
  rows: Array<{ rowNumber: number; raw: string[]; reasons: FieldError[] }>,
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ row_number: r.rowNumber, raw: r.raw, reasons: r.reasons })));
  await tx.execute(sql`
    insert into import_rejections (tenant_id, batch_id, row_number, raw, reasons)
    select ${tenantId}, ${batchId}, r.row_number, r.raw, r.reasons
    from jsonb_to_recordset(${json}::jsonb) as r(row_number integer, raw jsonb, reasons jsonb)
    on conflict (tenant_id, batch_id, row_number) do update set raw = excluded.raw, reasons = excluded.reasons`);
}

/** Rejected rows in file order, a page at a time (for the CSV download). */
export async function listRejections(
  tx: Tx,
  batchId: string,
  afterRow: number,
  limit: number,
): Promise<Array<{ rowNumber: number; raw: string[]; reasons: FieldError[] }>> {
  return tx
    .select({
      rowNumber: importRejections.rowNumber,
      raw: importRejections.raw,
      reasons: importRejections.reasons,
    })
    .from(importRejections)
    .where(and(eq(importRejections.batchId, batchId), sql`${importRejections.rowNumber} > ${afterRow}`))
    .orderBy(importRejections.rowNumber)
    .limit(limit);
}

/** What a duplicate lookup needs of a contact. */
export type ContactKeys = Pick<ContactRow, 'id' | 'ownerId' | 'phoneKeys' | 'emailKeys' | 'createdAt'>;

/**
 * Live contacts of the workspace holding any of these phone or e-mail keys, oldest first, so the
 * earliest record wins when a row matches several. One GIN probe per key (`@> array[key]` in a
 * lateral join), phones and e-mails in one statement: a single `&& $keys` with a chunk's thousand
 * keys is planned as a sequential scan comparing every row with every key (0.6 s per chunk at 20k
 * rows, growing with the table), a probe per key stays at a few milliseconds.
 */
export async function findContactKeys(
  tx: Tx,
  tenantId: string,
  phoneKeys: string[],
  emailKeys: string[],
): Promise<ContactKeys[]> {
  if (phoneKeys.length + emailKeys.length === 0) return [];
  const probe = (column: SQL, keys: string[]) => sql`
    select c.id, c.owner_id, c.phone_keys, c.email_keys, c.created_at
    from unnest(${sql.param(keys)}::text[]) as k(key)
    cross join lateral (
      select id, owner_id, phone_keys, email_keys, created_at from contacts
      where tenant_id = ${tenantId} and ${column} @> array[k.key] and deleted_at is null
    ) c`;
  // Explicit tenant condition + the lookup role: the GIN index applies despite RLS.
  const found = await indexLookupRows<{
    id: string;
    owner_id: string | null;
    phone_keys: string[];
    email_keys: string[];
    created_at: Date | string;
  }>(tx, sql`${probe(sql`phone_keys`, phoneKeys)} union ${probe(sql`email_keys`, emailKeys)}`);
  const rows = found.map((r) => ({
    id: r.id,
    ownerId: r.owner_id,
    phoneKeys: r.phone_keys,
    emailKeys: r.email_keys,
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  }));
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

/**
 * A table's columns: property key, SQL name, the default when it is a plain value, and how a value
 * is written as COPY text (`array` = a PostgreSQL array literal, `json` = JSON).
 */
function columnsOf(table: PgTable) {
  return Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    name: column.name,
    fallback: ['string', 'number', 'boolean'].includes(typeof column.default) ? column.default : null,
    kind: column.columnType === 'PgArray' ? 'array' : column.dataType === 'json' ? 'json' : 'plain',
  }));
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const ARRAY_SPECIAL = /[\\"]/g;

/** A value in COPY text format: backslash, tab and line breaks escaped; null is `\N`. */
function copyText(value: unknown, kind: string): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (kind === 'array') {
    text = `{${(value as unknown[])
      .map((v) => (v === null ? 'NULL' : `"${String(v).replace(ARRAY_SPECIAL, '\\$&')}"`))
      .join(',')}}`;
  } else if (kind === 'json') text = JSON.stringify(value);
  else if (value instanceof Date) text = value.toISOString();
  else text = String(value);
  if (!COPY_SPECIAL.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const CONTACT_COLUMNS = columnsOf(contacts);
const COMPANY_COLUMNS = columnsOf(companies);

/**
 * Inserts many rows in one statement with ONE parameter (a JSON array expanded by
 * `jsonb_populate_recordset`): far cheaper than thousands of bind parameters, on both drivers.
 * Columns no row gives take their defaults. Returns the rows as stored, built here rather than
 * sent back (`returning *` of a thousand rows with their search columns costs more than the
 * insert), so callers set every column whose default is an expression (`createdAt`); the others
 * have plain defaults (`version` 1) or none (null).
 */
async function insertRecords<T>(
  tx: Tx,
  table: 'contacts' | 'companies',
  columns: ReturnType<typeof columnsOf>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<T[]> {
  if (rows.length === 0) return [];
  const used = columns.filter((c) => rows.some((r) => r[c.key] !== undefined));
  const names = sql.raw(used.map((c) => `"${c.name}"`).join(', '));
  if (isPipelined(tx)) {
    // PostgreSQL: COPY into a staging table, then one INSERT … SELECT under RLS. Parsing COPY text
    // costs PostgreSQL about half of what expanding the same rows from one JSON document does (ADR 0007).
    const stage = sql.raw(`import_stage_${table}`);
    await tx.execute(
      sql`create temp table ${stage} on commit drop as select ${names} from ${sql.raw(table)} with no data`,
    );
    let text = '';
    for (const r of rows) {
      for (let i = 0; i < used.length; i++) {
        if (i > 0) text += '\t';
        text += copyText(r[used[i].key], used[i].kind);
      }
      text += '\n';
    }
    await copyFrom(tx, `import_stage_${table} (${used.map((c) => `"${c.name}"`).join(', ')})`, text);
    await tx.execute(sql`insert into ${sql.raw(table)} (${names}) select ${names} from ${stage}`);
    await tx.execute(sql`drop table ${stage}`);
  } else {
    const json = rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const c of used) {
        const v = r[c.key];
        o[c.name] = v instanceof Date ? v.toISOString() : v;
      }
      return o;
    });
    await tx.execute(sql`
      insert into ${sql.raw(table)} (${names})
      select ${names} from jsonb_populate_recordset(null::${sql.raw(table)}, ${JSON.stringify(json)}::jsonb)`);
  }
  return rows.map((r) => {
    const stored: Record<string, unknown> = {};
    for (const c of columns) stored[c.key] = r[c.key] !== undefined ? r[c.key] : c.fallback;
    return stored as T;
  });
}

/** Inserts new contacts (`createdAt` and `updatedAt` set) in one statement. */
export async function insertContacts(tx: Tx, rows: NewContactRow[]): Promise<ContactRow[]> {
  return insertRecords<ContactRow>(tx, 'contacts', CONTACT_COLUMNS, rows);
}

/** Overwrites a contact's values (import update / undo); bumps the version. */
export async function updateContactValues(
  tx: Tx,
  id: string,
  values: Partial<NewContactRow>,
): Promise<ContactRow | undefined> {
  const [row] = await tx
    .update(contacts)
    .set({ ...values, version: sql`${contacts.version} + 1`, updatedAt: new Date() })
    .where(eq(contacts.id, id))
    .returning();
  return row;
}

/** Live companies with exactly these names, oldest first. */
export async function findCompaniesByName(
  tx: Tx,
  names: string[],
): Promise<Array<{ id: string; name: string }>> {
  if (names.length === 0) return [];
  return tx
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(sql`${companies.name} = any(${sql.param(names)}::text[])`, isNull(companies.deletedAt)))
    .orderBy(companies.createdAt);
}

/** Inserts new companies (`createdAt` and `updatedAt` set) in one statement. */
export async function insertCompanies(
  tx: Tx,
  rows: Array<typeof companies.$inferInsert>,
): Promise<Array<typeof companies.$inferSelect>> {
  return insertRecords(tx, 'companies', COMPANY_COLUMNS, rows);
}

/** Makes `companyId` the contact's primary company, keeping its other links as secondary. */
export async function setPrimaryCompany(
  tx: Tx,
  tenantId: string,
  contactId: string,
  companyId: string,
): Promise<void> {
  await tx
    .update(contactCompanies)
    .set({ isPrimary: sql`${contactCompanies.companyId} = ${companyId}` })
    .where(eq(contactCompanies.contactId, contactId));
  await tx
    .insert(contactCompanies)
    .values({ tenantId, contactId, companyId, isPrimary: true })
    .onConflictDoUpdate({
      target: [contactCompanies.tenantId, contactCompanies.contactId, contactCompanies.companyId],
      set: { isPrimary: true },
    });
}

/** Primary links of newly created contacts, in one statement. */
export async function insertPrimaryLinks(
  tx: Tx,
  tenantId: string,
  links: Array<{ contactId: string; companyId: string }>,
): Promise<void> {
  if (links.length === 0) return;
  await tx.execute(sql`
    insert into contact_companies (tenant_id, contact_id, company_id, is_primary)
    select ${tenantId}, l.contact_id, l.company_id, true
    from unnest(${sql.param(links.map((l) => l.contactId))}::uuid[], ${sql.param(links.map((l) => l.companyId))}::uuid[])
      as l(contact_id, company_id)`);
}

/**
 * The contacts an import updated, with their before/after images, from the audit trail (an update
 * leaves `import_batch_id`, the batch that created the record, unchanged). Oldest first.
 */
export async function findImportUpdates(
  tx: Tx,
  requestId: string,
): Promise<Array<{ objectId: string; before: unknown; after: unknown }>> {
  return tx
    .select({ objectId: auditLog.objectId, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.objectType, 'contact'),
        eq(auditLog.requestId, requestId),
        eq(auditLog.action, 'update'),
      ),
    )
    .orderBy(auditLog.id);
}

/** Contacts by id, deleted ones included. */
export async function findContactsByIds(tx: Tx, ids: string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return tx.select().from(contacts).where(inArray(contacts.id, ids));
}

/** The live contacts a batch created, a page at a time. */
export async function findLiveBatchContacts(tx: Tx, batchId: string, limit: number): Promise<ContactRow[]> {
  return tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.importBatchId, batchId), isNull(contacts.deletedAt)))
    .orderBy(contacts.id)
    .limit(limit);
}

/** Soft-deletes these contacts in one statement; returns them as they are now. */
export async function softDeleteContacts(tx: Tx, ids: string[], by: string): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return tx
    .update(contacts)
    .set({
      deletedAt: new Date(),
      updatedBy: by,
      version: sql`${contacts.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(inArray(contacts.id, ids), isNull(contacts.deletedAt)))
    .returning();
}
