import { describe, expect, it } from "vitest";
import { countingAdmitsFork, countingBound, csfForkablePairs, overlapStats, parseUnlJson, quorum, theorem8, type UnlConfig, worstOverlapClosedForm, worstOverlapModel } from "../../formulations/unl/index.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";
import { closedFormAgreement, fullAgreesWithPair, params, strengthenedFullAgreesWithPair } from "../helpers/unl-milp.js";

/** Two validators a, b with lists of n = 20 sharing exactly `o` members, `byz` of them Byzantine. */
function pairConfig(o: number, byz = 0): UnlConfig {
  const n = 20;
  const names: string[] = [];
  const unls: number[][] = [];
  const node = () => names.push(`v${names.length}`) - 1;
  const a = node();
  const b = node();
  const shared = Array.from({ length: o }, node);
  const onlyA = Array.from({ length: n - o }, node);
  const onlyB = Array.from({ length: n - o }, node);
  const byzantine = names.map(() => false);
  for (const v of shared.slice(0, byz)) byzantine[v] = true;
  unls[a] = [...shared, ...onlyA];
  unls[b] = [...shared, ...onlyB];
  // Everyone else trusts a's list (minus itself, plus b) so that the configuration is complete.
  for (let v = 2; v < names.length; v++) unls[v] = [...unls[a].filter((x) => x !== v), b].slice(0, n);
  return { names, unls, byzantine, quorumPct: 80 };
}

const pairOf = (c: UnlConfig) => ({ ...c, byzantine: c.byzantine, unls: c.unls });

describe("static bounds (spec §6 item 3: n = 20, q = 16, t = 4)", () => {
  it("q = ⌈0.8 n⌉ in integers", () => {
    expect([quorum(20), quorum(25), quorum(10), quorum(21), quorum(1)]).toEqual([16, 20, 8, 17, 1]);
  });

  it("Theorem 8 (design budget t = n − q = 4) needs O ≥ 19: it holds at 19 and fails at 18 for the pair a, b", () => {
    const pairOnly = (o: number) => {
      const r = theorem8(pairOf(pairConfig(o)), "design");
      return r.violations.some((v) => (v.i === 0 && v.j === 1) || (v.i === 1 && v.j === 0));
    };
    expect(pairOnly(19)).toBe(false);
    expect(pairOnly(18)).toBe(true);
    const slack = theorem8(pairOf(pairConfig(19)), "design").violations.find((v) => v.i === 0 && v.j === 1);
    expect(slack).toBeUndefined();
  });

  it("csf flags a pair as forkable iff O < 8; counting admits a fork iff O ≤ 8 + b", () => {
    const forkable = (o: number) => csfForkablePairs(pairConfig(o)).forkable.some(([x, y]) => x === 0 && y === 1);
    expect(forkable(7)).toBe(true);
    expect(forkable(8)).toBe(false);
    for (const b of [0, 2, 4]) {
      expect(countingAdmitsFork(20, 16, 20, 16, 8 + b, b)).toBe(true);
      expect(countingAdmitsFork(20, 16, 20, 16, 9 + b, b)).toBe(false);
    }
    const at8 = countingBound(pairConfig(8));
    expect(at8.forkable.some((p) => p.i === 0 && p.j === 1)).toBe(true);
    // O = 2(n − q) exactly: counting forks, csf's strict "<" does not flag it.
    expect(at8.missedByCsf.some((p) => p.i === 0 && p.j === 1 && p.overlap === 8)).toBe(true);
    expect(countingBound(pairConfig(10, 2)).forkable.find((p) => p.i === 0 && p.j === 1)?.byzantineShared).toBe(2);
  });

  it("overlap statistics: ω = O / max(n_i, n_j) over honest pairs", () => {
    // a: b c; b: a c; c: a b; d: a b. Five pairs share one of two members, c and d share both.
    const c = parseUnlJson('{"a":["b","c"],"b":["a","c"],"c":["a","b"],"d":["a","b"]}', "u.json");
    const s = overlapStats(c);
    expect(s.pairs).toBe(6);
    expect(s.min).toBe(0.5);
    expect(s.mean).toBeCloseTo(3.5 / 6, 12);
  });

  it("reads UNL files and refuses bad ones with one line", () => {
    const c = parseUnlJson(JSON.stringify({ unls: { a: ["b", "c"], b: ["a", "c"], c: ["a", "b"] }, byzantine: ["c"] }), "u.json");
    expect(c.names).toEqual(["a", "b", "c"]);
    expect(c.byzantine).toEqual([false, false, true]);
    expect(parseUnlJson('{"a":["b"],"b":["a"]}', "u.json").unls).toEqual([[1], [0]]);
    expect(() => parseUnlJson('{"a":["b"],"b":["z"]}', "u.json")).toThrow(/u.json: the UNL of b names "z", which is not a validator of the file/);
    expect(() => parseUnlJson('{"a":[],"b":["a"]}', "u.json")).toThrow(/validator a trusts nobody/);
    expect(() => parseUnlJson('{"a":["a"],"b":["a"]}', "u.json")).toThrow(/trusts itself/);
    expect(() => parseUnlJson("[1]", "u.json")).toThrow(/u.json: must be an object of validator → UNL \(got an array of 1 item\)/);
    expect(() => parseUnlJson("{", "u.json")).toThrow(/malformed JSON/);
  });
});


