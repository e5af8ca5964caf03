import { describe, expect, it } from "vitest";
import { buildDbftModel, CUT_NAMES, dbftParams, PRESET_NAMES } from "../../formulations/dbft2/index.js";
import { checkSolution } from "../../formulations/model/index.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";
import type { SolveResult } from "../../solvers/types.js";
import { traceFromMilp } from "../../verify/dbft/milp-trace.js";
import { checkModelRules } from "../../verify/dbft/rules/model-rules.js";
import { loadOptimum, optimumKeyFor, writeOptimum } from "./optima.js";

/** No delivery guarantee, each of the paper's four properties alone, and all four. */
export const DELIVERY_OPTIONS: readonly number[][] = [[], [1], [2], [3], [4], [1, 2, 3, 4]];

const BACKENDS = ["highs", "cbc"] as const;

/**
 * Registers one test per delivery option: for every preset, the paper's model and the model with every
 * strengthening family, each solved by HiGHS and by CBC, prove the same optimum (or all four prove the
 * model infeasible); every optimal solution of the strengthened model keeps every row of the paper's
 * model and passes the model trace checker; where an optimum is committed for the fast suite, it is this one.
 */
export function equivalenceMatrix(n: number, tmax: number, deliveries: readonly number[][] = DELIVERY_OPTIONS): void {
  describe(`dbft-2-${n}-${tmax}: the strengthened model has the paper's optimum`, () => {
    for (const deliver of deliveries) {
      // One test per preset: a few minutes at most each, far inside the runner's per-test timeout.
      for (const objective of PRESET_NAMES) {
        it(`${objective}, delivery ${deliver.join(",") || "none"}`, async () => {
          const reference = buildDbftModel(dbftParams({ n, tmax, objective, deliver })).model;
          const strong = buildDbftModel(dbftParams({ n, tmax, objective, deliver, strengthen: [...CUT_NAMES] })).model;
          const context = `dbft-2-${n}-${tmax} ${objective} delivery ${deliver.join(",") || "none"}`;
          // The two backends run at once: HiGHS in a worker thread, CBC as a process.
          const solveBoth = (model: typeof reference) => Promise.all(BACKENDS.map((s) => solveModel(solverNamed(s), model)));
          const results: [string, SolveResult][] = [...(await solveBoth(reference)).map((r) => ["reference", r] as [string, SolveResult]), ...(await solveBoth(strong)).map((r) => ["strengthened", r] as [string, SolveResult])];
          // Short horizons with delivery guarantees can be infeasible: then all four must say so.
          const [, first] = results[0]!;
          expect(["optimal", "infeasible"], `${context}: reference with highs said ${first.status}`).toContain(first.status);
          // The committed optimum the fast suite uses instead of this solve (test/helpers/optima.ts).
          const fixture = optimumKeyFor(n, tmax, objective, deliver);
          if (fixture) {
            if (process.env.UPDATE_FIXTURES === "1") writeOptimum(fixture, reference, first);
            expect(loadOptimum(fixture).objective, `${context}: committed optimum`).toBeCloseTo(first.objective!, 6);
          }
          const optimum = first.objective;
          for (const [variant, r] of results) {
            const where = `${context}: ${variant} with ${r.solver} said ${r.status} ${r.objective}, reference with highs ${first.status} ${optimum}`;
            expect(r.status, where).toBe(first.status);
            if (first.status !== "optimal") continue;
            expect(Math.abs(r.objective! - optimum!), where).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(optimum!)));
            expect(checkSolution(variant === "reference" ? reference : strong, r.values!).feasible, where).toBe(true);
            if (variant !== "strengthened") continue;
            expect(checkSolution(reference, r.values!).feasible, where).toBe(true);
            const rules = checkModelRules(traceFromMilp({ n, tmax }, r.values!), { deliver: dbftParams({ n, tmax, deliver }).deliver });
            expect(rules.violations.map((v) => v.rule), where).toEqual([]);
          }
        });
      }
    }
  });
}
