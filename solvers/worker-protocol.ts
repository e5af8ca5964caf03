import type { ModelArrays } from "./model-arrays.js";
import type { SolveStatus } from "./types.js";

/** What the main thread hands a solver worker (HiGHS, glpk.js, javascript-lp-solver). */
export interface WorkerJob {
  readonly arrays: ModelArrays;
  readonly timeLimit: number | null;
  readonly relGap: number | null;
  /** Branch-and-bound nodes, or null (HiGHS only). */
  readonly nodeLimit: number | null;
  /** Int32 flag; the worker stops at its next check when it becomes 1 (where the backend can). */
  readonly stop: SharedArrayBuffer;
  /** MIP start in column order, or null. */
  readonly start: Float64Array | null;
  /** False to solve without the backend's presolver (glpk.js: after its MIP presolver aborted). */
  readonly presolve?: boolean;
  /** Test hook: make the runtime crash the way a real abort does, to check recovery. */
  readonly fault?: "wasm-trap";
}

export interface ProgressMessage {
  readonly type: "progress";
  readonly seconds: number;
  readonly incumbent: number | null;
  readonly bound: number | null;
  readonly nodes: number | null;
}

export interface ResultMessage {
  readonly type: "result";
  readonly status: SolveStatus;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly nodes: number | null;
  readonly seconds: number;
  readonly values: Float64Array | null;
  readonly message?: string;
}

export type WorkerMessage = ProgressMessage | ResultMessage;

export function finiteOrNull(x: unknown): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}
