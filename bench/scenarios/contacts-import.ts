import { CpuMeter } from '../lib/cpu';
import { importCsv } from '../lib/import-file';
import type { HttpSession } from '../lib/session';
import type { CpuSplit, OnceMeasurement } from '../lib/types';
import type { Scenario } from './scenario';

/** Issue 3 / DESIGN §6: import ≥ 20,000 rows/s on PostgreSQL with normalization and dedup. */
const FLOOR_ROWS_PER_SECOND = 20_000;
/** Rows of the generated file; `--quick` imports fewer, BENCH_IMPORT_ROWS overrides both. */
const DEFAULT_ROWS = 100_000;
const QUICK_ROWS = 10_000;
/** Not the seeder's seed: the file's people are new to the workspace, apart from its own repeats. */
const FILE_SEED = 31_337;
const POLL_MS = 100;

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const cores = (c: CpuSplit) =>
  [
    // No server: the raw client itself (on PGlite, the database runs inside it).
    c.server === undefined ? `bench ${c.bench.toFixed(2)}` : `server ${c.server.toFixed(2)}`,
    c.postgres === undefined ? undefined : `pg ${c.postgres.toFixed(2)}`,
    c.other === undefined ? undefined : `other ${c.other.toFixed(2)}`,
  ]
    .filter(Boolean)
    .join(' · ');

function rowCount(session: { args: { quick: boolean } }): number {
  const env = Number(process.env.BENCH_IMPORT_ROWS);
  if (Number.isFinite(env) && env > 0) return env;
  return session.args.quick ? QUICK_ROWS : DEFAULT_ROWS;
}

async function api(session: HttpSession, path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`${session.url}${path}`, {
    ...init,
    headers: {
      ...session.auth,
      ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
    },
  });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Batch id of the run through the API, per driver, for the baseline to copy its rows. */
const importedBatch = new Map<string, string>();

/**
 * A generated CSV (UTF-8 with BOM, Chinese headers; ~60% zh-CN / 40% en people, phones typed in
 * several forms, ~3% repeats of earlier rows, ~1% unusable phones or e-mails) uploaded to
 * POST /api/v1/imports, started with policy "skip" and polled until done — the whole import path:
 * parsing, mapping, validation and normalization, dedup against the workspace and the file,
 * companies found or created, contacts written with their audit rows and events.
 */
export const contactsImport: Scenario = {
  name: 'contacts-import',
  title: 'Import a contact CSV through the API (background job, normalization, dedup, audit)',
  floor: {
    text: `PostgreSQL ≥ ${n(FLOOR_ROWS_PER_SECOND)} rows/s with normalization and dedup (issue 3, DESIGN §6)`,
    check: () => undefined,
  },
  notes: [
    'Timed from POST /imports/:id/run to the batch reading `completed` (polled every 100 ms); the upload is timed apart. Rows/s counts every row of the file (created, skipped as duplicates, rejected).',
    'Raw SQL = the rows the import created, as stored (normalized phones and e-mails, search columns), inserted again with new ids in ONE `INSERT … SELECT` as the app role under RLS: the database work of the new rows and their indexes alone — no parsing, validation, dedup, companies, audit or events.',
  ],
  variants: [],
  once: [
    {
      name: 'CSV, policy skip',
      async http(session): Promise<OnceMeasurement> {
        const rows = rowCount(session);
        const file = importCsv({ rows, seed: FILE_SEED });
        const form = new FormData();
        form.append('file', new Blob([file.csv], { type: 'text/csv' }), 'contacts.csv');
        const uploadStarted = performance.now();
        const batch = await api(session, '/api/v1/imports', { method: 'POST', body: form });
        const uploadSeconds = (performance.now() - uploadStarted) / 1000;
        const target = session.httpTarget();
        const cpu = new CpuMeter(target.serverPid, target.database);
        cpu.begin();
        const started = performance.now();
        await api(session, `/api/v1/imports/${batch.id}/run`, {
          method: 'POST',
          body: JSON.stringify({ dedupPolicy: 'skip' }),
        });
        let state: any;
        for (;;) {
          state = await api(session, `/api/v1/imports/${batch.id}`);
          if (['completed', 'failed'].includes(state.status)) break;
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
        const seconds = (performance.now() - started) / 1000;
        const split = cpu.end();
        if (state.status !== 'completed') throw new Error(`import ${state.status}: ${state.error ?? ''}`);
        importedBatch.set(session.target.driver, batch.id);
        const perSecond = rows / seconds;
        return {
          seconds,
          details:
            `**${n(perSecond)} rows/s**: ${n(rows)} rows (${n(file.duplicates)} planted repeats, ${n(file.bad)} planted bad) → ` +
            `${n(state.createdCount)} created, ${n(state.skippedCount)} skipped, ${n(state.errorCount)} rejected; ` +
            `upload ${uploadSeconds.toFixed(1)} s; CPU (cores) ${cores(split)}`,
          pass: session.target.driver === 'postgres' ? perSecond >= FLOOR_ROWS_PER_SECOND : undefined,
        };
      },
      async baseline(session): Promise<OnceMeasurement> {
        const { tenantId, userId } = session.workspace;
        const batchId = importedBatch.get(session.driver);
        if (!batchId) throw new Error('contacts-import: the API run left no batch to copy');
        const columns = (
          await session.raw.query(
            `select column_name from information_schema.columns
              where table_schema = 'public' and table_name = 'contacts' and column_name not in ('id', 'import_batch_id')
              order by ordinal_position`,
          )
        ).map((r) => `"${String(r.column_name)}"`);
        const list = columns.join(', ');
        const cpu = new CpuMeter(undefined, session.database);
        cpu.begin();
        const started = performance.now();
        const inserted = await session.raw.tenantTx(tenantId, userId, (q) =>
          q(
            `with copied as (
               insert into contacts (id, ${list})
               select gen_random_uuid(), ${list} from contacts where tenant_id = $1 and import_batch_id = $2
               returning 1)
             select count(*)::int as n from copied`,
            [tenantId, batchId],
          ),
        );
        const seconds = (performance.now() - started) / 1000;
        const split = cpu.end();
        const rows = Number(inserted[0]?.n ?? 0);
        return {
          seconds,
          details: `**${n(rows / seconds)} rows/s**: ${n(rows)} imported rows inserted again in one statement; CPU (cores) ${cores(split)}`,
        };
      },
    },
  ],
};
