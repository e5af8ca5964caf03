/**
 * One HiGHS solve off the main thread: HiGHS is synchronous and its callbacks run on the solving thread,
 * so progress is posted from here while the main thread stays free to print it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadHighs } from "./highs-loader.js";
import { finiteOrNull, type WorkerJob, type WorkerMessage } from "./worker-protocol.js";
import type { SolveStatus } from "./types.js";

const PROGRESS_EVERY_SECONDS = 0.25;

/** HiGHS model status codes (highs.constants.modelStatus) and what they mean here. */
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

async function main(): Promise<void> {
  const job = workerData as WorkerJob;
  const stop = new Int32Array(job.stop);
  const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  const highs = await loadHighs();
  if (job.fault === "wasm-trap") {
    // A call into the native library with a pointer outside its memory: the trap a real abort raises.
    (highs as unknown as { _Highs_run(p: number): number })._Highs_run(0x7ffffff0);
  }
  const { arrays } = job;
  const isMip = arrays.integrality.some((k) => k !== 0);
  const model = highs.createModel({
    numCols: arrays.numCols,
    numRows: arrays.numRows,
    sense: arrays.maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: 0,
    colCost: arrays.colCost,
    colLower: arrays.colLower,
    colUpper: arrays.colUpper,
    rowLower: arrays.rowLower,
    rowUpper: arrays.rowUpper,
    matrix: { format: "csr", numRows: arrays.numRows, numCols: arrays.numCols, starts: arrays.starts, indices: arrays.indices, values: arrays.values },
    ...(isMip ? { integrality: arrays.integrality } : {}),
  });
  try {
    model.options.set({ output_flag: false });
    if (job.timeLimit !== null) model.options.set("time_limit", job.timeLimit);
    if (job.relGap !== null) model.options.set("mip_rel_gap", job.relGap);
    if (job.nodeLimit !== null) model.options.set("mip_max_nodes", job.nodeLimit);
    // HiGHS checks the start itself: a feasible one becomes the first incumbent, another is dropped.
    if (job.start !== null && isMip) model.setSolution({ colValue: job.start });
    let lastPost = -Infinity;
    const onMip = (data: { running_time?: number; mip_primal_bound?: number; mip_dual_bound?: number; mip_node_count?: bigint }, force: boolean) => {
      const seconds = data.running_time ?? 0;
      if (!force && seconds - lastPost < PROGRESS_EVERY_SECONDS) return;
      lastPost = seconds;
      const nodes = data.mip_node_count;
      post({ type: "progress", seconds, incumbent: finiteOrNull(data.mip_primal_bound), bound: finiteOrNull(data.mip_dual_bound), nodes: nodes === undefined ? null : Number(nodes) });
    };
    const types = highs.constants.callbackType;
    const run = () => model.run({
      [types.mipInterrupt]: (event) => {
        if (Atomics.load(stop, 0) === 1) event.interrupt();
        onMip(event.data, false);
        return undefined;
      },
      [types.mipImprovingSolution]: (event) => {
        onMip(event.data, true);
        return undefined;
      },
    });
    run();
    let code = model.getModelStatus();
    if (code === highs.constants.modelStatus.unboundedOrInfeasible) {
      // Presolve could not tell the two apart; the solve without presolve can.
      model.options.set("presolve", "off");
      run();
      code = model.getModelStatus();
    }
    // Status 16 covers every MIP limit of HiGHS; the node limit is the only one byzopt sets.
    const mapped = code === 16 && job.nodeLimit !== null ? { status: "node_limit" as const } : STATUS[code];
    const hasSolution = Number(model.info.get("primal_solution_status")) === highs.constants.solutionStatus.feasible;
    const objective = hasSolution ? model.getObjectiveValue() : null;
    const bound = isMip ? finiteOrNull(model.info.get("mip_dual_bound")) : code === highs.constants.modelStatus.optimal ? objective : null;
    const values = hasSolution ? model.getSolution().colValue : null;
    const message = mapped ? mapped.note : `HiGHS ended with model status ${code} (${ERROR_NAMES[code] ?? "?"})`;
    post(
      {
        type: "result",
        status: mapped?.status ?? "error",
        objective,
        bound,
        nodes: isMip ? Number(model.info.get("mip_node_count")) : null,
        seconds: model.getRunTime(),
        values,
        ...(message ? { message } : {}),
      },
      values ? [values.buffer as ArrayBuffer] : [],
    );
  } finally {
    model.dispose();
  }
}

await main();
