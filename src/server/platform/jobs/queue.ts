import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import type { Platform } from '../http/platform';
import { createBoss } from './boss';

/** Which attempt of a job is running. */
export interface JobAttempt {
  jobId: string;
  /** 0 on the first run. */
  retryCount: number;
  /** No retry follows when this attempt fails. */
  last: boolean;
}

/** A kind of background job a module defines: its queue name, its handler and its retry policy. */
export interface JobDefinition<T extends object = any> {
  /** Queue name, `<module>.<job>`, e.g. `customers.import`. */
  name: string;
  /** Runs one job. Throwing fails the attempt; pg-boss retries up to `retryLimit` times. */
  handle(platform: Platform, data: T, attempt: JobAttempt): Promise<void>;
  /**
   * `stately`: at most one queued and one running job per `singletonKey` (e.g. per record);
   * `standard` (default): no such limit.
   */
  policy?: 'standard' | 'stately';
  /** How often a failed job is retried (default 2) and how long one attempt may run (default 15 min). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
}

/** Options of {@link JobQueue.send}. */
export interface SendOptions {
  /** At most one queued or active job per key (e.g. the id of the record the job works on). */
  singletonKey?: string;
}

/**
 * The durable job queue of the platform (pg-boss, on the app's database). Every node can `send`;
 * nodes that run workers (`serve` by default, `worker` always) call `work()` and then run any job
 * of the defined kinds, whichever node queued it. pg-boss is opened lazily, so processes that never
 * send or work never touch its schema.
 */
export class JobQueue {
  private opening: Promise<PgBoss> | undefined;
  private readonly workers = new Map<string, string>();
  private readonly byName: Map<string, JobDefinition>;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly log: Logger,
    definitions: readonly JobDefinition[],
    private readonly platform: () => Platform,
  ) {
    this.byName = new Map(definitions.map((d) => [d.name, d]));
  }

  /** Queues a job of a defined kind; durable once this resolves. Returns the job id (null when a singleton already waits). */
  async send(name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    const definition = this.byName.get(name);
    if (!definition) throw new Error(`unknown job kind "${name}"`);
    const boss = await this.open();
    const id = await boss.send(name, data, {
      singletonKey: options.singletonKey,
      retryLimit: definition.retryLimit ?? 2,
      retryDelay: definition.retryDelaySeconds ?? 5,
      expireInSeconds: definition.expireInSeconds ?? 15 * 60,
    });
    // A worker in this process starts at once instead of at its next poll.
    const worker = this.workers.get(name);
    if (worker) boss.notifyWorker(worker);
    return id;
  }

  /**
   * Starts workers for every defined job kind in this process and returns the underlying pg-boss,
   * so platform housekeeping can schedule its own jobs on the same instance.
   */
  async work(options: { pollingIntervalSeconds?: number } = {}): Promise<PgBoss> {
    const boss = await this.open();
    for (const definition of this.byName.values()) {
      if (this.workers.has(definition.name)) continue;
      const id = await boss.work(
        definition.name,
        { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true },
        async ([job]) => {
          const attempt = {
            jobId: job.id,
            retryCount: job.retryCount,
            last: job.retryCount >= job.retryLimit,
          };
          try {
            await definition.handle(this.platform(), job.data as object, attempt);
          } catch (err) {
            this.log.error({ err, job: job.id, name: definition.name }, 'job failed');
            throw err;
          }
        },
      );
      this.workers.set(definition.name, id);
    }
    return boss;
  }

  /** Stops workers (letting the job in hand finish, up to `timeoutMs`) and closes pg-boss. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.opening) return;
    const boss = await this.opening.catch(() => undefined);
    this.opening = undefined;
    this.workers.clear();
    await boss?.stop({ graceful: true, wait: true, timeout: timeoutMs });
  }

  private open(): Promise<PgBoss> {
    this.opening ??= (async () => {
      const boss = createBoss(this.db, this.config, this.log);
      await boss.start();
      for (const d of this.byName.values())
        await boss.createQueue(d.name, { name: d.name, policy: d.policy ?? 'standard' });
      return boss;
    })();
    return this.opening;
  }
}
