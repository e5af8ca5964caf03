import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftLayout, dbftParams, DEFAULT_CUTS, extendToHorizon, type Preset } from "../../formulations/dbft2/index.js";
import { checkSolution } from "../../formulations/model/index.js";
import { highsSolver } from "../../solvers/highs.js";

/** Solves (n, short) to optimality and lifts the optimum to (n, long). */
async function lifted(n: number, short: number, long: number, preset: Preset, strengthened: boolean) {
  const strengthen = strengthened ? DEFAULT_CUTS : [];
  const sp = dbftParams({ n, tmax: short, objective: preset, strengthen });
  const lp = dbftParams({ n, tmax: long, objective: preset, strengthen });
  const small = buildDbftModel(sp).model;
  const big = buildDbftModel(lp).model;
  const r = await highsSolver.solve(small);
  expect(r.status).toBe("optimal");
  return { r, big, lp, x: extendToHorizon({ model: small, params: sp }, r.values!, { model: big, params: lp }) };
}

describe("extendToHorizon: an execution at a shorter horizon, with idle steps, is one at a longer horizon", () => {
  for (const [n, short, long, preset, strengthened] of [
    [4, 5, 10, "P7", false],
    [4, 5, 10, "P5", true],
    [4, 4, 9, "P4", true],
    [5, 4, 9, "P6", false],
    [5, 4, 7, "P7", true],
  ] as const) {
    it(`dbft-2-${n}-${short} ${preset} ${strengthened ? "strengthened" : "paper's model"} → tmax ${long}: every row holds, same objective`, async () => {
      const { r, big, x } = await lifted(n, short, long, preset, strengthened);
      const check = checkSolution(big, x);
      expect(check.feasible, check.worstRow === null ? "" : big.rowName(check.worstRow)).toBe(true);
      // The presets weigh blocks, views and messages, none of which depends on the horizon.
      expect(check.objective).toBeCloseTo(r.objective!, 9);
    });
  }

  it("recomputes lastRelayedBlock as the global step of the latest relay at the longer horizon", async () => {
    const { big, lp, x } = await lifted(4, 5, 10, "P1", true);
    const { vars } = dbftLayout(lp);
    let last = 0;
    for (let v = 1; v <= 4; v++) for (let i = 1; i <= 4; i++) for (let t = 1; t <= 10; t++) if (x[vars.blockRelay.col(t, i, v)] === 1) last = (v - 1) * 10 + t;
    expect(last).toBeGreaterThan(0); // P1's optimum relays a block
    expect(x[vars.lastRelayedBlock]).toBe(last);
    // Steps 6..10 of every view stay idle (a step is the first index; other first indices are nodes or views, at most 4).
    const names = big.colNames();
    const busy = names.filter((name, c) => x[c] !== 0 && /^\w+\((\d+),/.test(name) && Number(/^\w+\((\d+),/.exec(name)![1]) > 5);
    expect(busy).toEqual([]);
  });

  it("refuses models that differ in more than the horizon", async () => {
    const sp = dbftParams({ n: 4, tmax: 3 });
    const from = { model: buildDbftModel(sp).model, params: sp };
    const zeros = new Float64Array(from.model.numCols);
    const at = (n: number, tmax: number) => ({ model: buildDbftModel(dbftParams({ n, tmax })).model, params: { n, tmax } });
    expect(() => extendToHorizon(from, zeros, at(5, 6))).toThrow(/same N and a longer horizon only/);
    expect(() => extendToHorizon(from, zeros, at(4, 3))).toThrow(/same N and a longer horizon only/);
    expect(() => extendToHorizon(from, new Float64Array(3), at(4, 6))).toThrow(/expected \d+ values, got 3/);
    expect(() => extendToHorizon(from, zeros, { ...at(4, 6), params: { n: 4, tmax: 7 } })).toThrow(/does not have the columns of dbft-2-4-7/);
  });
});
