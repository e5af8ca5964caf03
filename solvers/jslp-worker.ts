/**
 * One javascript-lp-solver solve off the main thread (it is synchronous pure JavaScript). It can stop on
 * its timeout with a fractional answer while saying `feasible: true`, so integrality is checked here.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as jslpModule from "javascript-lp-solver";
import type { WorkerJob, WorkerMessage } from "./worker-protocol.js";
import type { SolveStatus } from "./types.js";

const INTEGRALITY = 1e-6;

// Typed as a CommonJS module (the solver at `.default.default`); Node loads its ESM entry, whose default export is the solver.
const solver = jslpModule.default as unknown as typeof jslpModule.default.default;

const job = workerData as WorkerJob;
const { arrays } = job;
const started = performance.now();
const col = (j: number) => `x${j}`;
const OBJ = "_obj";

const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
const variables: Record<string, Record<string, number>> = {};
const ints: Record<string, 1> = {};

/**
 * javascript-lp-solver's variables are >= 0, and its `unrestricted` option gives wrong answers (measured:
 * max −x over −2.5 <= x <= 0 returns x = 0), so every column is rewritten over non-negative ones:
 * x = lo + y with a finite lower bound, x = up − y with only an upper bound, x = y⁺ − y⁻ when free.
 */
interface Substitution {
  readonly offset: number;
  readonly parts: readonly { readonly name: string; readonly sign: number }[];
}
const subs: Substitution[] = [];
for (let j = 0; j < arrays.numCols; j++) {
  const integer = arrays.integrality[j] !== 0;
  const lo = integer ? Math.ceil(arrays.colLower[j]! - 1e-9) : arrays.colLower[j]!;
  const up = integer ? Math.floor(arrays.colUpper[j]! + 1e-9) : arrays.colUpper[j]!;
  let sub: Substitution;
  if (lo !== -Infinity) sub = { offset: lo, parts: [{ name: col(j), sign: 1 }] };
  else if (up !== Infinity) sub = { offset: up, parts: [{ name: col(j), sign: -1 }] };
  else sub = { offset: 0, parts: [{ name: `${col(j)}p`, sign: 1 }, { name: `${col(j)}m`, sign: -1 }] };
  subs.push(sub);
  for (const part of sub.parts) {
    const v: Record<string, number> = {};
    if (arrays.colCost[j] !== 0) v[OBJ] = part.sign * arrays.colCost[j]!;
    variables[part.name] = v;
    if (integer) ints[part.name] = 1;
  }
  if (lo !== -Infinity && up !== Infinity) {
    constraints[`b${j}`] = { max: up - lo };
    variables[col(j)]![`b${j}`] = 1;
  }
}
let emptyRowViolated = false;
for (let r = 0; r < arrays.numRows; r++) {
  let lo = arrays.rowLower[r]!;
  let up = arrays.rowUpper[r]!;
  if (arrays.starts[r] === arrays.starts[r + 1]) {
    // A row without variables never reaches javascript-lp-solver (it only sees rows through variables).
    if (lo > 0 || up < 0) emptyRowViolated = true;
    continue;
  }
  for (let k = arrays.starts[r]!; k < arrays.starts[r + 1]!; k++) {
    const a = arrays.values[k]!;
    const sub = subs[arrays.indices[k]!]!;
    lo -= a * sub.offset;
    up -= a * sub.offset;
    for (const part of sub.parts) variables[part.name]![`r${r}`] = (variables[part.name]![`r${r}`] ?? 0) + part.sign * a;
  }
  constraints[`r${r}`] = lo === up ? { equal: lo } : lo === -Infinity ? { max: up } : up === Infinity ? { min: lo } : { min: lo, max: up };
}

const timeoutMs = job.timeLimit !== null ? job.timeLimit * 1000 : undefined;
const out = solver.Solve({
  optimize: OBJ,
  opType: arrays.maximize ? "max" : "min",
  constraints,
  variables,
  ints,
  options: { ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}), ...(job.relGap !== null ? { tolerance: job.relGap } : {}) },
}) as Record<string, unknown> & { feasible: boolean; result: number; bounded?: boolean };
const seconds = (performance.now() - started) / 1000;
const timedOut = timeoutMs !== undefined && seconds * 1000 >= timeoutMs;

// Zero values are left out of the answer.
const values = Float64Array.from({ length: arrays.numCols }, (_, j) => subs[j]!.parts.reduce((x, part) => x + part.sign * Number(out[part.name] ?? 0), subs[j]!.offset));
let integral = true;
for (let j = 0; j < arrays.numCols; j++) if (arrays.integrality[j] && Math.abs(values[j]! - Math.round(values[j]!)) > INTEGRALITY) integral = false;

let status: SolveStatus;
let message: string | undefined;
if (emptyRowViolated) {
  status = "infeasible";
  out.feasible = false;
} else if (out.bounded === false) status = "unbounded";
else if (!out.feasible) status = timedOut ? "time_limit" : "infeasible";
else if (!integral) {
  status = timedOut ? "time_limit" : "error";
  message = "javascript-lp-solver returned a fractional answer for integer variables; it is not a solution";
} else status = timedOut ? "time_limit" : "optimal";
const usable = out.feasible && integral && out.bounded !== false;
let objective: number | null = null;
if (usable) {
  objective = 0;
  for (let j = 0; j < arrays.numCols; j++) objective += arrays.colCost[j]! * values[j]!;
}
const result: WorkerMessage = { type: "result", status, objective, bound: status === "optimal" ? objective : null, nodes: null, seconds, values: usable ? values : null, ...(message ? { message } : {}) };
parentPort!.postMessage(result, usable ? [values.buffer as ArrayBuffer] : []);
