import { InputError } from "../input-error.js";

/**
 * Catch-up probabilities of the CoDAG paper §VI.F (spec codag.md §2.1–2.3). p = 1 − q is the honest
 * share of block production, q the adversary's, z the number of levels the adversary is behind.
 */

export type CatchUpFormula = "paper" | "exact" | "lemma1";

function checkQ(q: number): void {
  if (!Number.isFinite(q) || q <= 0 || q >= 1) throw new InputError(`q must be in (0, 1), got ${q}`);
}

function checkZ(z: number): void {
  if (!Number.isSafeInteger(z) || z < 0) throw new InputError(`z must be an integer ≥ 0, got ${z}`);
}

function checkWidths(K: number, m: number): void {
  if (!Number.isSafeInteger(K) || K < 1) throw new InputError(`K must be an integer ≥ 1, got ${K}`);
  if (!Number.isSafeInteger(m) || m < 1) throw new InputError(`m must be an integer ≥ 1, got ${m}`);
  if (m > K) throw new InputError(`m must be ≤ K, got m = ${m} > K = ${K}`);
}

/** ln ρ = ln(q/p), via log1p so that q near 1/2 keeps its digits. */
function logRho(q: number): number {
  return Math.log(q) - Math.log1p(-q);
}

/** Sums positive terms t, t·r(k), … while they still matter; r(k) maps term k to term k+1. */
function tailSum(first: number, k0: number, ratio: (k: number) => number): number {
  let term = first;
  let sum = 0;
  for (let k = k0; term > 1e-18 * sum && k < k0 + 1_000_000; k++) {
    sum += term;
    term *= ratio(k);
  }
  return sum;
}

/** x·2^e for any integer e, in steps so that neither the factor nor an intermediate over/underflows needlessly. */
function ldexp(x: number, e: number): number {
  while (e > 1000) (x *= 2 ** 1000), (e -= 1000);
  while (e < -1000) (x *= 2 ** -1000), (e += 1000);
  return x * 2 ** e;
}

/** Lemma 1, eq. (2): q_z = 1 if p ≤ q, else (q/p)^z (a ±1 gambler's-ruin walk in levels). */
export function lemma1(q: number, z: number): number {
  checkQ(q);
  checkZ(z);
  if (q >= 0.5) return 1;
  return Math.exp(z * logRho(q));
}

/**
 * Lemma 2 as printed, with Nakamoto's λ = zq/p (A15): 1 − Σ_{k=0}^{z} e^{−λ}λ^k/k!·(1 − ρ^{z−k}).
 * Rewritten as P(Pois(λ) > z) + Σ_{k≤z} Pois(k)·ρ^{z−k} (positive terms only, no cancellation). Both
 * sums are taken relative to their largest term e^{−λ}λ^z/z!: backwards the ratio is k/z, forwards λ/(k+1).
 */
export function lemma2Paper(q: number, z: number): number {
  checkQ(q);
  checkZ(z);
  if (q >= 0.5 || z === 0) return 1;
  const lambda = (z * q) / (1 - q);
  let logFact = 0;
  for (let i = 2; i <= z; i++) logFact += Math.log(i);
  const logHead = -lambda + z * Math.log(lambda) - logFact;
  let below = 0;
  let t = 1;
  for (let k = z; k >= 0; k--) {
    below += t;
    t *= k / z; // term k−1 over term k: (k/λ)·ρ = k/z
  }
  const above = tailSum(lambda / (z + 1), z + 1, (k) => lambda / (k + 1));
  return Math.min(1, Math.exp(logHead + Math.log(below + above)));
}

/**
 * Lemma 2 exact (Rosenfeld 2014): 1 − Σ_{k=0}^{z} C(k+z−1, k)(p^z q^k − q^z p^k), k the adversary's blocks
 * while the honest side makes z (negative binomial). Evaluated as P(NB > z) + Σ_{k≤z} C(k+z−1,k) q^z p^k,
 * both relative to C(2z−1, z)(pq)^z (the k = z term), so every term is positive and nothing overflows.
 */
