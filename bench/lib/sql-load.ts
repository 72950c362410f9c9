import { CpuMeter } from './cpu';
import { LatencyRecorder } from './stats';
import type { CpuSplit, LoadOptions, Measurement } from './types';

/**
 * One baseline operation. `prepare` builds its input (untimed; `n` is unique across the run),
 * `run` does the database work that is timed.
 */
export interface Operation<T = any> {
  prepare(n: number): T;
  run(input: T): Promise<void>;
}

async function closedLoop(
  op: Operation,
  workers: number,
  seconds: number,
  counter: { n: number },
  recorder?: LatencyRecorder,
) {
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const input = op.prepare(counter.n++);
      const started = performance.now();
      try {
        await op.run(input);
        recorder?.add(performance.now() - started);
      } catch (err) {
        if (!recorder) throw err;
        recorder.errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * The raw-SQL baseline: `connections` workers each run `op` back to back (a closed loop, like
 * autocannon's connections) for a warm-up, then for the measured duration.
 */
export async function measureSql(
  op: Operation,
  load: LoadOptions,
  database?: string,
): Promise<{ measurement: Measurement; cpu: CpuSplit }> {
  const counter = { n: 0 };
  await closedLoop(op, load.connections, load.warmupS, counter);
  const recorder = new LatencyRecorder();
  const cpu = new CpuMeter(undefined, database);
  cpu.begin();
  const started = performance.now();
  await closedLoop(op, load.connections, load.durationS, counter, recorder);
  const elapsed = (performance.now() - started) / 1000;
  return { measurement: recorder.summarize(elapsed), cpu: cpu.end() };
}
