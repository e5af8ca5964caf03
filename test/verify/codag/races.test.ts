import { describe, expect, it } from "vitest";
import { lemma2Exact, lemma2Paper, modelAExact } from "../../../formulations/codag/catch-up.js";
import { InputError } from "../../../formulations/input-error.js";
import { judgeFrequency, wilsonInterval } from "../../../verify/shared/acceptance.js";
import { lemma1Barrier, lemma2Checks, modelAChecks, simulateLemma2Race, simulateModelA } from "../../../verify/codag/races.js";
import { runSeed } from "../../../verify/shared/prng.js";

const N = 20_000;

describe("acceptance helpers", () => {
  it("4σ where N·P(1−P) ≥ 9, exact binomial tails at the same level elsewhere", () => {
    // N·P(1−P) = 2500: plain 4σ = 4·50/N
    expect(judgeFrequency(5000 + 199, 10_000, 0.5)).toMatchObject({ rule: "normal", pass: true });
    expect(judgeFrequency(5000 + 202, 10_000, 0.5)).toMatchObject({ rule: "normal", pass: false });
    // P = 10⁻¹²: no hit passes, a single hit is a 10⁻⁷ event and fails
    expect(judgeFrequency(0, 100_000, 1e-12)).toMatchObject({ rule: "exact", pass: true });
    expect(judgeFrequency(1, 100_000, 1e-12)).toMatchObject({ rule: "exact", pass: false });
    // P = 10⁻⁵, mean 1: up to a handful of hits pass, a dozen do not
    expect(judgeFrequency(3, 100_000, 1e-5).pass).toBe(true);
    expect(judgeFrequency(12, 100_000, 1e-5).pass).toBe(false);
  });

  it("Wilson interval", () => {
    const w = wilsonInterval(50, 100);
    expect(w.lo).toBeCloseTo(0.4038, 4);
    expect(w.hi).toBeCloseTo(0.5962, 4);
    const z = wilsonInterval(0, 1000);
    expect(z.lo).toBe(0);
    expect(z.hi).toBeGreaterThan(0);
    expect(z.hi).toBeLessThan(0.004);
  });
});

describe("Model A simulation (spec §2.4)", () => {
  it("barrier: the least B > z with ρ^B < 10⁻¹²", () => {
    for (const q of [0.1, 0.2, 0.3, 0.4]) {
      const rho = q / (1 - q);
      const B = lemma1Barrier(q, 1);
      expect(rho ** B).toBeLessThan(1e-12);
      expect(rho ** (B - 1)).toBeGreaterThanOrEqual(1e-12);
    }
    expect([0.1, 0.2, 0.3, 0.4].map((q) => lemma1Barrier(q, 1))).toEqual([13, 20, 33, 69]);
    expect(lemma1Barrier(0.1, 40)).toBe(41);
  });

  it("is within 4σ of the exact value at a handful of points", () => {
    const points: [number, number][] = [[0.1, 1], [0.2, 2], [0.3, 4], [0.4, 1], [0.4, 6]];
    points.forEach(([q, z], i) => {
      const B = lemma1Barrier(q, z);
      const r = simulateModelA(q, z, B, runSeed(11, i), N);
      expect(r.runs).toBe(N);
      expect(r.estimate).toBe(r.hits / N);
      expect(judgeFrequency(r.hits, r.runs, modelAExact(q, z, B)).pass).toBe(true);
    });
    // a short barrier, where Model A differs from Lemma 1
    const r = simulateModelA(0.4, 2, 5, 5, N);
    expect(judgeFrequency(r.hits, r.runs, modelAExact(0.4, 2, 5)).pass).toBe(true);
    expect(judgeFrequency(r.hits, r.runs, (0.4 / 0.6) ** 2).pass).toBe(false);
  });

  it("the 16-point grid passes at a small run count", () => {
    const rows = modelAChecks(3, 2000);
    expect(rows).toHaveLength(16);
    for (const row of rows) {
      expect(row.pass).toBe(true);
      expect(Math.abs(row.exact - row.lemma1)).toBeLessThan(1e-11);
      expect(row.lo).toBeLessThanOrEqual(row.estimate);
      expect(row.hi).toBeGreaterThanOrEqual(row.estimate);
    }
  });

  it("is deterministic in the seed", () => {
    const a = simulateModelA(0.3, 2, 33, 42, 5000);
    expect(simulateModelA(0.3, 2, 33, 42, 5000)).toEqual(a);
    expect(simulateModelA(0.3, 2, 33, 43, 5000).hits).not.toBe(a.hits);
    expect(modelAChecks(9, 200)[5]).toEqual(modelAChecks(9, 200)[5]);
  });
});

describe("Lemma 2 race simulation", () => {
  it("is within 4σ of lemma2Exact and rejects the paper's Poisson value where they differ", () => {
    for (const [q, z, i] of [[0.3, 2, 0], [0.3, 5, 1], [0.1, 5, 2], [0.2, 3, 3]]) {
      const r = simulateLemma2Race(q, z, lemma1Barrier(q, z), runSeed(21, i), N);
      expect(judgeFrequency(r.hits, r.runs, lemma2Exact(q, z)).pass).toBe(true);
    }
    // q = 0.3, z = 5: 0.1976 vs 0.1774 is about 7σ apart at N = 2·10⁴
    const r = simulateLemma2Race(0.3, 5, lemma1Barrier(0.3, 5), runSeed(21, 1), N);
    expect(judgeFrequency(r.hits, r.runs, lemma2Paper(0.3, 5)).pass).toBe(false);
  });

  it("z = 0 is caught up; checks report the paper's value and the gap", () => {
    expect(simulateLemma2Race(0.2, 0, 5, 1, 100).hits).toBe(100);
    const rows = lemma2Checks(7, 4000);
    expect(rows.map((r) => r.z)).toEqual([2, 5]);
    for (const row of rows) {
      expect(row.pass).toBe(true);
      expect(row.gap).toBeCloseTo(row.exact - row.paper, 15);
    }
    expect(rows[1].gap).toBeCloseTo(0.0203, 4);
    expect(simulateLemma2Race(0.3, 5, 33, 8, 3000)).toEqual(simulateLemma2Race(0.3, 5, 33, 8, 3000));
  });
});

describe("input validation", () => {
  it("throws InputError", () => {
    const bad: (() => unknown)[] = [
      () => lemma1Barrier(0.5, 1),
      () => lemma1Barrier(0.2, -1),
      () => simulateModelA(0.2, 3, 3, 1, 10),
      () => simulateModelA(1.2, 3, 8, 1, 10),
      () => simulateModelA(0.2, 3, 8, 1, 0),
      () => simulateLemma2Race(0.2, 2.5, 8, 1, 10),
      () => judgeFrequency(1, 0, 0.5),
      () => wilsonInterval(1, 1.5),
    ];
    for (const f of bad) expect(f).toThrow(InputError);
  });
});
