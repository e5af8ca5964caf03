/**
 * The binomial distribution in log space: C(n, k) p^k (1 − p)^(n−k) underflows long before n = 1000.
 * Shared by the PoS rates and the statistical acceptance of every simulation.
 */
const SMALL = 256;
const LOG_FACTORIAL = (() => {
  const t = new Float64Array(SMALL + 1);
  for (let k = 2; k <= SMALL; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

/** ln k!: a table below 256, Stirling's series above (its error there is below 1e-17 relative). */
export function logFactorial(k: number): number {
  if (k <= SMALL) return LOG_FACTORIAL[k];
  const inv = 1 / k;
  const inv2 = inv * inv;
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/** P(X = k), X ~ Bin(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Σ_{k=a..b} P(X = k), summed directly (used on the side of the mean where it is small). */
function binomialRange(a: number, b: number, n: number, p: number): number {
  let sum = 0;
  for (let k = Math.max(0, a); k <= Math.min(n, b); k++) sum += binomialPmf(k, n, p);
  return sum;
}

/** F(k; n, p) = P(X ≤ k). The tail beyond the mean is summed directly, so small values keep their digits. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return k < n * p ? binomialRange(0, k, n, p) : Math.max(0, 1 - binomialRange(k + 1, n, n, p));
}

/** P(X ≥ k) = 1 − F(k − 1; n, p), without the cancellation of 1 − F when F is close to 1. */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return k > n * p ? binomialRange(k, n, n, p) : Math.max(0, 1 - binomialRange(0, k - 1, n, p));
}
