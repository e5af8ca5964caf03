import { InputError } from "../input-error.js";
import { effectiveDelays, type ForkingModelParams, forkingParams } from "./params.js";
import { lastLayer, layerPairCount, layerSize, totalNodes } from "./structure.js";

/**
 * Sections IV–V of the paper: adjacent propagation times (Theorem IV.1), activation times T(j) and
 * the activation degree I(t) (eqs. (1)–(11)). Every T(j) here is the paper's expectation E[T(j)].
 */

function layerIndex(j: number, p: ForkingModelParams, min: number): void {
  const J = lastLayer(p.n);
  if (!Number.isSafeInteger(j) || j < min || j > J) throw new InputError(`j must be an integer in ${min}..${J} for n = ${p.n}, got ${j}`);
}

/** q_j = (3·2^{j−1})^{−β}: the smallest link chance between layers j−1 and j, as d ≤ 3·2^{j−1} (≤, not < [E7]). */
export function qj(j: number, beta: number): number {
  if (!Number.isSafeInteger(j) || j < 1) throw new InputError(`j must be an integer ≥ 1, got ${j}`);
  if (!Number.isFinite(beta) || beta < 0) throw new InputError(`beta must be a finite number ≥ 0, got ${beta}`);
  return (3 * 2 ** (j - 1)) ** -beta;
}

/** (1−q_j)^{N_j}, eq. (3): bound on the chance that one node of layer j−1 has no long link into layer j (≤, not < [E7]). */
export function nodeNoLinkBound(j: number, p: ForkingModelParams): number {
  layerIndex(j, p, 2);
  return Math.exp(layerSize(j, p.n) * Math.log1p(-qj(j, p.beta)));
}

/**
 * P_l^j ≥ 1 − (1−q_j)^{f_j}, eqs. (3)–(4), used as the value (the bound is not strict [E7]); j in 2..J.
 * f_j uses the actual layer sizes (truncated last layer). log1p/expm1 keep the tiny values at large β.
 */
export function longLinkChance(j: number, p: ForkingModelParams): number {
  layerIndex(j, p, 2);
  return -Math.expm1(layerPairCount(j, p.n) * Math.log1p(-qj(j, p.beta)));
}

/** τ_s^j = c·Δs·2^{j−2}, eq. (6): the short route across layer j−1 (width 2^{j−2}); Δs is scaled by Δ. */
export function shortRouteTime(j: number, p: ForkingModelParams): number {
  if (!Number.isSafeInteger(j) || j < 2) throw new InputError(`j must be an integer ≥ 2, got ${j}`);
  return p.c * effectiveDelays(p).ds * 2 ** (j - 2);
}

/**
 * τ_l^j, left open by the paper [E9]: τ_l override, else Δl·Δ (its lower bound). With apt "min" the
 * flood takes the faster route, so τ_l^j → min(τ_l^j, τ_s^j).
 */
export function longRouteTime(j: number, p: ForkingModelParams): number {
  const tau = p.tauL ?? effectiveDelays(p).dl;
  return p.apt === "min" ? Math.min(tau, shortRouteTime(j, p)) : tau;
}

/** E[T_j^l] = P_l^j·τ_l^j, eq. (5), with P_l^j at its bound [E7]. */
export function longRoutePart(j: number, p: ForkingModelParams): number {
  return longLinkChance(j, p) * longRouteTime(j, p);
}

/** E[T_j^s] = c·Δs·2^{j−2}·(1 − P_l^j), eq. (6). */
export function shortRoutePart(j: number, p: ForkingModelParams): number {
  layerIndex(j, p, 2);
  return shortRouteTime(j, p) * Math.exp(layerPairCount(j, p.n) * Math.log1p(-qj(j, p.beta)));
}

/**
 * E[T_j], Theorem IV.1 eq. (1) via eq. (2): Δs for j = 0, 1; for j ≥ 2 the right-hand side taken as
 * the value [E8]. Equal to longRoutePart + shortRoutePart, but written τ_s + P_l(τ_l − τ_s) so
 * that τ_l = τ_s (apt "min" at j = 2) gives exactly τ_s and T(j) lands exactly on the grid.
 */
export function expectedLayerTime(j: number, p: ForkingModelParams): number {
  layerIndex(j, p, 0);
  if (j <= 1) return effectiveDelays(p).ds;
  const ts = shortRouteTime(j, p);
  return ts + longLinkChance(j, p) * (longRouteTime(j, p) - ts);
}

/** T(0..J), eqs. (7)/(8): Δs, 2Δs, 2Δs + Σ_{k=2}^{j} E[T_k] (summation index fixed [E10]). */
export function activationTimes(p: ForkingModelParams): number[] {
  const q = forkingParams(p);
  const J = lastLayer(q.n);
  const T: number[] = [];
  let sum = 0;
  for (let j = 0; j <= J; j++) {
    sum += expectedLayerTime(j, q);
    T.push(sum);
  }
  return T;
}

