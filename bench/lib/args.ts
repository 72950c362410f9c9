import { parseArgs } from 'node:util';
import type { Driver, LoadOptions } from './types';

/** Everything `npm run bench -- …` accepts. */
export interface BenchArgs {
  only?: string[];
  drivers: Driver[];
  adminUrl: string;
  quick: boolean;
  load: LoadOptions;
  /** Contacts seeded before the read scenarios (with a tenth as many companies, ~3% duplicates). */
  seedContacts: number;
  /** Worker threads building seed rows (undefined: none, rows are built on the main thread). */
  seedWorkers?: number;
  /** Server log level (`info` logs two lines per request). */
  logLevel: string;
  /** Write a V8 CPU profile of the server child to .tmp/bench/profiles. */
  profile: boolean;
  /** Checkout whose `src/server/main.ts` is started (a pinned worktree while src/ is in flux). */
  appDir: string;
  /** Leave docs/BENCHMARKS.md alone. */
  noWrite: boolean;
}

export const USAGE = `npm run bench -- [options]
  --only <name,...>            scenarios to run (contacts-create, contacts-list, search,
                               duplicates-scan, contacts-import); default all
  --driver pglite|postgres|both  default both; postgres uses BENCH_DATABASE_URL as admin URL
  --quick                      short smoke run (2 s runs, 1 s warm-up, 5,000 seeded contacts)
  --duration <s>               measured seconds per run (default 15)
  --warmup <s>                 warm-up seconds before each run (default 3)
  --connections <n>            concurrent HTTP connections / SQL workers (default 32)
  --contacts <n>               contacts seeded for the read scenarios, with n/10 companies and ~3%
                               planted duplicates (default 1000000, the issue's scale)
  --seed-workers <n>           worker threads building seed rows (default 0 = main thread)
  --log-level <level>          server LOG_LEVEL (default warn)
  --profile                    --cpu-prof the server child (written to .tmp/bench/profiles)
  --app <dir>                  run the server from another checkout (default: this repository)
  --no-write                   print only; leave docs/BENCHMARKS.md unchanged`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      driver: { type: 'string', default: 'both' },
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '32' },
      contacts: { type: 'string' },
      'seed-workers': { type: 'string' },
      'log-level': { type: 'string', default: 'warn' },
      profile: { type: 'boolean', default: false },
      app: { type: 'string', default: process.cwd() },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const driver = values.driver;
  if (driver !== 'pglite' && driver !== 'postgres' && driver !== 'both') {
    throw new Error(`--driver must be pglite, postgres or both, not "${driver}"`);
  }
  const quick = values.quick;
  const num = (raw: string | undefined, fallback: number, name: string) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    only: values.only
      ? values.only
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    drivers: driver === 'both' ? ['pglite', 'postgres'] : [driver],
    adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://guanxi:guanxi@127.0.0.1:5432/guanxi',
    quick,
    load: {
      connections: num(values.connections, 32, 'connections'),
      durationS: num(values.duration, quick ? 2 : 15, 'duration'),
      warmupS: num(values.warmup, quick ? 1 : 3, 'warmup'),
    },
    seedContacts: num(values.contacts, quick ? 5_000 : 1_000_000, 'contacts'),
    seedWorkers:
      values['seed-workers'] === undefined
        ? undefined
        : Math.max(0, Math.floor(Number(values['seed-workers']) || 0)),
    logLevel: values['log-level'],
    profile: values.profile,
    appDir: values.app,
    noWrite: values['no-write'],
  };
}
