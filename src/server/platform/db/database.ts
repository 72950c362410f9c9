import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import {
  drizzle as drizzlePostgres,
  PostgresJsSession,
  PostgresJsTransaction,
} from 'drizzle-orm/postgres-js';
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
  /**
   * `custom` (default): every statement is planned for its own values (see {@link scopeStatement}).
   * `auto`: PostgreSQL may reuse a generic plan per connection, as it does by default — for
   * transactions whose statements are inserts and key lookups, where planning would cost more than
   * running them. Index lookups ({@link indexLookupRows}) are still planned per value.
   */
  plans?: 'custom' | 'auto';
  /** The API key being checked in this transaction (read by the key lookup, which so has no parameter). */
  apiKeyId?: string;
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

/**
 * The role and tenant of a transaction, and custom plans: statements are prepared once per
 * connection, and a generic plan cached for one workspace's data (or for one filter value) can be
 * orders of magnitude off for another's — a search that stops using its GIN index, a list that
 * sorts a whole workspace. Planning these statements costs far less than one such plan (scopes
 * with `plans: 'auto'` opt out). No JIT: compiling a plan costs more than running any query a
 * request makes.
 */
function scopeStatement(scope: TxScope): SQL {
  return sql`select set_config('role', ${ROLE[scope.role ?? 'app']}, true),
    set_config('app.tenant_id', ${scope.tenantId ?? ''}, true),
    set_config('app.user_id', ${scope.userId ?? ''}, true),
    set_config('app.api_key_id', ${scope.apiKeyId ?? ''}, true),
    set_config('plan_cache_mode', ${scope.plans === 'auto' ? 'auto' : 'force_custom_plan'}, true),
    set_config('jit', 'off', true)`;
}

/**
 * The raw connection behind a PostgreSQL transaction, for statements that must be sent in order
 * without waiting for each other (see {@link pipeline} and {@link deferWrite}).
 */
interface Pipelined {
  dialect: PgDialect;
  conn: postgres.Sql;
  /** Writes sent with {@link deferWrite}; checked when the transaction commits. */
  deferred: Promise<unknown>[];
}

const pipelines = new WeakMap<Tx, Pipelined>();

/**
 * A statement whose text is built once, for hot paths: no query building per request. `params`
 * are driver values (`$1` is `params[0]`), e.g. from a column's `mapToDriverValue`.
 */
