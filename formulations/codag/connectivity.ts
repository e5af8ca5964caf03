/**
 * Connectivity (Algorithm 1), the navigator and reverse connectivity (spec codag.md §1.2–1.3).
 * C_v counts paths from v down to genesis, R_v paths from the navigator x down to v.
 */
import type { Dag } from "./dag.js";

/** Algorithm 1 as a full pass over the levels: the oracle for the C each block stores at creation. */
export function connectivity(dag: Dag): bigint[] {
  const C = new Array<bigint>(dag.size).fill(0n);
  C[0] = 1n;
  for (let l = 1; l <= dag.maxLevel; l++) {
    for (const v of dag.level(l)) {
      let c = 0n;
      for (const w of dag.blocks[v]!.parents) c += C[w]!;
      C[v] = c;
    }
  }
  return C;
}

/**
 * The navigator: the tip first in the order (C desc, level desc, id asc). The paper picks at random among
 * the most connected tips (A9), so two honest nodes could disagree; this key is a total order, so every
 * node with the same DAG picks the same tip whatever order the blocks arrived in.
 */
export function navigator(dag: Dag): number {
  let best = -1;
  for (let v = 0; v < dag.size; v++) {
    if (!dag.isTip(v)) continue;
    if (best < 0 || navigatorBefore(dag, v, best)) best = v;
  }
  return best;
}

/** True when tip a comes before tip b in the navigator order. */
export function navigatorBefore(dag: Dag, a: number, b: number): boolean {
  const c = dag.compareC(a, b);
  if (c !== 0) return c > 0;
  const [la, lb] = [dag.blocks[a]!.level, dag.blocks[b]!.level];
  if (la !== lb) return la > lb;
  return dag.blocks[a]!.id < dag.blocks[b]!.id;
}

/**
 * ReverseConnectivity (§1.3): R_v = number of paths from x down to v; 0 for blocks that are not ancestors
 * of x (or are above it). Keeps one array of the DAG's size.
 */
export function reverseConnectivity(dag: Dag, x: number): bigint[] {
  const R = new Array<bigint>(dag.size).fill(0n);
  forEachLevelR(dag, x, (_l, blocks, r) => blocks.forEach((v, k) => (R[v] = r[k]!)));
  return R;
}

/**
 * Walks the levels from x's down to genesis, handing each level's blocks and their R values to `visit`
 * before going one level lower. Only two levels of R are alive at a time, so selecting every level of a
 * million-block DAG does not hold a million path counts at once.
 */
export function forEachLevelR(dag: Dag, x: number, visit: (level: number, blocks: readonly number[], R: readonly bigint[]) => void): void {
  const top = dag.blocks[x]!.level;
  let above: readonly number[] = [x];
  let rAbove: bigint[] = [1n];
  visit(top, dag.level(top), dag.level(top).map((v) => (v === x ? 1n : 0n)));
  // Each block of the level above adds its R to its parents (no child lists needed). A sum starts as
  // the first term itself, not a copy: at a million blocks the BigInts allocated here are most of the time.
  for (let l = top - 1; l >= 0; l--) {
    const blocks = dag.level(l);
    const r = new Array<bigint>(blocks.length).fill(0n);
    for (let k = 0; k < above.length; k++) {
      const ru = rAbove[k]!;
      if (ru === 0n) continue;
      for (const p of dag.blocks[above[k]!]!.parents) {
        const at = dag.position[p]!;
        const s = r[at]!;
        r[at] = s === 0n ? ru : s + ru;
      }
    }
    visit(l, blocks, r);
    above = blocks;
    rAbove = r;
  }
}

/** Σ_{v ∈ level l} R_v·C_v, which equals C_x on every level l ≤ l_x (§1.3): a check of both passes. */
export function pathProductSum(dag: Dag, R: readonly bigint[], level: number): bigint {
  let s = 0n;
  for (const v of dag.level(level)) s += R[v]! * dag.C[v]!;
  return s;
}
