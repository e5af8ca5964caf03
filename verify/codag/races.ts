import { lemma1, lemma2Exact, lemma2Paper, modelAExact } from "../../formulations/codag/catch-up.js";
import { InputError } from "../../formulations/input-error.js";
import { Prng, runSeed } from "../shared/prng.js";
import { judgeFrequency, wilsonInterval } from "../shared/acceptance.js";

/**
 * Seeded simulations of spec codag.md §2.4: Model A (Lemma 1's level walk with a barrier) and the Lemma 2
 * race. One Prng per call, plain loops, nothing allocated per step; a grid derives each point's seed with
 * runSeed, so any point replays alone.
 */

export interface SimResult {
  /** Runs in which the adversary caught up. */
  readonly hits: number;
  /** Runs made. */
  readonly runs: number;
  /** f̂ = hits / runs. */
  readonly estimate: number;
}

export const MODEL_A_QS: readonly number[] = [0.1, 0.2, 0.3, 0.4];
export const MODEL_A_ZS: readonly number[] = [1, 2, 4, 6];

function checkRuns(seed: number, runs: number): void {
  if (!Number.isSafeInteger(runs) || runs < 1) throw new InputError(`runs must be an integer ≥ 1, got ${runs}`);
  if (!Number.isFinite(seed)) throw new InputError(`seed must be a finite number, got ${seed}`);
}

/**
 * The least barrier B > z with ρ^B < tol (ρ = q/p): then modelAExact(q, ·, B) is within ρ^B/(1 − ρ^B) of
 * Lemma 1 for every start ≤ z. Needs q < 1/2 (otherwise no barrier makes the walk transient).
 */
export function lemma1Barrier(q: number, z: number, tol = 1e-12): number {
  if (!Number.isFinite(q) || q <= 0 || q >= 0.5) throw new InputError(`q must be in (0, 0.5) for a finite barrier, got ${q}`);
  if (!Number.isSafeInteger(z) || z < 0) throw new InputError(`z must be an integer ≥ 0, got ${z}`);
  if (!Number.isFinite(tol) || tol <= 0 || tol >= 1) throw new InputError(`tol must be in (0, 1), got ${tol}`);
  const L = Math.log(q) - Math.log1p(-q);
  let B = Math.max(z + 1, Math.floor(Math.log(tol) / L) + 1);
  while (Math.exp(B * L) >= tol) B++; // guard against rounding of the logs either way
  while (B - 1 > z && Math.exp((B - 1) * L) < tol) B--;
  return B;
}

function checkWalk(q: number, z: number, B: number): void {
  if (!Number.isFinite(q) || q <= 0 || q >= 1) throw new InputError(`q must be in (0, 1), got ${q}`);
  if (!Number.isSafeInteger(z) || z < 0) throw new InputError(`z must be an integer ≥ 0, got ${z}`);
  if (!Number.isSafeInteger(B) || B <= z) throw new InputError(`B must be an integer > z = ${z}, got ${B}`);
}

/** Model A: D ← D − 1 w.p. q, else D + 1, from z; a hit is reaching 0 before B. Exact: modelAExact(q, z, B). */
export function simulateModelA(q: number, z: number, B: number, seed: number, runs: number): SimResult {
  checkWalk(q, z, B);
  checkRuns(seed, runs);
  const rng = new Prng(seed);
  const qt = q * 4294967296; // next() < qt ⇔ float() < q, without the division
  let hits = 0;
  for (let r = 0; r < runs; r++) if (walkReachesZero(rng, qt, z, B)) hits++;
  return { hits, runs, estimate: hits / runs };
}

/** Model A's walk from d: down when next() < qt (probability q), up otherwise; true if it hits 0 before B. */
function walkReachesZero(rng: Prng, qt: number, d: number, B: number): boolean {
  while (d > 0 && d < B) d += rng.next() < qt ? -1 : 1;
  return d === 0;
}

