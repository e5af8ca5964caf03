import { bootstrapDifference } from "./stats.js";
import type { Curves } from "./curves.js";

/** The outcome of a check or claim: held, contradicted, or not comparable (e.g. no grid point where both sides are defined). */
export type Verdict = "held" | "contradicted" | "not comparable";

/** One of the paper's orderings: the smaller parameter gives the lower quantity at every t. */
export interface OrderingClaim {
  readonly id: string;
  readonly quantity: "fr" | "FR" | "theta";
  readonly vary: "beta" | "scale";
  readonly statement: string;
}

export const ORDERING_CLAIMS: readonly OrderingClaim[] = [
  { id: "VI.1", quantity: "fr", vary: "beta", statement: "a smaller β gives a lower fr(t)" },
  { id: "VI.2", quantity: "fr", vary: "scale", statement: "a smaller Δ gives a lower fr(t)" },
  { id: "VI.3", quantity: "FR", vary: "beta", statement: "a smaller β gives a lower FR(t)" },
  { id: "VI.4", quantity: "FR", vary: "scale", statement: "a smaller Δ gives a lower FR(t)" },
  { id: "VII.1", quantity: "theta", vary: "beta", statement: "a smaller β gives a lower θ(t) (the paper prints “higher”, [E14])" },
  { id: "VII.2", quantity: "theta", vary: "scale", statement: "a smaller Δ gives a lower θ(t) (the paper prints “higher”, [E14])" },
];

/** The outcome of comparing X ≤ Y on a grid: where it failed worst, with both values. */
export interface Comparison {
  readonly verdict: Verdict;
  readonly points: number;
  readonly violations: number;
  readonly worst?: { t: number; x: number; y: number };
}

const slack = (y: number): number => 1e-12 * Math.max(1, Math.abs(y));

/** X(t) ≤ Y(t) at every grid t where both are defined (θ may be null: unbounded). */
export function compareAtEveryT(t: readonly number[], x: readonly (number | null)[], y: readonly (number | null)[]): Comparison {
  let points = 0;
  let violations = 0;
  let worst: Comparison["worst"];
  for (let i = 0; i < t.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a === null || b === null) continue;
    points++;
    if (a > b + slack(b)) {
      violations++;
      if (!worst || a - b > worst.x - worst.y) worst = { t: t[i], x: a, y: b };
    }
  }
  const verdict: Verdict = points === 0 ? "not comparable" : violations > 0 ? "contradicted" : "held";
  return worst ? { verdict, points, violations, worst } : { verdict, points, violations };
}

/** Per grid t, mean(X) − mean(Y) with its 95 % bootstrap interval. */
export interface IntervalAtT {
  readonly t: number;
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
}

export interface StatisticalComparison {
  readonly verdict: Verdict;
  /** Grid points where the interval lies wholly above zero: X is larger there, against the claim. */
  readonly against: number;
  readonly points: number;
  readonly intervals: IntervalAtT[];
  readonly worst?: IntervalAtT;
  /**
   * The worst point again at the family-wise level 1 − 0.05/m (Bonferroni over the m grid points): the
   * spec's pointwise 95 % intervals expect about 2.5 % of points on the wrong side where X and Y are equal.
   */
  readonly familyWise?: IntervalAtT;
}

/**
 * The independent-seed test of §5: X ≤ Y is contradicted at t only where the whole interval of
 * mean(X) − mean(Y) lies above zero. Points where some run's θ is unbounded are skipped; where every
 * value is identical the interval is [0, 0], which counts as equality.
 */
export function compareBySampling(xs: readonly Curves[], ys: readonly Curves[], q: "fr" | "FR" | "theta", seed: number): StatisticalComparison {
  const t = xs[0].t;
  const intervals: IntervalAtT[] = [];
  let against = 0;
  let worst: IntervalAtT | undefined;
  for (let i = 0; i < t.length; i++) {
    const xv = xs.map((c) => c[q][i]);
    const yv = ys.map((c) => c[q][i]);
    if (xv.some((v) => v === null) || yv.some((v) => v === null)) continue;
    const iv = bootstrapDifference(xv as number[], yv as number[], (seed + i) >>> 0);
    const row = { t: t[i], estimate: iv.estimate, lo: iv.lo, hi: iv.hi };
    intervals.push(row);
    if (iv.lo > slack(iv.lo)) {
      against++;
      if (!worst || row.lo > worst.lo) worst = row;
    }
  }
  const verdict: Verdict = intervals.length === 0 ? "not comparable" : against > 0 ? "contradicted" : "held";
  if (!worst) return { verdict, against, points: intervals.length, intervals };
  const i = t.indexOf(worst.t);
  const fw = bootstrapDifference(xs.map((c) => c[q][i] as number), ys.map((c) => c[q][i] as number), (seed + i) >>> 0, 20000, 0.05 / intervals.length);
  return { verdict, against, points: intervals.length, intervals, worst, familyWise: { t: worst.t, estimate: fw.estimate, lo: fw.lo, hi: fw.hi } };
}

/** Sec. VIII's shapes: fr and θ never rise, FR never falls and its steps never grow. */
export function shapeChecks(c: Curves): { name: string; comparison: Comparison }[] {
  const prev = <T>(xs: readonly T[]): T[] => xs.slice(0, -1);
  const next = <T>(xs: readonly T[]): T[] => xs.slice(1);
  const steps = c.FR.slice(1).map((v, i) => v - c.FR[i]);
  const t1 = next(c.t);
  return [
    { name: "fr does not increase with t", comparison: compareAtEveryT(t1, next(c.fr), prev(c.fr)) },
    { name: "θ does not increase with t", comparison: compareAtEveryT(t1, next(c.theta), prev(c.theta)) },
    { name: "FR does not decrease with t", comparison: compareAtEveryT(t1, prev(c.FR), next(c.FR)) },
    { name: "FR's steps do not grow", comparison: compareAtEveryT(next(t1), next(steps), prev(steps)) },
  ];
}

export function describeComparison(c: Comparison, q: string): string {
  if (c.verdict === "not comparable") return "no grid point where both are defined";
  if (!c.worst) return `at all ${c.points} grid points`;
  return `fails at ${c.violations} of ${c.points} grid points; worst t=${fmt(c.worst.t)}: ${q} ${fmt(c.worst.x)} > ${fmt(c.worst.y)}`;
}

export function describeSampling(c: StatisticalComparison, q: string): string {
  if (c.verdict === "not comparable") return "no grid point where every run is defined";
  if (!c.worst) return `no grid point of ${c.points} with the 95 % interval above 0`;
  const fw = c.familyWise!;
  const family = fw.lo > slack(fw.lo) ? "still above 0" : "includes 0";
  return `interval above 0 at ${c.against} of ${c.points} grid points; worst t=${fmt(c.worst.t)}: Δ${q} = ${fmt(c.worst.estimate)} [${fmt(c.worst.lo)}, ${fmt(c.worst.hi)}]; family-wise (Bonferroni over ${c.points} points) [${fmt(fw.lo)}, ${fmt(fw.hi)}]: ${family}`;
}

/** Four significant digits, no exponent below 1e−4. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}
