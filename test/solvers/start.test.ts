import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams, extendToHorizon } from "../../formulations/dbft2/index.js";
import { checkSolution } from "../../formulations/model/index.js";
import { cbcSolver } from "../../solvers/cbc.js";
import { glpkSolver } from "../../solvers/glpk.js";
import { highsSolver } from "../../solvers/highs.js";
import { jslpSolver } from "../../solvers/jslp.js";
import { glpsolSolver } from "../../solvers/glpsol.js";
import { solveModel } from "../../solvers/registry.js";
import { hardKnapsack } from "../helpers/knapsack.js";
import { loadOptimum } from "../helpers/optima.js";

/**
 * A MIP start reaches the solver: decided by node limits, never by how much a busy machine gets done in
 * a few seconds. dbft-2-4-10 P5 on the paper's model: its optimum 1582 is what dbft-2-4-5 P5 reaches
 * (a committed, proved optimum), and HiGHS alone needed minutes for any solution in the sweep.
 */
describe("a MIP start reaches the solver", () => {
  const sp = dbftParams({ n: 4, tmax: 5, objective: "P5" });
  const lp = dbftParams({ n: 4, tmax: 10, objective: "P5" });
  const short = buildDbftModel(sp).model;
  const long = buildDbftModel(lp).model;
  const optimum = loadOptimum({ n: 4, tmax: 5, objective: "P5", deliver: [] });
  const start = extendToHorizon({ model: short, params: sp }, optimum.values, { model: long, params: lp });

  it("the start is a solution of the longer model worth 1582", () => {
    expect(optimum.objective).toBe(1582);
    expect(checkSolution(long, start)).toMatchObject({ feasible: true, objective: 1582 });
  });

  it("highs, stopped before its first node of dbft-2-4-10 P5, has the start as its incumbent", async () => {
    const seen: (number | null)[] = [];
    const q = await highsSolver.solve(long, { nodeLimit: 0, start, onProgress: (p) => seen.push(p.incumbent) });
    expect(q.status).toBe("node_limit");
    expect(q.objective).toBe(1582);
    expect(seen).toContain(1582);
    expect(checkSolution(long, q.values!).feasible).toBe(true);
  });

  // A maximisation that needs thousands of nodes: at node 0 neither backend reaches the optimum alone.
  const knapsack = hardKnapsack();
  const proved = solveModel(cbcSolver, knapsack);
  for (const solver of [highsSolver, cbcSolver]) {
    it(`${solver.name}: with the optimum as its start and no node to explore, it reports the optimum; alone, less`, async () => {
      expect(solver.takesStart).toBe(true);
      const best = await proved;
      expect(best.status).toBe("optimal");
      const alone = await solver.solve(knapsack, { nodeLimit: 0 });
      expect(alone.objective === null || alone.objective < best.objective! - 1e-6).toBe(true);
      const seen: (number | null)[] = [];
      const q = await solver.solve(knapsack, { nodeLimit: 0, start: best.values!, onProgress: (p) => seen.push(p.incumbent) });
      // Maximising from a start, CBC's log prints some incumbents negated: none may reach the progress.
      expect(seen.filter((x) => x !== null && x < 0)).toEqual([]);
      expect(["node_limit", "optimal"]).toContain(q.status);
      expect(q.objective!).toBeGreaterThanOrEqual(best.objective! - 1e-6);
      expect(checkSolution(knapsack, q.values!).feasible).toBe(true);
    });
  }

  it("an infeasible start is dropped, not trusted", async () => {
    // Every column at its upper bound breaks the rows; each backend must solve on as without a start.
    const small = buildDbftModel(dbftParams({ n: 4, tmax: 3, objective: "P2" })).model;
    const bad = Float64Array.from(small.colUpper, (u) => (Number.isFinite(u) ? u : 0));
    expect(checkSolution(small, bad).feasible).toBe(false);
    const plain = await highsSolver.solve(small);
    for (const solver of [highsSolver, cbcSolver]) {
      const q = await solver.solve(small, { start: bad });
      expect(q.status, solver.name).toBe("optimal");
      expect(q.objective, solver.name).toBe(plain.objective);
    }
  });

  it("the other backends say they take no start", () => {
    for (const s of [glpkSolver, jslpSolver, glpsolSolver]) expect(s.takesStart).toBe(false);
  });
});
