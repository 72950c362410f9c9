import { execFile } from 'node:child_process';

/**
 * PGlite never fsyncs: a killed process loses nothing committed (the OS has the pages), but a power
 * cut can lose what the OS had not yet written. Flushing the data directory's filesystem every
 * `intervalMs` bounds that loss to about one interval. Returns a stop function.
 */
export function startPeriodicFsync(dataDir: string, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // `sync -f` is syncfs(2) on the filesystem holding the directory.
    execFile('sync', ['-f', dataDir], () => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
