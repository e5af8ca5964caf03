import { expect } from "vitest";
import { byzopt } from "./cli.js";

const HOLD = ["clearing-rule", "equilibrium", "uniform-price", "budget-balance", "individual-rationality", "flow-conservation", "greedy-bound", "milp-bounds", "efficiency", "truthful-buyers-single"];
const FAIL = ["greedy-optimal", "truthful-buyers-multi", "truthful-sellers-single", "truthful-sellers-multi"];

/**
 * `tcda check --runs R --seed 1 --json` end to end: the claims that hold hold (each on R books, but the
 * solver-backed ones), the false ones come with a counterexample of at most 5 orders and an explanation.
 */
export function expectTcdaCheckVerdicts(runs: number, extra: readonly string[] = []): void {
  const r = byzopt(["tcda", "check", "--runs", String(runs), "--seed", "1", "--json", ...extra]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const report = JSON.parse(r.stdout) as { claims: { id: string; verdict: string; runs: number; counterexample?: { orders: unknown[]; explanation: string } }[] };
  const verdicts = Object.fromEntries(report.claims.map((c) => [c.id, c.verdict]));
  expect(Object.keys(verdicts).sort()).toEqual([...HOLD, ...FAIL].sort());
  for (const id of HOLD) expect([id, verdicts[id]]).toEqual([id, "held"]);
  for (const c of report.claims.filter((x) => FAIL.includes(x.id))) {
    expect([c.id, c.verdict]).toEqual([c.id, "counterexample"]);
    expect(c.counterexample!.orders.length).toBeLessThanOrEqual(5);
    expect(c.counterexample!.explanation.length).toBeGreaterThan(40);
  }
  for (const c of report.claims.filter((x) => x.verdict === "held" && !["milp-bounds", "efficiency"].includes(x.id))) expect(c.runs).toBe(runs);
}
