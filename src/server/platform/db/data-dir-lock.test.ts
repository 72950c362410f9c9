import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gx-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('data directory lock', () => {
  it('refuses a second holder while the first lives, and frees the lock on release', () => {
    const dir = freshDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'migrate'], {
      env: { ...process.env, GUANXI_DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain(`in use by another Guanxi process (pid ${process.pid})`);
    lock.release();
    expect(existsSync(path.join(dir, 'guanxi.lock'))).toBe(false);
  });

  it('takes over a lock left by a dead process', () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'guanxi.lock'), '999999999');
    const lock = acquireDataDirLock(dir);
    lock.release();
  });

  it('names the directory and pid in its error', () => {
    const err = new DataDirLockedError('/srv/guanxi', 42);
    expect(err.message).toMatch(/\/srv\/guanxi.*pid 42/);
  });
});
