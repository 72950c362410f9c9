import { type SQL, sql } from 'drizzle-orm';
import { pipeline, type Tx } from './database';

/**
 * Runs `lookup` as the read-only role `guanxi_lookup`, for index lookups that row-level security
 * would otherwise turn into scans of the whole workspace (GIN `&&`/`@>`, trigram `LIKE`; see
 * migration 0004). That role bypasses the tenant policy on contacts and companies, so EVERY query
 * run inside MUST filter `tenant_id = <actor's workspace>` explicitly (and apply the owner scope),
 * and must only read. The app role is restored afterwards, in the same transaction.
 */
export async function withIndexLookup<T>(tx: Tx, lookup: () => Promise<T>): Promise<T> {
  await tx.execute(sql`select set_config('role', 'guanxi_lookup', true)`);
  // If the lookup fails the transaction is aborted and rolls back: the role setting dies with it.
  const result = await lookup();
  await tx.execute(sql`select set_config('role', 'guanxi_app', true)`);
  return result;
}

/**
 * {@link withIndexLookup} for one query: the role switch, the query and the switch back are sent
 * together (one round trip on PostgreSQL). The same rules apply to `query`: explicit tenant
 * condition and owner scope, read only.
 */
export async function indexLookupRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const [, rows] = await pipeline(tx, [
    sql`select set_config('role', 'guanxi_lookup', true)`,
    query,
    sql`select set_config('role', 'guanxi_app', true)`,
  ]);
  return rows as T[];
}
