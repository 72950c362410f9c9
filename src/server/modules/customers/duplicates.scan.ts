import type { Database } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import type { JobDefinition } from '../../platform/jobs/queue';
import {
  type DuplicateObjectType,
  type KeyGroup,
  keyGroups,
  type NewCluster,
  replaceOpenClusters,
} from './duplicates.repo';
import { scoreCandidate } from './duplicates.service';
import * as jobs from './job-progress.repo';
import { STALE_AFTER_SECONDS } from './job-progress.service';

/** The job kind of a workspace scan, per object type. */
export const scanKind = (type: DuplicateObjectType) => `duplicates.scan.${type}`;

/** Blocking passes per object type; each is one set-based GROUP BY over the live records. */
const PASSES: Record<DuplicateObjectType, Array<'phone' | 'email' | 'name'>> = {
  contact: ['phone', 'email', 'name'],
  company: ['phone', 'name'],
};

/** Union-find over record ids; remembers which kind of key joined each group. */
class Clusters {
  private parent = new Map<string, string>();
  private joins: Array<{ id: string; reason: KeyGroup['reason'] }> = [];

  private find(id: string): string {
    let root = id;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root))
      root = up;
    // Path compression: point every node on the way straight at the root.
    for (let node = id; node !== root; ) {
      const next = this.parent.get(node) as string;
      this.parent.set(node, root);
      node = next;
    }
    if (!this.parent.has(id)) this.parent.set(id, id);
    return root;
  }

  add(group: KeyGroup): void {
    const [first, ...rest] = group.ids;
    for (const id of rest) {
      const a = this.find(first);
      const b = this.find(id);
      if (a !== b) this.parent.set(a < b ? b : a, a < b ? a : b);
    }
    this.joins.push({ id: first, reason: group.reason });
  }

  list(): NewCluster[] {
    const reasonsOf = new Map<string, Set<KeyGroup['reason']>>();
    for (const { id, reason } of this.joins) {
      const root = this.find(id);
      reasonsOf.set(root, (reasonsOf.get(root) ?? new Set()).add(reason));
    }
    const members = new Map<string, string[]>();
    for (const id of this.parent.keys()) {
      const root = this.find(id);
      const list = members.get(root) ?? [];
      list.push(id);
      members.set(root, list);
    }
    const out: NewCluster[] = [];
    for (const [root, ids] of members) {
      if (ids.length < 2) continue;
      const reasons = [...(reasonsOf.get(root) ?? [])].sort();
      const score = scoreCandidate({
        samePhone: reasons.includes('same_phone'),
        sameEmail: reasons.includes('same_email'),
        similarNameCompany: reasons.includes('similar_name_company'),
        nameSimilarity: 1,
      });
      out.push({ id: newId(), recordIds: ids.sort(), reasons, score });
    }
    return out;
  }
}

/**
 * Runs a queued duplicate scan of one workspace: claims the job (so only one process runs it),
 * makes one blocking pass per key (same phone, same e-mail, same normalized name + company), each
 * its own short transaction so an embedded database keeps serving requests in between, joins the
 * key groups into clusters (union-find), and replaces the open clusters in one final transaction.
 * Progress is durable in `job_progress`; a crash leaves the previous clusters untouched and the
 * job reported `stale`. Safe to call from any node, or from a pg-boss worker.
 */
export async function runDuplicateScan(
  db: Database,
  tenantId: string,
  jobId: string,
  type: DuplicateObjectType,
): Promise<void> {
  const passes = PASSES[type];
  const claimed = await db.tx({ tenantId }, (tx) =>
    jobs.claimJob(tx, tenantId, jobId, passes.length + 1, STALE_AFTER_SECONDS),
  );
  if (!claimed) return;
  const started = Date.now();
  try {
    const clusters = new Clusters();
    let oversizedKeys = 0;
    for (const [i, pass] of passes.entries()) {
      await db.tx({ tenantId }, async (tx) => {
        const found = await keyGroups(tx, tenantId, type, pass);
        for (const group of found.groups) clusters.add(group);
        oversizedKeys += found.oversized;
        await jobs.updateJob(tx, tenantId, jobId, { done: i + 1 });
      });
    }
    const list = clusters.list();
    await db.tx({ tenantId }, async (tx) => {
      const stored = await replaceOpenClusters(tx, tenantId, type, jobId, list);
      const records = list.reduce((n, c) => n + c.recordIds.length, 0);
      await jobs.updateJob(tx, tenantId, jobId, {
        status: 'done',
        done: passes.length + 1,
        result: { objectType: type, clusters: stored, records, oversizedKeys, ms: Date.now() - started },
      });
    });
  } catch (err) {
    await db
      .tx({ tenantId }, (tx) =>
        jobs.updateJob(tx, tenantId, jobId, {
          status: 'failed',
          error: err instanceof Error ? err.message : String(err),
        }),
      )
      .catch(() => {});
    throw err;
  }
}

/** What a queued scan carries. */
export interface DuplicateScanData {
  tenantId: string;
  jobId: string;
  objectType: DuplicateObjectType;
}

/**
 * The scan as a pg-boss job kind (platform JobQueue): add it to the platform's job list to have
 * any worker node run scans, with a retry that takes over a scan whose node died.
 */
export const duplicateScanJob: JobDefinition<DuplicateScanData> = {
  name: 'customers.duplicates-scan',
  handle: (platform, data) => runDuplicateScan(platform.db, data.tenantId, data.jobId, data.objectType),
  retryLimit: 1,
  retryDelaySeconds: STALE_AFTER_SECONDS + 5,
  expireInSeconds: 15 * 60,
};
