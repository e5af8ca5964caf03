import { byzantineIn, overlap, quorum, type UnlConfig } from "./config.js";

/** Theorem 8's fault budget t_i: the Byzantine validators actually in UNL_i, or the design's n_i − q_i. */
export type FaultBudget = "actual" | "design";

/** Theorem 8's margin for one ordered pair of honest validators. */
export interface PairSlack {
  /** Validator i (its UNL gives n_i, q_i). */
  readonly i: number;
  /** Validator j (its UNL gives n_j). */
  readonly j: number;
  /** O_ij = |UNL_i ∩ UNL_j|. */
  readonly overlap: number;
  /** O_ij − (n_j/2 + n_i − q_i + t_ij): the theorem holds for the pair iff this is > 0. */
  readonly slack: number;
}

/** Theorem 8 (CM18) over every ordered honest pair, as returned by {@link theorem8}. */
export interface Theorem8Report {
  /** Ordered honest pairs checked. */
  readonly pairs: number;
  /** Pairs with slack ≤ 0, where the theorem's condition fails. */
  readonly violations: PairSlack[];
  /** The pair with the least slack; null when there is no honest pair. */
  readonly minSlack: PairSlack | null;
}

const honestIds = (c: UnlConfig): number[] => c.unls.map((_, i) => i).filter((i) => !c.byzantine[i]);

/**
 * Chase and MacBrough's Theorem 8, for every ordered pair of honest validators: O_ij > n_j/2 + n_i − q_i
 * + t_ij with t_ij = min(t_i, t_j, O_ij). When it holds for all pairs, no two honest nodes fully validate
 * conflicting ledgers.
 */
export function theorem8(c: UnlConfig, budget: FaultBudget = "actual"): Theorem8Report {
  const honest = honestIds(c);
  const t = c.unls.map((l) => (budget === "actual" ? byzantineIn(l, c.byzantine) : l.length - quorum(l.length, c.quorumPct)));
  const violations: PairSlack[] = [];
  let minSlack: PairSlack | null = null;
  let pairs = 0;
  for (const i of honest) {
    for (const j of honest) {
      if (i === j) continue;
      pairs++;
      const o = overlap(c.unls[i], c.unls[j]);
      const ni = c.unls[i].length;
      const tij = Math.min(t[i], t[j], o);
      const slack = o - (c.unls[j].length / 2 + ni - quorum(ni, c.quorumPct) + tij);
      const p = { i, j, overlap: o, slack };
      if (slack <= 0) violations.push(p);
      if (!minSlack || slack < minSlack.slack) minSlack = p;
    }
  }
  return { pairs, violations, minSlack };
}

/**
 * The whitepaper's test as rippled's simulation framework applies it (`TrustGraph::forkablePairs`): over
 * the distinct UNLs, a pair is forkable when |A ∩ B| < 2(1 − q)·max(|A|, |B|), 40 % at q = 80 %.
 */
export function csfForkablePairs(c: UnlConfig): {
  /** Number of distinct UNLs (as sets). */
  distinctUnls: number;
  /** Forkable pairs, each named by the first validator holding each UNL. */
  forkable: [number, number][];
} {
  const seen = new Map<string, number>();
  for (let i = 0; i < c.unls.length; i++) {
    const key = [...c.unls[i]].sort((a, b) => a - b).join(",");
    if (!seen.has(key)) seen.set(key, i);
  }
  const reps = [...seen.values()];
  const forkable: [number, number][] = [];
  const q = c.quorumPct / 100;
  for (let a = 0; a < reps.length; a++) {
    for (let b = a + 1; b < reps.length; b++) {
      const A = c.unls[reps[a]];
      const B = c.unls[reps[b]];
      if (overlap(A, B) < 2 * (1 - q) * Math.max(A.length, B.length)) forkable.push([reps[a], reps[b]]);
    }
  }
  return { distinctUnls: reps.length, forkable };
}

/**
 * Whether a same-seq fork between i and j is possible by counting: with b Byzantine validators in both
 * lists (they vote both ways), each side needs q minus what lies outside the overlap plus b from the
 * honest overlap, and an honest validator votes one way only.
 */
export function countingAdmitsFork(ni: number, qi: number, nj: number, qj: number, o: number, b: number): boolean {
  return Math.max(0, qi - (ni - o + b)) + Math.max(0, qj - (nj - o + b)) <= o - b;
}

/** The counting bound (spec unl.md §3) over every unordered honest pair, as returned by {@link countingBound}. */
export interface CountingReport {
  /** Unordered honest pairs checked. */
  readonly pairs: number;
  /** Honest pairs that can fork by counting. */
  readonly forkable: {
    /** The lower validator id of the pair. */
    i: number;
    /** The higher validator id of the pair. */
    j: number;
    /** O_ij = |UNL_i ∩ UNL_j|. */
    overlap: number;
    /** b: Byzantine validators in UNL_i ∩ UNL_j. */
    byzantineShared: number;
  }[];
  /** Of those, pairs csf's strict `<` does not flag (e.g. O = 2(n − q) exactly at b = 0). */
  readonly missedByCsf: {
    /** The lower validator id of the pair. */
    i: number;
    /** The higher validator id of the pair. */
    j: number;
    /** O_ij = |UNL_i ∩ UNL_j|. */
    overlap: number;
  }[];
}

/** Applies {@link countingAdmitsFork} to every unordered honest pair and lists the pairs csf's test misses. */
export function countingBound(c: UnlConfig): CountingReport {
  const honest = honestIds(c);
  const q = c.quorumPct / 100;
  const forkable: CountingReport["forkable"] = [];
  const missedByCsf: CountingReport["missedByCsf"] = [];
  let pairs = 0;
  for (let x = 0; x < honest.length; x++) {
    for (let y = x + 1; y < honest.length; y++) {
      pairs++;
      const i = honest[x];
      const j = honest[y];
      const A = c.unls[i];
      const B = c.unls[j];
      const o = overlap(A, B);
      const shared = byzantineIn(
        A.filter((v) => B.includes(v)),
        c.byzantine,
      );
      if (!countingAdmitsFork(A.length, quorum(A.length, c.quorumPct), B.length, quorum(B.length, c.quorumPct), o, shared)) continue;
      forkable.push({ i, j, overlap: o, byzantineShared: shared });
      if (!(o < 2 * (1 - q) * Math.max(A.length, B.length))) missedByCsf.push({ i, j, overlap: o });
    }
  }
  return { pairs, forkable, missedByCsf };
}

/** |A ∩ B| of two ascending lists, by merging. */
function sortedOverlap(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      o++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return o;
}

/** ω_ij = O_ij / max(n_i, n_j) over honest pairs: the least and the mean ("overlap x %"). */
export function overlapStats(c: UnlConfig): {
  /** ω_min; NaN with fewer than two honest validators. */
  min: number;
  /** ω_mean; NaN with fewer than two honest validators. */
  mean: number;
  /** Unordered honest pairs. */
  pairs: number;
} {
  const honest = honestIds(c);
  // Sorted copies make each pair a linear merge: 1000 validators are half a million pairs.
  const sorted = honest.map((i) => Int32Array.from(c.unls[i]).sort());
  let min = Infinity;
  let sum = 0;
  let pairs = 0;
  for (let x = 0; x < honest.length; x++) {
    for (let y = x + 1; y < honest.length; y++) {
      const w = sortedOverlap(sorted[x], sorted[y]) / Math.max(sorted[x].length, sorted[y].length);
      min = Math.min(min, w);
      sum += w;
      pairs++;
    }
  }
  return { min: pairs ? min : NaN, mean: pairs ? sum / pairs : NaN, pairs };
}
