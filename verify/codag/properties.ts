/**
 * The structural acceptance checks of spec codag.md §5 (items 1–5 and 8) as fast-check properties on
 * random DAGs (≤ 8 levels, up to 6 blocks a level so that forks overfill K ≤ 4, m ≤ 3) and random
 * Generate sequences, each against a brute-force oracle. A property that fails reports fast-check's
 * shrunk counterexample (a DAG shape or a parameter set) and the seed/path that replays it.
 */
import fc from "fast-check";
import { connectivity, navigator, pathProductSum, reverseConnectivity } from "../../formulations/codag/connectivity.js";
import { Dag, fig7Dag, parseDagJson } from "../../formulations/codag/dag.js";
import { generate, type TieRule } from "../../formulations/codag/generate.js";
import { select, selectLevel } from "../../formulations/codag/select.js";
import { Prng } from "../shared/prng.js";
import { dagFromShape, type DagShape, fileBlocks, pathsBetween, pathsToGenesis, referenceCandidates } from "./reference.js";

/**
 * One fast-check property of `codag check` (spec §5): the statement, its verdict, the runs and seed, and any
 * counterexample.
 */
export interface PropertyReport {
  /** Short name, e.g. "paths", "generate", "select". */
  id: string;
  /** The spec's check number (§5). */
  check: number;
  /** What the property asserts, in words. */
  statement: string;
  /** Refuted when fast-check found a counterexample or a fixed check threw. */
  verdict: "held" | "refuted";
  /** Cases tried (1 for a fixed check). */
  runs: number;
  /** The shrunk counterexample and its error message, when refuted. */
  counterexample?: string;
  /** fast-check seed that replays the run. */
  seed: number;
  /** fast-check path of the counterexample, replayed with `seed`. */
  path?: string;
}

