import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import type { Tx } from '../../platform/db/database';
import type { ListPlan } from './customer-list';
import { companies } from './customers.schema';

export type CompanyRow = typeof companies.$inferSelect;
export type NewCompanyRow = typeof companies.$inferInsert;

function visible(actor: Actor, includeDeleted = false): SQL | undefined {
  return and(ownerScope(actor, companies.ownerId), includeDeleted ? undefined : isNull(companies.deletedAt));
}

export async function insertCompany(tx: Tx, row: NewCompanyRow): Promise<CompanyRow> {
  const [created] = await tx.insert(companies).values(row).returning();
  return created;
}

/** One company within the actor's reach (deleted ones only when asked). */
export async function findVisibleCompany(
  tx: Tx,
  actor: Actor,
  id: string,
  includeDeleted = false,
): Promise<CompanyRow | undefined> {
  const [row] = await tx
    .select()
    .from(companies)
    .where(and(eq(companies.id, id), visible(actor, includeDeleted)));
  return row;
}

/** Names of the live companies among `ids` that the actor may see. */
export async function findVisibleCompanyNames(
  tx: Tx,
  actor: Actor,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(inArray(companies.id, ids), visible(actor)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Updates when the row is still at `expectedVersion` (if given); bumps the version. */
export async function updateCompanyRow(
  tx: Tx,
  id: string,
  changes: Partial<NewCompanyRow>,
  expectedVersion: number | undefined,
): Promise<CompanyRow | undefined> {
  const [row] = await tx
    .update(companies)
    .set({ ...changes, version: sql`${companies.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(companies.id, id),
        expectedVersion === undefined ? undefined : eq(companies.version, expectedVersion),
      ),
    )
    .returning();
  return row;
}

/** One keyset page of a compiled list plan, with each row's sort key. */
export async function listCompanyPage(
  tx: Tx,
  plan: ListPlan,
): Promise<Array<CompanyRow & { sortKey: unknown[] }>> {
  const rows = await tx
    .select({ row: companies, sortKey: plan.key })
    .from(companies)
    .where(plan.where)
    .orderBy(plan.orderBy)
    .limit(plan.limit + 1);
  return rows.map((r) => ({ ...r.row, sortKey: r.sortKey as unknown[] }));
}
