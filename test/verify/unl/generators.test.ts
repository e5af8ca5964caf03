import { describe, expect, it } from "vitest";
import { overlap, overlapStats } from "../../../formulations/unl/index.js";
import { clusterUnls, coreUnls } from "../../../verify/unl/generators.js";

const base = { nodes: 200, unlMin: 20, unlMax: 30, seed: 5489, rngMap: "lemire" as const };
const honestConfig = (unls: number[][], malicious = 0) => ({ names: unls.map((_, i) => String(i)), unls, byzantine: unls.map((_, i) => i < malicious), quorumPct: 80 });

describe("UNL generators", () => {
  it("core: sizes within [unlMin, unlMax], no self, no repeats; every pair shares at least x·min(n_i, n_j) − 2 (nested ranked parts)", () => {
    for (const x of [10, 50, 90]) {
      const g = coreUnls({ ...base, overlapPct: x });
      g.unls.forEach((l, i) => {
        expect(l.length).toBeGreaterThanOrEqual(20);
        expect(l.length).toBeLessThanOrEqual(30);
        expect(l).not.toContain(i);
        expect(new Set(l).size).toBe(l.length);
      });
      for (let i = 0; i < 40; i++) {
        for (let j = i + 1; j < 40; j++) {
          const m = Math.min(g.unls[i].length, g.unls[j].length);
          expect(overlap(g.unls[i], g.unls[j])).toBeGreaterThanOrEqual(Math.ceil((x * m) / 100) - 2);
        }
      }
    }
  });

  it("a higher overlap knob gives a higher measured ω (min and mean)", () => {
    const w = [10, 50, 90].map((x) => overlapStats(honestConfig(coreUnls({ ...base, overlapPct: x }).unls)));
    expect(w[0].mean).toBeLessThan(w[1].mean);
    expect(w[1].mean).toBeLessThan(w[2].mean);
    expect(w[2].min).toBeGreaterThanOrEqual(0.5);
  });

  it("clusters: two nodes outside the core in different groups share exactly the core", () => {
    const g = clusterUnls({ ...base, overlapPct: 40 });
    expect(g.core).toHaveLength(8);
    const outside = g.unls.map((_, i) => i).filter((i) => !g.core.includes(i));
    const a = outside.find((i) => g.group[i] === 0)!;
    const b = outside.find((i) => g.group[i] === 1)!;
    expect(overlap(g.unls[a], g.unls[b])).toBe(8);
    for (const l of g.unls) expect(l).toHaveLength(20);
  });

  it("the same seed gives the same lists; another seed others", () => {
    expect(coreUnls({ ...base, overlapPct: 50 }).unls).toEqual(coreUnls({ ...base, overlapPct: 50 }).unls);
    expect(coreUnls({ ...base, overlapPct: 50, seed: 7 }).unls).not.toEqual(coreUnls({ ...base, overlapPct: 50 }).unls);
  });

  it("refuses an overlap outside 0..100 and groups too small for the lists", () => {
    expect(() => coreUnls({ ...base, overlapPct: 120 })).toThrow(/--overlap must lie in 0..100/);
    expect(() => clusterUnls({ ...base, nodes: 35, overlapPct: 10 })).toThrow(/too few for lists of 20/);
  });
});
