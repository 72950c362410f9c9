import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Config } from '../config/config';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { startPeriodicFsync } from './fsync';
import * as schema from './schema';

export type Schema = typeof schema;
/** A transaction handle: every query of a request goes through one. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, any>;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Who a transaction runs as. `app` is the RLS-bound application role; `system` the event dispatcher's. */
export interface TxScope {
  tenantId?: string | null;
  userId?: string | null;
  role?: 'app' | 'system';
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction as a restricted role with the tenant set transaction-locally,
   * so row-level security applies to every statement, on both drivers.
   */
  tx<T>(scope: TxScope, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Owner-level statements for migrations and the job queue only; never for request work. */
  ownerQuery(text: string, params?: unknown[]): Promise<{ rows: any[] }>;
  /** The owner-level drizzle handle (schema checks in tests; never for request work). */
  readonly owner: Db;
  /**
   * Applies the migrations in `folder`, then seals any tenant table that lacks its RLS policy
   * (serialised across nodes on PostgreSQL by an advisory lock).
   */
  applyMigrations(folder: string): Promise<void>;
  close(): Promise<void>;
}

/** Advisory lock id held while migrating, so concurrent app nodes migrate one at a time. */
const MIGRATION_LOCK = 7_270_701;
const ROLE = { app: 'guanxi_app', system: 'guanxi_system' } as const;

function scopeStatement(scope: TxScope): SQL {
  return sql`select set_config('role', ${ROLE[scope.role ?? 'app']}, true),
    set_config('app.tenant_id', ${scope.tenantId ?? ''}, true),
    set_config('app.user_id', ${scope.userId ?? ''}, true)`;
}

/** Rows of a `tx.execute()` result, whichever driver produced it. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export async function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, config.databasePoolSize) : openPglite(config);
}

/**
 * Drizzle's postgres.js driver sends every statement unnamed (`prepare: false`), so PostgreSQL parses
 * and plans each one on every request. This wraps the client (and each transaction's client) so
 * statements are server-prepared and cached per connection, keyed by their text.
 */
function preparedStatements<T extends postgres.Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (query: string, args?: unknown[], options?: object) =>
          target.unsafe(query, args as any[], { ...options, prepare: true });
      }
      if (prop === 'begin') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown;
          return (target.begin as any)(...args, (tx: postgres.Sql) => fn(preparedStatements(tx)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const client = preparedStatements(
    postgres(url, {
      max: poolSize,
      onnotice: () => {},
    }),
  );
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    owner: db,
    async tx(scope, fn) {
      return db.transaction(async (tx) => {
        await tx.execute(scopeStatement(scope));
        return fn(tx as Tx);
      });
    },
    async applyMigrations(migrationsFolder) {
      const reserved = await client.reserve();
      try {
        await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(db as any, { migrationsFolder });
        await reserved`select guanxi_seal_tenant_tables()`;
      } finally {
        await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`;
        reserved.release();
      }
    },
    async ownerQuery(text, params = []) {
      const rows = await client.unsafe(text, params as any[]);
      return { rows: [...rows] };
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

async function openPglite(config: Config): Promise<Database> {
  mkdirSync(config.dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(config.dataDir);
  const pgdata = path.join(config.dataDir, 'pgdata');
  let client: PGlite;
  try {
    client = await PGlite.create(pgdata, { extensions: { pg_trgm } });
  } catch (err) {
    lock.release();
    throw err;
  }
  const stopFsync = startPeriodicFsync(config.dataDir, config.fsyncIntervalMs);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    owner: db,
    // PGlite is one connection; its transaction mutex serialises every query and transaction.
    async tx(scope, fn) {
      return db.transaction(async (tx) => {
        await tx.execute(scopeStatement(scope));
        return fn(tx as Tx);
      });
    },
    async applyMigrations(migrationsFolder) {
      await migratePglite(db as any, { migrationsFolder });
      await client.query('select guanxi_seal_tenant_tables()');
    },
    async ownerQuery(text, params) {
      if (!params || params.length === 0) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const result = await client.query(text, params);
      return { rows: result.rows };
    },
    async close() {
      stopFsync();
      await client.close();
      lock.release();
    },
  };
}
