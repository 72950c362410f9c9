import type { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { CONTACT_COLUMNS, type ColumnSpec, type PgText, type SeedContext } from './columns';
import { type GenerateOptions, generateContacts } from './generate';

/** Where rows go: a postgres.js pool (COPY) or an in-process PGlite (multi-row INSERT). */
export type SeedTarget = { kind: 'postgres'; sql: postgres.Sql } | { kind: 'pglite'; pg: PGlite };

export interface SeedResult {
  rows: number;
  seconds: number;
  columns: string[];
  /** Columns of CONTACT_COLUMNS the table does not have (yet). */
  skipped: string[];
}

const INSERT_BATCH = 500;

/** COPY text format: backslash, tab and newlines escaped; null is \N. */
function copyField(value: PgText): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

async function tableColumns(target: SeedTarget, table: string): Promise<Set<string>> {
  const text = `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`;
  const rows =
    target.kind === 'postgres'
      ? await target.sql.unsafe(text, [table])
      : (await target.pg.query<{ column_name: string }>(text, [table])).rows;
  return new Set(rows.map((r) => String(r.column_name)));
}

async function copyPostgres(
  sql: postgres.Sql,
  columns: ColumnSpec[],
  rows: Iterable<PgText[]>,
): Promise<void> {
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  await sql.begin(async (tx) => {
    // COPY FROM refuses tables under row-level security; the owner is exempt once RLS is not
    // FORCEd. Transactional DDL: FORCE is back on at commit, or never off if anything fails.
    await tx.unsafe('alter table contacts no force row level security');
    const writable = await tx.unsafe(`copy contacts (${list}) from stdin`).writable();
    let chunk = '';
    for (const row of rows) {
      chunk += `${row.map(copyField).join('\t')}\n`;
      if (chunk.length > 1 << 20) {
        if (!writable.write(chunk)) await new Promise((resolve) => writable.once('drain', resolve));
        chunk = '';
      }
    }
    await new Promise<void>((resolve, reject) => {
      writable.once('error', reject);
      writable.end(chunk, () => resolve());
    });
    await tx.unsafe('alter table contacts force row level security');
  });
}

async function insertPglite(pg: PGlite, columns: ColumnSpec[], rows: Iterable<PgText[]>): Promise<void> {
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const tuple = (offset: number) => `(${columns.map((c, i) => `$${offset + i + 1}::${c.type}`).join(', ')})`;
  const statements = new Map<number, string>();
  const statementFor = (count: number) => {
    let text = statements.get(count);
    if (!text) {
      const tuples = Array.from({ length: count }, (_, r) => tuple(r * columns.length));
      text = `insert into contacts (${list}) values ${tuples.join(', ')}`;
      statements.set(count, text);
    }
    return text;
  };
  // PGlite connects as a superuser, which row-level security does not apply to.
  await pg.transaction(async (tx) => {
    let batch: PgText[] = [];
    let count = 0;
    for (const row of rows) {
      batch.push(...row);
      if (++count === INSERT_BATCH) {
        await tx.query(statementFor(count), batch);
        batch = [];
        count = 0;
      }
    }
    if (count > 0) await tx.query(statementFor(count), batch);
  });
}

/**
 * Bulk-loads `count` generated contacts into `ctx`'s workspace, straight into the database
 * (no HTTP, no audit rows), then refreshes planner statistics.
 */
export async function seedContacts(
  target: SeedTarget,
  ctx: SeedContext,
  options: GenerateOptions,
): Promise<SeedResult> {
  const existing = await tableColumns(target, 'contacts');
  const columns = CONTACT_COLUMNS.filter((c) => existing.has(c.name));
  const skipped = CONTACT_COLUMNS.filter((c) => !existing.has(c.name)).map((c) => c.name);
  function* rows(): Generator<PgText[]> {
    let i = 0;
    for (const contact of generateContacts(options)) {
      const index = i++;
      yield columns.map((c) => c.value(contact, ctx, index));
    }
  }
  const started = performance.now();
  if (target.kind === 'postgres') {
    await copyPostgres(target.sql, columns, rows());
    await target.sql.unsafe('analyze contacts');
  } else {
    await insertPglite(target.pg, columns, rows());
    await target.pg.query('analyze contacts');
  }
  return {
    rows: options.count,
    seconds: (performance.now() - started) / 1000,
    columns: columns.map((c) => c.name),
    skipped,
  };
}
