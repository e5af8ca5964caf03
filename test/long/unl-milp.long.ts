import { describe, it } from "vitest";
import { closedFormAgreement, fullAgreesWithPair, strengthenedFullAgreesWithPair } from "../helpers/unl-milp.js";

// Issue 17's acceptance of the worst-overlap MILP: every (n, t) of the spec with HiGHS and with CBC,
// and the full model (every honest UNL a variable) against the pair model up to N = 30.
describe("worst-overlap MILP, the whole grid", () => {
  it("pair model = closed form for n ∈ {10, 15, 20, 25}, t ∈ 0..5, HiGHS", async () => {
    await closedFormAgreement([10, 15, 20, 25], [0, 1, 2, 3, 4, 5], "highs");
  });

  it("pair model = closed form for n ∈ {10, 15, 20, 25}, t ∈ 0..5, CBC", async () => {
    await closedFormAgreement([10, 15, 20, 25], [0, 1, 2, 3, 4, 5], "cbc");
  });

  // The full model is symmetric and weak: HiGHS proves these in under 30 s each, while N = 25 with
  // n = 10 stays open after 60 s (bound 9 against the optimum 4 at t = 0).
  it("full model = pair model at N = 15..21", async () => {
    await fullAgreesWithPair([
      [5, 0, 15],
      [6, 2, 17],
      [7, 1, 19],
      [8, 0, 21],
    ]);
  });

  // Up to N = 30 with the counting cut and a start from the pair model (about 2 minutes in all here).
  it("strengthened full model = pair model at N = 25, 28, 30", async () => {
    await strengthenedFullAgreesWithPair([
      [10, 0, 25],
      [10, 3, 28],
      [10, 0, 30],
      [10, 2, 30],
    ]);
  });
});
