import { describe, expect, it } from "vitest";
import { posSetting, rewardProbability } from "../../../formulations/pos/index.js";
import { checkGrid, formatPosReport, judge, recordChecks, runPosCheck } from "../../../verify/pos/check.js";
import { checkChart } from "../../../verify/pos/chart.js";
import { simulatePos } from "../../../verify/pos/simulate.js";

const EPOCHS = 20_000;

describe("PoS simulation on the real record", () => {
  const cases = [
    { name: "honest n=20 δ=16 p=0.8", s: posSetting({ n: 20, delta: 16 }), p: 0.8 },
    { name: "20% slanderers at 0.9", s: posSetting({ n: 20, delta: 16, liars: { f: 0.2, kind: "slanderer", epsilon: 0 } }), p: 0.9 },
    { name: "20% colluders at 0.7", s: posSetting({ n: 20, delta: 16, liars: { f: 0.2, kind: "colluder", epsilon: 0 } }), p: 0.7 },
    { name: "30% noisy ε=0.1, n=50 δ=40, strict", s: posSetting({ n: 50, delta: 40, strict: true, liars: { f: 0.3, kind: "noisy", epsilon: 0.1 } }), p: 0.85 },
    { name: "coalition of 5 colluders, n=20 δ=16", s: posSetting({ n: 20, delta: 16, coalition: { k: 5, kind: "colluder" } }), p: 0.7 },
    { name: "coalition of 2 slanderers, n=20 δ=16", s: posSetting({ n: 20, delta: 16, coalition: { k: 2, kind: "slanderer" } }), p: 0.95 },
  ];
  it.each(cases)("$name: within 4σ of the exact rate", ({ s, p }) => {
    const r = simulatePos(s, p, { epochs: EPOCHS, seed: 7 });
    const exact = rewardProbability(s, p);
    expect(Math.abs(r.rate - exact)).toBeLessThanOrEqual(4 * Math.sqrt((exact * (1 - exact)) / EPOCHS));
    expect([r.decisions, r.writes, r.rewards + r.penalties]).toEqual([EPOCHS, EPOCHS * s.n, EPOCHS]);
    expect(r.units.total).toBe(EPOCHS * s.n);
    expect(r.units.coalition).toBe(EPOCHS * (s.coalition?.k ?? 0));
  });

  it("liars are paid like everyone else: their share of units is about f", () => {
    const r = simulatePos(posSetting({ n: 20, delta: 16, liars: { f: 0.3, kind: "slanderer", epsilon: 0 } }), 0.9, { epochs: 5000, seed: 3 });
    expect(r.units.liars / r.units.total).toBeCloseTo(0.3, 2);
    expect(r.units.honest + r.units.liars).toBe(r.units.total);
    expect(r.paidVerifiers).toBe(1000);
  });

  it("is deterministic: the same seed gives the same result, another seed another", () => {
    const s = posSetting({ n: 10, delta: 8, liars: { f: 0.1, kind: "noisy", epsilon: 0.1 } });
    expect(simulatePos(s, 0.8, { epochs: 3000, seed: 11 })).toEqual(simulatePos(s, 0.8, { epochs: 3000, seed: 11 }));
    expect(simulatePos(s, 0.8, { epochs: 3000, seed: 12 }).rewards).not.toBe(simulatePos(s, 0.8, { epochs: 3000, seed: 11 }).rewards);
  });
});

describe("pos check", () => {
  it("has the spec's grid: 4 n × 3 δ/n × 5 p_true × 7 adversaries, plus 40 coalition points", () => {
    const grid = checkGrid();
    expect(grid.length).toBe(4 * 3 * 5 * 7 + 40);
    expect(grid.map((g) => g.index)).toEqual(grid.map((_, i) => i));
    expect(new Set(grid.map((g) => `${g.setting.n}/${g.setting.delta}`))).toEqual(new Set(["10/6", "10/8", "10/9", "20/12", "20/16", "20/18", "50/30", "50/40", "50/45", "100/60", "100/80", "100/90"]));
  });

  it("the record checks of spec §5 item 7 hold", () => {
    for (const c of recordChecks()) expect(c, c.detail).toMatchObject({ pass: true });
  });

  it("judges by 4σ, and by exact binomial tails where P(1−P)N is tiny", () => {
    expect(judge(0.5, 5199, 10_000)).toMatchObject({ rule: "normal", pass: true });
    expect(judge(0.5, 5201, 10_000)).toMatchObject({ rule: "normal", pass: false });
    expect(judge(0, 0, 10_000)).toMatchObject({ rule: "exact", pass: true });
    expect(judge(0, 1, 10_000)).toMatchObject({ rule: "exact", pass: false });
    // P = 10⁻⁵, N = 10⁵: one reward expected; 3 is likely (σ-rule would fail it), 12 is not.
    expect(judge(1e-5, 3, 100_000)).toMatchObject({ rule: "exact", pass: true });
    expect(judge(1e-5, 12, 100_000)).toMatchObject({ rule: "exact", pass: false });
    expect(judge(1 - 1e-5, 100_000, 100_000)).toMatchObject({ rule: "exact", pass: true });
  });

  it("passes on the quick grid, replays any point alone, and reports failures clearly", () => {
    const seen: number[] = [];
    const r = runPosCheck({ epochs: 2000, seed: 5, quick: true, onProgress: (d) => seen.push(d) });
    expect(r.verdict).toBe("pass");
    expect(seen.length).toBe(r.points.length);
    const alone = runPosCheck({ epochs: 2000, seed: 5, quick: true, point: 17 });
    expect(alone.points).toEqual([r.points[17]]);
    const text = formatPosReport(r);
    expect(text).toContain("Verdict: PASS");
    expect(text.split("\n").filter((l) => /^\| \d+ \|/.test(l)).length).toBe(r.points.length);
    const broken = { ...r, points: [{ ...r.points[3], simulated: 0.99, pass: false }], failures: 1, verdict: "fail" as const };
    expect(formatPosReport(broken)).toMatch(/FAIL point 3: .*replay: byzopt pos check --point 3 --epochs 2000 --seed 5 --quick/);
    const chart = checkChart(r);
    expect(chart.points.filter((p) => p.kind === "simulation").length).toBe(r.points.filter((p) => p.delta === Math.round(0.8 * p.n)).length);
  });
});
