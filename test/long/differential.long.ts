import { describe, it } from "vitest";
import { randomMilpAgreement } from "../helpers/agreement.js";

// make test solves 20 random models from seed 20261121; here 200 more from another seed.
describe("random small MILPs: every backend agrees (long)", () => {
  it("all five backends, 200 models from seed 20261130", async () => {
    await randomMilpAgreement(20261130, 200, 10);
  });
});
