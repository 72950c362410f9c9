import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { DomainEvent } from '../audit/record-change';
import { type Database, deferWrite, rowsOf, type Tx } from '../db/database';

/**
 * A reaction to committed events. Handlers get batches inside a transaction of the event's tenant;
 * an event is handed to a subscriber at most once per successful transaction (deliveries table), so
 * at-least-once dispatch becomes effectively-once handling.
 */
export interface Subscriber {
  name: string;
  /** Event types handled, e.g. ['contact.created']; '*' for all. */
  events: readonly string[] | '*';
  handle(tx: Tx, events: DomainEvent[]): Promise<void>;
}

const RECOVERY_AGE_SECONDS = 5;
const BATCH = 500;
const GATHER_MS = 10;

/** Delivers outbox events to in-process subscribers after commit, and recovers what a crash left. */
export class Dispatcher {
  private queue: DomainEvent[] = [];
  private draining: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Events created before this process started cannot be in flight here: recover them at once. */
  private readonly startedAt = new Date();

  constructor(
    private readonly db: Database,
    private readonly subscribers: readonly Subscriber[],
    private readonly log: Logger,
  ) {}

  /** Queues events committed by a request; delivery happens asynchronously, batched. */
  notify(events: DomainEvent[]): void {
    if (this.stopped) return; // the recovery poller of the next start picks them up
    this.queue.push(...events);
    // Gather what commits in the next few milliseconds into one batch: under load one delivery
    // transaction serves many requests instead of one each.
    this.draining ??= new Promise((resolve) => setTimeout(resolve, GATHER_MS))
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.queue.length > 0 && !this.stopped) this.notify([]);
      });
  }

  /** Starts the recovery poller: redelivers events older than a few seconds that were never marked. */
  start(intervalMs = 2000): void {
    const tick = async () => {
      try {
        await this.recover();
      } catch (err) {
        this.log.error({ err }, 'event recovery failed');
      }
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs).unref();
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.draining) await this.draining;
  }

  /** Waits until everything queued so far is delivered (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Finds undelivered events of every tenant (as the dispatcher's role) and delivers them. */
  async recover(): Promise<number> {
    const rows = rowsOf<{
      tenant_id: string;
      id: string;
      type: string;
      object_type: string;
      object_id: string;
      actor_id: string | null;
      payload: Record<string, unknown>;
      created_at: string | Date;
    }>(
      await this.db.tx({ role: 'system' }, (tx) =>
        tx.execute(sql`select tenant_id, id, type, object_type, object_id, actor_id, payload, created_at
          from outbox where dispatched_at is null
            and (created_at < now() - make_interval(secs => ${RECOVERY_AGE_SECONDS})
                 or created_at < ${this.startedAt.toISOString()}::timestamptz)
          order by created_at limit ${BATCH}`),
      ),
    );
    if (rows.length === 0) return 0;
    await this.deliver(
      rows.map((r) => ({
        id: r.id,
        tenantId: r.tenant_id,
        type: r.type,
        objectType: r.object_type,
        objectId: r.object_id,
        actorId: r.actor_id,
        payload: r.payload,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    );
    return rows.length;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH);
      try {
        await this.deliver(batch);
      } catch (err) {
        // Left undispatched in the outbox: the recovery poller retries them.
        this.log.error({ err, events: batch.length }, 'event delivery failed');
      }
    }
  }

  private async deliver(events: DomainEvent[]): Promise<void> {
    const byTenant = new Map<string, DomainEvent[]>();
    for (const e of events) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    for (const [tenantId, tenantEvents] of byTenant) {
      await this.db.tx({ tenantId, plans: 'auto' }, async (tx) => {
        for (const sub of this.subscribers) {
          const wanted = tenantEvents.filter((e) => sub.events === '*' || sub.events.includes(e.type));
          if (wanted.length === 0) continue;
          const fresh = new Set(
            rowsOf<{ event_id: string }>(
              await tx.execute(sql`
                insert into event_deliveries (tenant_id, subscriber, event_id)
                select ${tenantId}, ${sub.name}, unnest(${sql.param(wanted.map((e) => e.id))}::uuid[])
                on conflict do nothing returning event_id`),
            ).map((r) => r.event_id),
          );
          const toHandle = wanted.filter((e) => fresh.has(e.id));
          if (toHandle.length > 0) await sub.handle(tx, toHandle);
        }
        // Travels with COMMIT; if it fails the batch rolls back and recovery redelivers it.
        await deferWrite(
          tx,
          sql`update outbox set dispatched_at = now()
          where tenant_id = ${tenantId} and id = any(${sql.param(tenantEvents.map((e) => e.id))}::uuid[])`,
        );
      });
    }
  }
}
