import { InputError } from "../input-error.js";
import { indexSet, LinearExpr, type Model, ModelBuilder, type VariableFamily } from "../model/index.js";
import { quorum } from "./config.js";

/**
 * The largest minimum pairwise UNL overlap that still lets two honest validators reach quorums with no
 * honest validator in common (spec unl.md §5): how tight Theorem 8 is. Byzantine validators are
 * 1..f, the pair is a = f+1 and b = f+2, every UNL has n members with at most t Byzantine.
 */
export interface WorstOverlapParams {
  /** Validators N. */
  readonly nodes: number;
  /** UNL size n of every validator. */
  readonly unlSize: number;
  /** Byzantine validators f. */
  readonly byzantine: number;
  /** At most t Byzantine validators in any UNL. */
  readonly maxByzantinePerUnl: number;
  /** Quorum as a percentage of the UNL, in (0, 100]: q = ⌈quorumPct·n/100⌉. */
  readonly quorumPct: number;
  /** A validator may (and then does) trust itself. */
  readonly selfTrust: boolean;
  /** `full`: every honest validator's UNL is a variable; `pair`: only a's and b's, the others copy a's. */
  readonly model: "full" | "pair";
  /** Add the valid inequality `quorumShareCut` (not in the spec's model; the optimum is the same). */
  readonly strengthen?: boolean;
}

/** The built MILP of {@link worstOverlapModel} with the column handles needed to read a solution. */
export interface WorstOverlapModel {
  /** The MILP: maximise z. */
  readonly model: Model;
  /** The parameters it was built from. */
  readonly params: WorstOverlapParams;
  /** u(k, v) = 1: v ∈ UNL_k, for k in the modelled validators. */
  readonly u: VariableFamily<[k: number, v: number]>;
  /** x(v) = 1: v ∈ Q_a, the quorum of validator a. */
  readonly x: VariableFamily<[v: number]>;
  /** y(v) = 1: v ∈ Q_b, the quorum of validator b. */
  readonly y: VariableFamily<[v: number]>;
  /** The minimum pairwise overlap, maximised. */
  readonly z: number;
  /** The modelled validators (all honest ones, or a and b). */
  readonly trusting: readonly number[];
  /** w(p, v): v is in both lists of pair p (1-based, `pairs[p − 1]`). */
  readonly w: VariableFamily<[p: number, v: number]>;
  /** Unordered pairs (k, l), k < l, of modelled validators; pair p is `pairs[p − 1]`, (a, b) first. */
  readonly pairs: readonly (readonly [number, number])[];
}

/** Throws an InputError unless the parameters are integers in range, leave two honest validators and let a UNL fit. */
export function validateWorstOverlap(p: WorstOverlapParams): void {
  const int = (name: string, v: number, min: number) => {
    if (!Number.isSafeInteger(v) || v < min) throw new InputError(`${name} must be an integer ≥ ${min}, got ${v}`);
  };
  int("nodes", p.nodes, 2);
  int("unl size", p.unlSize, 1);
  int("byzantine", p.byzantine, 0);
  int("byzantine per UNL", p.maxByzantinePerUnl, 0);
  if (p.byzantine > p.nodes - 2) throw new InputError(`byzantine (${p.byzantine}) must leave two honest validators among ${p.nodes}`);
  const room = p.selfTrust ? p.nodes : p.nodes - 1;
  if (p.unlSize > room) throw new InputError(`a UNL of ${p.unlSize} does not fit among ${p.nodes} validators${p.selfTrust ? "" : " (no self-trust)"}`);
  if (!(p.quorumPct > 0 && p.quorumPct <= 100)) throw new InputError(`quorum must be a percentage in (0, 100], got ${p.quorumPct}`);
}

/**
 * The closed form the MILP must meet (spec §5): with B ≤ min(t, f) Byzantine validators in both lists,
 * the quorums need 2(n − O) + 2B + (O − B) ≥ 2q, so O* = min(n, 2(n − q) + min(t, f)). It is reached
 * when the two lists fit: their union of 2n − O* holds at most min(t, f) Byzantine validators, so it
 * needs (N − f) + min(t, f) ≥ 2n − O*. The spec's "N ≥ 2n − O*" leaves out that the f Byzantine
 * validators beyond t cannot be used (N = 20, n = 10, f = 5, t = 0 has no fork at all).
 */
export function worstOverlapClosedForm(p: Pick<WorstOverlapParams, "nodes" | "unlSize" | "byzantine" | "maxByzantinePerUnl" | "quorumPct">): {
  /** O* = min(n, 2(n − q) + min(t, f)). */
  overlap: number;
  /** Whether N is large enough for O* to be reached, so the MILP must equal it. */
  applies: boolean;
} {
  const n = p.unlSize;
  const shared = Math.min(p.maxByzantinePerUnl, p.byzantine);
  const o = Math.min(n, 2 * (n - quorum(n, p.quorumPct)) + shared);
  return { overlap: o, applies: p.nodes - p.byzantine + shared >= 2 * n - o };
}

