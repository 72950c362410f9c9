import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { memberships, workspaces } from '../../platform/auth/schema';
import { deletedAt, tenantId, timestamps, version } from '../../platform/db/columns';

/** People the workspace does business with. */
export const contacts = pgTable(
  'contacts',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    ownerId: uuid('owner_id'),
    custom: jsonb('custom').notNull().default(sql`'{}'::jsonb`),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    version: version(),
    ...timestamps(),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [memberships.tenantId, memberships.userId] }),
    index('contacts_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('contacts_owner_idx').on(t.tenantId, t.ownerId),
  ],
);
