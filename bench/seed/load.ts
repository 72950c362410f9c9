import type { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { COMPANY_COLUMNS, CONTACT_COLUMNS, LINK_COLUMNS, type SeedContext } from './columns';
import { RowPool, type RowResult, type RowTask } from './copy-rows';
import {
  type DatasetOptions,
  type GenerateOptions,
  generateCompanies,
  generateDataset,
  type PlantedPair,
  type SeedContact,
} from './generate';

/** Where rows go: a postgres.js pool or an in-process PGlite; both take COPY text. */
export type SeedTarget = { kind: 'postgres'; sql: postgres.Sql } | { kind: 'pglite'; pg: PGlite };

export interface SeedResult {
  rows: number;
  seconds: number;
  columns: string[];
  /** Columns of CONTACT_COLUMNS the table does not have (yet). */
  skipped: string[];
}

/** What {@link seedDataset} loaded, and how long each phase took. */
export interface DatasetResult extends SeedResult {
  companies: number;
  links: number;
  planted: PlantedPair[];
  /** Every SAMPLE_EVERY-th original contact, for drawing search queries from real rows. */
  samples: SeedContact[];
  /** Worker threads that built the rows. */
  workers: number;
  /** Secondary indexes dropped before the load and rebuilt after it (fresh tables only). */
  rebuiltIndexes: number;
  phases: { load: number; indexes: number; analyze: number };
}

export interface SeedDatasetOptions extends Omit<DatasetOptions, 'companies'> {
  /** Companies generated before the contacts (default 0). */
  companies?: number;
  /**
   * Row-building worker threads (default 0: on a shared 2-core machine a worker was slower than
   * building rows on the main thread while PostgreSQL ingests — 872 vs 3,289 rows/s at 100k).
   */
  workers?: number;
  log?: (message: string) => void;
}

const TABLES = ['companies', 'contacts', 'contact_companies'] as const;
type Table = (typeof TABLES)[number];
/** Rows per batch handed to a worker. */
const BATCH = 2_000;
/** Rows per COPY statement on PGlite (one Blob each). */
const PGLITE_COPY_ROWS = 20_000;
const SAMPLE_EVERY = 1_000;

async function query(target: SeedTarget, text: string, params: unknown[] = []): Promise<any[]> {
  return target.kind === 'postgres'
    ? [...(await target.sql.unsafe(text, params as any[]))]
    : (await target.pg.query<any>(text, params)).rows;
}

async function tableColumns(target: SeedTarget, table: Table): Promise<Set<string>> {
  const rows = await query(
    target,
    `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`,
    [table],
  );
  return new Set(rows.map((r) => String(r.column_name)));
}

/** A COPY into one table, fed chunk by chunk. */
interface CopySink {
  write(text: string, rows: number): Promise<void>;
  end(): Promise<void>;
}

async function postgresSink(sql: postgres.Sql, table: Table, columns: string[]): Promise<CopySink> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  // COPY FROM refuses tables under row-level security; the owner is exempt once RLS is not
  // FORCEd. Transactional DDL: FORCE is back on at commit, or never off if anything fails.
  const reserved = await sql.reserve();
  await reserved.unsafe('begin');
  await reserved.unsafe(`alter table ${table} no force row level security`);
  const writable = await reserved.unsafe(`copy ${table} (${list}) from stdin`).writable();
  let failed: Error | undefined;
  writable.on('error', (err) => {
    failed = err;
  });
  return {
    async write(text) {
      if (failed) throw failed;
      if (!writable.write(text)) await new Promise((resolve) => writable.once('drain', resolve));
    },
    async end() {
      try {
        await new Promise<void>((resolve, reject) => {
          if (failed) reject(failed);
          writable.once('error', reject);
          writable.end(() => resolve());
        });
        await reserved.unsafe(`alter table ${table} force row level security`);
        await reserved.unsafe('commit');
      } catch (err) {
        await reserved.unsafe('rollback').catch(() => {});
        throw err;
      } finally {
        reserved.release();
      }
    },
  };
}

/** PGlite: `COPY … FROM '/dev/blob'` per PGLITE_COPY_ROWS rows (it runs as a superuser: no RLS). */
function pgliteSink(pg: PGlite, table: Table, columns: string[]): CopySink {
  const statement = `copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from '/dev/blob'`;
  let chunks: string[] = [];
  let rows = 0;
  const flush = async () => {
    if (rows === 0) return;
    await pg.query(statement, [], { blob: new Blob(chunks) });
    chunks = [];
    rows = 0;
  };
  return {
    async write(text, n) {
      chunks.push(text);
      rows += n;
      if (rows >= PGLITE_COPY_ROWS) await flush();
    },
    end: flush,
  };
}

