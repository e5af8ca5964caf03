/**
 * Brute-force oracles for the CoDAG algorithms, written independently of formulations/codag: path
 * counts by enumerating every path, Select by its defining property. Exponential; for small DAGs only.
 */
import { Dag } from "../../formulations/codag/dag.js";

/** Number of paths from v down to genesis, by walking every one of them. */
export function pathsToGenesis(dag: Dag, v: number): bigint {
  const parents = dag.blocks[v]!.parents;
  if (parents.length === 0) return 1n;
  let n = 0n;
  for (const p of parents) n += pathsToGenesis(dag, p);
  return n;
}

/** Number of paths from x down to v, by walking every path down from x. */
export function pathsBetween(dag: Dag, x: number, v: number): bigint {
  if (x === v) return 1n;
  if (dag.blocks[x]!.level <= dag.blocks[v]!.level) return 0n;
  let n = 0n;
  for (const p of dag.blocks[x]!.parents) n += pathsBetween(dag, p, v);
  return n;
}

/**
 * The candidates of a level by definition: all of T when |T| ≤ K, else every block fewer than K of
 * whose level-mates have a strictly larger R (the top K with every tie at the border), as block ids.
 */
export function referenceCandidates(R: ReadonlyMap<number, bigint>, K: number): number[] {
  const ids = [...R.keys()];
  if (ids.length <= K) return ids.sort((a, b) => a - b);
  return ids.filter((v) => ids.filter((u) => R.get(u)! > R.get(v)!).length < K).sort((a, b) => a - b);
}

/** A DAG described level by level: level l's block k picks parents among level l − 1 by index modulo its width. */
export type DagShape = number[][][];

/** Builds a DAG from a shape (level 1 always references genesis), adding blocks in the given order of levels. */
export function dagFromShape(shape: DagShape): Dag {
  const dag = new Dag();
  let below: number[] = [0];
  for (const level of shape) {
    const here: number[] = [];
    for (const picks of level) {
      const parents = [...new Set(picks.map((p) => below[p % below.length]!))];
      here.push(dag.add({ parents }));
    }
    below = here;
  }
  return dag;
}

/** The same DAG as a list of file blocks, for reading back in another order. */
export function fileBlocks(dag: Dag): { id: number; parents: number[] }[] {
  return dag.blocks.map((b) => ({ id: b.id, parents: b.parents.map((p) => dag.blocks[p]!.id) }));
}
