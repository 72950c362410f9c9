import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/schema';
import { rowsOf, type Tx } from '../../platform/db/database';
import { contacts, importBatches } from './customers.schema';

export type ContactRow = typeof contacts.$inferSelect;

/** The audit trail of one record, oldest first. */
export async function findAuditOf(tx: Tx, objectType: string, objectId: string) {
  return tx
    .select({
      id: auditLog.id,
      occurredAt: auditLog.occurredAt,
      actorId: auditLog.actorId,
      actorType: auditLog.actorType,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
      requestId: auditLog.requestId,
    })
    .from(auditLog)
    .where(and(eq(auditLog.objectType, objectType), eq(auditLog.objectId, objectId)))
    .orderBy(auditLog.id);
}

/** Import batches by id (the ones that created or updated a record). */
export async function findImportBatches(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: importBatches.id,
      filename: importBatches.filename,
      status: importBatches.status,
      createdBy: importBatches.createdBy,
      createdAt: importBatches.createdAt,
    })
    .from(importBatches)
    .where(inArray(importBatches.id, ids))
    .orderBy(desc(importBatches.createdAt));
}

/** Records merged into this one (their data now lives here). */
export async function findMergedInto(tx: Tx, id: string): Promise<Array<{ id: string; name: string }>> {
  return tx
    .select({ id: contacts.id, name: contacts.name })
    .from(contacts)
    .where(eq(contacts.mergedInto, id));
}

/** Overwrites a contact's personal values with the anonymous ones; bumps the version. */
export async function anonymizeContact(
  tx: Tx,
  id: string,
  name: string,
  by: string,
): Promise<ContactRow | undefined> {
  const [row] = await tx
    .update(contacts)
    .set({
      name,
      gender: null,
      title: null,
      phones: [],
      phoneKeys: [],
      emails: [],
      emailKeys: [],
      email: null,
      phone: null,
      addresses: [],
      provinceCode: null,
      cityCode: null,
      districtCode: null,
      birthday: null,
      notes: null,
      custom: {},
      tags: [],
      searchText: '',
      searchTokens: [],
      updatedBy: by,
      version: sql`${contacts.version} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(contacts.id, id))
    .returning();
  return row;
}

/**
 * Blanks the before/after images of every audit row of one record, through the narrowly scoped
 * SECURITY DEFINER function of migration 0003 (the app role cannot UPDATE the audit log itself).
 */
export async function scrubAuditValues(
  tx: Tx,
  tenantId: string,
  objectType: string,
  objectId: string,
): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(
      sql`select guanxi_erase_audit_values(${tenantId}::uuid, ${objectType}, ${objectId}::uuid) as n`,
    ),
  );
  return Number(row?.n ?? 0);
}

/** Replaces the payloads of the record's events (delivered or not) with a marker. */
export async function scrubEventPayloads(tx: Tx, objectType: string, objectId: string): Promise<void> {
  await tx.execute(sql`update outbox set payload = '{"erased":true}'::jsonb
    where object_type = ${objectType} and object_id = ${objectId}::uuid`);
}

/** Forgets replayable responses (Idempotency-Key) that contain the record. */
export async function forgetIdempotentResponses(tx: Tx, objectId: string): Promise<void> {
  await tx.execute(sql`delete from idempotency_keys where response::text like ${`%${objectId}%`}`);
}
