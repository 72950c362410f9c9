import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Database } from '../db/database';

/**
 * The durable job queue (pg-boss) on the same database. On PGlite it runs through our single
 * connection via its `db.executeSql` adapter; on PostgreSQL it keeps a small pool of its own.
 */
export function createBoss(db: Database, config: Config, log: Logger): PgBoss {
  const boss =
    db.kind === 'pglite'
      ? new PgBoss({
          db: { executeSql: (text: string, values?: unknown[]) => db.ownerQuery(text, values) } as any,
        })
      : new PgBoss({ connectionString: config.databaseUrl, max: 4 });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  return boss;
}
