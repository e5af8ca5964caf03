import type { Solver } from "./types.js";
import { runInWorker } from "./worker-run.js";

/** glpk.js (GLPK 5 in WebAssembly) in a worker thread; progress from GLPK's own log lines; solved again without presolve when GLPK aborts. */
export const glpkSolver: Solver = {
  name: "glpk",
  description: "GLPK 5 (glpk.js, WebAssembly, in a worker thread); no bound until its log reports one",
  takesStart: false,
  takesNodeLimit: false,
  takesSemi: false,
  refuse: () => null,
  async solve(model, options = {}) {
    const backend = { name: "glpk" as const, file: "glpk-worker.js", interruptible: false };
    const first = await runInWorker(backend, model, options);
    // GLPK 5's MIP presolver can abort on an assertion (npp3.c, "q->lb < q->ub"; found by the file
    // differential test): solve again without it.
    if (first.status !== "error" || !/Aborted/.test(first.message ?? "") || options.fault) return first;
    const second = await runInWorker(backend, model, options, { presolve: false });
    return { ...second, seconds: first.seconds + second.seconds, message: [second.message, "GLPK's presolver aborted; solved again without it"].filter(Boolean).join("; ") };
  },
};
