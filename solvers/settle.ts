import type { Model } from "../formulations/model/index.js";
import type { SolveOptions, SolveResult, Solver } from "./types.js";

/**
 * "Unbounded" and "infeasible or unbounded" are settled before they are reported. A solver that finds
 * its objective unbounded has proved only that the dual is infeasible: the model may still have no
 * feasible point (CBC says "unbounded" for the LP relaxation of a MIP, and "infeasible or unbounded"
 * from presolve). So the same backend solves the model again with a zero objective: feasible means
 * unbounded (for a MIP too, with rational data, since its relaxation is unbounded), infeasible means
 * infeasible, and anything else leaves `infeasible_or_unbounded`, saying why.
 */
export async function settleUnbounded(solver: Solver, model: Model, result: SolveResult, options: SolveOptions, solve: (m: Model, o: SolveOptions) => Promise<SolveResult>): Promise<SolveResult> {
  if (result.status !== "unbounded" && result.status !== "infeasible_or_unbounded") return result;
  const ray = emptyColumnRay(model);
  const said =
    ray !== null
      ? `found column ${model.colName(ray)} in no row, improving the objective without bound`
      : result.status === "unbounded"
        ? "found the objective unbounded"
        : "found the model infeasible or unbounded";
  const left = options.timeLimit === undefined ? undefined : Math.max(1, options.timeLimit - result.seconds);
  const { start: _start, onProgress: _onProgress, ...rest } = options;
  const feasibility = await solve(model.withObjective({ direction: "min", cols: new Int32Array(0), coefs: new Float64Array(0), offset: 0 }), { ...rest, ...(left !== undefined ? { timeLimit: left } : {}) });
  const seconds = result.seconds + feasibility.seconds;
  const none = { objective: null, bound: null, gap: null, values: null } as const;
  if (feasibility.status === "optimal") {
    return { ...result, ...none, status: "unbounded", seconds, message: `${solver.name} ${said}, and the model is feasible (solved again with a zero objective), so unbounded` };
  }
  // With a zero objective nothing is unbounded: "infeasible or unbounded" is infeasible.
  if (feasibility.status === "infeasible" || feasibility.status === "infeasible_or_unbounded") {
    return { ...result, ...none, status: "infeasible", seconds, message: `${solver.name} ${said}; with a zero objective it proved the model infeasible` };
  }
  return { ...result, ...none, status: "infeasible_or_unbounded", seconds, message: `${solver.name} ${said}; the feasibility check ended ${feasibility.status}${feasibility.message ? ` (${feasibility.message})` : ""}` };
}

/**
 * A column that appears in no row and improves the objective without bound in its direction (a cost
 * that pays and an infinite bound that way): the model is unbounded if it is feasible at all. CBC 2.10
 * calls such a MIP "infeasible" outright (found by the file differential test); so this is settled
 * before any backend runs. Returns the column, or null.
 */
export function emptyColumnRay(model: Model): number | null {
  const inRow = new Uint8Array(model.numCols);
  for (const c of model.rowCol) inRow[c] = 1;
  const cost = new Float64Array(model.numCols);
  for (let k = 0; k < model.objective.cols.length; k++) cost[model.objective.cols[k]!]! += model.objective.coefs[k]!;
  const sign = model.objective.direction === "max" ? -1 : 1;
  for (let c = 0; c < model.numCols; c++) {
    if (inRow[c] || cost[c] === 0) continue;
    const improving = sign * cost[c]!;
    if ((improving < 0 && model.colUpper[c] === Infinity) || (improving > 0 && model.colLower[c] === -Infinity)) return c;
  }
  return null;
}
