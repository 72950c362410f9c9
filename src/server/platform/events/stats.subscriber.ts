import { sql } from 'drizzle-orm';
import { deferWrite } from '../db/database';
import type { Subscriber } from './dispatcher';

/**
 * Keeps per-workspace totals of records created and deleted, so screens can show "12,345 contacts"
 * without counting a million rows. Any `<object>.created|deleted|restored` event counts.
 */
export const statsSubscriber: Subscriber = {
  name: 'workspace-stats',
  events: '*',
  async handle(tx, events) {
    const totals = new Map<string, { created: number; deleted: number }>();
    for (const e of events) {
      const verb = e.type.slice(e.type.lastIndexOf('.') + 1);
      const delta =
        verb === 'created' ? [1, 0] : verb === 'deleted' ? [0, 1] : verb === 'restored' ? [0, -1] : null;
      if (!delta) continue;
      const t = totals.get(e.objectType) ?? { created: 0, deleted: 0 };
      t.created += delta[0];
      t.deleted += delta[1];
      totals.set(e.objectType, t);
    }
    for (const [objectType, t] of totals) {
      await deferWrite(
        tx,
        sql`
        insert into workspace_stats (tenant_id, object_type, created, deleted)
        values (guanxi_current_tenant(), ${objectType}, ${t.created}, ${t.deleted})
        on conflict (tenant_id, object_type) do update
          set created = workspace_stats.created + excluded.created,
              deleted = workspace_stats.deleted + excluded.deleted, updated_at = now()`,
      );
    }
  },
};
