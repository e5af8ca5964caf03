import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams, PRESET_NAMES } from "../../formulations/dbft2/index.js";
import { expectAgreement, solveWithAll } from "../helpers/agreement.js";

/**
 * The dBFT model at N = 4, every preset, without and with guaranteed delivery, on every backend that
 * takes it (javascript-lp-solver refuses: too large). At tmax = 3 every backend proves every case. At
 * tmax = 4 HiGHS and CBC prove every case; GLPK (glpk.js and glpsol) cannot close some gaps in minutes
 * (its LP bound stays loose), so it gets a short limit: whatever it proves must agree, and what it does
 * not prove must be consistent with the proven optimum.
 */
const DELIVERY = [[], [4], [3, 4], [1, 2, 3, 4]];

describe("dBFT N=4, tmax=3: highs, glpk, cbc, glpsol agree", () => {
  for (const deliver of DELIVERY) {
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
