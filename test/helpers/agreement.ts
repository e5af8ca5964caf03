import fc from "fast-check";
import { expect } from "vitest";
import { checkSolution, type Model } from "../../formulations/model/index.js";
import { allSolvers, solveModel } from "../../solvers/registry.js";
import type { SolveResult, SolverName } from "../../solvers/types.js";
import { milpModel, milpSpec } from "./random-milp.js";

/** Every backend that takes the model: same status, same optimum (1e-6 relative), values valid by our own check. */
export async function solveWithAll(model: Model, timeLimit?: number, only?: readonly SolverName[]): Promise<SolveResult[]> {
  const results: SolveResult[] = [];
  for (const solver of allSolvers()) {
    if (solver.refuse(model) || (only && !only.includes(solver.name))) continue;
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


/**
 * For a backend that ran out of time: what it reports must still be consistent with the proven optimum
 * (a feasible incumbent no better than it, a bound no tighter than it).
 */
export function expectConsistentWithOptimum(model: Model, r: SolveResult, optimum: number, context: string): void {
  const where = `${context}: ${r.solver} ${r.status} ${r.objective} bound ${r.bound}`;
  expect(["time_limit", "interrupted"], where).toContain(r.status);
  const max = model.objective.direction === "max";
  const slack = 1e-6 * Math.max(1, Math.abs(optimum));
  if (r.objective !== null) expect(max ? r.objective <= optimum + slack : r.objective >= optimum - slack, where).toBe(true);
  if (r.bound !== null) expect(max ? r.bound >= optimum - slack : r.bound <= optimum + slack, where).toBe(true);
  if (r.values) expect(checkSolution(model, r.values).feasible, where).toBe(true);
}

/**
 * `runs` random small MILPs from `seed`, each solved by all five backends, which must agree; both outcomes
 * (optimal and infeasible) must occur more than `atLeast` times, or the agreement proves little.
 */
export async function randomMilpAgreement(seed: number, runs: number, atLeast: number): Promise<void> {
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
    { seed, numRuns: runs, endOnFailure: true },
  );
  expect(seen.optimal).toBeGreaterThan(atLeast);
  expect(seen.infeasible).toBeGreaterThan(atLeast);
}
