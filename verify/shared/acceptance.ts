/**
 * One acceptance rule for every simulation checked against an exact probability (spec codag.md §2.4 and
 * §3.3): a frequency f̂ = hits/N passes when |f̂ − P| ≤ 4σ, σ = √(P(1−P)/N). Where N·P(1−P) < 9 (P near
 * 0 or 1) the normal interval means nothing — a single hit at P = 10⁻¹² is 10⁶σ away — so there the count
 * passes when both exact binomial tails are at least Φ(−4), the same level as 4σ. Every point of a check
 * then fails spuriously with probability about 2Φ(−4) = 6.3·10⁻⁵.
 */
import { binomialCdf, binomialTail } from "../../formulations/binomial.js";
import { InputError } from "../../formulations/input-error.js";

/** Two-sided tail of the 4σ rule under the normal law, 2Φ(−4): the level of the exact test too. */
export const FOUR_SIGMA_LEVEL = 6.334248366623996e-5;
/** Below this N·P(1−P) the normal interval is meaningless: use exact binomial tails. */
export const NORMAL_MIN_VARIANCE = 9;

/**
 * judgeFrequency's verdict on a simulated frequency: pass or fail, the rule that decided (normal or exact), σ,
 * the deviation and the tolerance.
 */
export interface Acceptance {
  /** Whether the frequency is accepted. */
  readonly pass: boolean;
  /** Which rule decided: the 4σ interval, or the exact binomial tails (N·P(1−P) < 9). */
  readonly rule: "normal" | "exact";
  /** √(P(1−P)/N) */
  readonly sigma: number;
  /** |f̂ − P| */
  readonly deviation: number;
  /** 4σ (for reports; the exact rule decides by `tail`). */
  readonly tolerance: number;
  /** The smaller one-sided binomial tail of the count (exact rule only). */
  readonly tail: number | null;
}

/**
 * Judges hits/runs against the exact probability P by the acceptance rule above: within 4σ where N·P(1−P) ≥ 9,
 * else both exact binomial tails at least Φ(−4).
 */
export function judgeFrequency(hits: number, runs: number, P: number): Acceptance {
  if (!Number.isSafeInteger(runs) || runs < 1) throw new InputError(`runs must be an integer >= 1 (got ${runs})`);
  const sigma = Math.sqrt((P * (1 - P)) / runs);
  const deviation = Math.abs(hits / runs - P);
  const tolerance = 4 * sigma;
  if (runs * P * (1 - P) >= NORMAL_MIN_VARIANCE) return { pass: deviation <= tolerance, rule: "normal", sigma, deviation, tolerance, tail: null };
  const tail = Math.min(binomialCdf(hits, runs, P), binomialTail(hits, runs, P));
  return { pass: tail >= FOUR_SIGMA_LEVEL / 2, rule: "exact", sigma, deviation, tolerance, tail };
}

/** Wilson score interval for hits/runs at normal quantile zq (1.96: 95 %). */
export function wilsonInterval(
  hits: number,
  runs: number,
  zq = 1.96,
): {
  /** Lower end. */
  lo: number;
  /** Upper end. */
  hi: number;
} {
  if (!Number.isSafeInteger(runs) || runs < 1) throw new InputError(`runs must be an integer >= 1 (got ${runs})`);
  const f = hits / runs;
  const z2 = zq * zq;
  const den = 1 + z2 / runs;
  const centre = (f + z2 / (2 * runs)) / den;
  const half = (zq * Math.sqrt((f * (1 - f)) / runs + z2 / (4 * runs * runs))) / den;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
