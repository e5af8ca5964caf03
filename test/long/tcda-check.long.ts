import { describe, expect, it } from "vitest";
import { byzopt } from "../helpers/cli.js";

// `tcda check` at 10,000 random books per claim (about a minute): the claims that hold hold, the false
// ones keep a small counterexample. test/cli/tcda.test.ts runs the same at 2,000 books in `make test`.
describe("byzopt tcda check at 10,000 runs", () => {
  it("--runs 10000 --seed 1 reports every claim: the ones that hold hold, the false ones come with a counterexample", () => {
    const args = ["tcda", "check", "--runs", "10000", "--seed", "1", "--json"];
    const r = byzopt(args);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { claims: { id: string; verdict: string; runs: number; counterexample?: { orders: unknown[]; explanation: string } }[] };
    const verdicts = Object.fromEntries(report.claims.map((c) => [c.id, c.verdict]));
    const HOLD = ["clearing-rule", "equilibrium", "uniform-price", "budget-balance", "individual-rationality", "flow-conservation", "greedy-bound", "milp-bounds", "efficiency", "truthful-buyers-single"];
    const FAIL = ["greedy-optimal", "truthful-buyers-multi", "truthful-sellers-single", "truthful-sellers-multi"];
    expect(Object.keys(verdicts).sort()).toEqual([...HOLD, ...FAIL].sort());
    for (const id of HOLD) expect([id, verdicts[id]]).toEqual([id, "held"]);
    for (const c of report.claims.filter((x) => FAIL.includes(x.id))) {
      expect([c.id, c.verdict]).toEqual([c.id, "counterexample"]);
      expect(c.counterexample!.orders.length).toBeLessThanOrEqual(5);
      expect(c.counterexample!.explanation.length).toBeGreaterThan(40);
    }
    for (const c of report.claims.filter((x) => x.verdict === "held" && !["milp-bounds", "efficiency"].includes(x.id))) expect(c.runs).toBe(10000);
  }, 600_000);
});
