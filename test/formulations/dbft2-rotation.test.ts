import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams, neoPrimary } from "../../formulations/dbft2/index.js";
import { InputError } from "../../formulations/input-error.js";
import { familyStats, type Model, modelStats } from "../../formulations/model/index.js";
import { DbftSimulator } from "../../verify/dbft/sim/simulator.js";
import { expectRotatedOptimum } from "./dbft2-rotation-check.js";

/** Row r as (name, sense, rhs, "coef·column" terms): enough to say two models have the same row. */
function rowOf(model: Model, r: number): string {
  const terms: string[] = [];
  for (let k = model.rowStart[r]!; k < model.rowStart[r + 1]!; k++) terms.push(`${model.rowCoef[k]}·${model.colName(model.rowCol[k]!)}`);
  return `${model.rowName(r)} ${model.rowSenseOf(r)} ${model.rowRhs[r]}: ${terms.join(" ")}`;
}

describe("Neo's primary rotation", () => {
  it("neoPrimary is the simulator's primaryOf, moved to views and nodes numbered from 1", () => {
    for (const n of [4, 7])
      for (let height = 0; height < 3 * n; height++) {
        const sim = new DbftSimulator({ n, byzantine: [], dead: [], height, maxViews: n, blockTime: 4, maxDelay: 2, eventualDelivery: true, record: false });
        for (let view = 1; view <= n; view++) expect(neoPrimary(n, height, view), `N=${n} h=${height} v=${view}`).toBe(sim.primaryOf(view - 1) + 1);
      }
    // The protocol spec's example: at height 0, Neo view 0 is led by node 0, view 1 by node N−1.
    expect([1, 2, 3, 4].map((v) => neoPrimary(4, 0, v))).toEqual([1, 4, 3, 2]);
  });

  it("is off by default: no rows, and the option absent or null builds the same model", () => {
    const p = dbftParams({ n: 4, tmax: 5 });
    expect(p.rotation).toBeNull();
    const { model } = buildDbftModel(p);
    expect(familyStats(model).map((f) => f.name)).not.toContain("primaryRotation");
    expect(modelStats(model)).toMatchObject({ constraints: 2838, nonzeros: 11708 });
    expect(buildDbftModel(dbftParams({ n: 4, tmax: 5, rotation: null })).model.numRows).toBe(2838);
  });

  for (const [n, height] of [
    [4, 0],
    [4, 6],
    [7, 3],
  ] as const) {
    it(`N=${n}, height ${height}: the paper's rows unchanged, then Primary(i,v) <= 0 for each of the N(N-1) nodes not leading v`, () => {
      const base = buildDbftModel(dbftParams({ n, tmax: 3 })).model;
      const rotated = buildDbftModel(dbftParams({ n, tmax: 3, rotation: { height } })).model;
      expect(rotated.numCols).toBe(base.numCols);
      expect(rotated.numRows - base.numRows).toBe(n * (n - 1));
      for (let r = 0; r < base.numRows; r++) expect(rowOf(rotated, r)).toBe(rowOf(base, r));
      const added: string[] = [];
      for (let r = base.numRows; r < rotated.numRows; r++) added.push(rowOf(rotated, r));
      const expected: string[] = [];
      for (let v = 1; v <= n; v++)
        for (let i = 1; i <= n; i++) if (i !== neoPrimary(n, height, v)) expected.push(`primaryRotation(${i},${v}) <= 0: 1·Primary(${i},${v})`);
      expect(added).toEqual(expected);
      const s = modelStats(rotated);
      const b = modelStats(base);
      expect([s.inequalities - b.inequalities, s.equalities - b.equalities, s.nonzeros - b.nonzeros]).toEqual([n * (n - 1), 0, n * (n - 1)]);
    });
  }

  it("refuses a bad height, and symmetry breaking (it renames the nodes the rotation names)", () => {
    for (const height of [-1, 1.5, NaN, 2 ** 60]) {
      expect(() => dbftParams({ n: 4, tmax: 5, rotation: { height } })).toThrow(InputError);
      expect(() => dbftParams({ n: 4, tmax: 5, rotation: { height } })).toThrow(/rotation height must be an integer >= 0/);
    }
    expect(() => dbftParams({ n: 4, tmax: 5, rotation: { height: 0 }, strengthen: ["symmetry"] })).toThrow(/symmetry .* forbids/);
    expect(dbftParams({ n: 4, tmax: 5, rotation: { height: 0 }, strengthen: ["quorum", "views"] }).strengthen).toEqual(["quorum", "views"]);
  });
});

describe("dbft-2-4-5 with Neo's rotation: optima (the rest in test/long/dbft2-rotation.long.ts)", () => {
  // P1-P7 at height 0 are proved in make test-long (test/long/dbft2-rotation.long.ts); one solve here.
  it("P7 at height 1: -578 over four views led by nodes 2, 1, 4, 3", () => expectRotatedOptimum("P7", 1, -578));
});
