import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import postgres from 'postgres';
import type { Driver } from './types';

/** Runs one statement of a transaction and returns its rows. */
export type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** A plain driver connection (no ORM, no HTTP): the raw-SQL baseline and the seeder use it. */
export interface RawDb {
  readonly kind: Driver;
  /** One transaction as the app runs it: tenant (and the app's role) set transaction-locally. */
  tenantTx<T>(tenantId: string, userId: string, fn: (q: Query) => Promise<T>): Promise<T>;
  /** One statement outside any tenant (ANALYZE, counts, versions). */
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const SCOPE = `select set_config('role', 'guanxi_app', true), set_config('app.tenant_id', $1, true),
  set_config('app.user_id', $2, true)`;

/** A postgres.js pool of `max` connections (prepared statements, as the app's driver uses). */
export function openPostgresRaw(url: string, max: number): RawDb & { sql: postgres.Sql } {
  const sql = postgres(url, { max, onnotice: () => {} });
  return {
    kind: 'postgres',
    sql,
    async tenantTx(tenantId, userId, fn) {
      return sql.begin(async (tx) => {
        const q: Query = async (text, params = []) => [
          ...(await tx.unsafe(text, params as any[], { prepare: true })),
        ];
        await q(SCOPE, [tenantId, userId]);
        return fn(q);
      }) as Promise<any>;
    },
    async query(text, params = []) {
      return [...(await sql.unsafe(text, params as any[]))];
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/**
 * PGlite opened in this process on a data dir the server provisioned (and no longer holds).
 * One connection: concurrent callers queue on its transaction mutex, as in the server.
 */
export async function openPgliteRaw(dataDir: string): Promise<RawDb & { pg: PGlite }> {
  const pg = await PGlite.create(path.join(dataDir, 'pgdata'), { extensions: { pg_trgm } });
  return {
    kind: 'pglite',
    pg,
    async tenantTx(tenantId, userId, fn) {
      return pg.transaction(async (tx) => {
        const q: Query = async (text, params) => (await tx.query<Record<string, unknown>>(text, params)).rows;
        await q(SCOPE, [tenantId, userId]);
        return fn(q);
      });
    },
    async query(text, params) {
      return (await pg.query<Record<string, unknown>>(text, params)).rows;
    },
    async close() {
      await pg.close();
    },
  };
}
