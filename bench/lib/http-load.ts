import autocannon, { type AutocannonRequest } from 'autocannon';
import { CpuMeter } from './cpu';
import { LatencyRecorder } from './stats';
import type { CpuSplit, LoadOptions, Measurement } from './types';

/** Where the load goes and whose CPU to watch. */
export interface HttpTarget {
  url: string;
  serverPid: number;
  /** Why the server process is gone, if it is. */
  serverExit(): string | undefined;
  /** PostgreSQL database whose backends to meter (PostgreSQL driver only). */
  database?: string;
}

async function run(
  target: HttpTarget,
  requests: AutocannonRequest[],
  connections: number,
  durationS: number,
  recorder?: LatencyRecorder,
) {
  const instance = autocannon({ url: target.url, connections, duration: durationS, timeout: 10, requests });
  if (recorder) {
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) recorder.add(responseTime);
      else recorder.non2xx += 1;
    });
  }
  // autocannon retries refused connections forever; never outlive the run by much, whatever happens.
  const guard = setTimeout(() => instance.stop(), (durationS + 30) * 1000);
  try {
    const result = await instance;
    const exit = target.serverExit();
    if (exit) throw new Error(`the server ${exit} during the run`);
    return result;
  } finally {
    clearTimeout(guard);
  }
}

/**
 * Drives the server with autocannon: a warm-up, then a measured run whose every response time is
 * recorded (autocannon's own summary has no p95). `requests` may build unique bodies in setupRequest.
 */
export async function measureHttp(
  target: HttpTarget,
  requests: AutocannonRequest[],
  load: LoadOptions,
): Promise<{ measurement: Measurement; cpu: CpuSplit }> {
  await run(target, requests, load.connections, load.warmupS);
  const recorder = new LatencyRecorder();
  const cpu = new CpuMeter(target.serverPid, target.database);
  cpu.begin();
  const started = performance.now();
  const result = await run(target, requests, load.connections, load.durationS, recorder);
  const elapsed = (performance.now() - started) / 1000;
  const split = cpu.end();
  recorder.errors = result.errors + result.timeouts;
  return { measurement: recorder.summarize(elapsed), cpu: split };
}
