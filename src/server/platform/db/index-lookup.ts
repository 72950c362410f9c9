import { type SQL, sql } from 'drizzle-orm';
import { pipeline, type Tx } from './database';

/** Options of {@link indexLookupRows}. */
export interface IndexLookupOptions {
  /**
   * Only bitmap scans: for trigram `LIKE '%…%'` fragments. PostgreSQL estimates any such pattern
   * at 4 % of the rows, so with a LIMIT it walks an unrelated index hoping to stop early — 177 ms
   * for a fragment 97 rows of 1M contain, against 0.7 ms through the trigram index (bench at 1M).
   */
  bitmapOnly?: boolean;
}

/**
 * Runs one query as the read-only role `guanxi_lookup`, for index lookups that row-level security
 * would otherwise turn into scans of the whole workspace (GIN `&&`/`@>`, trigram `LIKE`; see
 * migration 0004). That role bypasses the tenant policy on contacts and companies, so `query` MUST
 * filter `tenant_id = <actor's workspace>` explicitly (and apply the owner scope), and must only
 * read. The role switch, the query and the switch back are sent together (one round trip on
 * PostgreSQL); if the query fails the transaction rolls back and the role setting dies with it.
 */
export async function indexLookupRows<T>(tx: Tx, query: SQL, options: IndexLookupOptions = {}): Promise<T[]> {
  const scans = options.bitmapOnly ? 'off' : 'on';
  // Planned for its values whatever the transaction's plan mode (see TxScope.plans), restored after.
  const [, rows] = await pipeline(tx, [
    sql`select set_config('role', 'guanxi_lookup', true),
      set_config('enable_seqscan', ${scans}, true), set_config('enable_indexscan', ${scans}, true),
      set_config('app.plan_cache_mode', current_setting('plan_cache_mode'), true),
      set_config('plan_cache_mode', 'force_custom_plan', true)`,
    query,
    sql`select set_config('role', 'guanxi_app', true),
      set_config('enable_seqscan', 'on', true), set_config('enable_indexscan', 'on', true),
      set_config('plan_cache_mode', current_setting('app.plan_cache_mode'), true)`,
  ]);
  return rows as T[];
}
