import { describe, expect, it } from "vitest";
import { buildDbftModel, CUT_NAMES, dbftParams } from "../../formulations/dbft2/index.js";
import { checkSolution } from "../../formulations/model/index.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";
import { traceFromMilp } from "../../verify/dbft/milp-trace.js";
import { checkModelRules } from "../../verify/dbft/rules/model-rules.js";
import { loadOptimum, OPTIMA_KEYS, optimumName } from "../helpers/optima.js";

/**
 * dbft-2-4-5, every preset, no delivery property: the strengthened model (every family) proves the
 * paper's optimum. The paper's optima are the committed fixtures (proved again by HiGHS in `make test-long`,
 * with the full matrix of both models, HiGHS and CBC, no delivery property and all four), so only the
 * strengthened model, which HiGHS proves in about a second, is solved here.
 */
describe("dbft-2-4-5: the strengthened model has the paper's optimum", () => {
  for (const key of OPTIMA_KEYS.filter((k) => k.deliver.length === 0)) {
    it(optimumName(key), async () => {
      const paper = loadOptimum(key);
      const p = dbftParams({ n: key.n, tmax: key.tmax, objective: key.objective, deliver: [...key.deliver], strengthen: [...CUT_NAMES] });
      const strong = buildDbftModel(p).model;
      const r = await solveModel(solverNamed("highs"), strong);
      expect(r.status).toBe("optimal");
      expect(Math.abs(r.objective! - paper.objective)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(paper.objective)));
      // The strengthened optimum is a solution of the paper's model and an execution the rules accept.
      expect(checkSolution(paper.model, r.values!).feasible).toBe(true);
      expect(checkModelRules(traceFromMilp(p, r.values!), { deliver: p.deliver }).violations.map((v) => v.rule)).toEqual([]);
    });
  }
});
