import pino, { type Logger } from 'pino';
import { duplicateScanJob } from '../modules/customers/duplicates.scan';
import { importJob } from '../modules/customers/imports/import.job';
import type { Config } from './config/config';
import { openDatabase } from './db/database';
import { runMigrations } from './db/migrate';
import { Dispatcher, type Subscriber } from './events/dispatcher';
import { statsSubscriber } from './events/stats.subscriber';
import type { Platform } from './http/platform';
import { type JobDefinition, JobQueue } from './jobs/queue';
import { createMailer } from './mail/mailer';

/** Subscribers of every module; a module adds its own here. */
const SUBSCRIBERS: Subscriber[] = [statsSubscriber];

/** Background job kinds of every module; a module adds its own here. */
const JOBS: JobDefinition[] = [importJob, duplicateScanJob as JobDefinition];

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}

/** Opens the database, applies migrations and wires the shared services. */
export async function createPlatform(
  config: Config,
  options: { log?: Logger; subscribers?: Subscriber[] } = {},
): Promise<Platform> {
  const log = options.log ?? createLogger(config);
  const db = await openDatabase(config);
  try {
    await runMigrations(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const dispatcher = new Dispatcher(db, [...SUBSCRIBERS, ...(options.subscribers ?? [])], log);
  const platform: Platform = {
    config,
    db,
    dispatcher,
    jobs: new JobQueue(db, config, log, JOBS, () => platform),
    mailer: createMailer(config, log),
    log,
  };
  return platform;
}
