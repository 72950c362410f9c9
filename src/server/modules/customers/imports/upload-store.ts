import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../../platform/config/config';

/** File extensions an import accepts. */
export const IMPORT_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx'] as const;

/** Largest accepted upload, in bytes. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/**
 * Where uploaded import files wait for their job: `<data dir>/uploads/imports/<workspace>/<batch><ext>`.
 * Jobs may run on another node, so with several nodes the data dir must be shared storage; a
 * worker that cannot find the file fails the import with a message that says so.
 */
export function importFilePath(config: Config, tenantId: string, batchId: string, ext: string): string {
  return path.resolve(config.dataDir, 'uploads', 'imports', tenantId, `${batchId}${ext}`);
}

/** The lower-cased extension of an uploaded file name when it is one an import accepts. */
export function acceptedExtension(filename: string): string | undefined {
  const ext = path.extname(filename).toLowerCase();
  return (IMPORT_EXTENSIONS as readonly string[]).includes(ext) ? ext : undefined;
}

/** Streams an upload to `target` chunk by chunk (never whole in memory); returns its size in bytes. */
export async function saveUpload(source: Readable, target: string): Promise<number> {
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await pipeline(source, createWriteStream(target, { flags: 'wx' }));
  } catch (err) {
    await removeUpload(target);
    throw err;
  }
  return (await stat(target)).size;
}

/** Whether the uploaded file is still on this node's disk. */
export async function uploadExists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Deletes an uploaded file (personal data at rest) once its import no longer needs it. */
export async function removeUpload(file: string | null | undefined): Promise<void> {
  if (file) await rm(file, { force: true });
}