export function lemma2Exact(q: number, z: number): number {
  checkQ(q);
  checkZ(z);
  if (q >= 0.5 || z === 0) return 1;
  const p = 1 - q;
  // head = Π_{i=1}^{z} (z−1+i)/i·pq, multiplied out (not summed in logs: exp(−100) loses 1e-14) and kept in
  // range by moving powers of two into e.
  let head = 1;
  let e = 0;
  for (let i = 1; i <= z; i++) {
    head *= ((z - 1 + i) / i) * (p * q);
    if (head < 2 ** -500) (head *= 2 ** 500), (e -= 500);
    else if (head > 2 ** 500) (head *= 2 ** -500), (e += 500);
  }
  let below = 0;
  let t = 1;
  for (let k = z; k >= 0; k--) {
    below += t;
    if (k > 0) t *= k / (p * (k + z - 1));
  }
  const above = tailSum(((2 * z) / (z + 1)) * q, z + 1, (k) => (q * (k + z)) / (k + 1));
  return Math.min(1, ldexp(head * (below + above), e));
}

const FORMULAS: Record<CatchUpFormula, (q: number, z: number) => number> = { paper: lemma2Paper, exact: lemma2Exact, lemma1 };

/**
 * z*(q, ε): the least z whose catch-up probability is below ε (spec §1.6), Infinity when p ≤ q (never
 * stable). Each formula decreases in z, so doubling then bisection finds it with O(log z*) evaluations:
 * a scan costs O(z*²) and near q = 1/2, where z* runs to tens of thousands, takes minutes.
 */
export function stabilityDepth(q: number, eps = 1e-3, formula: CatchUpFormula = "exact"): number {
  checkQ(q);
  if (!Number.isFinite(eps) || eps <= 0 || eps >= 1) throw new InputError(`ε must be in (0, 1), got ${eps}`);
  if (!Object.hasOwn(FORMULAS, formula)) throw new InputError(`formula must be paper, exact or lemma1, got ${String(formula)}`);
  if (q >= 0.5) return Infinity;
  const f = FORMULAS[formula];
  if (f(q, 0) < eps) return 0;
  let hi = 1;
  while (!(f(q, hi) < eps)) {
    if (hi > 10_000_000) throw new InputError(`no z ≤ 10⁷ gives a value below ε = ${eps} at q = ${q}`);
    hi *= 2;
  }
  let lo = Math.floor(hi / 2); // f(lo) ≥ ε
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (f(q, mid) < eps) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Model A exact: a ±1 walk from z (down w.p. q) absorbed at 0 (caught up) or at B: (ρ^z − ρ^B)/(1 − ρ^B),
 * ρ = q/p; p = q: 1 − z/B. Written with expm1 so that ρ near 1 and ρ^z tiny both keep their digits.
 */
export function modelAExact(q: number, z: number, B: number): number {
  checkQ(q);
  checkZ(z);
  if (!Number.isSafeInteger(B) || B <= z) throw new InputError(`B must be an integer > z = ${z}, got ${B}`);
  const L = logRho(q);
  if (L === 0) return 1 - z / B;
  if (L < 0) return Math.exp(z * L) * (Math.expm1((B - z) * L) / Math.expm1(B * L));
  // ρ > 1: multiply through by ρ^{−B} so nothing overflows.
  return Math.expm1(-(B - z) * L) / Math.expm1(-B * L);
}

/** §2.3: an m-wide private channel levels up at q/m per block, the honest one at p/K: sure catch-up above m/(K + m). */
export function sureCatchUpThreshold(m: number, K: number): number {
  checkWidths(K, m);
  return m / (K + m);
}

/**
 * §2.3 Cramér–Lundberg root: r ∈ (0, 1) with p·r^{1/K} + q·r^{−1/m} = 1, i.e. r^{gap} is a martingale of the
 * fluid gap (honest +1/K, adversary −1/m per block). Solved for x = −ln r: φ(x) = p(e^{−x/K} − 1) +
 * q(e^{x/m} − 1) is convex, φ(0) = 0, φ'(0) < 0 iff q < m/(K + m); bisection on (0, m·ln(1/q)], where φ > 0.
 * Returns 1 when the drift is not negative (no root below 1).
 */
export function lundbergRoot(q: number, K: number, m: number): number {
  checkQ(q);
  checkWidths(K, m);
  const p = 1 - q;
  if (q >= m / (K + m)) return 1; // the same float as sureCatchUpThreshold
  const phi = (x: number): number => p * Math.expm1(-x / K) + q * Math.expm1(x / m);
  let lo = 0;
  let hi = m * -Math.log(q);
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = (lo + hi) / 2;
    if (phi(mid) < 0) lo = mid;
    else hi = mid;
  }
  return Math.exp(-(lo + hi) / 2);
}

