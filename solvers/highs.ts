import type { Solver } from "./types.js";
import { runInWorker } from "./worker-run.js";

/** HiGHS (WebAssembly) in a worker thread, fed the model's compressed rows directly. */
export const highsSolver: Solver = {
  name: "highs",
  description: "HiGHS 1.15 (WebAssembly, in a worker thread); 2 GiB memory ceiling",
  takesStart: true,
  takesNodeLimit: true,
  takesSemi: true,
  refuse: () => null,
  solve: (model, options = {}) => runInWorker({ name: "highs", file: "highs-worker.js", interruptible: true }, model, options),
};
