import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { jobsProgress } from './customers.schema';

export type JobRow = typeof jobsProgress.$inferSelect;

/** Records a queued job. */
export async function insertJob(
  tx: Tx,
  row: { tenantId: string; id: string; kind: string; createdBy: string },
): Promise<JobRow> {
  const [job] = await tx
    .insert(jobsProgress)
    .values({ ...row, status: 'queued' })
    .returning();
  return job;
}

export async function findJob(tx: Tx, tenantId: string, id: string): Promise<JobRow | undefined> {
  const [job] = await tx
    .select()
    .from(jobsProgress)
    .where(and(eq(jobsProgress.tenantId, tenantId), eq(jobsProgress.id, id)));
  return job;
}

/** The newest queued or running job of a kind that reported progress within `freshSeconds`. */
export async function findActiveJob(
  tx: Tx,
  tenantId: string,
  kind: string,
  freshSeconds: number,
): Promise<JobRow | undefined> {
  const [job] = await tx
    .select()
    .from(jobsProgress)
    .where(
      and(
        eq(jobsProgress.tenantId, tenantId),
        eq(jobsProgress.kind, kind),
        inArray(jobsProgress.status, ['queued', 'running']),
        sql`${jobsProgress.updatedAt} > now() - make_interval(secs => ${freshSeconds})`,
      ),
    )
    .orderBy(desc(jobsProgress.createdAt))
    .limit(1);
  return job;
}

/**
 * Moves a queued job to running — or takes over a running one whose process stopped reporting
 * for `staleSeconds` (a retry after a crash); false when another worker holds it or it ended.
 */
export async function claimJob(
  tx: Tx,
  tenantId: string,
  id: string,
  total: number,
  staleSeconds: number,
): Promise<boolean> {
  const rows = await tx
    .update(jobsProgress)
    .set({ status: 'running', total, done: 0, error: null, updatedAt: new Date() })
    .where(
      and(
        eq(jobsProgress.tenantId, tenantId),
        eq(jobsProgress.id, id),
        sql`(${jobsProgress.status} = 'queued' or (${jobsProgress.status} = 'running'
          and ${jobsProgress.updatedAt} < now() - make_interval(secs => ${staleSeconds})))`,
      ),
    )
    .returning({ id: jobsProgress.id });
  return rows.length === 1;
}

/** Stores progress, and the outcome when the job ends. */
export async function updateJob(
  tx: Tx,
  tenantId: string,
  id: string,
  changes: Partial<Pick<JobRow, 'status' | 'done' | 'total' | 'result' | 'error'>>,
): Promise<void> {
  await tx
    .update(jobsProgress)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(jobsProgress.tenantId, tenantId), eq(jobsProgress.id, id)));
}
