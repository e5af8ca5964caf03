import type { ModelArrays } from "./model-arrays.js";

/** What the main thread hands the HiGHS worker. */
export interface HighsJob {
  readonly arrays: ModelArrays;
  readonly timeLimit: number | null;
  readonly relGap: number | null;
  /** Int32 flag; the worker interrupts the solve when it becomes 1. */
  readonly stop: SharedArrayBuffer;
}

export interface HighsProgressMessage {
  readonly type: "progress";
  readonly seconds: number;
  readonly incumbent: number | null;
  readonly bound: number | null;
  readonly nodes: number | null;
}

export interface HighsResultMessage {
  readonly type: "result";
  /** HiGHS model status code (highs.constants.modelStatus). */
  readonly modelStatus: number;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly nodes: number | null;
  readonly seconds: number;
  readonly values: Float64Array | null;
}

export type HighsMessage = HighsProgressMessage | HighsResultMessage;
