import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSolution, type Model } from "../../formulations/model/index.js";
import { allSolvers, solveModel } from "../../solvers/registry.js";
import type { SolveResult } from "../../solvers/types.js";
import { milpModel, milpSpec } from "../helpers/random-milp.js";

/** Every backend that takes the model: same status, same optimum (1e-6 relative), values valid by our own check. */
export async function solveWithAll(model: Model, timeLimit?: number): Promise<SolveResult[]> {
  const results: SolveResult[] = [];
  for (const solver of allSolvers()) {
    if (solver.refuse(model)) continue;
    results.push(await solveModel(solver, model, timeLimit ? { timeLimit } : {}));
  }
  return results;
}

export function expectAgreement(model: Model, results: readonly SolveResult[], context: string): void {
  const first = results[0]!;
  for (const r of results) {
    const where = `${context}: ${r.solver} said ${r.status} ${r.objective} (${first.solver} said ${first.status} ${first.objective}) ${r.message ?? ""}`;
    expect(r.status, where).toBe(first.status);
    if (r.status !== "optimal") continue;
    expect(Math.abs(r.objective! - first.objective!), where).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(first.objective!)));
    const check = checkSolution(model, r.values!);
    expect(check.feasible, `${where}: row ${check.rowViolation}, bound ${check.boundViolation}, integrality ${check.integralityViolation}`).toBe(true);
    expect(Math.abs(check.objective - r.objective!), `${where}: objective of the values ${check.objective}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(r.objective!)));
  }
}

describe("random small MILPs: every backend agrees", () => {
  it("all five backends, 100 models from a fixed seed", async () => {
    const seen = { optimal: 0, infeasible: 0 };
    await fc.assert(
      fc.asyncProperty(milpSpec, async (spec) => {
        const model = milpModel(spec);
        const results = await solveWithAll(model);
        expect(results.map((r) => r.solver)).toEqual(["highs", "glpk", "jslp", "cbc", "glpsol"]);
        expectAgreement(model, results, JSON.stringify(spec));
        if (results[0]!.status === "optimal") seen.optimal++;
        if (results[0]!.status === "infeasible") seen.infeasible++;
      }),
      { seed: Number(process.env.FC_SEED ?? 20261121), numRuns: Number(process.env.FC_RUNS ?? 100), endOnFailure: true },
    );
    // The generator must exercise both outcomes, or the agreement above proves little.
    expect(seen.optimal).toBeGreaterThan(5);
    expect(seen.infeasible).toBeGreaterThan(5);
  });
});
