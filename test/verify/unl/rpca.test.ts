import { describe, expect, it } from "vitest";
import { byzantineIn, countingAdmitsFork, quorum, theorem8 } from "../../../formulations/unl/index.js";
import { forkPictureSvg } from "../../../verify/unl/fork-picture.js";
import { runRpca } from "../../../verify/unl/rpca.js";
import { checkRpcaRun, excludedSameSeqPair, forkPair } from "../../../verify/unl/rpca-check.js";
import { Ledgers, TxSets } from "../../../verify/unl/rpca-ledgers.js";
import { avalancheThreshold, consensusReached, convergePercent, shouldCloseLedger, voteWeight } from "../../../verify/unl/rpca-rules.js";
import { rpcaSetup, type RpcaSetupParams } from "../../../verify/unl/rpca-setup.js";

const setup = (p: Partial<RpcaSetupParams>) =>
  rpcaSetup({ nodes: 50, malicious: 0, byzKind: "silent", unlGen: "core", overlapPct: 100, byzPlacement: "ids", seed: 1, unlMin: 20, unlMax: 20, ...p });

describe("rippled's consensus arithmetic", () => {
  it("avalanche thresholds step at 50, 85 and 200 % of the expected round time", () => {
    expect([0, 49, 50, 84, 85, 199, 200, 500].map(avalancheThreshold)).toEqual([50, 50, 65, 65, 70, 70, 95, 95]);
    expect(convergePercent(1950, 15000, 5000)).toBe(13);
    expect(convergePercent(3000, 2000, 5000)).toBe(60);
  });

  it("a vote weighs our own position as one more peer, in integers", () => {
    expect(voteWeight(10, 20, false)).toBe(47); // 1000/21
    expect(voteWeight(10, 20, true)).toBe(52); // 1100/21
    expect(voteWeight(0, 0, true)).toBe(100);
  });

  it("consensus at 80 % or more, as rippled compares (≥): (agree+1)·100/(total+1), or finished·100/total without ourselves", () => {
    expect(consensusReached(16, 20, true, 80)).toBe(true); // ⌊1700/21⌋ = 80 ≥ 80 (the spec's "> 80" would refuse)
    expect(consensusReached(15, 20, true, 80)).toBe(false); // ⌊1600/21⌋ = 76
    expect(consensusReached(16, 21, true, 80)).toBe(false); // ⌊1700/22⌋ = 77
    expect(consensusReached(16, 20, false, 80)).toBe(true);
    expect(consensusReached(15, 20, false, 80)).toBe(false);
  });

  it("four contrarians in a UNL of 20 (20 %) no longer block consensus; five (25 %) do", () => {
    const run = (malicious: number) => runRpca(setup({ nodes: 60, malicious, byzKind: "contrarian", byzPlacement: "core", ledgers: 6, maxTime: 60_000 }).config);
    expect(run(4).maxValidatedSeq).toBeGreaterThanOrEqual(6);
    expect(run(5).maxValidatedSeq).toBe(0);
  });

  it("shouldCloseLedger: others closed or validated, else idle, minimum open time and half the previous round", () => {
    const base = { prevProposers: 20, proposersClosed: 0, proposersValidated: 0, anyTransactions: true, openTime: 2500, sincePrevClose: 2500, prevRoundTime: 4000, ledgerMinClose: 2000, idleInterval: 15000 };
    expect(shouldCloseLedger({ ...base, proposersClosed: 6, proposersValidated: 5 })).toBe(true);
    expect(shouldCloseLedger({ ...base, proposersClosed: 5, proposersValidated: 5, openTime: 1000 })).toBe(false);
    expect(shouldCloseLedger({ ...base, openTime: 1999 })).toBe(false);
    expect(shouldCloseLedger({ ...base, prevRoundTime: 6000 })).toBe(false);
    expect(shouldCloseLedger(base)).toBe(true);
    expect(shouldCloseLedger({ ...base, anyTransactions: false })).toBe(false);
    expect(shouldCloseLedger({ ...base, anyTransactions: false, sincePrevClose: 15000 })).toBe(true);
  });
});