export interface Statement {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** Anything the helpers below send: a drizzle `sql` fragment or a prebuilt {@link Statement}. */
export type Query = SQL | Statement;

function isStatement(q: Query): q is Statement {
  return typeof (q as Statement).text === 'string' && Array.isArray((q as Statement).params);
}

/** Drizzle SQL of a prebuilt statement (the PGlite path), each `$n` bound to its parameter. */
function statementSql(s: Statement): SQL {
  const parts = s.text.split(/\$(\d+)/);
  const chunks: SQL[] = [sql.raw(parts[0])];
  for (let i = 1; i < parts.length; i += 2) {
    chunks.push(sql`${sql.param(s.params[Number(parts[i]) - 1])}`, sql.raw(parts[i + 1]));
  }
  return sql.join(chunks);
}

/** `tx.execute` for either kind of query. */
export function execute(tx: Tx, q: Query): Promise<unknown> {
  return tx.execute(isStatement(q) ? statementSql(q) : q);
}

/** Starts `statement` on the transaction's connection now, so it is queued before anything sent later. */
function send(p: Pipelined, statement: Query): Promise<Record<string, unknown>[]> {
  const query = isStatement(statement)
    ? { sql: statement.text, params: statement.params }
    : p.dialect.sqlToQuery(statement);
  return p.conn.unsafe(query.sql, query.params as any[], { prepare: true }).execute() as unknown as Promise<
    Record<string, unknown>[]
  >;
}

/**
 * True when `tx` runs on a PostgreSQL connection of its own (not PGlite): its statements are
 * pipelined, so {@link start} costs no round trip, and {@link copyFrom} can stream rows into it.
 */
export function isPipelined(tx: Tx): boolean {
  return pipelines.has(tx);
}

/** Per PGlite transaction: the statements started with {@link start}, run one after another. */
const chains = new WeakMap<Tx, Promise<unknown>>();

/**
 * Sends `statement` now and returns its rows later, without waiting for it: on PostgreSQL it leaves
 * with whatever else is sent in the same tick (one round trip for all); on PGlite it runs after the
 * statements started before it. The caller must await (or catch) the promise; a failure also fails
 * the transaction.
 */
export function start(tx: Tx, statement: Query): Promise<Record<string, unknown>[]> {
  const p = pipelines.get(tx);
  if (p) return send(p, statement).then((rows) => [...rows]);
  const previous = chains.get(tx) ?? Promise.resolve();
  const run = previous
    .catch(() => {})
    .then(async () => rowsOf<Record<string, unknown>>(await execute(tx, statement)));
  chains.set(tx, run);
  return run;
}

/**
 * Runs `statements` of one transaction in order and returns the rows of each. On PostgreSQL they
 * leave in one write and cost one round trip (pipelining); on PGlite they run one after another.
 * Use it for statements that do not depend on each other's results, or only on their effects
 * (a role switch before a query).
 */
export async function pipeline(tx: Tx, statements: readonly Query[]): Promise<Record<string, unknown>[][]> {
  const p = pipelines.get(tx);
  if (!p) {
    const results: Record<string, unknown>[][] = [];
    for (const s of statements) results.push(rowsOf(await execute(tx, s)));
    return results;
  }
  const sent = statements.map((s) => send(p, s));
  // Settle all before failing, so no rejection is left unobserved.
  const settled = await Promise.allSettled(sent);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((r) => [...(r as PromiseFulfilledResult<Record<string, unknown>[]>).value]);
}

/**
 * Sends a write whose result nobody reads (an audit row, an outbox event) without waiting for it:
 * on PostgreSQL it travels with the next statement or with COMMIT, and the transaction fails
 * (rolls back, the request errs) if it fails. Statements sent later still run after it. On PGlite
 * it simply runs now.
 */
export async function deferWrite(tx: Tx, statement: Query): Promise<void> {
  const p = pipelines.get(tx);
  if (!p) {
    await execute(tx, statement);
    return;
  }
  const write = send(p, statement);
  write.catch(() => {}); // observed at commit
  p.deferred.push(write);
}

/**
 * Streams `text` (COPY text format: tab-separated, `\N` for null, one row per line) into `target`
 * (`table (columns)`) with `COPY … FROM STDIN` on the transaction's connection, after everything
 * sent before it. PostgreSQL only: returns false on PGlite, where callers take their statement
 * path. COPY refuses tables under row-level security, so `target` is a temporary staging table;
 * the caller moves the rows on with `INSERT … SELECT`, under RLS like any other write.
 */
export async function copyFrom(tx: Tx, target: string, text: string): Promise<boolean> {
  const p = pipelines.get(tx);
  if (!p) return false;
  const stream = await p.conn.unsafe(`copy ${target} from stdin`).writable();
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    stream.end(text);
  });
  return true;
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
  // The pieces drizzle builds a transaction from (its own `transaction()` would send BEGIN alone).
  const { dialect, session } = db as unknown as {
    dialect: PgDialect;
    session: { schema: any; options: any };
  };
  return {
    kind: 'postgres',
    owner: db,
    async tx(scope, fn) {
      const reserved = await client.reserve();
      const conn = preparedStatements(reserved);
      const txSession = new PostgresJsSession(conn as any, dialect, session.schema, session.options);
      const tx = new PostgresJsTransaction(dialect, txSession as any, session.schema) as unknown as Tx;
      const p: Pipelined = { dialect, conn, deferred: [] };
      pipelines.set(tx, p);
      // BEGIN and the scope go out with the first statements of `fn`: one round trip, not three.
      const opened = Promise.all([conn.unsafe('begin').execute(), send(p, scopeStatement(scope))]);
      opened.catch(() => {});
      try {
        const result = await fn(tx);
        await opened;
        const commit = conn.unsafe('commit').execute();
        const settled = await Promise.allSettled([...p.deferred, commit]);
        const failed = settled.find((r) => r.status === 'rejected');
        // A COMMIT after a failed statement rolls back; the statement's error is the one to report.
        if (failed) throw (failed as PromiseRejectedResult).reason;
        return result;
      } catch (err) {
        await conn.unsafe('rollback').catch(() => {});
        // If BEGIN or the scope failed, later statements only say "transaction is aborted".
        await opened;
        const deferredFailure = (await Promise.allSettled(p.deferred)).find((r) => r.status === 'rejected');
        throw deferredFailure ? (deferredFailure as PromiseRejectedResult).reason : err;
      } finally {
        reserved.release();
      }
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
