/**
 * Property P2 of spec unl.md §4 on one `rpca` run: a fork is set against the static bounds of the
 * configuration it happened in. A same-seq fork in a pair the counting bound rules out is a simulator bug; a
 * fork while Theorem 8 ("actual" budget) holds for every honest pair is a bug or a refutation. Neither is
 * ever filtered out: both go in `violations`, which the CLI prints first and answers with exit code 3.
 */
import { countingAdmitsFork, theorem8, type Theorem8Report } from "../../formulations/unl/bounds.js";
import { byzantineIn, overlap, quorum, type UnlConfig } from "../../formulations/unl/config.js";
import type { RpcaFork, RpcaResult } from "./rpca-types.js";

/** One fork of a run judged against the static bounds. */
export interface ForkVerdict {
  /** The fork as the simulator logged it. */
  fork: RpcaFork;
  /** The pair judged: the fork's two validators, or another pair at its seq that the counting bound rules out. */
  pair: {
    /** One validator of the pair. */
    i: number;
    /** The other validator. */
    j: number;
    /** O_ij = |UNL_i ∩ UNL_j|. */
    overlap: number;
    /** b: Byzantine validators in both UNLs. */
    byzantineShared: number;
    /** Whether the counting bound admits a fork between them. */
    countingAdmits: boolean;
  };
  /** "bug": a same-seq fork the counting bound rules out; "refutes-theorem8": a fork while Theorem 8 holds. */
  violation: "bug" | "refutes-theorem8" | null;
}

/** Property P2 (spec unl.md §4) for one run, as returned by {@link checkRpcaRun}. */
export interface RpcaCheck {
  /** Theorem 8 ("actual" budget) holds for every ordered honest pair. */
  theorem8Holds: boolean;
  /** Ordered honest pairs that violate Theorem 8. */
  theorem8Violations: number;
  /** Every fork of the run with its verdict. */
  forks: ForkVerdict[];
  /** The forks with a violation (bug or refutation), never filtered out. */
  violations: ForkVerdict[];
}

/** The pair of a fork against the counting bound. */
export function forkPair(c: UnlConfig, f: RpcaFork): ForkVerdict["pair"] {
  return pairVerdict(c, f.a.validator, f.b.validator);
}

function pairVerdict(c: UnlConfig, i: number, j: number): ForkVerdict["pair"] {
  const A = c.unls[i];
  const B = c.unls[j];
  const o = overlap(A, B);
  const shared = byzantineIn(A.filter((v) => B.includes(v)), c.byzantine);
  const admits = countingAdmitsFork(A.length, quorum(A.length, c.quorumPct), B.length, quorum(B.length, c.quorumPct), o, shared);
  return { i, j, overlap: o, byzantineShared: shared, countingAdmits: admits };
}

/**
 * The first pair, over every two honest validators that fully validated different ledgers at one seq, that
 * the counting bound rules out; null when every such pair is admitted. (The logged fork names one pair per
 * seq; another pair at that seq could still be a simulator bug.)
 */
export function excludedSameSeqPair(c: UnlConfig, holders: RpcaResult["forkHolders"][number]): { i: number; j: number; ledgers: [number, number] } | null {
  const sets = new Map<number, Set<number>>();
  const setOf = (v: number) => sets.get(v) ?? sets.set(v, new Set(c.unls[v])).get(v)!;
  for (let x = 0; x < holders.ledgers.length; x++) {
    for (let y = x + 1; y < holders.ledgers.length; y++) {
      for (const i of holders.ledgers[x].validators) {
        for (const j of holders.ledgers[y].validators) {
          const B = setOf(j);
          let o = 0;
          let shared = 0;
          for (const v of c.unls[i]) {
            if (!B.has(v)) continue;
            o++;
            if (c.byzantine[v]) shared++;
          }
          const [ni, nj] = [c.unls[i].length, c.unls[j].length];
          if (!countingAdmitsFork(ni, quorum(ni, c.quorumPct), nj, quorum(nj, c.quorumPct), o, shared)) return { i, j, ledgers: [holders.ledgers[x].ledger, holders.ledgers[y].ledger] };
        }
      }
    }
  }
  return null;
}

/** Judges every fork of run `r` against Theorem 8 and the counting bound of the configuration `c`. */
export function checkRpcaRun(c: UnlConfig, r: RpcaResult, t8: Theorem8Report = theorem8(c, "actual")): RpcaCheck {
  const holds = t8.violations.length === 0;
  const forks = r.forks.map((fork): ForkVerdict => {
    let pair = forkPair(c, fork);
    if (fork.kind === "same-seq" && pair.countingAdmits) {
      const holders = r.forkHolders.find((h) => h.seq === fork.seq);
      const excluded = holders ? excludedSameSeqPair(c, holders) : null;
      if (excluded) pair = pairVerdict(c, excluded.i, excluded.j);
    }
    const violation = fork.kind === "same-seq" && !pair.countingAdmits ? "bug" : holds ? "refutes-theorem8" : null;
    return { fork, pair, violation };
  });
  return { theorem8Holds: holds, theorem8Violations: t8.violations.length, forks, violations: forks.filter((f) => f.violation !== null) };
}
