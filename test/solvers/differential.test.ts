import { describe, it } from "vitest";
import { randomMilpAgreement } from "../helpers/agreement.js";

describe("random small MILPs: every backend agrees", () => {
  it("all five backends, 12 models from a fixed seed (200 more in make test-long)", async () => {
    await randomMilpAgreement(Number(process.env.FC_SEED ?? 20261121), Number(process.env.FC_RUNS ?? 12), 2);
  });
});
