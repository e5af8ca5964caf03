import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams, PRESET_NAMES } from "../../formulations/dbft2/index.js";
import { solverNamed, solveModel } from "../../solvers/registry.js";
import { expectAgreement, expectConsistentWithOptimum, solveWithAll } from "./agreement.js";

/**
 * The dBFT model at N = 4, tmax = 3, every preset, on the given delivery options: every backend that takes
 * it (javascript-lp-solver refuses: too large) proves every case, with no limit, and all agree.
 */
export function tmax3Matrix(deliverSets: readonly number[][]): void {
  describe("dBFT N=4, tmax=3: highs, glpk, cbc, glpsol agree", () => {
    for (const deliver of deliverSets) {
      it(`P1..P7, delivery ${deliver.join(",") || "none"}`, async () => {
        for (const objective of PRESET_NAMES) {
          const { model } = buildDbftModel(dbftParams({ n: 4, tmax: 3, objective, deliver }));
          const results = await solveWithAll(model);
          expect(results.map((r) => r.solver)).toEqual(["highs", "glpk", "cbc", "glpsol"]);
          expectAgreement(model, results, `4-3 ${objective} d${deliver.join("")}`);
        }
      });
    }
  });
}

/**
 * The dBFT model at N = 4, tmax = 4, every preset, on the given delivery options. HiGHS and CBC prove
 * every case; GLPK (glpk.js and glpsol) cannot close some gaps in minutes (its LP bound stays loose), so
 * it gets a short limit: whatever it proves must agree, and what it does not prove must be consistent
 * with the proven optimum. The limit decides which of the two checks a case gets, never whether it
 * passes: a faster or slower machine only moves cases between them.
 */
const GLPK_SECONDS = 5;

/** Registers one test per delivery option (tests in dbft-differential-t4a/b). */
export function tmax4Matrix(deliverSets: readonly number[][]): void {
  describe("dBFT N=4, tmax=4: highs and cbc agree; glpk and glpsol agree or stay consistent", () => {
    for (const deliver of deliverSets) {
      it(`P1..P7, delivery ${deliver.join(",") || "none"}`, async () => {
        for (const objective of PRESET_NAMES) {
          const context = `4-4 ${objective} d${deliver.join("")}`;
          const { model } = buildDbftModel(dbftParams({ n: 4, tmax: 4, objective, deliver }));
          const proved = await solveWithAll(model, undefined, ["highs", "cbc"]);
          expectAgreement(model, proved, context);
          for (const name of ["glpk", "glpsol"] as const) {
            const r = await solveModel(solverNamed(name), model, { timeLimit: GLPK_SECONDS });
            if (r.status === "time_limit" || r.status === "interrupted") {
              // Unproved in time: consistent with the proved verdict. An infeasible model has no incumbent.
              if (proved[0]!.status === "infeasible") expect(r.objective, `${context}: ${r.solver} found an incumbent of an infeasible model`).toBeNull();
              else {
                expect(proved[0]!.status, context).toBe("optimal");
                expectConsistentWithOptimum(model, r, proved[0]!.objective!, context);
              }
            } else expectAgreement(model, [proved[0]!, r], context);
          }
        }
      });
    }
  });
}
