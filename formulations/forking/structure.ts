import { InputError } from "../input-error.js";

/**
 * The network of the forking paper (spec forking.md §1): the diamond of lattice points within
 * Manhattan distance n of the creator s at the origin, its layers (Def. III.1) and the expected
 * number of long-range links. Pure integer arithmetic wherever the quantity is a count.
 */

function checkInt(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new InputError(`${name} must be an integer ≥ ${min}, got ${value}`);
}

function checkBeta(beta: number): void {
  if (!Number.isFinite(beta) || beta < 0) throw new InputError(`beta must be a finite number ≥ 0, got ${beta}`);
}

/** N_total = 1 + Σ_{i=1}^{n} 4i = 2n²+2n+1. The paper's closed form (n+1)² is wrong [E1]; the diamond, not a square [E2]. */
export function totalNodes(n: number): number {
  checkInt("n", n, 1);
  return 2 * n * n + 2 * n + 1;
}

/** Lattice points at Manhattan distance i from a point: 4i for i ≥ 1, 1 for i = 0 (the point itself). */
export function nodesAtDistance(i: number): number {
  checkInt("i", i, 0);
  return i === 0 ? 1 : 4 * i;
}

/**
 * ℓ for a node at distance d from the creator (Def. III.1): −1 for s, 0 for d = 1, else ⌈log₂ d⌉,
 * i.e. the j with 2^{j−1} < d ≤ 2^j. Doubling in integers: a floating log2 can misround at powers of two.
 */
export function layerOfDistance(d: number): number {
  checkInt("d", d, 0);
  if (d === 0) return -1;
  let j = 0;
  let pow = 1;
  while (pow < d) {
    pow *= 2;
    j++;
  }
  return j;
}

/** J = ⌈log₂ n⌉ (0 for n = 1): the index of the last layer. The paper's range 1..log n omits layer 0 and the ceiling [E3]. */
export function lastLayer(n: number): number {
  checkInt("n", n, 1);
  return layerOfDistance(n);
}

/** J + 1: layers 0..J. */
export function layerCount(n: number): number {
  return lastLayer(n) + 1;
}

/** Distances [lo, hi] covered by layer j in a diamond of radius n (hi truncated at n [E3]). */
function layerDistances(j: number, n: number): [number, number] {
  const J = lastLayer(n);
  if (!Number.isSafeInteger(j) || j < 0 || j > J) throw new InputError(`j must be an integer in 0..${J} for n = ${n}, got ${j}`);
  if (j === 0) return [1, 1];
  return [2 ** (j - 1) + 1, Math.min(2 ** j, n)];
}

/** N_j = Σ 4i over the distances of layer j, stopping at distance n when the last layer is truncated [E3]. */
export function layerSize(j: number, n: number): number {
  const [lo, hi] = layerDistances(j, n);
  // Σ_{i=lo}^{hi} 4i = 2(hi(hi+1) − (lo−1)lo)
  return 2 * (hi * (hi + 1) - (lo - 1) * lo);
}

/** N_j = 3·2^{2j−1}+2^j for j ≥ 1 (untruncated); the formula gives 2.5 at j = 0, where the true size is 4 [E3]. */
export function layerSizeFormula(j: number): number {
  checkInt("j", j, 0);
  return j === 0 ? 4 : 3 * 2 ** (2 * j - 1) + 2 ** j;
}

/** Unordered pairs at distance 1 inside the diamond, no wrap-around: 4n² (boundary nodes have fewer than four [E4]). */
export function shortLinkCount(n: number): number {
  checkInt("n", n, 1);
  return 4 * n * n;
}

/** f_j = N_{j−1}·N_j with the actual (possibly truncated) layer sizes, for 1 ≤ j ≤ J (eq. (4)). */
export function layerPairCount(j: number, n: number): number {
  const J = lastLayer(n);
  if (!Number.isSafeInteger(j) || j < 1 || j > J) throw new InputError(`j must be an integer in 1..${J} for n = ${n}, got ${j}`);
  return layerSize(j - 1, n) * layerSize(j, n);
}

/** f_j = 9·2^{4j−4}+9·2^{3j−3}+2^{2j−1} (paper, after eq. (3)); only valid for j ≥ 2, since N_0 = 4 breaks it at j = 1 [E3]. */
export function layerPairFormula(j: number): number {
  checkInt("j", j, 2);
  return 9 * 2 ** (4 * j - 4) + 9 * 2 ** (3 * j - 3) + 2 ** (2 * j - 1);
}