/**
 * Lemma 2 race: blocks (adversary w.p. q) until the honest side has z; the adversary then has k. A hit if
 * k ≥ z, else Model A from z − k to 0 before the barrier B (B > z). The exact value is
 * P(NB ≥ z) + Σ_{k<z} NB(k)·modelAExact(q, z − k, B), which lies in [lemma2Exact − ρ^B/(1 − ρ^B),
 * lemma2Exact]: with B = lemma1Barrier(q, z) the check asserts lemma2Exact itself.
 */
export function simulateLemma2Race(q: number, z: number, B: number, seed: number, runs: number): SimResult {
  checkWalk(q, z, B);
  checkRuns(seed, runs);
  const rng = new Prng(seed);
  const qt = q * 4294967296; // next() < qt ⇔ float() < q, without the division
  let hits = 0;
  for (let r = 0; r < runs; r++) {
    let h = 0;
    let k = 0;
    while (h < z) {
      if (rng.next() < qt) k++;
      else h++;
    }
    if (k >= z) {
      hits++;
      continue;
    }
    if (walkReachesZero(rng, qt, z - k, B)) hits++;
  }
  return { hits, runs, estimate: hits / runs };
}

/** A simulated race judged against its exact value: q, z, the barrier B, the estimate with its 95 % interval, and the verdict. */
export interface RaceCheck extends SimResult {
  /** Adversary share q. */
  readonly q: number;
  /** Levels z the adversary starts behind. */
  readonly z: number;
  /** Barrier B of the walk: a run stops as lost when the lead reaches B. */
  readonly B: number;
  /** The value the simulation is asserted against. */
  readonly exact: number;
  /** Whether the estimate passes the shared acceptance rule (within 4σ, or the exact binomial tail). */
  readonly pass: boolean;
  /** |f̂ − exact|. */
  readonly deviation: number;
  /** 4σ, σ = √(P(1−P)/N). */
  readonly tolerance: number;
  /** 95 % Wilson interval of the estimate. */
  readonly lo: number;
  /** Upper end of the 95 % Wilson interval. */
  readonly hi: number;
}

function check(q: number, z: number, B: number, sim: SimResult, exact: number): RaceCheck {
  const a = judgeFrequency(sim.hits, sim.runs, exact);
  const w = wilsonInterval(sim.hits, sim.runs);
  return { q, z, B, ...sim, exact, pass: a.pass, deviation: a.deviation, tolerance: a.tolerance, lo: w.lo, hi: w.hi };
}

/** §2.4 Model A grid: q × z with B = lemma1Barrier(q, z), point i seeded runSeed(seed, i); also reports Lemma 1. */
export function modelAChecks(seed: number, runs: number, qs = MODEL_A_QS, zs = MODEL_A_ZS): (RaceCheck & { lemma1: number })[] {
  const out: (RaceCheck & { lemma1: number })[] = [];
  for (const q of qs) {
    for (const z of zs) {
      const B = lemma1Barrier(q, z);
      const sim = simulateModelA(q, z, B, runSeed(seed, out.length), runs);
      out.push({ ...check(q, z, B, sim, modelAExact(q, z, B)), lemma1: lemma1(q, z) });
    }
  }
  return out;
}

/** §2.4 Lemma 2 points (default q = 0.3, z ∈ {2, 5}): asserted against lemma2Exact; the paper's value and its gap reported. */
export function lemma2Checks(seed: number, runs: number, q = 0.3, zs: readonly number[] = [2, 5]): (RaceCheck & { paper: number; gap: number })[] {
  return zs.map((z, i) => {
    const B = lemma1Barrier(q, z);
    const sim = simulateLemma2Race(q, z, B, runSeed(seed, i), runs);
    const exact = lemma2Exact(q, z);
    const paper = lemma2Paper(q, z);
    return { ...check(q, z, B, sim, exact), paper, gap: exact - paper };
  });
}
