import { describe, expect, it } from "vitest";
import { catchUpLevelRace, lemma1 } from "../../../formulations/codag/catch-up.js";
import { runCodagCheck } from "../../../verify/codag/check.js";
import { judgeFrequency } from "../../../verify/shared/acceptance.js";
import { modelB, modelBRun } from "../../../verify/codag/model-b.js";
import { runCodagProperties } from "../../../verify/codag/properties.js";

describe("Model B on real DAGs", () => {
  it("m = 2, K = 10, q = 0.3: the adversary catches up from z = 6 in ≥ 99 % of runs (spec §2.4)", () => {
    const r = modelB({ K: 10, m: 2, q: 0.3, z: 6, runs: 2000, seed: 1 });
    expect(r.estimate).toBeGreaterThanOrEqual(0.99);
    expect(r.estimate).toBeGreaterThan(lemma1(0.3, 6) * 100);
    expect(r.censored).toBe(0);
  });

  it("m = K = 3: stays under (q/p)^z and matches the exact level race within 4σ", () => {
    for (const z of [1, 2]) {
      const r = modelB({ K: 3, m: 3, q: 0.3, z, runs: 2500, seed: 7 });
      expect(r.estimate).toBeLessThanOrEqual(lemma1(0.3, z) + judgeFrequency(0, 2500, lemma1(0.3, z)).tolerance);
      expect(judgeFrequency(r.caughtUp, r.runs, catchUpLevelRace(0.3, z, 3, 3)).pass).toBe(true);
    }
  });

  it("m = 2 below the threshold (q = 0.1 < 1/6) still beats Lemma 1 and matches the level race", () => {
    const r = modelB({ K: 10, m: 2, q: 0.1, z: 1, runs: 1500, seed: 2 });
    const exact = catchUpLevelRace(0.1, 1, 10, 2);
    expect(judgeFrequency(r.caughtUp, r.runs, exact).pass).toBe(true);
    expect(exact).toBeGreaterThan(2 * lemma1(0.1, 1));
  });

  it("a wider private channel (w_a = 4) is slower: at q = 0.2 it follows the level race of width 4, not 2", () => {
    const r = modelB({ K: 10, m: 2, wa: 4, q: 0.2, z: 2, runs: 600, seed: 4 });
    expect(judgeFrequency(r.caughtUp, r.runs, catchUpLevelRace(0.2, 2, 10, 4)).pass).toBe(true);
    expect(catchUpLevelRace(0.2, 2, 10, 2)).toBeGreaterThan(0.99);
    expect(r.estimate).toBeLessThan(0.1);
    expect(() => modelB({ K: 10, m: 2, wa: 11, q: 0.2, z: 2, runs: 1, seed: 4 })).toThrow(/w_a must be an integer in m\.\.K/);
  });

  it("m = 1: every C is 1 and the level decides, as the navigator does (A25)", () => {
    const r = modelB({ K: 3, m: 1, q: 0.2, z: 2, runs: 2000, seed: 5 });
    expect(judgeFrequency(r.caughtUp, r.runs, catchUpLevelRace(0.2, 2, 3, 1)).pass).toBe(true);
    expect(r.estimate).toBeLessThan(0.6);
  });

  it("is deterministic per run seed, and maxBlocks censors", () => {
    const o = { K: 10, m: 10, q: 0.3, z: 2, runs: 1, seed: 1 };
    expect(modelBRun(o, 42)).toEqual(modelBRun(o, 42));
    expect(modelBRun({ ...o, maxBlocks: 5 }, 42)).toEqual({ outcome: "censored", blocks: 5 });
    expect(() => modelB({ ...o, q: 1 })).toThrow(/strictly between 0 and 1/);
    expect(() => modelB({ ...o, m: 11 })).toThrow(/m must be at most K/);
  });
});

describe("codag check", () => {
  it("the properties hold on 150 random cases each, and the report carries every check number", () => {
    const r = runCodagProperties({ runs: 150, seed: 3 });
    expect(r.filter((p) => p.verdict !== "held")).toEqual([]);
    expect([...new Set(r.map((p) => p.check))]).toEqual([1, 2, 3, 4, 5, 8]);
  });

  it("small statistical points pass and the paper's Lemma 1 is found to hold only when m = K", () => {
    const r = runCodagCheck({ seed: 1, runs: 20_000, modelBRuns: 300, propertyRuns: 20, modelBPoints: [{ K: 10, m: 2, q: 0.3, zs: [6] }, { K: 3, m: 3, q: 0.3, zs: [1] }] });
    expect(r.ok).toBe(true);
    expect(r.modelA).toHaveLength(16);
    const lemma1Claim = r.claims.find((c) => c.claim.startsWith("Lemma 1"))!;
    expect(lemma1Claim.verdict).toBe("holds only when");
    expect(lemma1Claim.evidence).toContain("300 of 300 (1, 95 %");
    expect(r.claims.find((c) => c.claim.startsWith("Lemma 2"))!.verdict).toBe("refuted");
    // With few runs the verdicts say so instead of repeating the expected answer.
    const few = runCodagCheck({ seed: 1, runs: 200, modelBRuns: 50, propertyRuns: 5, modelBPoints: [{ K: 3, m: 3, q: 0.3, zs: [1] }] });
    expect(few.claims.find((c) => c.claim.startsWith("Lemma 2"))!.verdict).toBe("not decided");
    expect(few.claims.find((c) => c.claim.startsWith("Lemma 1"))!.verdict).toBe("held");
  });
});
