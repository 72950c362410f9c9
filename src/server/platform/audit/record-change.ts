import { sql } from 'drizzle-orm';
import { deferWrite } from '../db/database';
import { newId } from '../db/ids';
import type { RequestContext } from '../http/request-context';

/** A committed change, as subscribers receive it. */
export interface DomainEvent {
  id: string;
  tenantId: string;
  type: string;
  objectType: string;
  objectId: string;
  actorId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface Change {
  /** What happened, e.g. `create`, `update`, `delete`, `restore`, `merge`. */
  action: string;
  objectType: string;
  objectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Event type published to subscribers, e.g. `contact.created`. Omit for audit-only changes. */
  event?: string;
  payload?: Record<string, unknown>;
}

/**
 * The tail of the one write path (DESIGN §4.3): writes the audit row (before/after) and the outbox
 * event in ONE statement of the caller's transaction, and queues the event for dispatch after commit.
 * The statement is deferred (it travels with COMMIT on PostgreSQL); if it fails, the transaction
 * rolls back and the request fails, as if it had been awaited here.
 */
export async function recordChange(ctx: RequestContext, change: Change): Promise<void> {
  const { actor } = ctx;
  const auditId = newId();
  const before = change.before ? JSON.stringify(change.before) : null;
  const after = change.after ? JSON.stringify(change.after) : null;
  if (!change.event) {
    await deferWrite(
      ctx.tx,
      sql`
      insert into audit_log (tenant_id, id, actor_id, actor_type, action, object_type, object_id, before, after, request_id, ip)
      values (${actor.tenantId}, ${auditId}, ${actor.userId}, ${actor.via}, ${change.action}, ${change.objectType},
              ${change.objectId}, ${before}::jsonb, ${after}::jsonb, ${ctx.requestId}, ${ctx.ip})`,
    );
    return;
  }
  const event: DomainEvent = {
    id: newId(),
    tenantId: actor.tenantId,
    type: change.event,
    objectType: change.objectType,
    objectId: change.objectId,
    actorId: actor.userId,
    payload: change.payload ?? { before: change.before, after: change.after },
    createdAt: new Date().toISOString(),
  };
  await deferWrite(
    ctx.tx,
    sql`
    with audit as (
      insert into audit_log (tenant_id, id, actor_id, actor_type, action, object_type, object_id, before, after, request_id, ip)
      values (${actor.tenantId}, ${auditId}, ${actor.userId}, ${actor.via}, ${change.action}, ${change.objectType},
              ${change.objectId}, ${before}::jsonb, ${after}::jsonb, ${ctx.requestId}, ${ctx.ip})
    )
    insert into outbox (tenant_id, id, type, object_type, object_id, actor_id, payload, created_at)
    values (${event.tenantId}, ${event.id}, ${event.type}, ${event.objectType}, ${event.objectId}, ${event.actorId},
            ${JSON.stringify(event.payload)}::jsonb, ${event.createdAt})`,
  );
  ctx.events.push(event);
}

/**
 * {@link recordChange} for many changes at once (imports, bulk operations, undo): the audit rows and
 * the outbox events of all of them in ONE statement of the caller's transaction. The before/after
 * images travel once: an event's payload is built in SQL from its audit row (`{before, after}`)
 * unless the change brings its own. Events are queued for dispatch after commit.
 *
 * Why one statement: an import of 100,000 contacts sent ~110 MB of after-images twice (audit and
 * outbox), each serialized by Node and parsed by PostgreSQL (ADR 0007).
 */
export async function recordChanges(ctx: RequestContext, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  const { actor } = ctx;
  const createdAt = new Date().toISOString();
  const events: DomainEvent[] = [];
  const rows = changes.map((c) => {
    const eventId = c.event ? newId() : null;
    if (c.event && eventId) {
      events.push({
        id: eventId,
        tenantId: actor.tenantId,
        type: c.event,
        objectType: c.objectType,
        objectId: c.objectId,
        actorId: actor.userId,
        payload: c.payload ?? { before: c.before, after: c.after },
        createdAt,
      });
    }
    return {
      id: newId(),
      action: c.action,
      object_type: c.objectType,
      object_id: c.objectId,
      before: c.before,
      after: c.after,
      event_id: eventId,
      event: c.event ?? null,
      payload: c.payload ?? null,
    };
  });
  await ctx.tx.execute(sql`
    with c as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as c(id uuid, action text, object_type text, object_id uuid, before jsonb, after jsonb,
             event_id uuid, event text, payload jsonb)
    ), audit as (
      insert into audit_log (tenant_id, id, actor_id, actor_type, action, object_type, object_id, before, after, request_id, ip)
      select ${actor.tenantId}, c.id, ${actor.userId}, ${actor.via}, c.action, c.object_type, c.object_id,
             c.before, c.after, ${ctx.requestId}, ${ctx.ip || null}
      from c
    )
    insert into outbox (tenant_id, id, type, object_type, object_id, actor_id, payload, created_at)
    select ${actor.tenantId}, c.event_id, c.event, c.object_type, c.object_id, ${actor.userId},
           coalesce(c.payload, jsonb_build_object('before', c.before, 'after', c.after)), ${createdAt}::timestamptz
    from c where c.event is not null`);
  ctx.events.push(...events);
}