function sink(target: SeedTarget, table: Table, columns: string[]): Promise<CopySink> | CopySink {
  return target.kind === 'postgres'
    ? postgresSink(target.sql, table, columns)
    : pgliteSink(target.pg, table, columns);
}

interface SavedDdl {
  indexes: string[];
  constraints: Array<{ table: string; name: string; def: string }>;
}

/**
 * On empty tables, drops the secondary indexes and foreign keys of the seeded tables: building a
 * GIN index once over 1M rows is several times faster than maintaining it row by row.
 */
async function dropSecondaryDdl(target: SeedTarget): Promise<SavedDdl | undefined> {
  const [{ n }] = await query(
    target,
    `select (select count(*) from contacts) + (select count(*) from companies) + (select count(*) from contact_companies) as n`,
  );
  if (Number(n) > 0) return undefined;
  const indexes = await query(
    target,
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class t on t.oid = i.indrelid
      where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [TABLES],
  );
  const constraints = await query(
    target,
    `select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_class t on t.oid = c.conrelid
      where t.relname = any($1) and t.relnamespace = 'public'::regnamespace and c.contype = 'f'`,
    [TABLES],
  );
  for (const c of constraints) await query(target, `alter table ${c.table} drop constraint "${c.name}"`);
  for (const i of indexes) await query(target, `drop index ${i.name}`);
  return {
    indexes: indexes.map((i) => String(i.def)),
    constraints: constraints.map((c) => ({ table: c.table, name: c.name, def: c.def })),
  };
}

async function restoreDdl(target: SeedTarget, saved: SavedDdl, ctx: SeedContext): Promise<void> {
  if (target.kind === 'postgres') {
    // One connection, so the session settings hold for every build.
    await target.sql.begin(async (tx) => {
      await tx.unsafe(`set local maintenance_work_mem = '1GB'`);
      // Validating a foreign key reads the referenced rows, which row-level security hides
      // unless the workspace is set (workspaces and memberships are FORCEd).
      await tx.unsafe(`select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`, [
        ctx.tenantId,
        ctx.ownerIds[0],
      ]);
      for (const def of saved.indexes) await tx.unsafe(def);
      for (const c of saved.constraints)
        await tx.unsafe(`alter table ${c.table} add constraint "${c.name}" ${c.def}`);
    });
    return;
  }
  await target.pg.exec(`set maintenance_work_mem = '256MB'`);
  for (const def of saved.indexes) await target.pg.exec(def);
  for (const c of saved.constraints)
    await target.pg.exec(`alter table ${c.table} add constraint "${c.name}" ${c.def}`);
}

/** Runs `tasks` on the pool, at most `depth` at once, and hands the results on in order. */
async function pipeline(
  pool: RowPool,
  tasks: Iterable<RowTask>,
  consume: (result: RowResult) => Promise<void>,
): Promise<void> {
  const depth = Math.max(2, pool.size * 2);
  const inFlight: Array<Promise<RowResult>> = [];
  for (const task of tasks) {
    inFlight.push(pool.run(task));
    if (inFlight.length >= depth) await consume(await (inFlight.shift() as Promise<RowResult>));
  }
  while (inFlight.length > 0) await consume(await (inFlight.shift() as Promise<RowResult>));
}

function* batches<T>(rows: Iterable<T>, size: number): Generator<{ offset: number; rows: T[] }> {
  let batch: T[] = [];
  let offset = 0;
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield { offset, rows: batch };
      offset += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) yield { offset, rows: batch };
}

/**
 * Bulk-loads a generated data set into `ctx`'s workspace, straight into the database (no HTTP,
 * no audit rows): `companies` companies, then `count` contacts (~`duplicateShare` of them planted
 * duplicates) with their primary company links. Rows are built on worker threads; the search
 * columns are the app's own documents (verified against `buildSearchDocument` every 997th row).
 * Into empty tables the secondary indexes and foreign keys are dropped and rebuilt after the load.
 * Ends with ANALYZE.
 */
