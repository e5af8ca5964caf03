import { Worker } from "node:worker_threads";
import type { Model } from "../formulations/model/index.js";
import type { HighsJob, HighsMessage, HighsResultMessage } from "./highs-protocol.js";
import { arrayBuffersOf, modelArrays } from "./model-arrays.js";
import { relativeGap, type SolveOptions, type SolveResult, type SolveStatus, type Solver } from "./types.js";

/** HiGHS model status codes (highs.constants.modelStatus), named for the mapping below. */
const STATUS: Record<number, { status: SolveStatus; note?: string }> = {
  6: { status: "optimal", note: "empty model" },
  7: { status: "optimal" },
  8: { status: "infeasible" },
  9: { status: "infeasible_or_unbounded" },
  10: { status: "unbounded" },
  11: { status: "interrupted", note: "objective bound reached" },
  12: { status: "interrupted", note: "objective target reached" },
  13: { status: "time_limit" },
  14: { status: "interrupted", note: "iteration limit reached" },
  16: { status: "interrupted", note: "solution limit reached" },
  17: { status: "interrupted" },
};
const ERROR_NAMES: Record<number, string> = { 0: "not set", 1: "load error", 2: "model error", 3: "presolve error", 4: "solve error", 5: "postsolve error", 15: "unknown" };

/**
 * The worker is the compiled file next to this one. Run from TypeScript sources (the test runner), there
 * is no compiled sibling, so the build in dist/ is used; `make test` builds first.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../dist/solvers/highs-worker.js", here) : new URL("./highs-worker.js", here);
}

function toResult(m: HighsResultMessage, wallSeconds: number): SolveResult {
  const mapped = STATUS[m.modelStatus];
  const status: SolveStatus = mapped?.status ?? "error";
  const message = mapped ? mapped.note : `HiGHS ended with model status ${m.modelStatus} (${ERROR_NAMES[m.modelStatus] ?? "?"})`;
  const bound = status === "infeasible" || status === "unbounded" ? null : m.bound;
  return {
    solver: "highs",
    status,
    objective: m.objective,
    bound,
    gap: status === "optimal" ? 0 : relativeGap(m.objective, bound),
    seconds: Math.max(m.seconds, 0) || wallSeconds,
    nodes: m.nodes,
    values: m.values,
    ...(message ? { message } : {}),
  };
}

function errorResult(message: string, seconds: number): SolveResult {
  return { solver: "highs", status: "error", objective: null, bound: null, gap: null, seconds, nodes: null, values: null, message };
}

/**
 * HiGHS (WebAssembly) in a worker thread, fed the model's compressed rows directly. A crash of the
 * runtime (abort, out of memory) ends only that worker: the result is `error` and the next solve gets a
 * fresh runtime.
 */
export const highsSolver: Solver = {
  name: "highs",
  solve(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    const arrays = modelArrays(model);
    const stop = new SharedArrayBuffer(4);
    const job: HighsJob = { arrays, timeLimit: options.timeLimit ?? null, relGap: options.relGap ?? null, stop };
    return new Promise<SolveResult>((resolve) => {
      let settled = false;
      const worker = new Worker(workerUrl(), { workerData: job, transferList: arrayBuffersOf(arrays) });
      const onAbort = () => Atomics.store(new Int32Array(stop), 0, 1);
      options.signal?.addEventListener("abort", onAbort);
      const finish = (result: SolveResult) => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener("abort", onAbort);
        void worker.terminate();
        resolve(result);
      };
      worker.on("message", (m: HighsMessage) => {
        if (m.type === "progress") {
          options.onProgress?.({ seconds: m.seconds, incumbent: m.incumbent, bound: m.bound, gap: relativeGap(m.incumbent, m.bound), nodes: m.nodes });
        } else {
          finish(toResult(m, elapsed()));
        }
      });
      worker.on("error", (err) => finish(errorResult(`HiGHS crashed: ${err.message}`, elapsed())));
      worker.on("exit", (code) => finish(errorResult(`HiGHS worker exited with code ${code} before reporting`, elapsed())));
    });
  },
};