describe("interned ledgers", () => {
  it("the same parent and transactions give the same id; ancestry by seq", () => {
    const sets = new TxSets();
    const L = new Ledgers(sets);
    const a = L.intern(0, sets.intern([3, 1, 2]), 10);
    expect(L.intern(0, sets.intern([1, 2, 3]), 20)).toBe(a);
    const b = L.intern(0, sets.intern([1, 2]), 30);
    const a2 = L.intern(a, sets.intern([]), 40);
    expect([L.get(a).seq, L.get(a2).seq, b === a]).toEqual([1, 2, false]);
    expect(L.isAncestorOrSelf(a, a2)).toBe(true);
    expect(L.isAncestorOrSelf(b, a2)).toBe(false);
    expect(L.ancestorAt(a2, 0)).toBe(0);
    expect(L.ancestorAt(a, 2)).toBe(-1);
  });
});

describe("rpca runs", () => {
  it("0 Byzantine, full overlap: no fork, no stall, NHI = 0, 30 ledgers, over 20 seeds", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = runRpca(setup({ seed }).config);
      expect({ seed, forks: r.forks.length, stalled: r.stalledFraction, nhi: r.nhi, branches: r.branches, reached: r.maxValidatedSeq }).toEqual({ seed, forks: 0, stalled: 0, nhi: 0, branches: 1, reached: 30 });
    }
  });

  it("is deterministic: the same seed gives the same run, another seed another", () => {
    const a = runRpca(setup({ seed: 7, ledgers: 8 }).config);
    expect(runRpca(setup({ seed: 7, ledgers: 8 }).config)).toEqual(a);
    expect(runRpca(setup({ seed: 8, ledgers: 8 }).config).timeMs).not.toBe(a.timeMs);
  });

  it("P4: a validator with more silent validators in its UNL than n − q stalls; the others do not", () => {
    const s = setup({ malicious: 5, byzPlacement: "core", ledgers: 10, maxTime: 120_000 });
    const r = runRpca(s.config);
    const over = s.unl.unls.flatMap((u, i) => (!s.unl.byzantine[i] && byzantineIn(u, s.unl.byzantine) > u.length - quorum(u.length) ? [i] : []));
    expect(over.length).toBeGreaterThan(0);
    for (const i of over) expect([r.stalledValidators.includes(i), r.finalValidatedSeq[i]]).toEqual([true, 0]);
    const few = setup({ malicious: 3, byzPlacement: "core", ledgers: 10 });
    const ok = runRpca(few.config);
    expect(ok.stalledFraction).toBe(0);
    expect(ok.maxValidatedSeq).toBe(10);
  });

  it("P2 on its safe side: one equivocator in the core where Theorem 8 holds for every pair never forks (10 seeds)", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const s = setup({ malicious: 1, byzKind: "equivocate", byzPlacement: "core", seed, ledgers: 10 });
      expect(theorem8(s.unl).violations).toHaveLength(0);
      const r = runRpca(s.config);
      const c = checkRpcaRun(s.unl, r);
      expect({ seed, forks: r.forks.length, violations: c.violations.length }).toEqual({ seed, forks: 0, violations: 0 });
    }
  });

  it("P3: clusters at 40 % with two equivocators in the core fork where the counting bound admits it (slack ≥ 2), and the picture shows both branches", () => {
    const s = setup({ nodes: 60, malicious: 2, byzKind: "equivocate", byzPlacement: "core", unlGen: "clusters", overlapPct: 40, ledgers: 10 });
    const r = runRpca(s.config);
    expect(r.forks.length).toBeGreaterThan(0);
    const f = r.forks.find((x) => x.kind === "same-seq")!;
    expect(f.a.ledger).not.toBe(f.b.ledger);
    // Each side really had a quorum: q = 16 of 20 validations it counted.
    expect(f.a.counted.length).toBeGreaterThanOrEqual(16);
    expect(f.b.counted.length).toBeGreaterThanOrEqual(16);
    const pair = forkPair(s.unl, f);
    expect(pair.countingAdmits).toBe(true);
    // Slack ≥ 2 at the pair: O ≤ 2(n − q) + b − 2.
    expect(2 * (20 - 16) + pair.byzantineShared - pair.overlap).toBeGreaterThanOrEqual(2);
    expect(countingAdmitsFork(20, 16, 20, 16, pair.overlap, pair.byzantineShared)).toBe(true);
    expect(checkRpcaRun(s.unl, r).violations).toHaveLength(0); // Theorem 8 fails here: a fork is no violation
    const svg = forkPictureSvg(r, "fork");
    expect(svg).toContain(`ledger ${f.a.ledger}, seq ${f.seq}`);
    expect(svg).toContain(`ledger ${f.b.ledger}, seq ${f.seq}`);
    expect(svg.match(/stroke="#d62728"/g)).toHaveLength(2);
  });

  it("P2 checks every pair that fully validated different ledgers at a seq, not only the logged one", () => {
    const lists: number[][] = Array.from({ length: 20 }, () => [19]);
    lists[0] = [10, 11, 12, 13, 14];
    lists[1] = [15, 16, 17, 18, 19];
    lists[2] = [10, 11, 12, 13, 14];
    lists[3] = [10, 11, 12, 13, 15];
    const unl = { names: lists.map((_, i) => `v${i}`), unls: lists, byzantine: lists.map(() => false), quorumPct: 80 };
    const holders = { seq: 1, ledgers: [{ ledger: 10, validators: [0, 2] }, { ledger: 11, validators: [1, 3] }] };
    // (0, 1) share nothing: a fork is possible; (0, 3) share 4 of 5 with q = 4: impossible by counting.
    expect(excludedSameSeqPair(unl, holders)).toEqual({ i: 0, j: 3, ledgers: [10, 11] });
    expect(excludedSameSeqPair(unl, { seq: 1, ledgers: [{ ledger: 10, validators: [0] }, { ledger: 11, validators: [1] }] })).toBeNull();
    const r = runRpca(setup({ seed: 3, ledgers: 3 }).config);
    const fork = { kind: "same-seq" as const, seq: 1, a: { validator: 0, ledger: 10, seq: 1, counted: [] }, b: { validator: 1, ledger: 11, seq: 1, counted: [] }, timeMs: 1 };
    const c = checkRpcaRun(unl, { ...r, forks: [fork], forkHolders: [holders] });
    expect(c.violations.map((v) => [v.violation, v.pair.i, v.pair.j])).toEqual([["bug", 0, 3]]);
  });

  it("P2 flags a fork as a refutation when Theorem 8 holds, and as a bug when counting rules it out", () => {
    const s = setup({ seed: 3, ledgers: 5 });
    const r = runRpca(s.config);
    const [i, j] = s.unl.byzantine.flatMap((b, v) => (b ? [] : [v])).slice(0, 2);
    const forged = { ...r, forks: [{ kind: "same-seq" as const, seq: 2, a: { validator: i, ledger: 2, seq: 2, counted: [] }, b: { validator: j, ledger: 3, seq: 2, counted: [] }, timeMs: 1 }] };
    const c = checkRpcaRun(s.unl, forged);
    expect(c.theorem8Holds).toBe(true);
    expect(c.violations.map((v) => v.violation)).toEqual(["bug"]);
    const branch = { ...forged, forks: [{ ...forged.forks[0], kind: "branch" as const }] };
    expect(checkRpcaRun(s.unl, branch).violations.map((v) => v.violation)).toEqual(["refutes-theorem8"]);
  });
});
