import type { Solver } from "./types.js";
import { runInWorker } from "./worker-run.js";

/** glpk.js (GLPK 5 in WebAssembly) in a worker thread; progress from GLPK's own log lines. */
export const glpkSolver: Solver = {
  name: "glpk",
  description: "GLPK 5 (glpk.js, WebAssembly, in a worker thread); no bound until its log reports one",
  takesStart: false,
  takesNodeLimit: false,
  takesSemi: false,
  refuse: () => null,
  solve: (model, options = {}) => runInWorker({ name: "glpk", file: "glpk-worker.js", interruptible: false }, model, options),
};
