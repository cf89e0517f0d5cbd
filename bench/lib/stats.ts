// Percentiles and summaries of latency samples. Nearest-rank percentiles: the reported value is one that
// was actually measured (no interpolation), so p99 of 100 samples is the 99th smallest.

/** Nearest-rank percentile (q in 0..1] of ascending-sorted samples; NaN when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary {
  /** Completed requests without error. */
  n: number;
  errors: number;
  p50: number;
  p99: number;
  mean: number;
  /** Completed requests per second of wall time spent on this system. */
  throughput: number;
}

export function summarise(latencies: readonly number[], errors: number, wallMs: number): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    n: sorted.length,
    errors,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    mean: sorted.length > 0 ? total / sorted.length : Number.NaN,
    throughput: wallMs > 0 ? (sorted.length / wallMs) * 1000 : 0,
  };
}
