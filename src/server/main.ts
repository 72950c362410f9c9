import { buildApp } from './app';
import { createLogger, createPlatform } from './platform/bootstrap';
import { ConfigError, loadConfig } from './platform/config/config';
import { DataDirLockedError } from './platform/db/data-dir-lock';
import { registerPlatformJobs } from './platform/jobs/platform.jobs';

const USAGE = `Usage: guanxi <command>
  serve     HTTP API + web app (and background workers unless GUANXI_RUN_WORKERS=false)
  worker    background jobs and event recovery only (PostgreSQL deployments)
  migrate   apply database migrations and exit`;

async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  if (!command || !['serve', 'worker', 'migrate'].includes(command)) {
    console.error(USAGE);
    process.exit(2);
  }
  const platform = await createPlatform(config, { log });
  if (command === 'migrate') {
    log.info('migrations applied');
    await platform.db.close();
    return;
  }
  const shutdownSteps: Array<() => Promise<void>> = [];
  if (command === 'serve') {
    const app = await buildApp(platform);
    await app.listen({ port: config.port, host: config.host });
    shutdownSteps.push(() => app.close());
  }
  if (command === 'worker' || config.runWorkers) {
    platform.dispatcher.start();
    const boss = await platform.jobs.work();
    await registerPlatformJobs(boss, platform);
  }
  // Stops workers (finishing the job in hand) and pg-boss, also when this node only sends jobs.
  shutdownSteps.push(() => platform.jobs.stop());
  shutdownSteps.push(
    () => platform.dispatcher.stop(),
    () => platform.db.close(),
  );
  log.info({ command, database: platform.db.kind, port: config.port }, 'Guanxi is running');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight work');
    for (const step of shutdownSteps) {
      try {
        await step();
      } catch (err) {
        log.error({ err }, 'shutdown step failed');
      }
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main(process.argv[2]).catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
