import { and, eq, inArray, isNull, ne, type SQL, sql } from 'drizzle-orm';
import { memberships, workspaces } from '../../platform/auth/schema';
import type { Tx } from '../../platform/db/database';
import type { CustomerObject } from './custom-field-values';
import { companies, contacts } from './customers.schema';

/** Queries both customer objects share: workspace settings and the checks behind custom values. */

const TABLES = { contact: contacts, company: companies } as const;

/** The workspace's default phone region (ISO 3166 alpha-2), CN when unset. */
export async function findWorkspaceRegion(tx: Tx, tenantId: string): Promise<string> {
  return (await findWorkspaceMeta(tx, tenantId)).region;
}

/** The default region and the `meta_version` it was read at (null: no such workspace). */
export async function findWorkspaceMeta(
  tx: Tx,
  tenantId: string,
): Promise<{ region: string; metaVersion: number | null }> {
  const [row] = await tx
    .select({ region: workspaces.defaultRegion, metaVersion: workspaces.metaVersion })
    .from(workspaces)
    .where(eq(workspaces.tenantId, tenantId));
  return { region: row?.region ?? 'CN', metaVersion: row?.metaVersion ?? null };
}

/** Which of these user ids are active members of the workspace. */
export async function findActiveMemberIds(tx: Tx, tenantId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.tenantId, tenantId),
        inArray(memberships.userId, userIds),
        eq(memberships.status, 'active'),
      ),
    );
  return new Set(rows.map((r) => r.userId));
}

/** Which of these ids are live (not deleted) records of the object type. */
export async function findLiveRecordIds(
  tx: Tx,
  objectType: CustomerObject,
  ids: string[],
  scope?: SQL,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const t = TABLES[objectType];
  const rows = await tx
    .select({ id: t.id })
    .from(t)
    .where(and(inArray(t.id, ids), isNull(t.deletedAt), scope));
  return new Set(rows.map((r) => r.id));
}

/**
 * Serializes writers of one unique custom value in this workspace until the transaction ends, so
 * two concurrent writes cannot both pass the uniqueness check.
 */
export async function lockCustomValue(
  tx: Tx,
  objectType: CustomerObject,
  key: string,
  value: unknown,
): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`${objectType}:${key}:${JSON.stringify(value)}`}, 0))`,
  );
}

/** Another live record holding this custom value (jsonb containment, served by the GIN index on `custom`). */
export async function findCustomValueHolder(
  tx: Tx,
  objectType: CustomerObject,
  key: string,
  value: unknown,
  exceptId: string | undefined,
): Promise<string | undefined> {
  const t = TABLES[objectType];
  const [row] = await tx
    .select({ id: t.id })
    .from(t)
    .where(
      and(
        sql`${t.custom} @> ${JSON.stringify({ [key]: value })}::jsonb`,
        isNull(t.deletedAt),
        exceptId ? ne(t.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row?.id;
}

/** A value of a custom field that two or more live records share, if any (before making it unique). */
export async function findSharedCustomValue(
  tx: Tx,
  objectType: CustomerObject,
  key: string,
): Promise<unknown | undefined> {
  const t = TABLES[objectType];
  // The key is a literal (validated as an identifier) so that SELECT and GROUP BY are one expression.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    throw new Error(`custom field key "${key}" is not an identifier`);
  const value = sql`${t.custom} -> ${sql.raw(`'${key}'`)}`;
  const [row] = await tx
    .select({ value: sql<unknown>`${value}` })
    .from(t)
    .where(and(isNull(t.deletedAt), sql`${value} is not null`, sql`${value} <> 'null'::jsonb`))
    .groupBy(value)
    .having(sql`count(*) > 1`)
    .limit(1);
  return row?.value;
}
