import { describe, expect, it } from "vitest";
import { compareAtEveryT, compareBySampling } from "../../../verify/forking/claims.js";
import { runForkingCheck } from "../../../verify/forking/check.js";
import { bootstrapDifference } from "../../../verify/forking/stats.js";

// Short runs of the full check (make forking-check records the long ones in docs/forking.md).
const report = runForkingCheck({ runs: 20, seed: 3, delay: "fixed", longModes: ["adjacent", "all"], linkSeeds: 200, dijkstraRuns: 2, coupledRuns: 20, mcTrials: 4000 });
const item = (pattern: RegExp) => {
  const found = report.items.filter((i) => pattern.test(i.name));
  expect(found.length).toBeGreaterThan(0);
  return found;
};

describe("forking check (20 runs per configuration, seed 3)", () => {
  it("every internal check holds: structure, link counts within 4 SE, ball, Dijkstra, coupled runs, Decker–Wattenhofer", () => {
    const internal = report.items.filter((i) => ["structure", "simulation", "coupled", "decker-wattenhofer"].includes(i.section));
    expect(internal.length).toBe(57);
    expect(internal.filter((i) => i.verdict !== "held").map((i) => `${i.name}: ${i.detail}`)).toEqual([]);
    expect(report.consistent).toBe(true);
  });

  it("--apt literal breaks VI.1 and VI.3 at n = 8 (I(4) = 19.4 against 32.6), with the numbers", () => {
    const vi1 = item(/^VI\.1 .*model, --apt literal, n=8,/)[0];
    expect(vi1.verdict).toBe("contradicted");
    expect(vi1.detail).toMatch(/worst t=4: fr 0\.001443 > 0\.001291/);
    expect(item(/^VI\.3 .*model, --apt literal, n=8,/)[0].verdict).toBe("contradicted");
  });

  it("--apt min satisfies every claim of the model; Δ claims hold in both forms", () => {
    for (const i of item(/model, --apt min/)) expect(i.verdict, i.name).toBe("held");
    for (const i of item(/^VI\.[24] .*model/)) expect(i.verdict, i.name).toBe("held");
  });

  it("on simulation the claims hold (no bootstrap interval wholly on the wrong side)", () => {
    for (const i of report.items.filter((x) => x.section === "simulated claims")) expect(i.verdict, `${i.name}: ${i.detail}`).toBe("held");
  });

  it("the paper's Fig. 4 and saturation figures are compared with ours, and differ where [E6] says", () => {
    const sat = item(/every node informed first at t=9 \(N=145, β=10, --long adjacent/)[0];
    expect(sat.verdict).toBe("contradicted");
    expect(sat.detail).toMatch(/ours: t=8/);
    expect(item(/Fig\. 4, N=145, β=1, t=6: simulated ≈ 120 \(--long adjacent\)/)[0].detail).toMatch(/ours 145/);
  });

  it("the gap table covers n × β × Δ × apt × long and puts T(j) beside T_sim(j)", () => {
    expect(report.gaps).toHaveLength(2 * 2 * 2 * 2 * 2);
    const lattice = report.gaps.find((g) => g.n === 8 && g.beta === 1 && g.scale === 1 && g.apt === "literal" && g.long === "adjacent")!;
    expect(lattice.Tmodel).toEqual([1, 2, 3.5, 5]);
    expect(lattice.Tsim.slice(0, 3)).toEqual([1, 2, 3]);
    expect(lattice.maxAbsI).toBeGreaterThan(50);
  });
});

describe("comparisons", () => {
  it("X ≤ Y at every t reports the worst violation, skips undefined points", () => {
    const c = compareAtEveryT([0, 1, 2, 3], [1, 5, null, 2], [1, 4, 0, 1]);
    expect(c.verdict).toBe("contradicted");
    expect(c.violations).toBe(2);
    expect(c.worst).toEqual({ t: 1, x: 5, y: 4 });
    expect(compareAtEveryT([0], [null], [1]).verdict).toBe("not comparable");
  });

  it("bootstrap: identical samples give [0, 0]; a clear shift gives an interval away from 0", () => {
    const xs = [1, 2, 3, 4, 5];
    expect(bootstrapDifference(xs, xs.slice(), 1)).toEqual({ estimate: 0, lo: expect.any(Number), hi: expect.any(Number) });
    const same = bootstrapDifference([2, 2, 2], [2, 2, 2], 1);
    expect([same.lo, same.hi]).toEqual([0, 0]);
    const shift = bootstrapDifference(xs.map((x) => x + 10), xs, 1);
    expect(shift.lo).toBeGreaterThan(5);
    const curves = (v: number) => ({ t: [0], I: [v], fr: [v], FR: [v], theta: [v] });
    expect(compareBySampling([curves(3), curves(3.1)], [curves(1), curves(1.1)], "fr", 1).verdict).toBe("contradicted");
    expect(compareBySampling([curves(1), curves(1)], [curves(1), curves(1)], "fr", 1).verdict).toBe("held");
  });
});
