/**
 * Select (Algorithm 3, spec codag.md §1.5): the candidate set of a level, by R from the navigator (the
 * printed sort key C is garbled, A11), and the reward split among tied border candidates (A12).
 */
import type { Dag } from "./dag.js";
import { forEachLevelR, navigator } from "./connectivity.js";

/** Parameters of Select (Algorithm 3). */
export interface SelectOptions {
  /** Candidates per level K ≥ 1 (more when blocks tie at the border). */
  K: number;
  /** Drop blocks that are not ancestors of the navigator (R = 0) before choosing (A13). */
  requireAncestor?: boolean;
}

/** A block of Cand_l with its share of the level's reward (A12). */
export interface Candidate {
  /** Block index. */
  index: number;
  /** R_v: paths from the navigator down to the block. */
  R: bigint;
  /** Reward in units: 1 above the border; (K − a)/t for each of t blocks tied at the border. */
  reward: number;
  /** Tied with the K-th block at the border (when the level is trimmed). */
  border: boolean;
}

/** Cand_l of one level, as chosen by Select. */
export interface LevelSelection {
  /** The level l. */
  level: number;
  /** Blocks considered (the level, or its ancestors of x with requireAncestor). */
  considered: number;
  /** Candidates by (R desc, id asc) when the level was trimmed, else by id. */
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
  // A level that keeps all its blocks is listed by id: sorting path counts thousands of bits long, often
  // equal, is most of the cost of selecting every level of a long DAG.
  if (T.length <= o.K) return { level, considered: T.length, candidates: T.sort((a, b) => dag.blocks[a.index]!.id - dag.blocks[b.index]!.id).map((b) => ({ index: b.index, R: b.R, reward: 1, border: false })), borderR: null };
  T.sort((a, b) => (a.R === b.R ? dag.blocks[a.index]!.id - dag.blocks[b.index]!.id : a.R > b.R ? -1 : 1));
  const rStar = T[o.K - 1]!.R;
  const kept = T.filter((b) => b.R >= rStar);
  const above = kept.filter((b) => b.R > rStar).length;
  const tied = kept.length - above;
  return {
    level,
    considered: T.length,
    candidates: kept.map((b) => (b.R > rStar ? { index: b.index, R: b.R, reward: 1, border: false } : { index: b.index, R: b.R, reward: (o.K - above) / tied, border: true })),
    borderR: rStar,
  };
}

/** Select(G, l): the navigator's R, then level l. */
export function select(dag: Dag, level: number, o: SelectOptions): LevelSelection {
  return selectLevels(dag, o, [level])[0]!;
}


/**
 * Select on every level with one navigator and one reverse pass, handing each level's selection to
 * `visit` from the navigator's level down (levels above it, where R = 0, first): Algorithm 3 per level
 * recomputes both, which over all levels is quadratic in the DAG, and keeping every level's R at once
 * would hold about as many bits as the DAG has blocks times its height. `x` replaces the navigator, e.g.
 * to replay a figure whose author broke a tie another way (Fig. 7 uses 14 where the rule picks 13).
 */
export function selectEachLevel(dag: Dag, o: SelectOptions, visit: (s: LevelSelection) => void, x = navigator(dag), levels?: ReadonlySet<number>): void {
  const top = dag.blocks[x]!.level;
  for (let l = dag.maxLevel; l > top; l--) {
    if (!levels || levels.has(l)) visit(selectLevel(dag, l, dag.level(l), dag.level(l).map(() => 0n), o));
  }
  forEachLevelR(dag, x, (l, blocks, R) => {
    if (!levels || levels.has(l)) visit(selectLevel(dag, l, blocks, R, o));
  });
}

/** `selectEachLevel` collected, lowest level first: for DAGs whose R values fit in memory together. */
export function selectLevels(dag: Dag, o: SelectOptions, levels?: readonly number[], x = navigator(dag)): LevelSelection[] {
  const out: LevelSelection[] = [];
  selectEachLevel(dag, o, (s) => out.push(s), x, levels ? new Set(levels) : undefined);
  return out.reverse();
}
