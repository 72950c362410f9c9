import { asc } from 'drizzle-orm';
import { workspaceStats } from '../../platform/events/schema';
import type { RequestContext } from '../../platform/http/request-context';

/** Totals per object type, kept by the workspace-stats event subscriber (eventually consistent). */
export async function getWorkspaceStats(ctx: RequestContext) {
  const rows = await ctx.tx.select().from(workspaceStats).orderBy(asc(workspaceStats.objectType));
  return {
    objects: rows.map((r) => ({
      objectType: r.objectType,
      created: r.created,
      deleted: r.deleted,
      total: r.created - r.deleted,
    })),
  };
}
