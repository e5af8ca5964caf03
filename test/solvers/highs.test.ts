import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams } from "../../formulations/dbft2/index.js";
import { indexSet, LinearExpr, ModelBuilder } from "../../formulations/model/index.js";
import { highsSolver } from "../../solvers/highs.js";
import type { SolveProgress } from "../../solvers/types.js";
import { traceFromMilp } from "../../verify/milp-trace.js";
import { traceCounts, traceObjective } from "../../verify/trace.js";

describe("HiGHS reproduces the paper's optima at N=4, tmax=5", () => {
  for (const [preset, optimum, blocks] of [
    ["P1", 1400, 1],
    ["P2", 900, 1],
    ["P3", 100, 0],
  ] as const) {
    it(`${preset} = ${optimum}`, async () => {
      const p = dbftParams({ n: 4, tmax: 5, objective: preset });
      const r = await highsSolver.solve(buildDbftModel(p).model);
      expect(r.status).toBe("optimal");
      expect(r.objective).toBe(optimum);
      expect(r.gap).toBe(0);
      expect(r.bound).toBeCloseTo(optimum, 6);
      // The decoded execution, not the solver, gives the same objective.
      const e = traceFromMilp(p, r.values!);
      expect(traceCounts(e).blocks).toBe(blocks);
      expect(traceObjective(e, p.objective)).toBe(optimum);
    });
  }
});

describe("HiGHS backend behaviour", () => {
  it("a time-limited run reports incumbent, bound and gap, not optimal", async () => {
    const progress: SolveProgress[] = [];
    const r = await highsSolver.solve(buildDbftModel(dbftParams({ n: 4, tmax: 10, objective: "P1" })).model, { timeLimit: 6, onProgress: (p) => progress.push(p) });
    expect(r.status).toBe("time_limit");
    expect(r.objective).not.toBeNull();
    expect(r.bound).not.toBeNull();
    expect(r.bound!).toBeGreaterThan(r.objective!); // maximising: the bound is above the incumbent
    expect(r.gap).toBeCloseTo((r.bound! - r.objective!) / Math.abs(r.objective!), 9);
    expect(r.values).not.toBeNull();
    expect(r.seconds).toBeLessThan(15);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.seconds >= 0)).toBe(true);
  });

  it("reports infeasible and unbounded models as such, without values", async () => {
    const b = new ModelBuilder("infeasible");
    const x = b.addVariables<[number]>("x", "binary", [indexSet("I", 1, 2)]);
    b.row(b.constraintFamily<[]>("both", ">=", 0)).add(x.col(1)).add(x.col(2)).end(3);
    b.setObjective("max", new LinearExpr().add(x.col(1)));
    const r = await highsSolver.solve(b.build());
    expect(r.status).toBe("infeasible");
    expect(r.values).toBeNull();
    expect(r.objective).toBeNull();

    const u = new ModelBuilder("unbounded");
    const y = u.addScalar("y", "integer");
    u.row(u.constraintFamily<[]>("low", ">=", 0)).add(y).end(1);
    u.setObjective("max", new LinearExpr().add(y));
    const ru = await highsSolver.solve(u.build());
    expect(["unbounded", "infeasible_or_unbounded"]).toContain(ru.status);
  });

  it("stops on an abort signal and keeps what it found", async () => {
    const controller = new AbortController();
    const pending = highsSolver.solve(buildDbftModel(dbftParams({ n: 4, tmax: 10, objective: "P1" })).model, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.incumbent !== null) controller.abort();
      },
    });
    const r = await pending;
    expect(r.status).toBe("interrupted");
    expect(r.objective).not.toBeNull();
  });
});
