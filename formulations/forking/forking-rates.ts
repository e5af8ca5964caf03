import { InputError } from "../input-error.js";
import { type ForkingModelParams, forkingParams } from "./params.js";
import { activationAt, activationModel, timeGrid } from "./propagation.js";
import { totalNodes } from "./structure.js";

/**
 * Sections VI–VII: unintentional forking (eqs. (12)–(14)), the intentional-forking level θ (eq. (16))
 * and the Decker–Wattenhofer cross-check (spec §6). Equal power: π_u = 1/(B·N_total) per node.
 */

/**
 * π_u = 1/(B·N_total): the network as a whole finds a block every B time units. `nodes` defaults to the
 * lattice's N_total; a network read from a file passes its own count.
 */
export function blockRate(p: ForkingModelParams, nodes = totalNodes(p.n)): number {
  return 1 / (p.blockInterval * nodes);
}

function checkS(S: number): void {
  if (!Number.isFinite(S) || S < 0) throw new InputError(`S must be a finite number ≥ 0, got ${S}`);
}

/** P[φ(t+δ) − φ(t) = k] = e^{−λδ}(λδ)^k / k!, eq. (12), with λ = π_u·S (S uninformed nodes, equal power). */
export function forkCountProbability(k: number, S: number, p: ForkingModelParams): number {
  if (!Number.isSafeInteger(k) || k < 0) throw new InputError(`k must be an integer ≥ 0, got ${k}`);
  checkS(S);
  const mu = p.delta * blockRate(p) * S;
  if (mu === 0) return k === 0 ? 1 : 0;
  let logFact = 0;
  for (let i = 2; i <= k; i++) logFact += Math.log(i);
  return Math.exp(-mu + k * Math.log(mu) - logFact);
}

/** fr(t) = 1 − e^{−δ π_u S(t)}, eq. (13) (the k = 0 term of the Poisson law (12)): a fork in [t, t+δ]. */
export function forkRate(S: number, p: ForkingModelParams, nodes?: number): number {
  checkS(S);
  return -Math.expm1(-p.delta * blockRate(p, nodes) * S);
}

/**
 * FR(t_k) = 1 − Π_{w ≤ t_k}(1 − fr(w)) = 1 − e^{−δ π_u Σ_{w ≤ t_k} S(w)}, eq. (14), for S given on the
 * grid: a fork in [0, t_k + δ]. Summing the exponent avoids a long product of factors near 1.
 */
export function cumulativeForkRate(S: readonly number[], p: ForkingModelParams, nodes?: number): number[] {
  const rate = p.delta * blockRate(p, nodes);
  let sum = 0;
  return S.map((s) => {
    checkS(s);
    sum += s;
    return -Math.expm1(-rate * sum);
  });
}

/**
 * ϑ = −ln ε / ln(γm / (Λe)), eq. (15), m honest informed nodes; e is the attacker count, not Euler's
 * number [E13]. Null when γm ≤ Λe: no finite lead suffices. The log base cancels.
 */
export function robustLevel(m: number, p: ForkingModelParams): number | null {
  if (!Number.isFinite(m) || m < 0) throw new InputError(`m must be a finite number ≥ 0, got ${m}`);
  if (p.powerRatio * m <= p.attackers) return null;
  // e = 0 gives ln(∞) and ϑ = 0: with no attacker no lead is needed.
  return -Math.log(p.epsilon) / Math.log((p.powerRatio * m) / p.attackers);
}

/** θ(t) = ϑ with m = I(t), eq. (16) [E13]. A lower θ is safer, whatever Cor. VII.1–2 say [E14]. */
export function theta(I: number, p: ForkingModelParams): number | null {
  if (!Number.isFinite(I) || I < 0) throw new InputError(`I must be a finite number ≥ 0, got ${I}`);
  return robustLevel(I, p);
}

/**
 * Decker–Wattenhofer: P_fork = 1 − (1 − P_b)^{∫(1−f)dt} with P_b = 1 − e^{−1/B} (spec §6), so
 * (1 − P_b)^x = e^{−x/B}, computed as −expm1 for accuracy.
 */
export function deckerWattenhofer(meanUninformedIntegral: number, p: ForkingModelParams): number {
  if (!Number.isFinite(meanUninformedIntegral) || meanUninformedIntegral < 0) {
    throw new InputError(`the uninformed integral must be a finite number ≥ 0, got ${meanUninformedIntegral}`);
  }
  return -Math.expm1(-meanUninformedIntegral / p.blockInterval);
}

/**
 * ∫_0^{t_max} (1 − I(t)/N_total) dt by the composite midpoint rule. The interval is first cut at every
 * T(j), where I jumps, so each piece is smooth; each piece uses equal steps of at most `step`.
 */
export function modelUninformedIntegral(p: ForkingModelParams, step = 0.01): number {
  if (!Number.isFinite(step) || step <= 0 || step > 0.01) throw new InputError(`step must lie in (0, 0.01], got ${step}`);
  const model = activationModel(p);
  const tMax = model.params.tMax!;
  const cuts = [0, ...model.T.filter((x) => x > 0 && x < tMax), tMax];
  let integral = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k]!;
    const len = cuts[k + 1]! - a;
    if (len <= 0) continue;
    const m = Math.ceil(len / step);
    const h = len / m;
    for (let i = 0; i < m; i++) integral += h * (1 - activationAt(model, a + (i + 0.5) * h) / model.total);
  }
  return integral;
}

/** The model's curves on one time grid (spec forking.md §2), as returned by {@link forkingCurves}. */
export interface ForkingCurves {
  /** Grid t = 0, δ, …, t_max. */
  readonly t: number[];
  /** I(t), eq. (11). */
  readonly I: number[];
  /** S(t) = N_total − I(t). */
  readonly S: number[];
  /** fr(t), eq. (13). */
  readonly fr: number[];
  /** FR(t), eq. (14). */
  readonly FR: number[];
  /** θ(t), eq. (16); null where unbounded. */
  readonly theta: (number | null)[];
  /** T(0..J), eq. (8). */
  readonly T: number[];
  /** Decker–Wattenhofer fork chance from the model's I(t), integral to t_max. */
  readonly pDW: number;
  /** FR at the last grid point. */
  readonly FRmax: number;
}

/** Every model curve on the grid, from one parameter set. */
export function forkingCurves(partial: ForkingModelParams): ForkingCurves {
  const p = forkingParams(partial);
  const model = activationModel(p);
  const t = timeGrid(p);
  const I = t.map((x) => activationAt(model, x));
  // Guards S ≥ 0 against rounding in the sum of logistics.
  const S = I.map((i) => Math.max(0, model.total - i));
  const FR = cumulativeForkRate(S, p);
  return {
    t,
    I,
    S,
    fr: S.map((s) => forkRate(s, p)),
    FR,
    theta: I.map((i) => theta(i, p)),
    T: [...model.T],
    pDW: deckerWattenhofer(modelUninformedIntegral(p), p),
    FRmax: FR[FR.length - 1]!,
  };
}
