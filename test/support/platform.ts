import { cpSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { type App, buildApp } from '../../src/server/app';
import { createPlatform } from '../../src/server/platform/bootstrap';
import { type Config, loadConfig } from '../../src/server/platform/config/config';
import type { Subscriber } from '../../src/server/platform/events/dispatcher';
import type { Platform } from '../../src/server/platform/http/platform';

export const driver = (process.env.GUANXI_TEST_DRIVER ?? 'pglite') as 'pglite' | 'postgres';

export interface TestServer {
  app: App;
  platform: Platform;
  config: Config;
  close(): Promise<void>;
}

/**
 * One database per test file: a copy of the migrated PGlite template, or the run's PostgreSQL
 * database (tests isolate themselves by signing up fresh workspaces).
 */
export function testConfig(env: Record<string, string> = {}): { config: Config; cleanup: () => void } {
  if (driver === 'postgres') {
    return {
      config: loadConfig({
        DATABASE_URL: inject('postgresUrl'),
        LOG_LEVEL: 'silent',
        GUANXI_WEB_DIR: '.tmp/no-web',
        ...env,
      }),
      cleanup: () => {},
    };
  }
  const dir = mkdtempSync(path.resolve('.tmp/test-run/db-'));
  cpSync(inject('pgliteTemplateDir'), dir, { recursive: true });
  try {
    unlinkSync(path.join(dir, 'guanxi.lock'));
  } catch {
    // no lock left in the template
  }
  return {
    config: loadConfig({
      GUANXI_DATA_DIR: dir,
      GUANXI_FSYNC_INTERVAL_MS: '0',
      LOG_LEVEL: 'silent',
      GUANXI_WEB_DIR: '.tmp/no-web',
      ...env,
    }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TestServerOptions {
  env?: Record<string, string>;
  subscribers?: Subscriber[];
  /** Run background job workers (pg-boss) in the test process, as `serve` does by default. */
  jobs?: boolean;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { config, cleanup } = testConfig(options.env);
  const platform = await createPlatform(config, { subscribers: options.subscribers });
  const app = await buildApp(platform);
  await app.ready();
  // Half-second polls; a job sent from this process wakes its worker at once anyway.
  if (options.jobs) await platform.jobs.work({ pollingIntervalSeconds: 0.5 });
  return {
    app,
    platform,
    config,
    async close() {
      await app.close();
      await platform.jobs.stop();
      await platform.dispatcher.stop();
      await platform.db.close();
      cleanup();
    },
  };
}
