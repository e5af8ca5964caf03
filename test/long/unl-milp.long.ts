import { describe, it } from "vitest";
import { closedFormAgreement, fullAgreesWithPair } from "../helpers/unl-milp.js";

// Issue 17's acceptance of the worst-overlap MILP: every (n, t) of the spec with HiGHS and with CBC,
// and the full model (every honest UNL a variable) against the pair model up to N = 30.
describe("worst-overlap MILP, the whole grid", () => {
  it("pair model = closed form for n ∈ {10, 15, 20, 25}, t ∈ 0..5, HiGHS", async () => {
    await closedFormAgreement([10, 15, 20, 25], [0, 1, 2, 3, 4, 5], "highs");
  });

  it("pair model = closed form for n ∈ {10, 15, 20, 25}, t ∈ 0..5, CBC", async () => {
    await closedFormAgreement([10, 15, 20, 25], [0, 1, 2, 3, 4, 5], "cbc");
  });

  it("full model = pair model at N ≤ 30", async () => {
    await fullAgreesWithPair([
      [5, 0, 15],
      [6, 2, 17],
      [10, 0, 25],
      [10, 3, 25],
      [10, 5, 25],
      [12, 2, 29],
    ]);
  });
});
