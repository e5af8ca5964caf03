import { InputError } from "../formulations/input-error.js";
import { isSemiKind, type Model } from "../formulations/model/index.js";
import { cbcSolver } from "./cbc.js";
import { glpkSolver } from "./glpk.js";
import { glpsolSolver } from "./glpsol.js";
import { highsSolver } from "./highs.js";
import { jslpSolver } from "./jslp.js";
import { closedAtLimit, solveClosingOnStart } from "./closing.js";
import { emptyColumnRay, settleUnbounded } from "./settle.js";
import { relativeGap, SOLVER_NAMES, type SolveOptions, type SolveResult, type Solver, type SolverName } from "./types.js";

const SOLVERS: Readonly<Record<SolverName, Solver>> = { highs: highsSolver, glpk: glpkSolver, jslp: jslpSolver, cbc: cbcSolver, glpsol: glpsolSolver };

export { SOLVER_NAMES };

/** The backend called `name`; throws InputError listing the available names otherwise. */
export function solverNamed(name: string): Solver {
  const solver = SOLVERS[name as SolverName];
  if (!solver) throw new InputError(`unknown solver ${JSON.stringify(name)}: available: ${SOLVER_NAMES.join(", ")}`);
  return solver;
}

/** Every backend, in SOLVER_NAMES order. */
export function allSolvers(): Solver[] {
  return SOLVER_NAMES.map((n) => SOLVERS[n]);
}

/**
 * A model without columns is decided here: backends disagree on it (HiGHS calls it optimal even when a
 * row reads 0 = 2; GLPK aborts). Every row's activity is 0, so it is feasible exactly when 0 meets every rhs.
 */
function solveEmpty(solver: Solver, model: Model): SolveResult {
  const TOL = 1e-9;
  let feasible = true;
  for (let r = 0; r < model.numRows; r++) {
    const { lower, upper } = model.rowBounds(r);
    if (!(lower <= TOL && upper >= -TOL)) feasible = false;
  }
  const objective = feasible ? model.objective.offset : null;
  return { solver: solver.name, status: feasible ? "optimal" : "infeasible", objective, bound: objective, gap: feasible ? 0 : null, seconds: 0, nodes: 0, values: feasible ? new Float64Array(0) : null, message: "a model without columns, decided without the solver" };
}

/** Why a backend without semi-continuous columns cannot take the model, or null. */
function semiRefusal(solver: Solver, model: Model): string | null {
  if (solver.takesSemi) return null;
  for (let c = 0; c < model.numCols; c++) {
    if (isSemiKind(model.colKind[c]!)) return `${solver.name} cannot solve semi-continuous or semi-integer columns (${model.colName(c)} is one): use highs or cbc`;
  }
  return null;
}

/**
 * Solves with one backend: refuses up front (InputError) when the backend is missing or unfit, adds
 * the objective's constant term back to what the backend reports (backends solve without it), and calls a
 * time-limited run optimal when its incumbent reaches its bound; with a MIP start, stops as soon as the
 * solver's bound reaches the start's value (solvers/closing.ts); says "unbounded" or "infeasible" only
 * once proved (solvers/settle.ts).
 */
export async function solveModel(solver: Solver, model: Model, options: SolveOptions = {}): Promise<SolveResult> {
  const refusal = solver.refuse(model) ?? semiRefusal(solver, model);
  if (refusal) throw new InputError(refusal);
  if (options.nodeLimit !== undefined && !solver.takesNodeLimit) throw new InputError(`${solver.name} cannot stop at a node limit; use highs or cbc, or a time limit`);
  if (options.nodeLimit !== undefined && !(Number.isInteger(options.nodeLimit) && options.nodeLimit >= 0)) throw new InputError(`a node limit is a whole number >= 0, not ${options.nodeLimit}`);
  if (model.numCols === 0) return solveEmpty(solver, model);
  if (emptyColumnRay(model) !== null) {
    // Unbounded if feasible: only feasibility is left to ask (and CBC 2.10 answers such models wrongly).
    const ray: SolveResult = { solver: solver.name, status: "infeasible_or_unbounded", objective: null, bound: null, gap: null, seconds: 0, nodes: null, values: null };
    return settleUnbounded(solver, model, ray, options, (m, o) => solver.solve(m, o));
  }
  const solved = await solveClosingOnStart(model, options, (o) => solveWithOffset(solver, model, o));
  return settleUnbounded(solver, model, closedAtLimit(solved, options.relGap), options, (m, o) => solver.solve(m, o));
}

/** The backend's solve, with the objective's constant added to everything it reports. */
async function solveWithOffset(solver: Solver, model: Model, options: SolveOptions): Promise<SolveResult> {
  const offset = model.objective.offset;
  if (offset === 0) return solver.solve(model, options);
  const shift = (x: number | null) => (x === null ? null : x + offset);
  const onProgress = options.onProgress;
  const r = await solver.solve(model, {
    ...options,
    ...(onProgress ? { onProgress: (p) => onProgress({ ...p, incumbent: shift(p.incumbent), bound: shift(p.bound), gap: relativeGap(shift(p.incumbent), shift(p.bound)) }) } : {}),
  });
  const objective = shift(r.objective);
  const bound = shift(r.bound);
  return { ...r, objective, bound, gap: r.status === "optimal" ? (relativeGap(objective, bound) ?? 0) : relativeGap(objective, bound) };
}
