import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import { deferWrite, type Tx } from '../../platform/db/database';
import { insertAllColumns } from '../../platform/db/statements';
import type { ListPlan } from './customer-list';
import { contacts } from './customers.schema';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;

/** Rows the actor may see, optionally including soft-deleted ones. */
function visible(actor: Actor, includeDeleted = false): SQL | undefined {
  return and(ownerScope(actor, contacts.ownerId), includeDeleted ? undefined : isNull(contacts.deletedAt));
}

const insertContactStatement = insertAllColumns(contacts);

/** What a new contact holds in the columns its input leaves out: the table's defaults. */
function newContactRow(values: NewContactRow, now: Date): ContactRow {
  const row: ContactRow = {
    tenantId: values.tenantId,
    id: values.id,
    name: values.name,
    phones: [],
    phoneKeys: [],
    ownerId: null,
    source: null,
    tags: [],
    custom: {},
    searchText: '',
    searchTokens: [],
    importBatchId: null,
    mergedInto: null,
    createdBy: null,
    updatedBy: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    gender: null,
    title: null,
    emails: [],
    emailKeys: [],
    email: null,
    phone: null,
    addresses: [],
    provinceCode: null,
    cityCode: null,
    districtCode: null,
    birthday: null,
    lifecycleStage: null,
    consent: {},
    notes: null,
    companyName: null,
    primaryCompanyId: null,
    lastActivityAt: null,
  };
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (row as Record<string, unknown>)[key] = value;
  }
  return row;
}

/**
 * Inserts a contact and returns the row as stored, without a round trip of its own: the row is
 * complete before it is sent (defaults filled in here, timestamps from this clock), and the write
 * travels with the next statement or COMMIT (see `deferWrite`; a failure fails the transaction).
 */
export async function insertContact(tx: Tx, values: NewContactRow): Promise<ContactRow> {
  const row = newContactRow(values, new Date());
  await deferWrite(tx, insertContactStatement(row));
  return row;
}

/** One contact within the actor's reach (deleted ones only when asked). */
export async function findVisibleContact(
  tx: Tx,
  actor: Actor,
  id: string,
  includeDeleted = false,
): Promise<ContactRow | undefined> {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), visible(actor, includeDeleted)));
  return row;
}

/** The live contacts among `ids` within the actor's reach. */
export async function findVisibleContacts(tx: Tx, actor: Actor, ids: string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(contacts)
    .where(and(inArray(contacts.id, ids), visible(actor)));
}

/** Updates when the row is still at `expectedVersion` (if given); bumps the version. */
export async function updateContactRow(
  tx: Tx,
  id: string,
  changes: Partial<NewContactRow>,
  expectedVersion: number | undefined,
): Promise<ContactRow | undefined> {
  const [row] = await tx
    .update(contacts)
    .set({ ...changes, version: sql`${contacts.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(contacts.id, id),
        expectedVersion === undefined ? undefined : eq(contacts.version, expectedVersion),
      ),
    )
    .returning();
  return row;
}

/** One keyset page of a compiled list plan (filter, sort, scope, cursor), with each row's sort key. */
export async function listContactPage(
  tx: Tx,
  plan: ListPlan,
): Promise<Array<ContactRow & { sortKey: unknown[] }>> {
  const rows = await tx
    .select({ row: contacts, sortKey: plan.key })
    .from(contacts)
    .where(plan.where)
    .orderBy(plan.orderBy)
    .limit(plan.limit + 1);
  return rows.map((r) => ({ ...r.row, sortKey: r.sortKey as unknown[] }));
}

/** The contacts whose primary company is `companyId` (for keeping `company_name` in sync). */
export async function findContactsByPrimaryCompany(
  tx: Tx,
  companyId: string,
): Promise<Array<Pick<ContactRow, 'id' | 'name' | 'phoneKeys' | 'emailKeys'>>> {
  return tx
    .select({
      id: contacts.id,
      name: contacts.name,
      phoneKeys: contacts.phoneKeys,
      emailKeys: contacts.emailKeys,
    })
    .from(contacts)
    .where(eq(contacts.primaryCompanyId, companyId));
}

/**
 * Writes the denormalized company name and recomputed search columns of many contacts at once.
 * Not a user edit: version and `updated_at` stay.
 */
export async function updateContactsCompanyName(
  tx: Tx,
  companyName: string | null,
  rows: Array<{ id: string; searchText: string; searchTokens: string[] }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    update contacts c
       set company_name = ${companyName}, search_text = v.search_text,
           search_tokens = array(select jsonb_array_elements_text(v.search_tokens))
      from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id, search_text: r.searchText, search_tokens: r.searchTokens })))}::jsonb)
           as v(id uuid, search_text text, search_tokens jsonb)
     where c.id = v.id`);
}
