import { rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { Driver } from './types';

/** A fresh, empty database for one driver: where the server runs and the baseline measures. */
export interface DriverTarget {
  driver: Driver;
  /** Environment that points the server at it. */
  serverEnv: Record<string, string>;
  /** PostgreSQL: the bench database's name and URL. */
  database?: string;
  url?: string;
  /** PGlite: the data directory. */
  dataDir?: string;
  drop(): Promise<void>;
}

/** A fresh PGlite data dir under `root`. */
export function pgliteTarget(root: string, label: string): DriverTarget {
  const dataDir = path.join(root, label);
  rmSync(dataDir, { recursive: true, force: true });
  return {
    driver: 'pglite',
    dataDir,
    // Periodic fsync is the default of an embedded install; keep it so the numbers are honest.
    serverEnv: { GUANXI_DATA_DIR: dataDir },
    async drop() {
      // BENCH_KEEP_DATABASE=1 keeps the seeded data dir for EXPLAIN after the run (delete it by hand).
      if (process.env.BENCH_KEEP_DATABASE === '1') {
        console.log(`[bench] kept data dir ${dataDir}`);
        return;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates `guanxi_bench_<time>_<label>` through the admin URL; drop() removes it again. */
export async function postgresTarget(adminUrl: string, label: string): Promise<DriverTarget> {
  const database = `guanxi_bench_${Date.now().toString(36)}_${label}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    driver: 'postgres',
    database,
    url: url.toString(),
    serverEnv: { DATABASE_URL: url.toString() },
    async drop() {
      // BENCH_KEEP_DATABASE=1 keeps the seeded database for EXPLAIN after the run (drop it by hand).
      if (process.env.BENCH_KEEP_DATABASE === '1') {
        console.log(`[bench] kept database ${database}`);
        return;
      }
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropWhenIdle(sql, database);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

/**
 * Drops a bench database. `WITH (FORCE)` may not end sessions of another role (the app's role, which
 * the bench user is not a member of): then wait up to 30 s for them to close (the server and the
 * raw-SQL clients are stopping) and drop it plainly.
 */
async function dropWhenIdle(sql: postgres.Sql, database: string): Promise<void> {
  try {
    await sql.unsafe(`drop database if exists "${database}" with (force)`);
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where datname = ${database}`;
    if (n === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await sql.unsafe(`drop database if exists "${database}"`);
}
