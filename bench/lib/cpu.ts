import { readdirSync, readFileSync } from 'node:fs';
import type { CpuSplit } from './types';

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in ticks, or undefined when it is gone. */
function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** PostgreSQL backends connected to `database` (their title reads `postgres: … user database host …`). */
function backendPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.split(' ').includes(database)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** Busy ticks of the whole machine (all CPUs, everything but idle and iowait). */
function machineBusyTicks(): number {
  const [line] = readFileSync('/proc/stat', 'utf8').split('\n', 1);
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return total - ticks[3] - ticks[4];
}

interface Snapshot {
  machine: number;
  server?: number;
  backends: Map<number, number>;
  bench: number;
}

/** Measures CPU used by the server, the bench database's backends and this process between two points. */
export class CpuMeter {
  private start: Snapshot | undefined;
  private startedAt = 0;

  constructor(
    private readonly serverPid: number | undefined,
    private readonly database: string | undefined,
  ) {}

  private snapshot(): Snapshot {
    const backends = new Map<number, number>();
    if (this.database) {
      for (const pid of backendPids(this.database)) backends.set(pid, processTicks(pid) ?? 0);
    }
    const self = process.cpuUsage();
    return {
      machine: machineBusyTicks(),
      server: this.serverPid === undefined ? undefined : processTicks(this.serverPid),
      backends,
      bench: (self.user + self.system) / 1e6,
    };
  }

  begin(): void {
    this.start = this.snapshot();
    this.startedAt = performance.now();
  }

  /** CPU used since begin(), in cores (1.0 = one core busy for the whole interval). */
  end(): CpuSplit {
    const end = this.snapshot();
    const start = this.start ?? end;
    const seconds = (performance.now() - this.startedAt) / 1000;
    const split: CpuSplit = { bench: (end.bench - start.bench) / seconds };
    if (end.server !== undefined && start.server !== undefined) {
      split.server = (end.server - start.server) / TICKS_PER_SECOND / seconds;
    }
    if (this.database) {
      let ticks = 0;
      // A backend born during the run spent all its ticks in it.
      for (const [pid, t] of end.backends) ticks += t - (start.backends.get(pid) ?? 0);
      split.postgres = ticks / TICKS_PER_SECOND / seconds;
    }
    const busy = (end.machine - start.machine) / TICKS_PER_SECOND / seconds;
    split.other = Math.max(0, busy - split.bench - (split.server ?? 0) - (split.postgres ?? 0));
    return split;
  }
}
