import { and, desc, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import type { Tx } from '../../platform/db/database';
import { contacts } from './customers.schema';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;

/** Rows the actor may see, optionally including soft-deleted ones. */
function visible(actor: Actor, includeDeleted = false): SQL | undefined {
  return and(ownerScope(actor, contacts.ownerId), includeDeleted ? undefined : isNull(contacts.deletedAt));
}

export async function insertContact(tx: Tx, row: NewContactRow): Promise<ContactRow> {
  const [created] = await tx.insert(contacts).values(row).returning();
  return created;
}

export async function findVisibleContact(tx: Tx, actor: Actor, id: string, includeDeleted = false): Promise<ContactRow | undefined> {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), visible(actor, includeDeleted)));
  return row;
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
    .where(and(eq(contacts.id, id), expectedVersion === undefined ? undefined : eq(contacts.version, expectedVersion)))
    .returning();
  return row;
}

/** One keyset page, newest first. */
export async function listContactPage(
  tx: Tx,
  actor: Actor,
  options: { limit: number; after?: { createdAt: string; id: string }; q?: string },
): Promise<ContactRow[]> {
  const { after, q } = options;
  const afterCond = after
    ? sql`(${contacts.createdAt}, ${contacts.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
    : undefined;
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const search = pattern
    ? or(ilike(contacts.name, pattern), ilike(contacts.email, pattern), ilike(contacts.phone, pattern))
    : undefined;
  return tx
    .select()
    .from(contacts)
    .where(and(visible(actor), afterCond, search))
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(options.limit);
}
