import { InputError } from "../../formulations/input-error.js";

/**
 * Acceptance of a simulated frequency against an exact probability (spec §2.4), and a Wilson interval for
 * reporting.
 */

export interface Acceptance {
  readonly pass: boolean;
  /** |f̂ − P| */
  readonly deviation: number;
  /** The allowed deviation 4σ (with the floor below). */
  readonly tolerance: number;
}

/**
 * Pass iff |f̂ − P| ≤ 4·√(P(1−P)/N). Floor: the hit count's variance N·P(1−P) is taken as at least 1, so
 * at least 4 stray hits are allowed. Below that the count is Poisson-like, not normal, and the bare 4σ
 * would fail a single hit at P = 10⁻¹²; with the floor a count of mean ≤ 1 fails with probability < 0.4 %
 * (P(Poisson(1) ≥ 6) ≈ 6·10⁻⁴).
 */
export function within4Sigma(hits: number, runs: number, P: number): Acceptance {
  if (!Number.isSafeInteger(runs) || runs < 1) throw new InputError(`runs must be an integer ≥ 1, got ${runs}`);
  const deviation = Math.abs(hits / runs - P);
  const tolerance = (4 * Math.sqrt(Math.max(runs * P * (1 - P), 1))) / runs;
  return { pass: deviation <= tolerance, deviation, tolerance };
}

/** Wilson score interval for hits/runs at normal quantile zq (1.96: 95 %). */
export function wilsonInterval(hits: number, runs: number, zq = 1.96): { lo: number; hi: number } {
  if (!Number.isSafeInteger(runs) || runs < 1) throw new InputError(`runs must be an integer ≥ 1, got ${runs}`);
  const f = hits / runs;
  const z2 = zq * zq;
  const den = 1 + z2 / runs;
  const centre = (f + z2 / (2 * runs)) / den;
  const half = (zq * Math.sqrt((f * (1 - f)) / runs + z2 / (4 * runs * runs))) / den;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
