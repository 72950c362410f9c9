import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The tenant column every tenant-owned table starts with; RLS keys on it. */
export const tenantId = () => uuid('tenant_id').notNull();

/** Creation/update timestamps, UTC. */
export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Optimistic concurrency: bumped on every update, exposed as the ETag. */
export const version = () => integer('version').notNull().default(1);

/** Soft delete: a deleted record keeps its row and can be restored. */
export const deletedAt = () => timestamp('deleted_at', { withTimezone: true, mode: 'date' });
