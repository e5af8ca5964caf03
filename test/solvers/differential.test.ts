import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectAgreement, solveWithAll } from "../helpers/agreement.js";
import { milpModel, milpSpec } from "../helpers/random-milp.js";

describe("random small MILPs: every backend agrees", () => {
  it("all five backends, 50 models from a fixed seed (200 more in make test-long)", async () => {
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
      { seed: Number(process.env.FC_SEED ?? 20261121), numRuns: Number(process.env.FC_RUNS ?? 50), endOnFailure: true },
    );
    // The generator must exercise both outcomes, or the agreement above proves little.
    expect(seen.optimal).toBeGreaterThan(3);
    expect(seen.infeasible).toBeGreaterThan(3);
  });
});