/** §2.3: catch-up from z levels behind ≈ r^z (overshoot ignored: r^z is an upper bound of the fluid model); 1 at or above the threshold. */
export function catchUpLundberg(q: number, z: number, K: number, m: number): number {
  checkZ(z);
  return lundbergRoot(q, K, m) ** z;
}

/** §2.3, m = K: the adversary must gain K(z−1)+1 blocks in a ±1 race, so catch-up ≤ (q/p)^{K(z−1)+1}. */
export function separateChannelBound(q: number, z: number, K: number): number {
  checkQ(q);
  checkZ(z);
  checkWidths(K, 1);
  if (q >= 0.5 || z === 0) return 1;
  return Math.exp((K * (z - 1) + 1) * logRho(q));
}

/**
 * Exact catch-up of the §2.3 level race (what Model B simulates on a real DAG). Each block is honest w.p.
 * p. With h honest and a adversary blocks since an honest level completed, the honest top level is up by
 * ceil(h/K), the adversary's by ceil(a/m); it catches up once ceil(a/m) − ceil(h/K) ≥ z. States (gap g,
 * a mod m, h mod K): an honest block with h ≡ 0 (mod K) opens a level (g + 1), an adversary block with
 * a ≡ 0 (mod m) opens one (g − 1). g ≤ 0 is caught up; g > maxGap is Model B's stop and counts as not
 * caught up, so the value is a lower bound, short of the untruncated one by at most P(gap ever exceeds maxGap).
 * Solved exactly: I − Q is a banded M-matrix (the gap moves by ±1, bandwidth mK + 1), so Gaussian
 * elimination without pivoting is stable and, all signs fixed, free of cancellation.
 */
export function catchUpLevelRace(q: number, z: number, K: number, m: number, maxGap = z + 60): number {
  checkQ(q);
  checkZ(z);
  checkWidths(K, m);
  if (!Number.isSafeInteger(maxGap) || maxGap < z) throw new InputError(`maxGap must be an integer ≥ z = ${z}, got ${maxGap}`);
  if (z === 0) return 1;
  const p = 1 - q;
  const S = m * K;
  const n = maxGap * S;
  const bw = S + 1;
  const W = 2 * bw + 1;
  if (n * W > 50_000_000) throw new InputError(`level race too large: ${n} states × band ${W}`);
  const A = new Float64Array(n * W); // A[r·W + (c − r + bw)] = A_rc
  const b = new Float64Array(n);
  const idx = (g: number, i: number, j: number): number => (g - 1) * S + i * K + j;
  const add = (r: number, g: number, i: number, j: number, w: number): void => {
    if (g <= 0) b[r] += w;
    else if (g <= maxGap) A[r * W + idx(g, i, j) - r + bw] -= w;
  };
  for (let g = 1; g <= maxGap; g++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < K; j++) {
        const r = idx(g, i, j);
        A[r * W + bw] += 1;
        add(r, j === 0 ? g + 1 : g, i, (j + 1) % K, p);
        add(r, i === 0 ? g - 1 : g, (i + 1) % m, j, q);
      }
    }
  }
  for (let k = 0; k < n; k++) {
    const piv = A[k * W + bw];
    const last = Math.min(n - 1, k + bw);
    for (let r = k + 1; r <= last; r++) {
      const f = A[r * W + k - r + bw] / piv;
      if (f === 0) continue;
      for (let c = k; c <= last; c++) A[r * W + c - r + bw] -= f * A[k * W + c - k + bw];
      b[r] -= f * b[k];
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    let s = b[k];
    const last = Math.min(n - 1, k + bw);
    for (let c = k + 1; c <= last; c++) s -= A[k * W + c - k + bw] * b[c];
    b[k] = s / A[k * W + bw];
  }
  return Math.min(1, b[idx(z, 0, 0)]);
}
