/**
 * Runs one HiGHS solve off the main thread: HiGHS is synchronous and its callbacks run on the solving
 * thread, so progress is posted from here and the main thread stays free to print it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadHighs } from "./highs-loader.js";
import type { HighsJob, HighsMessage } from "./highs-protocol.js";

const PROGRESS_EVERY_SECONDS = 0.25;

function finite(x: unknown): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

async function main(): Promise<void> {
  const job = workerData as HighsJob;
  const stop = new Int32Array(job.stop);
  const highs = await loadHighs();
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
    let lastPost = -Infinity;
    const post = (m: HighsMessage) => parentPort!.postMessage(m);
    const onMip = (event: { data: { running_time?: number; mip_primal_bound?: number; mip_dual_bound?: number; mip_node_count?: bigint } }, force: boolean) => {
      const seconds = event.data.running_time ?? 0;
      if (!force && seconds - lastPost < PROGRESS_EVERY_SECONDS) return;
      lastPost = seconds;
      const nodes = event.data.mip_node_count;
      post({ type: "progress", seconds, incumbent: finite(event.data.mip_primal_bound), bound: finite(event.data.mip_dual_bound), nodes: nodes === undefined ? null : Number(nodes) });
    };
    const types = highs.constants.callbackType;
    model.run({
      [types.mipInterrupt]: (event) => {
        if (Atomics.load(stop, 0) === 1) event.interrupt();
        onMip(event, false);
        return undefined;
      },
      [types.mipImprovingSolution]: (event) => {
        onMip(event, true);
        return undefined;
      },
    });
    const modelStatus = model.getModelStatus();
    const hasSolution = Number(model.info.get("primal_solution_status")) === highs.constants.solutionStatus.feasible;
    const objective = hasSolution ? model.getObjectiveValue() : null;
    const bound = isMip ? finite(model.info.get("mip_dual_bound")) : modelStatus === highs.constants.modelStatus.optimal ? objective : null;
    const nodes = isMip ? Number(model.info.get("mip_node_count")) : null;
    const values = hasSolution ? model.getSolution().colValue : null;
    const result: HighsMessage = { type: "result", modelStatus, objective, bound, nodes, seconds: model.getRunTime(), values };
    parentPort!.postMessage(result, values ? [values.buffer as ArrayBuffer] : []);
  } finally {
    model.dispose();
  }
}

await main();