/** Builds the MILP: maximise z subject to the UNL sizes, the Byzantine caps, two honest-disjoint quorums and z ≤ every overlap. */
export function worstOverlapModel(p: WorstOverlapParams): WorstOverlapModel {
  validateWorstOverlap(p);
  const { nodes: N, unlSize: n, byzantine: f } = p;
  const a = f + 1;
  const b = f + 2;
  const q = quorum(n, p.quorumPct);
  const trusting = p.model === "pair" ? [a, b] : Array.from({ length: N - f }, (_, k) => f + 1 + k);
  const K = indexSet("K", trusting[0], trusting[trusting.length - 1]);
  const V = indexSet("V", 1, N);
  const pairs: [number, number][] = [];
  for (let x = 0; x < trusting.length; x++) for (let y = x + 1; y < trusting.length; y++) pairs.push([trusting[x], trusting[y]]);
  const P = indexSet("P", 1, pairs.length);
  const m = new ModelBuilder(`unl-worst-overlap-${p.model}-N${N}-n${n}-f${f}-t${p.maxByzantinePerUnl}`);
  const u = m.addVariables<[number, number]>("u", "binary", [K, V]);
  const x = m.addVariables<[number]>("x", "binary", [V]);
  const y = m.addVariables<[number]>("y", "binary", [V]);
  const w = m.addVariables<[number, number]>("w", "continuous", [P, V], { upper: 1 });
  const z = m.addScalar("z", "continuous", { upper: n });
  unlSize(m, u, trusting, N, n);
  selfTrust(m, u, trusting, p.selfTrust);
  byzantineCap(m, u, trusting, f, p.maxByzantinePerUnl);
  quorums(m, u, x, y, a, b, N, f, q);
  overlapBound(m, u, w, z, pairs, N);
  if (p.strengthen) quorumShareCut(m, u, w, x, y, a, b, N, f);
  m.setObjective("max", new LinearExpr().add(z));
  return { model: m.build(), params: p, u, x, y, z, trusting, w, pairs };
}

/** Σ_v u(k, v) = n for every modelled validator k. */
function unlSize(m: ModelBuilder, u: VariableFamily<[number, number]>, trusting: readonly number[], N: number, n: number): void {
  const fam = m.constraintFamily<[number]>("unlSize", "=", 1);
  for (const k of trusting) {
    const r = m.row(fam, k);
    for (let v = 1; v <= N; v++) r.add(u.col(k, v));
    r.end(n);
  }
}

/** u(k, k) = 1 with self-trust, else 0. */
function selfTrust(m: ModelBuilder, u: VariableFamily<[number, number]>, trusting: readonly number[], on: boolean): void {
  const fam = m.constraintFamily<[number]>("selfTrust", "=", 1);
  for (const k of trusting) m.row(fam, k).add(u.col(k, k)).end(on ? 1 : 0);
}

/** Σ_{v ≤ f} u(k, v) ≤ t. */
function byzantineCap(m: ModelBuilder, u: VariableFamily<[number, number]>, trusting: readonly number[], f: number, t: number): void {
  if (f === 0) return;
  const fam = m.constraintFamily<[number]>("byzantineCap", "<=", 1);
  for (const k of trusting) {
    const r = m.row(fam, k);
    for (let v = 1; v <= f; v++) r.add(u.col(k, v));
    r.end(t);
  }
}

/** Q_a ⊆ UNL_a and Q_b ⊆ UNL_b reach their quorums and share no honest validator. */
function quorums(m: ModelBuilder, u: VariableFamily<[number, number]>, x: VariableFamily<[number]>, y: VariableFamily<[number]>, a: number, b: number, N: number, f: number, q: number): void {
  const inA = m.constraintFamily<[number]>("quorumInUnlA", "<=", 1);
  const inB = m.constraintFamily<[number]>("quorumInUnlB", "<=", 1);
  const disjoint = m.constraintFamily<[number]>("honestDisjoint", "<=", 1);
  const size = m.constraintFamily<[number]>("quorumSize", ">=", 1);
  for (let v = 1; v <= N; v++) {
    m.row(inA, v).add(x.col(v)).add(u.col(a, v), -1).end(0);
    m.row(inB, v).add(y.col(v)).add(u.col(b, v), -1).end(0);
    if (v > f) m.row(disjoint, v).add(x.col(v)).add(y.col(v)).end(1);
  }
  const ra = m.row(size, 1);
  for (let v = 1; v <= N; v++) ra.add(x.col(v));
  ra.end(q);
  const rb = m.row(size, 2);
  for (let v = 1; v <= N; v++) rb.add(y.col(v));
  rb.end(q);
}

