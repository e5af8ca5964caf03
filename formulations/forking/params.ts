import { InputError } from "../input-error.js";

/** Parameters of the analytic model (spec forking.md §2, "Free constants — defaults"). */
export interface ForkingModelParams {
  /** Diamond radius: nodes within Manhattan distance n of the creator. */
  n: number;
  /** Long-range exponent: P_long = d^{−β}. */
  beta: number;
  /** Δs, short-link delay before `scale` (default 1, the time unit). */
  ds: number;
  /** Δl, long-link delay before `scale` (default 1.5). */
  dl: number;
  /** The paper's "Δ" multiplier of both delays (default 1; the paper also runs 1.1). */
  scale: number;
  /** τ_l^j as printed (`literal`) or min(τ_l^j, τ_s^j) (`min`) [E9]. */
  apt: "literal" | "min";
  /** Eq. (11) with layer 2 restored (`corrected`, [E12]) or as printed (`literal`). */
  eq11: "corrected" | "literal";
  /** The "discount" c of eq. (6) (default 1: exact lattice time without long links). */
  c: number;
  /** τ_l override, used as given (not multiplied by `scale`); default Δl·scale. */
  tauL?: number;
  /** δ grid step of eqs. (13)–(14), default 1, not scaled with Δ [E15]. */
  delta: number;
  /** B: the network finds a block every B time units on average; π_u = 1/(B·N_total). */
  blockInterval: number;
  /** γ/Λ, honest over attacker per-node power (default 1; only the ratio enters eq. (16)). */
  powerRatio: number;
  /** e, number of attackers (outside the grid [E13]). */
  attackers: number;
  /** ε, the attack-success threshold of eq. (16). */
  epsilon: number;
  /** End of the time grid; default 2n. */
  tMax?: number;
}

/** The spec's defaults (forking.md §2): n = 8, β = 1, Δs = 1, Δl = 1.5, `apt` literal, corrected eq. (11), B = 600, e = 20, ε = 0.1. */
export const FORKING_DEFAULTS: Readonly<ForkingModelParams> = Object.freeze({
  n: 8,
  beta: 1,
  ds: 1,
  dl: 1.5,
  scale: 1,
  apt: "literal",
  eq11: "corrected",
  c: 1,
  delta: 1,
  blockInterval: 600,
  powerRatio: 1,
  attackers: 20,
  epsilon: 0.1,
});

/** Grids longer than this would allocate hundreds of MB; refused rather than attempted. */
export const MAX_GRID_POINTS = 10_000_000;

function positive(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new InputError(`${name} must be a finite number > 0, got ${v}`);
}

/** Fills defaults and validates; every failure is an InputError naming the offending value. */
export function forkingParams(partial: Partial<ForkingModelParams> = {}): ForkingModelParams {
  const pick = <K extends keyof ForkingModelParams>(k: K): ForkingModelParams[K] => (partial[k] ?? FORKING_DEFAULTS[k]) as ForkingModelParams[K];
  const p: ForkingModelParams = {
    n: pick("n"),
    beta: pick("beta"),
    ds: pick("ds"),
    dl: pick("dl"),
    scale: pick("scale"),
    apt: pick("apt"),
    eq11: pick("eq11"),
    c: pick("c"),
    delta: pick("delta"),
    blockInterval: pick("blockInterval"),
    powerRatio: pick("powerRatio"),
    attackers: pick("attackers"),
    epsilon: pick("epsilon"),
  };
  if (!Number.isSafeInteger(p.n) || p.n < 1) throw new InputError(`n must be an integer ≥ 1, got ${p.n}`);
  if (!Number.isFinite(p.beta) || p.beta < 0) throw new InputError(`beta must be a finite number ≥ 0, got ${p.beta}`);
  positive("ds", p.ds);
  positive("dl", p.dl);
  positive("scale", p.scale);
  positive("delta", p.delta);
  positive("blockInterval", p.blockInterval);
  positive("powerRatio", p.powerRatio);
  if (p.apt !== "literal" && p.apt !== "min") throw new InputError(`apt must be "literal" or "min", got ${String(p.apt)}`);
  if (p.eq11 !== "corrected" && p.eq11 !== "literal") throw new InputError(`eq11 must be "corrected" or "literal", got ${String(p.eq11)}`);
  if (!Number.isFinite(p.c) || p.c < 0) throw new InputError(`c must be a finite number ≥ 0, got ${p.c}`);
  if (!Number.isSafeInteger(p.attackers) || p.attackers < 0) throw new InputError(`attackers must be an integer ≥ 0, got ${p.attackers}`);
  if (!(p.epsilon > 0 && p.epsilon < 1)) throw new InputError(`epsilon must lie strictly between 0 and 1, got ${p.epsilon}`);
  if (partial.tauL !== undefined) {
    positive("tauL", partial.tauL);
    p.tauL = partial.tauL;
  }
  p.tMax = partial.tMax ?? 2 * p.n;
  positive("tMax", p.tMax);
  if (p.tMax / p.delta + 1 > MAX_GRID_POINTS) throw new InputError(`tMax/delta must be at most ${MAX_GRID_POINTS - 1} grid steps, got ${p.tMax / p.delta}`);
  return p;
}

/** Δs·scale and Δl·scale, the delays every formula uses. */
export function effectiveDelays(p: ForkingModelParams): {
  /** Δs·scale: the short-link delay. */
  ds: number;
  /** Δl·scale: the long-link delay. */
  dl: number;
} {
  return { ds: p.ds * p.scale, dl: p.dl * p.scale };
}
