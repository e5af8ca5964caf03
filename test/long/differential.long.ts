import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectAgreement, solveWithAll } from "../helpers/agreement.js";
import { milpModel, milpSpec } from "../helpers/random-milp.js";

// make test solves 50 random models from seed 20261121; here 200 more from another seed.
describe("random small MILPs: every backend agrees (long)", () => {
  it("all five backends, 200 models from seed 20261130", async () => {
    const seen = { optimal: 0, infeasible: 0 };
    await fc.assert(
      fc.asyncProperty(milpSpec, async (spec) => {
        const model = milpModel(spec);
        const results = await solveWithAll(model);
        expectAgreement(model, results, JSON.stringify(spec));
        if (results[0]!.status === "optimal") seen.optimal++;
        if (results[0]!.status === "infeasible") seen.infeasible++;
      }),
      { seed: 20261130, numRuns: 200, endOnFailure: true },
    );
    expect(seen.optimal).toBeGreaterThan(10);
    expect(seen.infeasible).toBeGreaterThan(10);
  });
});
