import { and, desc, eq, getTableColumns, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/access/actor';
import { auditLog } from '../../../platform/audit/schema';
import { rowsOf, type Tx } from '../../../platform/db/database';
import { withIndexLookup } from '../../../platform/db/index-lookup';
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

/** Records rejected rows; a retried chunk overwrites its earlier attempt's rows. */
export async function insertRejections(
  tx: Tx,
  tenantId: string,
  batchId: string,
  rows: Array<{ rowNumber: number; raw: string[]; reasons: FieldError[] }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(importRejections)
    .values(rows.map((r) => ({ tenantId, batchId, rowNumber: r.rowNumber, raw: r.raw, reasons: r.reasons })))
    .onConflictDoUpdate({
      target: [importRejections.tenantId, importRejections.batchId, importRejections.rowNumber],
      set: { raw: sql`excluded.raw`, reasons: sql`excluded.reasons` },
    });
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
 * earliest record wins when a row matches several. One `&&` per key kind (GIN); an OR of the two
 * keeps the planner from using either index.
 */
export async function findContactKeys(
  tx: Tx,
  tenantId: string,
  phoneKeys: string[],
  emailKeys: string[],
): Promise<ContactKeys[]> {
  const columns = {
    id: contacts.id,
    ownerId: contacts.ownerId,
    phoneKeys: contacts.phoneKeys,
    emailKeys: contacts.emailKeys,
    createdAt: contacts.createdAt,
  };
  const found = new Map<string, ContactKeys>();
  for (const [column, keys] of [
    [contacts.phoneKeys, phoneKeys],
    [contacts.emailKeys, emailKeys],
  ] as const) {
    if (keys.length === 0) continue;
    // Explicit tenant condition + the lookup role: the GIN index applies despite RLS.
    const rows = await withIndexLookup(tx, () =>
      tx
        .select(columns)
        .from(contacts)
        .where(
          and(
            eq(contacts.tenantId, tenantId),
            sql`${column} && ${sql.param(keys)}::text[]`,
            isNull(contacts.deletedAt),
          ),
        ),
    );
    for (const r of rows) found.set(r.id, r);
  }
  return [...found.values()].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  );
}

const CONTACT_COLUMNS = Object.entries(getTableColumns(contacts)).map(([key, column]) => ({
  key,
  name: column.name,
}));

/** A contact row as `returning *` gives it (snake_case) → the drizzle row type. */
function fromDbRow(raw: Record<string, unknown>): ContactRow {
  const row: Record<string, unknown> = {};
  for (const c of CONTACT_COLUMNS) {
    const value = raw[c.name];
    row[c.key] = value instanceof Date || value === null || value === undefined ? (value ?? null) : value;
  }
  for (const key of ['createdAt', 'updatedAt', 'deletedAt', 'lastActivityAt'] as const) {
    if (typeof row[key] === 'string') row[key] = new Date(row[key] as string);
  }
  return row as ContactRow;
}

/**
 * Inserts many contacts in one statement with ONE parameter (a JSON array expanded by
 * `jsonb_populate_recordset`): far cheaper than thousands of bind parameters, on both drivers.
 * Columns a row leaves out take their defaults.
 */
export async function insertContacts(tx: Tx, rows: NewContactRow[]): Promise<ContactRow[]> {
  if (rows.length === 0) return [];
  const used = CONTACT_COLUMNS.filter((c) =>
    rows.some((r) => (r as Record<string, unknown>)[c.key] !== undefined),
  );
  const json = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const c of used) {
      const v = (r as Record<string, unknown>)[c.key];
      o[c.name] = v instanceof Date ? v.toISOString() : v;
    }
    return o;
  });
  const names = sql.raw(used.map((c) => `"${c.name}"`).join(', '));
  const result = await tx.execute(sql`
    insert into contacts (${names})
    select ${names} from jsonb_populate_recordset(null::contacts, ${JSON.stringify(json)}::jsonb)
    returning *`);
  return rowsOf<Record<string, unknown>>(result).map(fromDbRow);
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
    .where(and(inArray(companies.name, names), isNull(companies.deletedAt)))
    .orderBy(companies.createdAt);
}

export async function insertCompanies(tx: Tx, rows: Array<typeof companies.$inferInsert>) {
  if (rows.length === 0) return [];
  return tx.insert(companies).values(rows).returning();
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
  await tx
    .insert(contactCompanies)
    .values(
      links.map((l) => ({ tenantId, contactId: l.contactId, companyId: l.companyId, isPrimary: true })),
    );
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
