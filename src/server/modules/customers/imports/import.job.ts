import { sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/access/actor';
import type { Role } from '../../../platform/access/roles';
import { resolveVisibleOwners } from '../../../platform/access/scope';
import { recordChange } from '../../../platform/audit/record-change';
import { rowsOf } from '../../../platform/db/database';
import { AppError } from '../../../platform/http/errors';
import type { Platform } from '../../../platform/http/platform';
import { runAs } from '../../../platform/http/request-context';
import type { JobAttempt, JobDefinition } from '../../../platform/jobs/queue';
import { chunked, countDataRows, dataRows } from './file-rows';
import { type DedupPolicy, importChunk, type ValidatedChunk, validateChunk } from './import-rows';
import * as repo from './imports.repo';
import { IMPORT_JOB, importRequestId, loadImportSetup } from './imports.service';
import { removeUpload, uploadExists } from './upload-store';

/** Rows written per transaction: each commit also moves the durable progress forward. */
export const IMPORT_CHUNK_ROWS = 2_000;

/** Data of an import job. */
export interface ImportJobData {
  tenantId: string;
  batchId: string;
}

/** A failure retrying cannot fix: the import is marked failed at once. */
class PermanentFailure extends Error {}

/** The importer as an actor: their role and reach now, not when they uploaded. */
async function importerActor(platform: Platform, tenantId: string, userId: string): Promise<Actor> {
  return platform.db.tx({ tenantId, userId }, async (tx) => {
    const [member] = rowsOf<{ role: Role; team_id: string | null }>(
      await tx.execute(
        sql`select role, team_id from memberships where tenant_id = ${tenantId} and user_id = ${userId} and status = 'active'`,
      ),
    );
    if (!member)
      throw new PermanentFailure('The person who started this import is no longer a member of the workspace');
    return {
      tenantId,
      userId,
      role: member.role,
      via: 'session' as const,
      visibleOwners: await resolveVisibleOwners(tx, userId, member.role, member.team_id),
    };
  });
}

/**
 * Runs one import: streams the file, and per chunk of 2,000 rows validates, dedups and writes in one
 * transaction that also advances the batch's durable progress; the next chunk is validated while
 * the previous one is written. A retried or re-run import resumes after the last committed chunk.
 * Finishes by deleting the uploaded file.
 */
export async function runImportJob(
  platform: Platform,
  data: ImportJobData,
  attempt: JobAttempt,
): Promise<void> {
  const { tenantId, batchId } = data;
  const origin = { requestId: importRequestId(batchId), ip: '' };
  const claimed = await platform.db.tx({ tenantId }, async (tx) => {
    const batch = await repo.findBatch(tx, batchId);
    if (!batch || !['queued', 'running'].includes(batch.status)) return undefined;
    return repo.updateBatch(
      tx,
      batchId,
      { status: 'running', startedAt: batch.startedAt ?? new Date(), error: null },
      [batch.status],
    );
  });
  if (!claimed) return;
  try {
    const actor = await importerActor(platform, tenantId, claimed.createdBy);
    const file = claimed.filePath;
    if (!file || !(await uploadExists(file))) {
      throw new PermanentFailure(
        'The uploaded file is not on this node. With several nodes, GUANXI_DATA_DIR must be shared storage; upload the file again.',
      );
    }
    if (claimed.totalRows === null) {
      const total = await countDataRows(file, claimed.filename);
      await platform.db.tx({ tenantId }, (tx) => repo.updateBatch(tx, batchId, { totalRows: total }));
    }
    const setup = await runAs(platform, actor, origin, (ctx) =>
      loadImportSetup(ctx, claimed, claimed.mapping ?? {}, claimed.dedupPolicy as DedupPolicy),
    );
    const env = { tenantId, actorId: actor.userId };
    let processed = claimed.processedRows;
    let analyzedAt = 0;
    // While one chunk is written, the next is read and validated (no database needed): the
    // database and the job's CPU work side by side instead of taking turns.
    let writing: Promise<void> | undefined;
    let analyzing: Promise<void> | undefined;
    const write = async (chunk: ValidatedChunk, upTo: number) => {
      await runAs(platform, actor, origin, async (ctx) => {
        const outcome = await importChunk(ctx, setup, chunk);
        await repo.insertRejections(ctx.tx, tenantId, batchId, outcome.rejected);
        await repo.addProgress(ctx.tx, batchId, {
          processedRows: upTo,
          created: outcome.created,
          updated: outcome.updated,
          skipped: outcome.skipped,
          errors: outcome.rejected.length,
        });
      });
      // A bulk load outgrows the planner's statistics (and PGlite has no autovacuum to refresh
      // them): without fresh ones the duplicate lookups scan the table instead of the GIN indexes.
      // ANALYZE runs beside the next chunks (on PostgreSQL on its own connection); one at a time.
      if (upTo >= Math.max(2 * analyzedAt, IMPORT_CHUNK_ROWS)) {
        await analyzing;
        analyzing = platform.db.ownerQuery('analyze contacts').then(() => undefined);
        analyzing.catch(() => {});
        analyzedAt = upTo;
      }
    };
    try {
      for await (const rows of chunked(dataRows(file, claimed.filename, processed), IMPORT_CHUNK_ROWS)) {
        processed += rows.length;
        const chunk = await validateChunk(setup, rows, env);
        await writing;
        writing = write(chunk, processed);
        // Observed by the next `await writing`; keeps a failure from being reported as unhandled.
        writing.catch(() => {});
      }
    } finally {
      // Never leave a write running behind a failure of the file or of validation.
      await writing?.catch(() => {});
      await analyzing?.catch(() => {});
    }
    await writing;
    await analyzing;
    const done = await runAs(platform, actor, origin, async (ctx) => {
      const row = await repo.updateBatch(ctx.tx, batchId, {
        status: 'completed',
        finishedAt: new Date(),
        filePath: null,
        processedRows: processed,
        totalRows: processed,
      });
      await recordChange(ctx, {
        action: 'complete',
        objectType: 'import_batch',
        objectId: batchId,
        before: null,
        after: row
          ? {
              created: row.createdCount,
              updated: row.updatedCount,
              skipped: row.skippedCount,
              rejected: row.errorCount,
            }
          : null,
        event: 'import.completed',
      });
      return row;
    });
    if (done) await removeUpload(file);
  } catch (err) {
    const permanent = err instanceof PermanentFailure || err instanceof AppError;
    const message = err instanceof Error ? err.message : String(err);
    await platform.db.tx({ tenantId }, (tx) =>
      repo.updateBatch(
        tx,
        batchId,
        permanent || attempt.last ? { status: 'failed', error: message } : { error: message },
      ),
    );
    if (!permanent) throw err;
  }
}

/** The import job kind: one active job per batch, retried twice after a crash or a transient error. */
export const importJob: JobDefinition<ImportJobData> = {
  name: IMPORT_JOB,
  policy: 'stately',
  retryLimit: 2,
  retryDelaySeconds: 10,
  expireInSeconds: 30 * 60,
  handle: runImportJob,
};
