import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type SeedResult, seedContacts } from '../seed';
import type { BenchArgs } from './args';
import type { HttpTarget } from './http-load';
import { openPgliteRaw, openPostgresRaw, type RawDb } from './raw-db';
import { type RunningServer, startServer } from './server';
import type { DriverTarget } from './targets';
import type { BenchWorkspace } from './workspace';
import { createWorkspace } from './workspace';

/** Seed of the generated data set, so every run loads the same contacts. */
export const SEED = 20_260_101;

/** The server under load for one driver, with its workspace. */
export class HttpSession {
  private seeded = 0;

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
  async ensureSeeded(count: number): Promise<SeedResult | undefined> {
    if (this.seeded >= count) return undefined;
    const ctx = { tenantId: this.workspace.tenantId, ownerIds: [this.workspace.userId] };
    const options = { count: count - this.seeded, seed: SEED + this.seeded };
    let result: SeedResult;
    if (this.target.driver === 'postgres') {
      const raw = openPostgresRaw(this.target.url!, 2);
      try {
        result = await seedContacts({ kind: 'postgres', sql: raw.sql }, ctx, options);
      } finally {
        await raw.close();
      }
    } else {
      const port = Number(new URL(this.server.url).port);
      await this.server.stop();
      const raw = await openPgliteRaw(this.target.dataDir!);
      try {
        result = await seedContacts({ kind: 'pglite', pg: raw.pg }, ctx, options);
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
  private seeded = 0;

  constructor(
    readonly raw: RawDb & { pg?: PGlite },
    readonly workspace: BenchWorkspace,
    /** PostgreSQL database name, for CPU metering of its backends. */
    readonly database: string | undefined,
    alreadySeeded: number,
  ) {
    this.seeded = alreadySeeded;
  }

  /**
   * PostgreSQL: the server's own database (stopped server, same workspace and rows).
   * PGlite: a fresh data dir provisioned by the real server (migrations + signup), then opened here.
   */
  static async open(
    args: BenchArgs,
    http: HttpSession,
    pgliteTarget: DriverTarget | undefined,
    runDir: string,
  ) {
    if (http.target.driver === 'postgres') {
      const raw = openPostgresRaw(http.target.url!, args.load.connections);
      return new BaselineSession(raw, http.workspace, http.target.database, Number.POSITIVE_INFINITY);
    }
    const target = pgliteTarget!;
    const server = await startServer({
      appDir: args.appDir,
      env: target.serverEnv,
      logFile: path.join(runDir, 'server-pglite-baseline.log'),
      logLevel: args.logLevel,
    });
    let workspace: BenchWorkspace;
    try {
      workspace = await createWorkspace(server.url, 'baseline');
    } finally {
      await server.stop();
    }
    return new BaselineSession(await openPgliteRaw(target.dataDir!), workspace, undefined, 0);
  }

  get driver() {
    return this.raw.kind;
  }

  /** Same generated contacts as the server's database got. */
  async ensureSeeded(count: number): Promise<void> {
    if (this.seeded >= count) return;
    const ctx = { tenantId: this.workspace.tenantId, ownerIds: [this.workspace.userId] };
    const options = { count: count - this.seeded, seed: SEED + this.seeded };
    // Only the PGlite baseline has its own database; on PostgreSQL it shares the server's rows.
    await seedContacts({ kind: 'pglite', pg: this.raw.pg! }, ctx, options);
    this.seeded = count;
  }

  async close(): Promise<void> {
    await this.raw.close();
  }
}
