import { Worker } from "node:worker_threads";
import type { Model } from "../formulations/model/index.js";
import { arrayBuffersOf, modelArrays } from "./model-arrays.js";
import type { ProgressMessage, WorkerJob, WorkerMessage } from "./worker-protocol.js";
import { relativeGap, type SolveOptions, type SolveResult, type SolverName } from "./types.js";

/**
 * A worker file is the compiled sibling of its caller. Run from TypeScript sources (the test runner)
 * there is no compiled sibling, so the build in dist/ is used; `make test` builds first.
 */
function workerUrl(file: string): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL(`../dist/solvers/${file}`, here) : new URL(`./${file}`, here);
}

export interface WorkerBackend {
  readonly name: SolverName;
  /** The worker script, e.g. "highs-worker.js". */
  readonly file: string;
  /** Whether the backend checks the stop flag itself; if not, an abort terminates the worker. */
  readonly interruptible: boolean;
}

/** Seconds a worker may overrun its time limit before it is stopped from outside. */
const GRACE_SECONDS = 5;

/**
 * Runs one solve in a fresh worker thread: the model goes over as typed arrays, progress comes back as
 * messages. A crash (WebAssembly abort, out of memory, exception) ends only that worker: the result is
 * `error` with the crash's message, and the next solve starts a new runtime.
 */
export function runInWorker(backend: WorkerBackend, model: Model, options: SolveOptions, extra: { presolve?: boolean } = {}): Promise<SolveResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const arrays = modelArrays(model);
  const stop = new SharedArrayBuffer(4);
  const job: WorkerJob = { arrays, timeLimit: options.timeLimit ?? null, relGap: options.relGap ?? null, nodeLimit: options.nodeLimit ?? null, stop, start: options.start ?? null, ...(options.fault ? { fault: options.fault } : {}), ...(extra.presolve === false ? { presolve: false } : {}) };
  let last: ProgressMessage | null = null;

  const fromProgress = (status: "interrupted" | "time_limit", message: string): SolveResult => ({
    solver: backend.name,
    status,
    objective: last?.incumbent ?? null,
    bound: last?.bound ?? null,
    gap: relativeGap(last?.incumbent ?? null, last?.bound ?? null),
    seconds: elapsed(),
    nodes: last?.nodes ?? null,
    values: null,
    message,
  });

  return new Promise<SolveResult>((resolve) => {
    let settled = false;
    const worker = new Worker(workerUrl(backend.file), { workerData: job, transferList: arrayBuffersOf(arrays) });
    const timers: NodeJS.Timeout[] = [];
    const finish = (result: SolveResult) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", onAbort);
      timers.forEach(clearTimeout);
      void worker.terminate();
      resolve(result);
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(stop), 0, 1);
      if (!backend.interruptible) finish(fromProgress("interrupted", `${backend.name} cannot be interrupted cleanly: stopped, the incumbent's values are lost`));
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort);
    if (options.timeLimit !== undefined) {
      const hard = (options.timeLimit * 1.2 + GRACE_SECONDS) * 1000;
      timers.push(setTimeout(() => finish(fromProgress("time_limit", `${backend.name} overran its time limit and was stopped; the incumbent's values are lost`)), hard));
    }
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") {
        last = m;
        options.onProgress?.({ seconds: m.seconds, incumbent: m.incumbent, bound: m.bound, gap: relativeGap(m.incumbent, m.bound), nodes: m.nodes });
        return;
      }
      const bound = m.status === "infeasible" || m.status === "unbounded" ? null : m.bound;
      finish({
        solver: backend.name,
        status: m.status,
        objective: m.objective,
        bound,
        // An optimum proved within the solver's gap tolerance keeps the gap it has (HiGHS: up to 1e-4).
        gap: m.status === "optimal" ? (relativeGap(m.objective, bound) ?? 0) : relativeGap(m.objective, bound),
        seconds: m.seconds > 0 ? m.seconds : elapsed(),
        nodes: m.nodes,
        values: m.values,
        ...(m.message ? { message: m.message } : {}),
      });
    });
    worker.on("error", (err) => finish({ ...fromProgress("interrupted", ""), status: "error", objective: null, bound: null, gap: null, message: `${backend.name} crashed: ${err.message}` }));
    worker.on("exit", (code) => finish({ ...fromProgress("interrupted", ""), status: "error", objective: null, bound: null, gap: null, message: `${backend.name} worker exited with code ${code} before reporting` }));
  });
}