/** w(p, v) ≤ u(k, v), w(p, v) ≤ u(l, v) for the pair p = (k, l); z ≤ Σ_v w(p, v). */
function overlapBound(m: ModelBuilder, u: VariableFamily<[number, number]>, w: VariableFamily<[number, number]>, z: number, pairs: readonly [number, number][], N: number): void {
  const left = m.constraintFamily<[number, number]>("sharedInFirst", "<=", 2);
  const right = m.constraintFamily<[number, number]>("sharedInSecond", "<=", 2);
  const least = m.constraintFamily<[number]>("minOverlap", "<=", 1);
  pairs.forEach(([k, l], i) => {
    const p = i + 1;
    for (let v = 1; v <= N; v++) {
      m.row(left, p, v).add(w.col(p, v)).add(u.col(k, v), -1).end(0);
      m.row(right, p, v).add(w.col(p, v)).add(u.col(l, v), -1).end(0);
    }
    const r = m.row(least, p).add(z);
    for (let v = 1; v <= N; v++) r.add(w.col(p, v), -1);
    r.end(0);
  });
}

/**
 * Valid for the pair (a, b), the first pair: an honest v shared by both lists is missing from Q_a or from
 * Q_b, so w(ab, v) + x_v + y_v ≤ u(a, v) + u(b, v). Summed, it is the counting argument O ≤ 2(n − q) + t,
 * which the spec's model leaves to branching: the full model's LP bound stays at n without it, and HiGHS
 * does not close N = 25 in a minute; with it the bound is the optimum's from the root.
 */
function quorumShareCut(m: ModelBuilder, u: VariableFamily<[number, number]>, w: VariableFamily<[number, number]>, x: VariableFamily<[number]>, y: VariableFamily<[number]>, a: number, b: number, N: number, f: number): void {
  const fam = m.constraintFamily<[number]>("quorumShareCut", "<=", 1);
  for (let v = f + 1; v <= N; v++) m.row(fam, v).add(w.col(1, v)).add(x.col(v)).add(y.col(v)).add(u.col(a, v), -1).add(u.col(b, v), -1).end(0);
}

/** The UNLs of a solution: for each modelled validator, its members (rounded binaries). */
export function unlsFromSolution(wm: WorstOverlapModel, values: ArrayLike<number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const k of wm.trusting) {
    const list: number[] = [];
    for (let v = 1; v <= wm.params.nodes; v++) if (values[wm.u.col(k, v)] > 0.5) list.push(v);
    out.set(k, list);
  }
  return out;
}

/** The two quorums of a solution: members of Q_a and of Q_b. */
export function quorumsFromSolution(wm: WorstOverlapModel, values: ArrayLike<number>): {
  /** Members of Q_a, ascending. */
  a: number[];
  /** Members of Q_b, ascending. */
  b: number[];
} {
  const a: number[] = [];
  const b: number[] = [];
  for (let v = 1; v <= wm.params.nodes; v++) {
    if (values[wm.x.col(v)] > 0.5) a.push(v);
    if (values[wm.y.col(v)] > 0.5) b.push(v);
  }
  return { a, b };
}

/**
 * A MIP start for the full model from a pair-model solution: a and b keep their lists and quorums; every other
 * honest k copies UNL_a, swapping itself (when in it) for an honest member of UNL_b outside UNL_a, so that it
 * shares at least O_ab with b and at least n − 2 with any other copy. Feasible whenever O_ab ≤ n − 2 and such a
 * member exists; otherwise null (the solver then starts from scratch).
 */
export function fullStartFromPair(full: WorstOverlapModel, pair: WorstOverlapModel, pairValues: ArrayLike<number>): Float64Array | null {
  const p = full.params;
  if (p.selfTrust) return null;
  const n = p.unlSize;
  const lists = unlsFromSolution(pair, pairValues);
  const [a, b] = pair.trusting;
  const A = lists.get(a)!;
  const B = lists.get(b)!;
  const inA = new Set(A);
  const shared = A.filter((v) => B.includes(v)).length;
  if (shared > n - 2) return null;
  const spare = B.filter((v) => !inA.has(v) && v > p.byzantine);
  const unl = new Map<number, number[]>();
  for (const k of full.trusting) {
    if (k === a || k === b) unl.set(k, k === a ? A : B);
    else if (!inA.has(k)) unl.set(k, A);
    else {
      const r = spare.find((v) => v !== k);
      if (r === undefined) return null;
      unl.set(k, [...A.filter((v) => v !== k), r]);
    }
  }
  const start = new Float64Array(full.model.numCols);
  for (const [k, list] of unl) for (const v of list) start[full.u.col(k, v)] = 1;
  for (let v = 1; v <= p.nodes; v++) {
    start[full.x.col(v)] = pairValues[pair.x.col(v)] > 0.5 ? 1 : 0;
    start[full.y.col(v)] = pairValues[pair.y.col(v)] > 0.5 ? 1 : 0;
  }
  let z = n;
  full.pairs.forEach(([k, l], i) => {
    const L = new Set(unl.get(l));
    let o = 0;
    for (const v of unl.get(k)!) {
      if (!L.has(v)) continue;
      start[full.w.col(i + 1, v)] = 1;
      o++;
    }
    z = Math.min(z, o);
  });
  start[full.z] = z;
  return start;
}
