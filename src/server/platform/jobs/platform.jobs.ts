import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Platform } from '../http/platform';

const CLEANUP = 'platform.cleanup';

/** Housekeeping on a schedule: expired sessions and day-old idempotency records are removed. */
export async function registerPlatformJobs(boss: PgBoss, platform: Platform): Promise<void> {
  await boss.createQueue(CLEANUP);
  await boss.schedule(CLEANUP, '17 * * * *');
  await boss.work(CLEANUP, async () => {
    await platform.db.tx({ role: 'system' }, async (tx) => {
      await tx.execute(sql`delete from sessions where expires_at < now()`);
      await tx.execute(sql`delete from idempotency_keys where created_at < now() - interval '24 hours'`);
    });
  });
}
