import type { Measurement } from './types';

/** Value at quantile `q` (0..1) of an ascending-sorted array (nearest rank). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Collects per-operation latencies of one run and summarises them. */
export class LatencyRecorder {
  private samples: number[] = [];
  non2xx = 0;
  errors = 0;

  add(ms: number): void {
    this.samples.push(ms);
  }

  summarize(durationS: number): Measurement {
    const sorted = Float64Array.from(this.samples).sort();
    return {
      ok: sorted.length,
      durationS,
      perSecond: sorted.length / durationS,
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      non2xx: this.non2xx,
      errors: this.errors,
    };
  }
}
