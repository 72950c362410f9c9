import type { Actor } from '../../platform/access/actor';
import type { Tx } from '../../platform/db/database';
import { notFound } from '../../platform/http/errors';
import * as repo from './job-progress.repo';

/**
 * A running job whose progress has not moved for this long is reported `stale`: the process
 * running it died (its final write never happened, so nothing is half-done); start it again.
 */
export const STALE_AFTER_SECONDS = 120;

/** A background job as the API shows it. */
export interface JobResponse {
  id: string;
  kind: string;
  /** queued, running, done, failed, or stale (its process stopped; start it again). */
  status: string;
  total: number | null;
  done: number;
  result: unknown;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The one place a job row becomes an API object. */
export function presentJob(row: repo.JobRow, now = Date.now()): JobResponse {
  const stale =
    (row.status === 'running' || row.status === 'queued') &&
    now - new Date(row.updatedAt).getTime() > STALE_AFTER_SECONDS * 1000;
  return {
    id: row.id,
    kind: row.kind,
    status: stale ? 'stale' : row.status,
    total: row.total,
    done: row.done,
    result: row.result ?? null,
    error: row.error,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** True when a job will not change any more. */
export const isFinished = (job: JobResponse) =>
  job.status === 'done' || job.status === 'failed' || job.status === 'stale';

/** A job of the actor's workspace; 404 for another workspace's. */
export async function getJob(tx: Tx, actor: Actor, id: string): Promise<JobResponse> {
  const row = await repo.findJob(tx, actor.tenantId, id);
  if (!row) throw notFound('Job');
  return presentJob(row);
}
