import { InputError } from "../formulations/input-error.js";
import { highsSolver } from "./highs.js";
import type { Solver } from "./types.js";

const SOLVERS: Readonly<Record<string, Solver>> = { highs: highsSolver };

export const SOLVER_NAMES: readonly string[] = Object.keys(SOLVERS);

export function solverNamed(name: string): Solver {
  const solver = SOLVERS[name];
  if (!solver) throw new InputError(`unknown solver ${JSON.stringify(name)}: available: ${SOLVER_NAMES.join(", ")}`);
  return solver;
}
