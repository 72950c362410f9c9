import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import type { CustomFieldDef, CustomFieldType } from './custom-field-values';
import { customFields } from './customers.schema';

export type CustomFieldRow = typeof customFields.$inferSelect;
export type NewCustomFieldRow = typeof customFields.$inferInsert;

function toDef(row: CustomFieldRow): CustomFieldDef {
  return {
    id: row.id,
    objectType: row.objectType,
    key: row.key,
    type: row.type as CustomFieldType,
    labelZh: row.labelZh,
    labelEn: row.labelEn,
    required: row.required,
    isUnique: row.isUnique,
    options: row.options ?? null,
    lookupTarget: row.lookupTarget,
    position: row.position,
    archivedAt: row.archivedAt,
  };
}

/**
 * The live (not archived) custom fields of an object type in the transaction's workspace, in
 * display order: what validation, filters and metadata read on every request.
 */
export async function loadCustomFields(tx: Tx, objectType: string): Promise<CustomFieldDef[]> {
  const rows = await tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.objectType, objectType), isNull(customFields.archivedAt)))
    .orderBy(asc(customFields.position), asc(customFields.createdAt));
  return rows.map(toDef);
}

/** Every custom field of the workspace, archived ones included (admin settings). */
export async function listAllCustomFields(tx: Tx, objectType?: string): Promise<CustomFieldRow[]> {
  return tx
    .select()
    .from(customFields)
    .where(objectType ? eq(customFields.objectType, objectType) : undefined)
    .orderBy(asc(customFields.objectType), asc(customFields.position), asc(customFields.createdAt));
}

/** One field by id (RLS keeps it within the workspace). */
export async function findCustomField(tx: Tx, id: string): Promise<CustomFieldRow | undefined> {
  const [row] = await tx.select().from(customFields).where(eq(customFields.id, id));
  return row;
}

/** Whether the object type already has a field with this key (archived ones included). */
export async function customFieldKeyExists(tx: Tx, objectType: string, key: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: customFields.id })
    .from(customFields)
    .where(and(eq(customFields.objectType, objectType), eq(customFields.key, key)));
  return row !== undefined;
}

/** The position after the last field of the object type. */
export async function nextCustomFieldPosition(tx: Tx, objectType: string): Promise<number> {
  const [row] = await tx
    .select({ last: max(customFields.position) })
    .from(customFields)
    .where(eq(customFields.objectType, objectType));
  return (row?.last ?? -1) + 1;
}

export async function insertCustomField(tx: Tx, row: NewCustomFieldRow): Promise<CustomFieldRow> {
  const [created] = await tx.insert(customFields).values(row).returning();
  return created;
}

/** Updates when the row is still at `expectedVersion`; bumps the version. */
export async function updateCustomFieldRow(
  tx: Tx,
  id: string,
  changes: Partial<NewCustomFieldRow>,
  expectedVersion: number,
): Promise<CustomFieldRow | undefined> {
  const [row] = await tx
    .update(customFields)
    .set({ ...changes, version: sql`${customFields.version} + 1`, updatedAt: new Date() })
    .where(and(eq(customFields.id, id), eq(customFields.version, expectedVersion)))
    .returning();
  return row;
}
