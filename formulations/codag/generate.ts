/**
 * Generate (Algorithm 2, spec codag.md §1.4): an honest block's level and parents. The block goes on the
 * top level L unless that level already holds K blocks (≥, not =, because forks overfill: A4; the
 * genesis level counts as full: A5), and references the min(m, |level below|) most connected blocks
 * one level below its own, distinct (A7). In an honest DAG every block of a level has the same C, so the
 * tie rule alone picks the parents (A10).
 */
import { InputError } from "../input-error.js";
import type { Dag } from "./dag.js";

/** How Generate orders blocks of equal C (A10): uniformly at random, or lowest id first. */
export type TieRule = "random" | "lowestId";

/** Parameters of Generate (Algorithm 2). */
export interface GenerateOptions {
  /** Level width bound K ≥ 1. */
  K: number;
  /** Parents per block m, 1 ≤ m ≤ K (Algorithm 2: 2; Fig. 7: K). */
  m: number;
  /** Tie-break among parents of equal C (spec default: seeded random). */
  tieRule: TieRule;
  /** Uniform [0, 1); required by tieRule "random". */
  random?: () => number;
}

/** Throws an InputError unless K and m are integers with 1 ≤ m ≤ K. */
export function checkGenerateOptions(o: { K: number; m: number }): void {
  if (!Number.isInteger(o.K) || o.K < 1) throw new InputError(`K must be an integer >= 1 (got ${o.K})`);
  if (!Number.isInteger(o.m) || o.m < 1) throw new InputError(`m must be an integer >= 1 (got ${o.m})`);
  if (o.m > o.K) throw new InputError(`m must be at most K (got m = ${o.m}, K = ${o.K}): a block cannot reference more blocks than a level holds`);
}

/** Line 2: the level t the new block goes to. */
export function generateLevel(dag: Dag, K: number): number {
  const L = dag.maxLevel;
  return L === 0 || dag.width(L) >= K ? L + 1 : L;
}

/**
 * Lines 3–4: the parents of a block at level t, as block indices, most connected first. Blocks of equal
 * C are taken by id (lowestId) or uniformly at random (a partial Fisher–Yates over the tied group that
 * the cut falls into), so the choice does not depend on the order blocks were added in.
 */
export function generateParents(dag: Dag, t: number, o: GenerateOptions): number[] {
  const { sorted: below, groupStart, groupEnd } = sortedByC(dag, t - 1);
  const take = Math.min(o.m, below.length);
  if (o.tieRule === "lowestId" || take === below.length) return below.slice(0, take);
  const random = o.random;
  if (!random) throw new Error("generateParents: tieRule random needs a random source");
  // The tied group [lo, hi) that straddles position `take`: `take − lo` of it are drawn uniformly
  // (Floyd's sampling, O(m) draws whatever the width).
  const lo = groupStart[take - 1]!;
  const hi = groupEnd[take - 1]!;
  const picked: number[] = [];
  const size = hi - lo;
  for (let j = size - (take - lo); j < size; j++) {
    const r = Math.floor(random() * (j + 1));
    picked.push(picked.includes(r) ? j : r);
  }
  picked.sort((a, b) => a - b);
  const chosen = below.slice(0, lo);
  for (const k of picked) chosen.push(below[lo + k]!);
  return chosen;
}

/**
 * Level l sorted by (C desc, id asc), cached until the level grows: honest blocks keep reading the same
 * full level below them, which would otherwise be sorted again for every block.
 */
interface SortedLevel {
  width: number;
  sorted: number[];
  /** For each position, where its group of equal C starts and ends (exclusive): O(1) per Generate. */
  groupStart: Int32Array;
  groupEnd: Int32Array;
}

const sortCache = new WeakMap<Dag, Map<number, SortedLevel>>();

function sortedByC(dag: Dag, level: number): SortedLevel {
  let perLevel = sortCache.get(dag);
  if (!perLevel) sortCache.set(dag, (perLevel = new Map()));
  const hit = perLevel.get(level);
  if (hit && hit.width === dag.width(level)) return hit;
  const sorted = [...dag.level(level)].sort((a, b) => dag.compareC(b, a) || dag.blocks[a]!.id - dag.blocks[b]!.id);
  const n = sorted.length;
  const groupStart = new Int32Array(n);
  const groupEnd = new Int32Array(n);
  for (let k = 1; k < n; k++) groupStart[k] = dag.compareC(sorted[k - 1]!, sorted[k]!) === 0 ? groupStart[k - 1]! : k;
  for (let k = n - 1; k >= 0; k--) groupEnd[k] = k + 1 < n && groupStart[k + 1] === groupStart[k] ? groupEnd[k + 1]! : k + 1;
  const entry = { width: n, sorted, groupStart, groupEnd };
  perLevel.delete(level - 2); // Generate never looks that far down again in an honest run.
  perLevel.set(level, entry);
  return entry;
}

/** Line 5: adds an honest block by Generate and returns its index. */
export function generate(dag: Dag, o: GenerateOptions, miner = "honest"): number {
  const t = generateLevel(dag, o.K);
  return dag.addFromLevel(generateParents(dag, t, o), t, miner);
}

/** An honest DAG of `blocks` blocks besides genesis, built by Generate one block at a time. */
export function honestDag(dag: Dag, blocks: number, o: GenerateOptions): Dag {
  checkGenerateOptions(o);
  for (let k = 0; k < blocks; k++) generate(dag, o);
  return dag;
}
