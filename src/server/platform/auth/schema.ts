import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantId, timestamps } from '../db/columns';

/** A workspace is a tenant: one company's sealed space. Its id is the tenant id. */
export const workspaces = pgTable(
  'workspaces',
  {
    tenantId: tenantId(),
    name: text('name').notNull(),
    defaultRegion: text('default_region').notNull().default('CN'),
    defaultLocale: text('default_locale').notNull().default('zh-CN'),
    defaultCurrency: text('default_currency').notNull().default('CNY'),
    version: integer('version').notNull().default(1),
    /**
     * Bumped by triggers whenever what requests validate against changes (default region, custom
     * fields), so servers can cache it per workspace and notice the change (migration 0005).
     */
    metaVersion: integer('meta_version').notNull().default(0),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);

/** A person who can sign in. Global: one user may belong to several workspaces. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    locale: text('locale').notNull().default('zh-CN'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

/** A user's place in a workspace: role and team. */
export const memberships = pgTable(
  'memberships',
  {
    tenantId: tenantId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    teamId: uuid('team_id'),
    status: text('status').notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
  ],
);

/** Browser sessions; the cookie holds the secret, the table only its hash. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    workspaceId: uuid('workspace_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('sessions_token_key').on(t.tokenHash), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Failed sign-in counter per e-mail, for rate limiting and lockout. */
export const loginAttempts = pgTable('login_attempts', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** API keys for integrations. Only a hash is stored; the key is shown once. */
export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
    }),
  ],
);

/** Invitations to join a workspace, accepted through an e-mailed link. */
export const invitations = pgTable(
  'invitations',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [workspaces.tenantId] }),
    uniqueIndex('invitations_open_email_key')
      .on(t.tenantId, t.email)
      .where(sql`accepted_at IS NULL AND revoked_at IS NULL`),
  ],
);
