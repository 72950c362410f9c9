import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/server/platform/config/config';
import { openDatabase } from '../src/server/platform/db/database';
import { runMigrations } from '../src/server/platform/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
    postgresUrl: string;
  }
}

/**
 * Once per run: a migrated PGlite data dir that each test file copies (creating a fresh one costs
 * seconds), and on PostgreSQL a fresh, migrated database for this run, dropped afterwards.
 */
export default async function setup(project: TestProject) {
  const driver = project.config.env?.GUANXI_TEST_DRIVER;
  const root = path.resolve('.tmp/test-run');
  if (driver === 'pglite') {
    const dir = path.join(root, `pglite-template-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const db = await openDatabase(loadConfig({ GUANXI_DATA_DIR: dir, GUANXI_FSYNC_INTERVAL_MS: '0' }));
    await runMigrations(db);
    await db.close();
    project.provide('pgliteTemplateDir', dir);
    project.provide('postgresUrl', '');
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is required for the postgres project');
  const name = `guanxi_test_${process.pid}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase(loadConfig({ DATABASE_URL: url.toString() }));
  await runMigrations(db);
  await db.close();
  project.provide('pgliteTemplateDir', '');
  project.provide('postgresUrl', url.toString());
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
