/** The two databases Guanxi runs on. */
export type Driver = 'pglite' | 'postgres';

/** Throughput and latency of one measured run (HTTP or raw SQL). Latencies in milliseconds. */
export interface Measurement {
  /** Completed operations (2xx responses, or committed transactions). */
  ok: number;
  durationS: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** HTTP responses outside 2xx. */
  non2xx: number;
  /** Connection errors, timeouts, failed transactions. */
  errors: number;
}

/** CPU seconds spent by each process group during a run, as a share of one core. */
export interface CpuSplit {
  /** Guanxi server process (with PGlite inside it on the embedded driver). */
  server?: number;
  /** PostgreSQL backends serving the bench database. */
  postgres?: number;
  /** The bench process itself (autocannon, or the raw-SQL client). */
  bench: number;
  /** Everything else on the machine (other PostgreSQL clusters, other jobs): a noisy-neighbour gauge. */
  other?: number;
}

/** The budget a row is judged against; `check` answers undefined when the floor does not apply. */
export interface Floor {
  text: string;
  check(driver: Driver, http: Measurement): boolean | undefined;
}

/** A one-off measurement (a background job timed end to end), not a load run. */
export interface OnceMeasurement {
  seconds: number;
  /** What else was found, e.g. "recall 99.8% (29,940 / 30,000), 41,200 clusters". */
  details: string;
  /** Verdict against the scenario's budget; undefined when it does not apply. */
  pass?: boolean;
}

/** One line of the results table. */
export interface ResultRow {
  scenario: string;
  variant: string;
  driver: Driver;
  http?: Measurement;
  httpCpu?: CpuSplit;
  baseline?: Measurement;
  baselineCpu?: CpuSplit;
  floor?: Floor;
  note?: string;
  /** One-off variants: the job through the API, and the same passes as raw SQL. */
  once?: OnceMeasurement;
  baselineOnce?: OnceMeasurement;
}

/** Durations and concurrency shared by every scenario of a run. */
export interface LoadOptions {
  connections: number;
  durationS: number;
  warmupS: number;
}
