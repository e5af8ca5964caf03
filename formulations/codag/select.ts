/**
 * Select (Algorithm 3, spec codag.md §1.5): the candidate set of a level, by R from the navigator (the
 * printed sort key C is garbled, A11), and the reward split among tied border candidates (A12).
 */
import type { Dag } from "./dag.js";
import { forEachLevelR, navigator } from "./connectivity.js";

export interface SelectOptions {
  K: number;
  /** Drop blocks that are not ancestors of the navigator (R = 0) before choosing (A13). */
  requireAncestor?: boolean;
}

export interface Candidate {
  index: number;
  R: bigint;
  /** Reward in units: 1 above the border; (K − a)/t for each of t blocks tied at the border. */
  reward: number;
  /** Tied with the K-th block at the border (when the level is trimmed). */
  border: boolean;
}

export interface LevelSelection {
  level: number;
  /** Blocks considered (the level, or its ancestors of x with requireAncestor). */
  considered: number;
  /** Candidates in order (R desc, id asc). */
  candidates: Candidate[];
  /** R of the K-th block when the level was trimmed, else null. */
  borderR: bigint | null;
}

/**
 * Lines 2–5 for one level, given R of its blocks: every block when at most K remain, else the top K by
 * (R desc, id asc) plus every block tied with the K-th.
 */
export function selectLevel(dag: Dag, level: number, blocks: readonly number[], R: readonly bigint[], o: SelectOptions): LevelSelection {
  let T = blocks.map((index, k) => ({ index, R: R[k]! }));
  if (o.requireAncestor) T = T.filter((b) => b.R > 0n);
  T.sort((a, b) => (a.R === b.R ? dag.blocks[a.index]!.id - dag.blocks[b.index]!.id : a.R > b.R ? -1 : 1));
  if (T.length <= o.K) return { level, considered: T.length, candidates: T.map((b) => ({ ...b, reward: 1, border: false })), borderR: null };
  const rStar = T[o.K - 1]!.R;
  const kept = T.filter((b) => b.R >= rStar);
  const above = kept.filter((b) => b.R > rStar).length;
  const tied = kept.length - above;
  return {
    level,
    considered: T.length,
    candidates: kept.map((b) => (b.R > rStar ? { ...b, reward: 1, border: false } : { ...b, reward: (o.K - above) / tied, border: true })),
    borderR: rStar,
  };
}

/** Select(G, l): the navigator's R, then level l. */
export function select(dag: Dag, level: number, o: SelectOptions): LevelSelection {
  return selectLevels(dag, o, [level])[0]!;
}


/**
 * Select on every level (or the listed ones) with one navigator and one reverse pass: Algorithm 3 per
 * level recomputes both, which over all levels is quadratic in the DAG. Levels above the navigator's
 * have R = 0 everywhere. Returned lowest level first. `x` replaces the navigator, e.g. to replay a
 * figure whose author broke a tie another way (Fig. 7 uses 14 where the navigator rule picks 13).
 */
export function selectLevels(dag: Dag, o: SelectOptions, levels?: readonly number[], x = navigator(dag)): LevelSelection[] {
  const want = levels ? new Set(levels) : null;
  const out: LevelSelection[] = [];
  const top = dag.blocks[x]!.level;
  for (let l = dag.maxLevel; l > top; l--) {
    if (!want || want.has(l)) out.push(selectLevel(dag, l, dag.level(l), dag.level(l).map(() => 0n), o));
  }
  forEachLevelR(dag, x, (l, blocks, R) => {
    if (!want || want.has(l)) out.push(selectLevel(dag, l, blocks, R, o));
  });
  return out.reverse();
}