describe("worst-overlap MILP (spec §5; the full sweep and N ≤ 30 run in make test-long)", () => {
  it("the pair model equals the closed form O* = min(n, 2(n − q) + min(t, f)) at n ∈ {10, 20}, t ∈ {0, 2, 4} (HiGHS), with a witness", async () => {
    await closedFormAgreement([10, 20], [0, 2, 4], "highs");
  });

  it("n = 20, t = 4: 12 (60 %) where Theorem 8 asks for ≥ 19; n = 25, t = 5: 15 where it asks for ≥ 23", () => {
    expect(worstOverlapClosedForm(params(20, 4, "pair")).overlap).toBe(12);
    expect(worstOverlapClosedForm(params(25, 5, "pair")).overlap).toBe(15);
    expect(worstOverlapClosedForm(params(20, 0, "pair")).overlap).toBe(8);
  });

  it("the full model (every honest UNL a variable) agrees with the pair model, and CBC with HiGHS (n = 5, N = 15)", async () => {
    await fullAgreesWithPair([[5, 1, 15]]);
  });

  it("the counting cut (--strengthen) keeps the optimum; the pair optimum starts the full model", async () => {
    await strengthenedFullAgreesWithPair([[6, 1, 17]]);
    // A cut that removed a worst case would lower the optimum: at n = 6, t = 1 it stays 2(n − q) + t = 3.
    const r = await solveModel(solverNamed("highs"), worstOverlapModel({ ...params(6, 1, "pair", 17), strengthen: true }).model, {});
    expect([r.status, Math.round(r.objective!)]).toEqual(["optimal", 3]);
  });

  it("where the lists cannot fit, no fork exists at any overlap: the model is infeasible", async () => {
    const p = { ...params(10, 0, "pair"), nodes: 20 };
    expect(worstOverlapClosedForm(p).applies).toBe(false);
    const r = await solveModel(solverNamed("highs"), worstOverlapModel(p).model, {});
    expect(r.status).toBe("infeasible");
  });

  it("refuses parameters that cannot describe a network", () => {
    expect(() => worstOverlapModel({ ...params(10, 2, "pair"), nodes: 10 })).toThrow(/does not fit among 10 validators/);
    expect(() => worstOverlapModel({ ...params(10, 2, "pair"), byzantine: 24 })).toThrow(/must leave two honest validators/);
    expect(() => worstOverlapModel({ ...params(10, 2, "pair"), quorumPct: 0 })).toThrow(/percentage/);
  });
});
