import type { z } from 'zod';
import type { Actor } from '../../platform/access/actor';
import { recordChange } from '../../platform/audit/record-change';
import type { Tx } from '../../platform/db/database';
import { isUuid, newId } from '../../platform/db/ids';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { AppError, invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import type { clusterResponse, ListDuplicatesInput } from './duplicate-clusters.schemas';
import * as repo from './duplicates.repo';
import { scanKind } from './duplicates.scan';
import * as jobs from './job-progress.repo';
import { STALE_AFTER_SECONDS } from './job-progress.service';

type ClusterResponse = z.infer<typeof clusterResponse>;

/**
 * Queues a workspace duplicate scan and returns its job id; the caller starts it after commit
 * ({@link runDuplicateScan}). A scan of the same type already under way is reused, not doubled.
 */
export async function requestDuplicateScan(
  ctx: RequestContext,
  objectType: repo.DuplicateObjectType,
): Promise<{ jobId: string; fresh: boolean }> {
  const { tx, actor } = ctx;
  const active = await jobs.findActiveJob(tx, actor.tenantId, scanKind(objectType), STALE_AFTER_SECONDS);
  if (active) return { jobId: active.id, fresh: false };
  const job = await jobs.insertJob(tx, {
    tenantId: actor.tenantId,
    id: newId(),
    kind: scanKind(objectType),
    createdBy: actor.userId,
  });
  return { jobId: job.id, fresh: true };
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * Clusters of one status, highest score first, each with the key fields of its live records that
 * the actor may see. A cluster with fewer than two such records is left out.
 */
export async function listDuplicateClusters(
  tx: Tx,
  actor: Actor,
  input: ListDuplicatesInput,
): Promise<{ data: ClusterResponse[]; nextCursor: string | null }> {
  const position = input.cursor ? decodeCursor(input.cursor, 2) : undefined;
  if (position && (!Number.isInteger(position[0]) || !isUuid(String(position[1])))) {
    throw invalid([
      { field: 'cursor', code: 'invalid_cursor', message: 'Not a cursor returned by this API' },
    ]);
  }
  const rows = await repo.listClusters(tx, actor.tenantId, {
    objectType: input.objectType,
    status: input.status,
    limit: input.limit + 1,
    after: position ? { score: Number(position[0]), id: String(position[1]) } : undefined,
  });
  const page = rows.slice(0, input.limit);
  const records = await repo.clusterRecords(tx, actor, input.objectType, [
    ...new Set(page.flatMap((c) => c.recordIds)),
  ]);
  const byId = new Map(records.map((r) => [r.id, { ...r, createdAt: new Date(r.createdAt).toISOString() }]));
  const data = page.flatMap((c): ClusterResponse[] => {
    const seen = c.recordIds.flatMap((id) => byId.get(id) ?? []);
    if (seen.length < 2) return [];
    return [
      {
        id: c.id,
        objectType: c.objectType,
        reasons: c.reasons,
        score: c.score,
        status: c.status,
        records: seen,
        createdAt: iso(c.createdAt) as string,
        resolvedAt: iso(c.resolvedAt),
      },
    ];
  });
  const last = page.at(-1);
  return { data, nextCursor: rows.length > input.limit && last ? encodeCursor([last.score, last.id]) : null };
}

/** Marks a cluster "not duplicates": later scans do not re-open the same set of records. */
export async function dismissCluster(
  ctx: RequestContext,
  id: string,
): Promise<{ id: string; status: string }> {
  const { tx, actor } = ctx;
  const cluster = await repo.findCluster(tx, actor.tenantId, id);
  if (!cluster) throw notFound('Duplicate cluster');
  const visible = await repo.clusterRecords(
    tx,
    actor,
    cluster.objectType as repo.DuplicateObjectType,
    cluster.recordIds,
  );
  if (visible.length < 2) throw notFound('Duplicate cluster');
  if (cluster.status === 'merged') throw new AppError('conflict', 'These records were already merged');
  const row = await repo.setClusterStatus(tx, actor.tenantId, id, 'dismissed');
  await recordChange(ctx, {
    action: 'dismiss',
    objectType: 'duplicate_cluster',
    objectId: id,
    before: { status: cluster.status },
    after: { status: row.status, recordIds: row.recordIds },
  });
  return { id: row.id, status: row.status };
}
