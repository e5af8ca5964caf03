import { Prng } from "../shared/prng.js";

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Mean of each column of equally long rows. */
export function columnMeans(rows: readonly (readonly number[])[]): number[] {
  return rows[0].map((_, i) => mean(rows.map((r) => r[i])));
}

export interface Interval {
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Percentile-bootstrap interval (level 1 − alpha, default 95 %) of mean(x) − mean(y) for two independent
 * samples, each resampled with replacement `resamples` times from a generator seeded with `seed` (so the
 * interval is reproducible).
 */
export function bootstrapDifference(x: readonly number[], y: readonly number[], seed: number, resamples = 2000, alpha = 0.05): Interval {
  const prng = new Prng(seed);
  const diffs = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sx = 0;
    for (let i = 0; i < x.length; i++) sx += x[prng.int(x.length)];
    let sy = 0;
    for (let i = 0; i < y.length; i++) sy += y[prng.int(y.length)];
    diffs[b] = sx / x.length - sy / y.length;
  }
  diffs.sort();
  return { estimate: mean(x) - mean(y), lo: diffs[Math.floor((alpha / 2) * (resamples - 1))], hi: diffs[Math.ceil((1 - alpha / 2) * (resamples - 1))] };
}
