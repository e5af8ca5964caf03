/**
 * One glpk.js (GLPK 5 in WebAssembly) solve off the main thread. GLPK reports MIP progress only as text
 * lines on console.log, bound when the module loads, so the hook is installed before the import.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { GLPK, LP } from "glpk.js/node";
import { parseGlpkProgress } from "./glpk-log.js";
import { finiteOrNull, type WorkerJob, type WorkerMessage } from "./worker-protocol.js";
import type { SolveStatus } from "./types.js";

const job = workerData as WorkerJob;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
const started = performance.now();
const seconds = () => (performance.now() - started) / 1000;
let lastIncumbent: number | null = null;
let lastBound: number | null = null;
let timeLimitHit = false;
let noPrimal = false;
let noDual = false;

console.log = (...parts: unknown[]) => {
  const line = parts.join(" ");
  if (/TIME LIMIT EXCEEDED/.test(line)) timeLimitHit = true;
  if (/NO (PRIMAL|INTEGER) FEASIBLE SOLUTION/.test(line)) noPrimal = true;
  if (/NO DUAL FEASIBLE SOLUTION/.test(line)) noDual = true;
  const p = parseGlpkProgress(line);
  if (!p) return;
  lastIncumbent = p.incumbent;
  lastBound = p.bound;
  post({ type: "progress", seconds: seconds(), incumbent: p.incumbent, bound: p.bound, nodes: p.nodes });
};

const { default: loadGlpk } = await import("glpk.js/node");
const glpk: GLPK = await loadGlpk();
if (job.fault === "wasm-trap") {
  // A name over 255 characters makes GLPK abort: a genuine WebAssembly abort.
  glpk.solve({ name: "x", objective: { direction: glpk.GLP_MIN, name: "o", vars: [{ name: "v".repeat(300), coef: 1 }] }, subjectTo: [] });
}

const { arrays } = job;
const col = (j: number) => `x${j}`;
const vars = (from: number, to: number) => {
  const out: { name: string; coef: number }[] = [];
  for (let k = from; k < to; k++) out.push({ name: col(arrays.indices[k]!), coef: arrays.values[k]! });
  return out;
};
const objective: { name: string; coef: number }[] = [];
for (let j = 0; j < arrays.numCols; j++) if (arrays.colCost[j] !== 0) objective.push({ name: col(j), coef: arrays.colCost[j]! });

const bnds = (lo: number, up: number) => {
  if (lo === -Infinity && up === Infinity) return { type: glpk.GLP_FR, lb: 0, ub: 0 };
  if (up === Infinity) return { type: glpk.GLP_LO, lb: lo, ub: 0 };
  if (lo === -Infinity) return { type: glpk.GLP_UP, lb: 0, ub: up };
  if (lo === up) return { type: glpk.GLP_FX, lb: lo, ub: up };
  return { type: glpk.GLP_DB, lb: lo, ub: up };
};

const lp: LP = {
  name: "byzopt",
  objective: { direction: arrays.maximize ? glpk.GLP_MAX : glpk.GLP_MIN, name: "obj", vars: objective },
  subjectTo: Array.from({ length: arrays.numRows }, (_, r) => ({ name: `r${r}`, vars: vars(arrays.starts[r]!, arrays.starts[r + 1]!), bnds: bnds(arrays.rowLower[r]!, arrays.rowUpper[r]!) })),
  // Every column gets explicit bounds: GLPK's default for a new column is fixed at zero.
  bounds: Array.from({ length: arrays.numCols }, (_, j) => ({ name: col(j), ...bnds(arrays.colLower[j]!, arrays.colUpper[j]!) })),
  generals: [],
  binaries: [],
};
for (let j = 0; j < arrays.numCols; j++) if (arrays.integrality[j]) lp.generals!.push(col(j));
const isMip = lp.generals!.length > 0;

const solve = (presol: boolean) =>
  glpk.solve(lp, {
    msglev: glpk.GLP_MSG_ON,
    presol,
    ...(job.timeLimit !== null ? { tmlim: Math.max(1, job.timeLimit - seconds()) } : {}),
    ...(job.relGap !== null ? { mipgap: job.relGap } : {}),
  }).result;
if (job.presolve === false && isMip) {
  // Without its presolver GLPK's branch and bound needs the relaxation solved first, which glpk.js does
  // not do: solve the relaxation, whose infeasibility proves the MIP's.
  const relaxation = glpk.solve({ ...lp, generals: [] }, { msglev: glpk.GLP_MSG_OFF, presol: false }).result;
  if (relaxation.status === glpk.GLP_NOFEAS) noPrimal = true;
}
let r = solve(job.presolve !== false);
// glpk.js prints no "TIME LIMIT EXCEEDED" line (glpsol does); the clock tells.
if (job.timeLimit !== null && seconds() >= job.timeLimit - 0.05) timeLimitHit = true;
if (r.status === glpk.GLP_UNDEF && !timeLimitHit && !noPrimal) {
  // The presolver stopped without a verdict (GLPK then leaves the status undefined); the plain solve gives one.
  r = solve(false);
  if (job.timeLimit !== null && seconds() >= job.timeLimit - 0.05) timeLimitHit = true;
}
const hasValues = r.status === glpk.GLP_OPT || r.status === glpk.GLP_FEAS;
let status: SolveStatus;
if (r.status === glpk.GLP_OPT) status = "optimal";
// GLPK stops with a feasible (not optimal) status on its time limit or on the requested relative gap.
else if (r.status === glpk.GLP_FEAS) status = timeLimitHit ? "time_limit" : job.relGap !== null ? "optimal" : "interrupted";
// GLP_INFEAS is only an infeasible current basis (simplex stopped early, e.g. on its time limit): no proof.
else if (r.status === glpk.GLP_NOFEAS) status = "infeasible";
else if (r.status === glpk.GLP_INFEAS) status = timeLimitHit ? "time_limit" : "error";
else if (r.status === glpk.GLP_UNBND) status = "unbounded";
else if (timeLimitHit) status = "time_limit";
else if (noPrimal) status = "infeasible";
else if (noDual) status = "infeasible_or_unbounded";
else status = "error";
const values = hasValues ? Float64Array.from({ length: arrays.numCols }, (_, j) => r.vars[col(j)] ?? 0) : null;
const objectiveValue = hasValues ? r.z : null;
const bound = status === "optimal" ? objectiveValue : isMip ? finiteOrNull(lastBound) : null;
post(
  {
    type: "result",
    status,
    objective: objectiveValue ?? (status === "time_limit" ? lastIncumbent : null),
    bound,
    nodes: null,
    seconds: seconds(),
    values,
    ...(status === "error" ? { message: `GLPK ended with status ${r.status}` } : {}),
  },
  values ? [values.buffer as ArrayBuffer] : [],
);
