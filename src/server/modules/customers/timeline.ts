import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { auditLog } from '../../platform/audit/schema';
import type { Tx } from '../../platform/db/database';

/** The record a timeline belongs to. */
export interface TimelineSubject {
  objectType: 'contact' | 'company';
  id: string;
}

/** Position in a timeline: entries strictly older than `(at, id)` come next. */
export interface TimelinePosition {
  at: string;
  id: string;
}

/** One thing that happened to a customer, whatever module it comes from. */
export interface TimelineEntry {
  /** Unique across sources (a UUIDv7 of the source row). */
  id: string;
  /** ISO 8601 UTC. */
  at: string;
  /** Which source produced it: `audit` now; `activities`, `deals`, `tickets`, `campaigns` later. */
  source: string;
  /** What happened, e.g. `created`, `updated`, `deleted`, `restored`, `merged`, `merged_into`. */
  kind: string;
  actorId: string | null;
  /** Source-specific details (for `updated`: `changes: [{field, from, to}]`). */
  data: Record<string, unknown>;
}

/**
 * A module that contributes to customer timelines. `page` returns up to `limit` entries of the
 * subject older than `before` (all when null), newest first, ordered by `(at, id)` descending —
 * the merge of all sources relies on that order. Sources only return what `actor` may see.
 */
export interface TimelineSource {
  name: string;
  objectTypes: ReadonlyArray<TimelineSubject['objectType']>;
  page(
    tx: Tx,
    actor: Actor,
    subject: TimelineSubject,
    before: TimelinePosition | null,
    limit: number,
  ): Promise<TimelineEntry[]>;
}

/** Fields that change on every write and say nothing to a reader. */
const NOISE = new Set(['version', 'updatedAt', 'updatedBy']);

const ACTION_KIND: Record<string, string> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  restore: 'restored',
  merge: 'merged',
  merged_into: 'merged_into',
  erase: 'erased',
};

function changesOf(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Array<{ field: string; from: unknown; to: unknown }> {
  if (!before || !after) return [];
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: Array<{ field: string; from: unknown; to: unknown }> = [];
  for (const field of fields) {
    if (NOISE.has(field)) continue;
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field, from, to });
  }
  return changes;
}

/**
 * Changes from the audit log: create, update (with the changed fields), delete, restore, merge.
 * Served by `audit_log_object_idx` (tenant, object type, object id): one record's history is short.
 */
export const auditTimelineSource: TimelineSource = {
  name: 'audit',
  objectTypes: ['contact', 'company'],
  async page(tx, actor, subject, before, limit) {
    // Positions carry milliseconds (JSON dates); compare at that precision so no row falls between pages.
    const at = sql`date_trunc('milliseconds', ${auditLog.occurredAt})`;
    const older: SQL | undefined = before
      ? sql`(${at}, ${auditLog.id}) < (${before.at}::timestamptz, ${before.id}::uuid)`
      : undefined;
    const rows = await tx
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, actor.tenantId),
          eq(auditLog.objectType, subject.objectType),
          eq(auditLog.objectId, subject.id),
          older,
        ),
      )
      .orderBy(desc(at), desc(auditLog.id))
      .limit(limit);
    return rows.map((row) => {
      const before = row.before as Record<string, unknown> | null;
      const after = row.after as Record<string, unknown> | null;
      const kind = ACTION_KIND[row.action] ?? row.action;
      const data: Record<string, unknown> = {};
      if (kind === 'updated') data.changes = changesOf(before, after);
      if (kind === 'merged' || kind === 'merged_into')
        data.merge = (after as { merge?: unknown } | null)?.merge ?? null;
      if (kind === 'merged') data.changes = changesOf(before, after).filter((c) => c.field !== 'merge');
      return {
        id: row.id,
        at: row.occurredAt.toISOString(),
        source: 'audit',
        kind,
        actorId: row.actorId,
        data,
      };
    });
  },
};

const sources: TimelineSource[] = [auditTimelineSource];

/**
 * Adds a source (activities, deals, tickets, campaign touches…) to every customer timeline.
 * Call once at startup from the module that owns the rows.
 */
export function registerTimelineSource(source: TimelineSource): void {
  if (!sources.some((s) => s.name === source.name)) sources.push(source);
}

const newerFirst = (a: TimelineEntry, b: TimelineEntry) =>
  a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1;

/**
 * One page of a customer's timeline, newest first, merged across every source. Each source is
 * asked for `limit + 1` entries older than the cursor, so the page and "is there more" are exact.
 */
export async function timelinePage(
  tx: Tx,
  actor: Actor,
  subject: TimelineSubject,
  before: TimelinePosition | null,
  limit: number,
): Promise<{ entries: TimelineEntry[]; next: TimelinePosition | null }> {
  const all: TimelineEntry[] = [];
  for (const source of sources) {
    if (!source.objectTypes.includes(subject.objectType)) continue;
    all.push(...(await source.page(tx, actor, subject, before, limit + 1)));
  }
  all.sort(newerFirst);
  const entries = all.slice(0, limit);
  const last = entries.at(-1);
  return { entries, next: all.length > limit && last ? { at: last.at, id: last.id } : null };
}