const shapeArb: fc.Arbitrary<DagShape> = fc.array(fc.array(fc.array(fc.nat({ max: 7 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

/** Throws with a sentence when a ≠ b. */
function same<T>(what: string, a: T, b: T): void {
  const show = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  if (show(a) !== show(b)) throw new Error(`${what}: ${show(a)} != ${show(b)}`);
}

function pathsProperty(): fc.IPropertyWithHooks<[DagShape]> {
  return fc.property(shapeArb, (shape) => {
    const dag = dagFromShape(shape);
    const C = connectivity(dag);
    const x = navigator(dag);
    const R = reverseConnectivity(dag, x);
    for (let v = 0; v < dag.size; v++) {
      same(`stored C of block ${v}`, dag.C[v], C[v]);
      same(`C of block ${v} vs enumeration`, C[v], pathsToGenesis(dag, v));
      same(`R of block ${v} vs enumeration`, R[v], pathsBetween(dag, x, v));
    }
    for (let l = 0; l <= dag.blocks[x]!.level; l++) same(`Σ R·C on level ${l}`, pathProductSum(dag, R, l), dag.C[x]);
  });
}

interface GenerateCase {
  K: number;
  m: number;
  blocks: number;
  tieRule: TieRule;
  seed: number;
}

const generateArb: fc.Arbitrary<GenerateCase> = fc
  .record({ K: fc.integer({ min: 1, max: 6 }), mFrac: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), blocks: fc.nat({ max: 80 }), tieRule: fc.constantFrom<TieRule>("random", "lowestId"), seed: fc.nat() })
  .map(({ K, mFrac, ...rest }) => ({ K, m: 1 + Math.floor(mFrac * K), ...rest }));

function generateProperty(): fc.IPropertyWithHooks<[GenerateCase]> {
  return fc.property(generateArb, ({ K, m, blocks, tieRule, seed }) => {
    const rng = new Prng(seed);
    const dag = new Dag();
    for (let k = 0; k < blocks; k++) generate(dag, { K, m, tieRule, random: () => rng.float() });
    for (let l = 1; l <= dag.maxLevel; l++) if (dag.width(l) > K) throw new Error(`level ${l} holds ${dag.width(l)} blocks > K = ${K}`);
    for (const b of dag.blocks.slice(1)) {
      if (b.parents.some((p) => dag.blocks[p]!.level !== b.level - 1)) throw new Error(`block ${b.id} has a parent off level ${b.level - 1}`);
      same(`block ${b.id}: distinct parents`, new Set(b.parents).size, b.parents.length);
      same(`block ${b.id}: parent count`, b.parents.length, Math.min(m, dag.width(b.level - 1)));
      same(`block ${b.id}: C = Σ C of parents`, dag.C[b.index], b.parents.reduce((s, p) => s + dag.C[p]!, 0n));
      same(`block ${b.id}: C = m^(l−1)`, dag.C[b.index], BigInt(m) ** BigInt(b.level - 1));
    }
  });
}

function selectProperty(): fc.IPropertyWithHooks<[DagShape, number, number, boolean]> {
  return fc.property(shapeArb, fc.integer({ min: 1, max: 4 }), fc.nat(), fc.boolean(), (shape, K, shuffleSeed, requireAncestor) => {
    const dag = dagFromShape(shape);
    const x = navigator(dag);
    const R = reverseConnectivity(dag, x);
    // The same blocks read from a file in another order must give the same navigator and candidates.
    const rng = new Prng(shuffleSeed);
    const blocks = fileBlocks(dag);
    for (let k = blocks.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [blocks[k], blocks[j]] = [blocks[j]!, blocks[k]!];
    }
    const shuffled = parseDagJson(JSON.stringify({ blocks }));
    same("navigator after reordering", shuffled.blocks[navigator(shuffled)]!.id, dag.blocks[x]!.id);
    for (let l = 0; l <= dag.maxLevel; l++) {
      const T = new Map(dag.level(l).filter((v) => !requireAncestor || R[v]! > 0n).map((v) => [dag.blocks[v]!.id, R[v]!]));
      const expected = referenceCandidates(T, K);
      const got = select(dag, l, { K, requireAncestor }).candidates.map((c) => dag.blocks[c.index]!.id);
      same(`level ${l} (K = ${K}) candidates`, [...got].sort((a, b) => a - b), expected);
      const reordered = select(shuffled, l, { K, requireAncestor }).candidates.map((c) => shuffled.blocks[c.index]!.id);
      same(`level ${l} candidates after reordering`, reordered, got);
      if (T.size <= K || new Set(T.values()).size === 1) same(`level ${l}: |T| ≤ K or all R equal ⇒ all of T`, got.length, T.size);
      if (requireAncestor && got.some((id) => R[dag.indexOf(id)!] === 0n)) throw new Error(`level ${l}: a block with R = 0 kept`);
      const units = select(dag, l, { K, requireAncestor }).candidates.reduce((s, c) => s + c.reward, 0);
      if (Math.abs(units - Math.min(K, T.size)) > 1e-9) throw new Error(`level ${l}: rewards sum to ${units}, not min(K, |T|) = ${Math.min(K, T.size)}`);
    }
  });
}

/** The fixed-case checks: Fig. 7 (§1.7), the (5,3,3,3,1) split, K = 1 with a fork, C at level 200. */
function fixtureChecks(): { id: string; check: number; statement: string; run: () => void }[] {
  return [
    {
      id: "fig7",
      check: 2,
      statement: "Fig. 7: C per level 1, 1, 3, 9, 27, 81; from navigator 14, R per level 1, 1, 3, 9, 27, 81 (13, 15: 0); Σ R·C = 81 on every level",
      run: () => {
        const dag = fig7Dag();
        same("C per level", [0, 1, 2, 3, 4, 5].map((l) => dag.C[dag.level(l)[0]!]), [1n, 1n, 3n, 9n, 27n, 81n]);
        same("C_8", dag.C[8], 9n);
        const R = reverseConnectivity(dag, dag.indexOf(14)!);
        same("R of 13, 14, 15", [R[13], R[14], R[15]], [0n, 1n, 0n]);
        same("R per level 4..0", [4, 3, 2, 1, 0].map((l) => dag.level(l).map((v) => R[v])), [[1n, 1n, 1n], [3n, 3n, 3n], [9n, 9n, 9n], [27n, 27n, 27n], [81n]]);
        same("R_8", R[8], 3n);
        for (let l = 0; l <= 5; l++) same(`Σ R·C on level ${l}`, pathProductSum(dag, R, l), 81n);
      },
    },
    {
      id: "select-split",
      check: 4,
      statement: "R = (5, 3, 3, 3, 1) with K = 2: four candidates, rewards 1, 1/3, 1/3, 1/3",
      run: () => {
        const dag = new Dag();
        const b = [1, 2, 3, 4, 5].map(() => dag.add({ parents: [0] }));
        const uses = [[0, 1, 2, 3, 4], [0, 1, 2, 3], [0, 1, 2, 3], [0], [0]];
        const c = uses.map((u) => dag.add({ parents: u.map((k) => b[k]!) }));
        dag.add({ parents: c });
        const s = select(dag, 1, { K: 2 });
        same("R of the level", s.candidates.map((x) => x.R), [5n, 3n, 3n, 3n]);
        same("rewards", s.candidates.map((x) => Math.round(x.reward * 3)), [3, 1, 1, 1]);
        same("the block with R = 1 is out", s.candidates.length, 4);
      },
    },
    {
      id: "k1-longest",
      check: 5,
      statement: "K = 1: every C is 1, and the navigator is the tip of the longer branch of a fork (A25)",
      run: () => {
        const dag = new Dag();
        let a = 0;
        for (let k = 0; k < 5; k++) a = dag.add({ parents: [a] });
        let f = dag.indexOf(1)!;
        for (let k = 0; k < 2; k++) f = dag.add({ parents: [f] });
        same("all C", new Set(dag.C), new Set([1n]));
        same("navigator", navigator(dag), a);
        same("level 3 candidates (K = 1)", selectLevel(dag, 3, dag.level(3), dag.level(3).map((v) => reverseConnectivity(dag, a)[v]!), { K: 1 }).candidates.map((x) => x.index), [dag.indexOf(3)!]);
      },
    },
    {
      id: "c-level-200",
      check: 8,
      statement: "m = 2: C at level 200 is exactly 2^199",
      run: () => {
        const dag = new Dag();
        while (dag.maxLevel < 200) generate(dag, { K: 2, m: 2, tieRule: "lowestId" });
        same("C at level 200", dag.C[dag.level(200)[0]!], 2n ** 199n);
      },
    },
  ];
}

export interface PropertyOptions {
  runs: number;
  seed: number;
}

/** Runs every check; a thrown sentence in a fixed check, or a falsified property, is "refuted". */
export function runCodagProperties(o: PropertyOptions): PropertyReport[] {
  const out: PropertyReport[] = [];
  const random: [string, number, string, () => fc.IPropertyWithHooks<never>][] = [
    ["paths", 1, "C and R equal brute-force path enumeration on random DAGs with forks; Σ R·C = C_x on every level", pathsProperty as () => fc.IPropertyWithHooks<never>],
    ["generate", 3, "after any sequence of Generate calls: w_l ≤ K, edges join adjacent levels, distinct parents, |parents| = min(m, w_{l−1}), C = Σ C_parents = m^(l−1)", generateProperty as () => fc.IPropertyWithHooks<never>],
    ["select", 4, "Select equals the reference on random DAGs (K ≤ 4, levels up to 6 wide); |T| ≤ K or all R equal ⇒ T; requireAncestor drops R = 0; rewards sum to min(K, |T|); navigator and candidates independent of arrival order (check 5)", selectProperty as () => fc.IPropertyWithHooks<never>],
  ];
  for (const [id, check, statement, make] of random) {
    const d = fc.check(make(), { seed: o.seed, numRuns: o.runs });
    out.push({
      id,
      check,
      statement,
      verdict: d.failed ? "refuted" : "held",
      runs: d.numRuns,
      seed: o.seed,
      ...(d.failed ? { counterexample: `${fc.stringify(d.counterexample)}: ${String((d.errorInstance as Error | undefined)?.message ?? d.errorInstance)}`, path: d.counterexamplePath ?? "" } : {}),
    });
  }
  for (const f of fixtureChecks()) {
    let message: string | undefined;
    try {
      f.run();
    } catch (err) {
      message = (err as Error).message;
    }
    out.push({ id: f.id, check: f.check, statement: f.statement, verdict: message ? "refuted" : "held", runs: 1, seed: o.seed, ...(message ? { counterexample: message } : {}) });
  }
  return out.sort((a, b) => a.check - b.check);
}