/** T(j) = E[T(j)], eq. (8) [E10]. */
export function activationTime(j: number, p: ForkingModelParams): number {
  layerIndex(j, p, 0);
  return activationTimes(p)[j]!;
}

function logistic(N: number, omega: number): number {
  if (N <= 1) return N;
  // α_j N_j = 4N_j/(N_j−1): a rate per time unit, independent of Δs [E11].
  return N / (1 + (N - 1) * Math.exp((-4 * N * omega) / (N - 1)));
}

/**
 * I_j(ω) = N_j / (1 + (N_j−1)e^{−α_j N_j ω}), α_j = 4/(N_j−1), eq. (10) solving (9) with I_j(0) = 1.
 * N_j is the actual (possibly truncated) layer size; ω ≥ 0 is the time since T(j).
 */
export function layerLogistic(j: number, omega: number, p: ForkingModelParams): number {
  layerIndex(j, p, 0);
  if (!Number.isFinite(omega) || omega < 0) throw new InputError(`omega must be a finite number ≥ 0, got ${omega}`);
  return logistic(layerSize(j, p.n), omega);
}

/** What I(t) needs, computed once: validated parameters, N_j, N_total and T(j). */
export interface ActivationModel {
  /** The parameters with defaults filled in and validated. */
  readonly params: ForkingModelParams;
  /** N_j for j = 0..J, the last layer possibly truncated at distance n [E3]. */
  readonly sizes: readonly number[];
  /** N_total = 2n²+2n+1. */
  readonly total: number;
  /** Activation times T(0..J), eq. (8). */
  readonly T: readonly number[];
}

/** Validates `p` and precomputes the layer sizes, N_total and T(j) that {@link activationAt} reads. */
export function activationModel(p: ForkingModelParams): ActivationModel {
  const params = forkingParams(p);
  const J = lastLayer(params.n);
  const sizes = Array.from({ length: J + 1 }, (_, j) => layerSize(j, params.n));
  return { params, sizes, total: totalNodes(params.n), T: activationTimes(params) };
}

/**
 * I(t), eq. (11). Corrected [E12]: 1 + Σ_{j=0}^{J} 1[t ≥ T(j)] g_j(t − T(j)), g_0 = N_0, g_1 = N_1
 * (steps: a whole shell arrives at once) and g_j = I_j for j ≥ 2.
 *
 * Literal (as printed): 1, 5, 13 on [0,T(0)), [T(0),T(1)), [T(1),T(2)), then 13 + Σ_{j=3}^{J−1} I_j(t−T(j))
 * on [T(2),T(J)); layer 2 is missing. Two gaps are filled: a layer counts only once t ≥ T(j) (the
 * printed sum would evaluate I_j at negative ω, while the proof says only reached layers count), and
 * t ≥ T(J), which the paper leaves out, continues the same sum up to j = J. So literal = corrected
 * minus layer 2's term, tending to N_total − N_2 (117 for n = 8, 517 for n = 16) as the spec states.
 */
export function activationAt(model: ActivationModel, t: number): number {
  if (!Number.isFinite(t) || t < 0) throw new InputError(`t must be a finite number ≥ 0, got ${t}`);
  const { sizes, T, params } = model;
  let I = 1;
  for (let j = 0; j < sizes.length; j++) {
    if (t < T[j]!) break; // T(j) increases with j
    if (j <= 1) I += sizes[j]!;
    else if (j === 2 && params.eq11 === "literal") continue;
    else I += logistic(sizes[j]!, t - T[j]!);
  }
  return I;
}

/** I(t), eq. (11) with [E12]; see `activationAt`. */
export function globalActivation(t: number, p: ForkingModelParams): number {
  return activationAt(activationModel(p), t);
}

/**
 * The grid t = kδ, k = 0..⌊t_max/δ⌋ (t_max itself when it is a multiple of δ), multiplied rather than
 * summed so that it does not drift. The model and the simulator share it.
 */
export function gridPoints(delta: number, tMax: number): number[] {
  const K = Math.floor((tMax / delta) * (1 + 1e-12));
  return Array.from({ length: K + 1 }, (_, k) => k * delta);
}

/** The model's grid: `gridPoints` at its δ and t_max. */
export function timeGrid(p: ForkingModelParams): number[] {
  const q = forkingParams(p);
  return gridPoints(q.delta, q.tMax!);
}

/** I(t) on the grid t = 0, δ, …, t_max. */
export function activationCurve(p: ForkingModelParams): {
  /** The grid t = 0, δ, …, t_max. */
  t: number[];
  /** I(t) at each grid point. */
  I: number[];
} {
  const model = activationModel(p);
  const t = timeGrid(model.params);
  return { t, I: t.map((x) => activationAt(model, x)) };
}
