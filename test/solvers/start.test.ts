import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams, extendToHorizon } from "../../formulations/dbft2/index.js";
import { checkSolution } from "../../formulations/model/index.js";
import { cbcSolver } from "../../solvers/cbc.js";
import { glpkSolver } from "../../solvers/glpk.js";
import { highsSolver } from "../../solvers/highs.js";
import { jslpSolver } from "../../solvers/jslp.js";
import { glpsolSolver } from "../../solvers/glpsol.js";

/**
 * dbft-2-4-10 P5 on the paper's model: its optimum 1582 is what dbft-2-4-5 P5 reaches, and neither
 * backend finds a solution at all in the first seconds on its own (HiGHS needed minutes in the sweep).
 */
describe("a MIP start reaches the solver", async () => {
  const sp = dbftParams({ n: 4, tmax: 5, objective: "P5" });
  const lp = dbftParams({ n: 4, tmax: 10, objective: "P5" });
  const short = buildDbftModel(sp).model;
  const long = buildDbftModel(lp).model;
  const r = await highsSolver.solve(short);
  const start = extendToHorizon({ model: short, params: sp }, r.values!, { model: long, params: lp });

  it("the start is a solution of the longer model worth 1582", () => {
    expect(r.objective).toBe(1582);
    expect(checkSolution(long, start)).toMatchObject({ feasible: true, objective: 1582 });
  });

  for (const [solver, seconds] of [
    [highsSolver, 2],
    // With 5 s, CBC used 4.6 of them beside two sweep shards, and found nothing in time with more load.
    [cbcSolver, 10],
  ] as const) {
    it(`${solver.name} starts from it: after ${seconds} s its incumbent is at least 1582`, async () => {
      expect(solver.takesStart).toBe(true);
      const seen: (number | null)[] = [];
      const q = await solver.solve(long, { timeLimit: seconds, start, onProgress: (p) => seen.push(p.incumbent) });
      // Maximising from a start, CBC's log prints some incumbents negated: none may reach the progress.
      expect(seen.filter((x) => x !== null && x < 0)).toEqual([]);
      expect(["time_limit", "optimal"]).toContain(q.status);
      expect(q.objective).not.toBeNull();
      expect(q.objective!).toBeGreaterThanOrEqual(1582 - 1e-6);
      expect(checkSolution(long, q.values!).feasible).toBe(true);
    });
  }

  it("an infeasible start is dropped, not trusted", async () => {
    // Every column at its upper bound breaks the rows; each backend must solve on as without a start.
    const small = buildDbftModel(dbftParams({ n: 4, tmax: 3, objective: "P2" })).model;
    const bad = Float64Array.from(small.colUpper, (u) => (Number.isFinite(u) ? u : 0));
    expect(checkSolution(small, bad).feasible).toBe(false);
    const plain = await highsSolver.solve(small);
    for (const solver of [highsSolver, cbcSolver]) {
      const q = await solver.solve(small, { timeLimit: 60, start: bad });
      expect(q.status, solver.name).toBe("optimal");
      expect(q.objective, solver.name).toBe(plain.objective);
    }
  });

  it("the other backends say they take no start", () => {
    for (const s of [glpkSolver, jslpSolver, glpsolSolver]) expect(s.takesStart).toBe(false);
  });
});
