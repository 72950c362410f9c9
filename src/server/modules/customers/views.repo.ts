import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { savedViews } from './customers.schema';

export type ViewRow = typeof savedViews.$inferSelect;
export type NewViewRow = typeof savedViews.$inferInsert;

/** Views of an object a user sees: their own and the shared ones, by name. */
export async function listVisibleViews(tx: Tx, userId: string, objectType: string): Promise<ViewRow[]> {
  return tx
    .select()
    .from(savedViews)
    .where(
      and(
        eq(savedViews.objectType, objectType),
        or(eq(savedViews.ownerId, userId), eq(savedViews.visibility, 'shared')),
      ),
    )
    .orderBy(asc(savedViews.name), asc(savedViews.id));
}

/** One view the user sees (their own or shared). */
export async function findVisibleView(tx: Tx, userId: string, id: string): Promise<ViewRow | undefined> {
  const [row] = await tx
    .select()
    .from(savedViews)
    .where(
      and(eq(savedViews.id, id), or(eq(savedViews.ownerId, userId), eq(savedViews.visibility, 'shared'))),
    );
  return row;
}

export async function insertView(tx: Tx, row: NewViewRow): Promise<ViewRow> {
  const [created] = await tx.insert(savedViews).values(row).returning();
  return created;
}

/** Updates when the row is still at `expectedVersion`; bumps the version. */
export async function updateViewRow(
  tx: Tx,
  id: string,
  changes: Partial<NewViewRow>,
  expectedVersion: number,
): Promise<ViewRow | undefined> {
  const [row] = await tx
    .update(savedViews)
    .set({ ...changes, version: sql`${savedViews.version} + 1`, updatedAt: new Date() })
    .where(and(eq(savedViews.id, id), eq(savedViews.version, expectedVersion)))
    .returning();
  return row;
}

export async function deleteViewRow(tx: Tx, id: string): Promise<void> {
  await tx.delete(savedViews).where(eq(savedViews.id, id));
}
