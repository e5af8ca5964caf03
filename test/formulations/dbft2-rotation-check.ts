import { expect } from "vitest";
import { buildDbftModel, CUT_NAMES, dbftParams, type DbftParams, neoPrimary, type Preset } from "../../formulations/dbft2/index.js";
import { checkSolution } from "../../formulations/model/index.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";
import { traceFromMilp } from "../../verify/dbft/milp-trace.js";
import { checkProtocolRules } from "../../verify/dbft/rules/protocol-rules.js";

/**
 * Solves dbft-2-4-5 with the rotation fixed and checks the optimum: the value measured (docs/dbft.md),
 * primaries that follow Neo's order, a point of the paper's model with the rotation rows, and no
 * wrong-primary verdict from the protocol rules. The strengthened model without symmetry breaking has the
 * same optimum (its other families are valid for every solution of the paper's model, so for the rotated
 * ones too: test/long/dbft2-rotation.long.ts solves the paper's model) and is proved in about a second.
 */
export async function expectRotatedOptimum(objective: Preset, height: number, expected: number, paperModel = false): Promise<void> {
  const rotation = { height };
  const strengthen = paperModel ? [] : CUT_NAMES.filter((c) => c !== "symmetry");
  const p: DbftParams = dbftParams({ n: 4, tmax: 5, objective, strengthen, rotation });
  const r = await solveModel(solverNamed("highs"), buildDbftModel(p).model);
  expect(r.status).toBe("optimal");
  expect(Math.abs(r.objective! - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
  const paper = buildDbftModel(dbftParams({ n: 4, tmax: 5, objective, rotation })).model;
  expect(checkSolution(paper, r.values!).feasible).toBe(true);
  const trace = traceFromMilp(p, r.values!, { height });
  const led = trace.views.filter((v) => v.primary !== null);
  expect(led.length).toBeGreaterThan(0);
  for (const v of led) expect(v.primary, `view ${v.view}`).toBe(neoPrimary(4, height, v.view));
  // primaryRotation is the rule on who leads; requestByPrimary checks the PrepareRequests against it.
  const broken = checkProtocolRules(trace).violations.map((v) => v.rule);
  expect(broken).not.toContain("primaryRotation");
  expect(broken).not.toContain("requestByPrimary");
}
