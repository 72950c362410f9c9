import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import type { Dispatcher } from '../events/dispatcher';
import type { JobQueue } from '../jobs/queue';
import type { Mailer } from '../mail/mailer';

/** The shared services every module's routes receive. Deliberately small (STYLE §3). */
export interface Platform {
  config: Config;
  db: Database;
  dispatcher: Dispatcher;
  /** Background jobs: any node sends, worker nodes run them. */
  jobs: JobQueue;
  mailer: Mailer;
  log: Logger;
}
