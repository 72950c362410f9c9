import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type DatasetResult, type SeedResult, type SeedTarget, seedContacts, seedDataset } from '../seed';
import type { BenchArgs } from './args';
import type { HttpTarget } from './http-load';
import { openPgliteRaw, openPostgresRaw, type RawDb } from './raw-db';
import { type RunningServer, startServer } from './server';
import type { DriverTarget } from './targets';
import type { BenchWorkspace } from './workspace';
import { createWorkspace } from './workspace';

/** Seed of the generated data set, so every run loads the same contacts. */
export const SEED = 20_260_101;

/** Companies seeded per contact (the 1,000,000 contacts + 100,000 companies). */
export const COMPANIES_PER_CONTACT = 0.1;
/** Share of seeded contacts that are planted duplicates (issue 3: ~3%). */
export const DUPLICATE_SHARE = 0.03;
/** Fixed "now" of the generated data, so every run seeds the same rows. */
const SEED_NOW = Date.UTC(2026, 0, 1);

const log = (message: string) => console.log(`[bench] ${message}`);

/** The server under load for one driver, with its workspace. */
export class HttpSession {
  private seeded = 0;
  /** The seeded data set (planted duplicates, sample rows), once seeded. */
  dataset?: DatasetResult;

  private constructor(
    readonly args: BenchArgs,
    readonly target: DriverTarget,
    private server: RunningServer,
    readonly workspace: BenchWorkspace,
    private readonly logFile: string,
  ) {}

  static async start(args: BenchArgs, target: DriverTarget, runDir: string): Promise<HttpSession> {
    const logFile = path.join(runDir, `server-${target.driver}.log`);
    const server = await startServer(HttpSession.serverOptions(args, target, logFile, runDir));
    const workspace = await createWorkspace(server.url, target.driver);
    return new HttpSession(args, target, server, workspace, logFile);
  }

  private static serverOptions(args: BenchArgs, target: DriverTarget, logFile: string, runDir: string) {
    return {
      appDir: args.appDir,
      env: target.serverEnv,
      logFile,
      logLevel: args.logLevel,
      profileDir: args.profile ? path.join(runDir, '..', 'profiles') : undefined,
    };
  }

  get url(): string {
    return this.server.url;
  }

  httpTarget(): HttpTarget {
    const server = this.server;
    return {
      url: server.url,
      serverPid: server.pid,
      database: this.target.database,
      serverExit: () => server.exitReason,
    };
  }

  /** The Authorization header of the workspace's API key. */
  get auth(): Record<string, string> {
    return { authorization: `Bearer ${this.workspace.apiKey}` };
  }

  /**
   * Bulk-loads contacts into the server's database until it holds `count` seeded ones. PGlite is
   * one process's database, so the server is stopped for the load and started again on the same port.
   */
  async ensureSeeded(count: number): Promise<SeedResult | DatasetResult | undefined> {
    if (this.seeded >= count) return undefined;
    const ctx = { tenantId: this.workspace.tenantId, ownerIds: [this.workspace.userId] };
    // The first seeding loads the whole data set (companies, links, planted duplicates); a later,
    // larger request only adds contacts.
    const load = (target: SeedTarget): Promise<SeedResult | DatasetResult> =>
      this.dataset
        ? seedContacts(target, ctx, { count: count - this.seeded, seed: SEED + this.seeded, now: SEED_NOW })
        : seedDataset(target, ctx, {
            count,
            companies: Math.round(count * COMPANIES_PER_CONTACT),
            duplicateShare: DUPLICATE_SHARE,
            seed: SEED,
            now: SEED_NOW,
            workers: this.args.seedWorkers,
            log: (m) => log(`${this.target.driver}: seed: ${m}`),
          }).then((d) => {
            this.dataset = d;
            return d;
          });
    let result: SeedResult | DatasetResult;
    if (this.target.driver === 'postgres') {
      const raw = openPostgresRaw(this.target.url!, 2);
      try {
        result = await load({ kind: 'postgres', sql: raw.sql });
      } finally {
        await raw.close();
      }
    } else {
      const port = Number(new URL(this.server.url).port);
      await this.server.stop();
      const raw = await openPgliteRaw(this.target.dataDir!);
      try {
        result = await load({ kind: 'pglite', pg: raw.pg });
      } finally {
        await raw.close();
      }
      this.server = await startServer(
        HttpSession.serverOptions(this.args, this.target, this.logFile, path.dirname(this.logFile)),
        port,
      );
    }
    this.seeded = count;
    return result;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}

/** The raw-SQL side of one driver: a plain connection pool on a database with the same workspace. */
export class BaselineSession {
  constructor(
    readonly raw: RawDb & { pg?: PGlite },
    readonly workspace: BenchWorkspace,
    /** PostgreSQL database name, for CPU metering of its backends. */
    readonly database: string | undefined,
    /** What the server's session seeded (planted duplicates, sample rows). */
    readonly dataset?: DatasetResult,
  ) {}

  /**
   * The server's own database once the server is stopped: same workspace, same seeded rows (on
   * PGlite the data dir is opened in this process, so 1M rows are seeded once, not twice).
   */
  static async open(args: BenchArgs, http: HttpSession) {
    if (http.target.driver === 'postgres') {
      const raw = openPostgresRaw(http.target.url!, args.load.connections);
      return new BaselineSession(raw, http.workspace, http.target.database, http.dataset);
    }
    const raw = await openPgliteRaw(http.target.dataDir!);
    return new BaselineSession(raw, http.workspace, undefined, http.dataset);
  }

  get driver() {
    return this.raw.kind;
  }

  async close(): Promise<void> {
    await this.raw.close();
  }
}
