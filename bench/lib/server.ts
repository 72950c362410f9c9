import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** How to start the Guanxi server under test. */
export interface ServerOptions {
  /** Checkout holding `src/server/main.ts`. */
  appDir: string;
  /** DATABASE_URL, GUANXI_DATA_DIR and the like. */
  env: Record<string, string>;
  logFile: string;
  logLevel: string;
  /** Directory for a V8 CPU profile of the server, written when it exits. */
  profileDir?: string;
}

/** A running server child process. */
export interface RunningServer {
  url: string;
  pid: number;
  /** Set once the process is gone (e.g. someone else killed it mid-run). */
  readonly exitReason: string | undefined;
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with code ${child.exitCode} before answering /health`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not answer ${url}/health within ${timeoutMs / 1000} s`);
}

/** Starts `node --import tsx src/server/main.ts serve` and waits until /health answers 200. */
export async function startServer(options: ServerOptions, port?: number): Promise<RunningServer> {
  const listenPort = port ?? (await freePort());
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  await new Promise((resolve) => log.once('open', resolve));
  const nodeArgs = ['--import', 'tsx'];
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`);
  }
  const child = spawn(process.execPath, [...nodeArgs, 'src/server/main.ts', 'serve'], {
    cwd: options.appDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ...options.env,
      PORT: String(listenPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel,
    },
    stdio: ['ignore', log, log],
  });
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitReason = signal ? `killed by ${signal}` : `exited with code ${code}`;
      log.write(`[bench] server ${exitReason}\n`);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${listenPort}`;
  try {
    await waitForHealth(url, child, 90_000);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${(err as Error).message}; see ${options.logFile}`);
  }
  return {
    url,
    pid: child.pid!,
    get exitReason() {
      return exitReason;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}
