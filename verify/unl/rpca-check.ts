/**
 * Property P2 of spec unl.md §4 on one `rpca` run: a fork is set against the static bounds of the
 * configuration it happened in. A same-seq fork in a pair the counting bound rules out is a simulator bug; a
 * fork while Theorem 8 ("actual" budget) holds for every honest pair is a bug or a refutation. Neither is
 * ever filtered out: both go in `violations`, which the CLI prints first and answers with exit code 3.
 */
import { countingAdmitsFork, theorem8, type Theorem8Report } from "../../formulations/unl/bounds.js";
import { byzantineIn, overlap, quorum, type UnlConfig } from "../../formulations/unl/config.js";
import type { RpcaFork, RpcaResult } from "./rpca-types.js";

export interface ForkVerdict {
  fork: RpcaFork;
  pair: { i: number; j: number; overlap: number; byzantineShared: number; countingAdmits: boolean };
  /** "bug": a same-seq fork the counting bound rules out; "refutes-theorem8": a fork while Theorem 8 holds. */
  violation: "bug" | "refutes-theorem8" | null;
}

export interface RpcaCheck {
  theorem8Holds: boolean;
  theorem8Violations: number;
  forks: ForkVerdict[];
  violations: ForkVerdict[];
}

/** The pair of a fork against the counting bound. */
export function forkPair(c: UnlConfig, f: RpcaFork): ForkVerdict["pair"] {
  const i = f.a.validator;
  const j = f.b.validator;
  const A = c.unls[i];
  const B = c.unls[j];
  const o = overlap(A, B);
  const shared = byzantineIn(A.filter((v) => B.includes(v)), c.byzantine);
  const admits = countingAdmitsFork(A.length, quorum(A.length, c.quorumPct), B.length, quorum(B.length, c.quorumPct), o, shared);
  return { i, j, overlap: o, byzantineShared: shared, countingAdmits: admits };
}

export function checkRpcaRun(c: UnlConfig, r: RpcaResult, t8: Theorem8Report = theorem8(c, "actual")): RpcaCheck {
  const holds = t8.violations.length === 0;
  const forks = r.forks.map((fork): ForkVerdict => {
    const pair = forkPair(c, fork);
    const violation = fork.kind === "same-seq" && !pair.countingAdmits ? "bug" : holds ? "refutes-theorem8" : null;
    return { fork, pair, violation };
  });
  return { theorem8Holds: holds, theorem8Violations: t8.violations.length, forks, violations: forks.filter((f) => f.violation !== null) };
}