/** P_long(u,v) = d^{−β}, no normalisation [E5]. d ≥ 1 (only d ≥ 2 pairs are candidates). */
export function longLinkProbability(d: number, beta: number): number {
  checkInt("d", d, 1);
  checkBeta(beta);
  return d ** -beta;
}

/** Expansivity ε_L = d^{−β}·ρ(d), ρ = the layer v would have if u were the creator, clamped at 0 (Def. III.2). */
export function expansivity(d: number, beta: number): number {
  return longLinkProbability(d, beta) * Math.max(0, layerOfDistance(d));
}

/** Long-link candidates [E5]: `adjacent` pairs nodes of adjacent layers, creator excluded (the paper's footnote); `all` every pair (Sec. VIII). */
export type LongLinkMode = "adjacent" | "all";

/** Mean and variance of the long-link count of one random network, from {@link expectedLongLinks}. */
export interface LongLinkExpectation {
  /** Σ p over candidate pairs: the expected number of long links. */
  readonly mean: number;
  /** Σ p(1−p): the variance of the (independent Bernoulli) link count. */
  readonly variance: number;
  /** Number of candidate unordered pairs. */
  readonly candidates: number;
}

/** Node coordinates of the diamond grouped by layer; index 0 of the result is the creator's group (layer −1). */
function nodesByLayer(n: number): { x: Int32Array; y: Int32Array }[] {
  const groups: { x: number[]; y: number[] }[] = Array.from({ length: layerCount(n) + 1 }, () => ({ x: [], y: [] }));
  for (let x = -n; x <= n; x++) {
    const r = n - Math.abs(x);
    for (let y = -r; y <= r; y++) {
      const g = groups[layerOfDistance(Math.abs(x) + Math.abs(y)) + 1]!;
      g.x.push(x);
      g.y.push(y);
    }
  }
  return groups.map((g) => ({ x: Int32Array.from(g.x), y: Int32Array.from(g.y) }));
}

/** Adds to hist[d] the number of pairs (a, b), a in A and b in B (or a < b within A when same), by distance. */
function countPairs(hist: Float64Array, A: { x: Int32Array; y: Int32Array }, B: { x: Int32Array; y: Int32Array }, same: boolean): void {
  for (let a = 0; a < A.x.length; a++) {
    const ax = A.x[a]!;
    const ay = A.y[a]!;
    for (let b = same ? a + 1 : 0; b < B.x.length; b++) hist[Math.abs(ax - B.x[b]!) + Math.abs(ay - B.y[b]!)] += 1;
  }
}

/**
 * Expected long-link count Σ d^{−β} over candidate unordered pairs with d ≥ 2 [E5]: `adjacent` (the
 * paper's footnote) pairs nodes of layers j and j+1, creator excluded; `all` (Sec. VIII) every pair,
 * creator included. Pairs are counted into a histogram by distance (≤ 2n), so d^{−β} is taken 2n times.
 */
export function expectedLongLinks(n: number, beta: number, mode: LongLinkMode): LongLinkExpectation {
  checkInt("n", n, 1);
  checkBeta(beta);
  if (mode !== "adjacent" && mode !== "all") throw new InputError(`mode must be "adjacent" or "all", got ${String(mode)}`);
  const groups = nodesByLayer(n);
  const hist = new Float64Array(2 * n + 1);
  if (mode === "adjacent") {
    for (let g = 1; g + 1 < groups.length; g++) countPairs(hist, groups[g]!, groups[g + 1]!, false);
  } else {
    for (let g = 0; g < groups.length; g++) {
      countPairs(hist, groups[g]!, groups[g]!, true);
      for (let h = g + 1; h < groups.length; h++) countPairs(hist, groups[g]!, groups[h]!, false);
    }
  }
  let mean = 0;
  let variance = 0;
  let candidates = 0;
  for (let d = 2; d <= 2 * n; d++) {
    const count = hist[d]!;
    if (count === 0) continue;
    const p = d ** -beta;
    mean += count * p;
    variance += count * p * (1 - p);
    candidates += count;
  }
  return { mean, variance, candidates };
}
