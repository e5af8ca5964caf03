import type { Model } from "../formulations/model/index.js";
import type { Solver } from "./types.js";
import { runInWorker } from "./worker-run.js";

/**
 * javascript-lp-solver keeps a dense tableau: memory and time grow with rows × columns. Above this size
 * it is refused (see bench/README.md for the measurement behind the figure).
 */
export const JSLP_MAX_CELLS = 3_000;

export const jslpSolver: Solver = {
  name: "jslp",
  description: `javascript-lp-solver (pure JavaScript, dense tableau), in a worker thread; models up to ${JSLP_MAX_CELLS.toLocaleString("en-US")} tableau cells ((rows + columns) × columns)`,
  takesStart: false,
  takesNodeLimit: false,
  takesSemi: false,
  refuse(model: Model) {
    const cells = (model.numRows + model.numCols) * model.numCols;
    return cells > JSLP_MAX_CELLS
      ? `javascript-lp-solver is unfit for this model: ${model.numRows} rows and ${model.numCols} columns make a dense tableau of ~${cells.toLocaleString("en-US")} cells, above its limit of ${JSLP_MAX_CELLS.toLocaleString("en-US")}; use highs, glpk, cbc or glpsol`
      : null;
  },
  solve: (model, options = {}) => runInWorker({ name: "jslp", file: "jslp-worker.js", interruptible: false }, model, options),
};
