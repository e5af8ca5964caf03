import { InputError } from "../../formulations/input-error.js";
import { MT19937, type RngMap, uniformInt } from "./mt19937.js";

/**
 * UNL generators of spec unl.md §2c for "overlap x %". `random` is upstream's own draw (made inside the
 * simulator); the others draw from a second stream seeded with seed + 1, so that the main stream's order,
 * and with it every latency and link, is the same as in the upstream run.
 *  - `core`: a global ranking (a uniform permutation); node i takes the first ⌈x·n_i⌉ ranked nodes
 *    (skipping itself) and then uniform others. Lists are nested in their ranked part.
 *  - `clusters`: two groups; the ⌈x·n⌉ top-ranked nodes are the shared core (its members alternate
 *    between the groups), every list is the core plus members of its own group outside the core, so
 *    two nodes of different groups outside the core share exactly the core.
 */
export type UnlGenerator = "random" | "core" | "clusters";

/** Inputs of the `core` and `clusters` generators. */
export interface GeneratorParams {
  /** Nodes N; ids 0..N−1. */
  readonly nodes: number;
  /** Least UNL size (`clusters`: the size of every list). */
  readonly unlMin: number;
  /** Greatest UNL size (`core`); at most N − 1. */
  readonly unlMax: number;
  /** x, in percent. */
  readonly overlapPct: number;
  /** The run's seed; the generators draw from seed + 1. */
  readonly seed: number;
  /** Integer mapping of the mt19937 draws. */
  readonly rngMap: RngMap;
}

/** The generated trust graph. */
export interface GeneratedUnls {
  /** UNL of each node (no self-trust). */
  readonly unls: number[][];
  /** Group of each node (0 or 1) for `clusters`; all 0 for `core`. */
  readonly group: number[];
  /** The ranked prefix every list shares (clusters: the core). */
  readonly core: number[];
}

/** Uniform permutation of 0..n−1 (Fisher–Yates from the top, one draw per position). */
function ranking(rng: MT19937, n: number, map: RngMap): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i, map);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function check(p: GeneratorParams): void {
  if (!(p.overlapPct >= 0 && p.overlapPct <= 100)) throw new InputError(`--overlap must lie in 0..100, got ${p.overlapPct}`);
  if (p.unlMax > p.nodes - 1) throw new InputError(`UNLs of up to ${p.unlMax} do not fit among ${p.nodes} nodes`);
}

/** `core`: node i takes the first ⌈x·n_i⌉ ranked nodes (skipping itself) and uniform others, n_i uniform in unlMin..unlMax. */
export function coreUnls(p: GeneratorParams): GeneratedUnls {
  check(p);
  const rng = new MT19937((p.seed + 1) >>> 0);
  const rank = ranking(rng, p.nodes, p.rngMap);
  const unls: number[][] = [];
  const chosen = new Uint8Array(p.nodes);
  for (let i = 0; i < p.nodes; i++) {
    const size = uniformInt(rng, p.unlMin, p.unlMax, p.rngMap);
    const ranked = Math.ceil((p.overlapPct * size) / 100 - 1e-9);
    const list: number[] = [];
    for (let r = 0; list.length < ranked; r++) if (rank[r] !== i) list.push(rank[r]);
    for (const v of list) chosen[v] = 1;
    while (list.length < size) {
      const v = uniformInt(rng, 0, p.nodes - 1, p.rngMap);
      if (v !== i && !chosen[v]) {
        chosen[v] = 1;
        list.push(v);
      }
    }
    for (const v of list) chosen[v] = 0;
    unls.push(list);
  }
  const top = Math.ceil((p.overlapPct * p.unlMin) / 100 - 1e-9);
  return { unls, group: new Array(p.nodes).fill(0), core: rank.slice(0, top) };
}

/** Lists of exactly `unlMin` members: the core plus own-group members outside it. */
export function clusterUnls(p: GeneratorParams): GeneratedUnls {
  check(p);
  const rng = new MT19937((p.seed + 1) >>> 0);
  const rank = ranking(rng, p.nodes, p.rngMap);
  const size = p.unlMin;
  const k = Math.ceil((p.overlapPct * size) / 100 - 1e-9);
  const core = rank.slice(0, k);
  const inCore = new Uint8Array(p.nodes);
  const group = new Array<number>(p.nodes).fill(0);
  core.forEach((v, r) => {
    inCore[v] = 1;
    group[v] = r % 2;
  });
  const members: number[][] = [[], []];
  let next = 0;
  for (let v = 0; v < p.nodes; v++) {
    if (inCore[v]) continue;
    group[v] = next;
    members[next].push(v);
    next ^= 1;
  }
  const unls: number[][] = [];
  const chosen = new Uint8Array(p.nodes);
  for (let i = 0; i < p.nodes; i++) {
    const list = core.filter((v) => v !== i);
    const own = members[group[i]];
    if (own.length - (inCore[i] ? 0 : 1) < size - list.length) {
      throw new InputError(`clusters: group ${group[i]} has ${own.length} nodes outside the core, too few for lists of ${size} at ${p.overlapPct} % overlap`);
    }
    for (const v of list) chosen[v] = 1;
    while (list.length < size) {
      const v = own[uniformInt(rng, 0, own.length - 1, p.rngMap)];
      if (v !== i && !chosen[v]) {
        chosen[v] = 1;
        list.push(v);
      }
    }
    for (const v of list) chosen[v] = 0;
    unls.push(list);
  }
  return { unls, group, core };
}
