import { describe, it } from "vitest";
import { expectTcdaCheckVerdicts } from "../helpers/tcda-check.js";

// `tcda check` at 10,000 random books per claim (about a minute): the claims that hold hold, the false
// ones keep a small counterexample. test/cli/tcda.test.ts runs the same at 1,000 books in `make test`.
describe("byzopt tcda check at 10,000 runs", () => {
  it("--runs 10000 --seed 1 reports every claim: the ones that hold hold, the false ones come with a counterexample", () => expectTcdaCheckVerdicts(10_000), 600_000);
});