export async function seedDataset(
  target: SeedTarget,
  ctx: SeedContext,
  options: SeedDatasetOptions,
): Promise<DatasetResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const existing = Object.fromEntries(
    await Promise.all(TABLES.map(async (t) => [t, await tableColumns(target, t)] as const)),
  ) as Record<Table, Set<string>>;
  const contactColumns = CONTACT_COLUMNS.filter((c) => existing.contacts.has(c.name)).map((c) => c.name);
  const skipped = CONTACT_COLUMNS.filter((c) => !existing.contacts.has(c.name)).map((c) => c.name);
  const companyColumns = COMPANY_COLUMNS.filter((c) => existing.companies.has(c.name)).map((c) => c.name);
  const linkColumns = LINK_COLUMNS.filter((c) => existing.contact_companies.has(c.name)).map((c) => c.name);
  const hasCompanies = existing.companies.size > 0 && existing.contact_companies.size > 0;

  const saved = await dropSecondaryDdl(target);
  if (saved) log(`dropped ${saved.indexes.length} indexes, ${saved.constraints.length} foreign keys`);
  const workers = options.workers ?? 0;
  const pool = new RowPool(workers);
  const planted: PlantedPair[] = [];
  const samples: SeedContact[] = [];
  let links = 0;
  const companies =
    hasCompanies && (options.companies ?? 0) > 0
      ? generateCompanies({ count: options.companies ?? 0, seed: options.seed, now: options.now })
      : [];
  try {
    if (companies.length > 0) {
      const out = await sink(target, 'companies', companyColumns);
      await pipeline(
        pool,
        [...batches(companies, BATCH)].map((b) => ({
          kind: 'companies' as const,
          columns: companyColumns,
          ctx,
          ...b,
        })),
        (r) => out.write(r.text, r.rows),
      );
      await out.end();
      log(`companies: ${companies.length} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const contacts = await sink(target, 'contacts', contactColumns);
    const linkChunks: Array<{ text: string; rows: number }> = [];
    let seen = 0;
    const rows = generateDataset({ ...options, companies }, (pair) => planted.push(pair));
    const sampled = (function* () {
      for (const c of rows) {
        if (seen++ % SAMPLE_EVERY === 0) samples.push(c);
        yield c;
      }
    })();
    const tasks = (function* () {
      for (const b of batches(sampled, BATCH)) {
        yield { kind: 'contacts' as const, columns: contactColumns, linkColumns, ctx, ...b };
      }
    })();
    let loaded = 0;
    let lastLog = performance.now();
    await pipeline(pool, tasks, async (r) => {
      await contacts.write(r.text, r.rows);
      if (r.linkRows > 0) linkChunks.push({ text: r.links, rows: r.linkRows });
      loaded += r.rows;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        const s = (lastLog - started) / 1000;
        log(`contacts: ${loaded.toLocaleString('en-US')} after ${s.toFixed(0)} s`);
      }
    });
    await contacts.end();
    if (hasCompanies && linkChunks.length > 0) {
      const out = await sink(target, 'contact_companies', linkColumns);
      for (const chunk of linkChunks.splice(0)) {
        await out.write(chunk.text, chunk.rows);
        links += chunk.rows;
      }
      await out.end();
    }
  } finally {
    await pool.close();
  }
  const loadedAt = performance.now();
  log(`rows loaded in ${((loadedAt - started) / 1000).toFixed(1)} s; building indexes`);
  if (saved) await restoreDdl(target, saved, ctx);
  const indexedAt = performance.now();
  for (const table of TABLES) await query(target, `analyze ${table}`);
  const done = performance.now();
  return {
    rows: options.count,
    seconds: (done - started) / 1000,
    columns: contactColumns,
    skipped,
    companies: companies.length,
    links,
    planted,
    samples,
    workers,
    rebuiltIndexes: saved?.indexes.length ?? 0,
    phases: {
      load: (loadedAt - started) / 1000,
      indexes: (indexedAt - loadedAt) / 1000,
      analyze: (done - indexedAt) / 1000,
    },
  };
}

/**
 * Bulk-loads `count` generated contacts (no companies, no planted duplicates) into `ctx`'s
 * workspace; kept for callers that only need contacts.
 */
export async function seedContacts(
  target: SeedTarget,
  ctx: SeedContext,
  options: GenerateOptions & { workers?: number },
): Promise<SeedResult> {
  const result = await seedDataset(target, ctx, { ...options, duplicateShare: 0, companies: 0 });
  return { rows: result.rows, seconds: result.seconds, columns: result.columns, skipped: result.skipped };
}
