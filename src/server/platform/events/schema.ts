import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantId } from '../db/columns';

/** Events written in the same transaction as the change that caused them (transactional outbox). */
export const outbox = pgTable(
  'outbox',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    type: text('type').notNull(),
    objectType: text('object_type').notNull(),
    objectId: uuid('object_id').notNull(),
    actorId: uuid('actor_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('outbox_pending_idx').on(t.createdAt).where(sql`dispatched_at IS NULL`),
  ],
);

/** Which subscriber has handled which event: makes at-least-once delivery effectively once. */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    tenantId: tenantId(),
    subscriber: text('subscriber').notNull(),
    eventId: uuid('event_id').notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.subscriber, t.eventId] })],
);

/** Per-workspace counters kept by the stats subscriber (cheap totals without COUNT(*) over 1M rows). */
export const workspaceStats = pgTable(
  'workspace_stats',
  {
    tenantId: tenantId(),
    objectType: text('object_type').notNull(),
    created: bigint('created', { mode: 'number' }).notNull().default(0),
    deleted: bigint('deleted', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.objectType] })],
);
