import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDbftModel, dbftParams, type DbftParams, type DeliveryProperty, instanceName, PRESET_NAMES, type Preset } from "../../formulations/dbft2/index.js";
import { checkSolution, KIND_CODE, type Model } from "../../formulations/model/index.js";
import { readSolutionFile, solutionText } from "../../instances/solution-file.js";
import { writeTextAtomically } from "../../solvers/atomic-file.js";
import type { SolveResult } from "../../solvers/types.js";

/**
 * Proved optima of the paper's dBFT model, committed under test/fixtures/optima/ as byzopt.solution/1
 * text. Solving one takes HiGHS 2–60 s (dbft-2-4-5 P1, P2, P6); the fast suite reads them instead and
 * checks each against every row of its model. `make test-long` proves every one again with HiGHS and CBC
 * and requires the same optimum (test/helpers/equivalence.ts); `make fixtures` rewrites them from those
 * solves (UPDATE_FIXTURES=1).
 */
export const OPTIMA_DIR = fileURLToPath(new URL("../fixtures/optima", import.meta.url));

export interface OptimumKey {
  readonly n: number;
  readonly tmax: number;
  readonly objective: Preset;
  readonly deliver: readonly DeliveryProperty[];
}

export interface Optimum {
  readonly key: OptimumKey;
  readonly p: DbftParams;
  readonly model: Model;
  readonly values: Float64Array;
  readonly objective: number;
}

/** dbft-2-4-5, every preset, with no delivery property and with all four. */
export const OPTIMA_KEYS: readonly OptimumKey[] = ([[], [1, 2, 3, 4]] as const).flatMap((deliver) => PRESET_NAMES.map((objective) => ({ n: 4, tmax: 5, objective, deliver })));

/**
 * The optima as the model-rules suite has always stated them (no delivery property; all four), so a
 * regenerated fixture cannot drift silently.
 */
const STATED: Readonly<Record<string, Readonly<Record<Preset, number>>>> = {
  none: { P1: 1400, P2: 900, P3: 100, P4: 41, P5: 1582, P6: 876, P7: -578 },
  "1234": { P1: 1200, P2: 900, P3: 1100, P4: 1035, P5: 1293, P6: 872, P7: 707 },
};

/** The committed optimum for these parameters, if there is one. */
export function optimumKeyFor(n: number, tmax: number, objective: Preset, deliver: readonly number[]): OptimumKey | null {
  return OPTIMA_KEYS.find((k) => k.n === n && k.tmax === tmax && k.objective === objective && k.deliver.join() === deliver.join()) ?? null;
}

export function optimumName(k: OptimumKey): string {
  return `${instanceName(k)}-${k.objective}-d${k.deliver.join("") || "none"}`;
}

export function optimumPath(k: OptimumKey): string {
  return join(OPTIMA_DIR, `${optimumName(k)}.sol`);
}

function paramsOf(k: OptimumKey): DbftParams {
  return dbftParams({ n: k.n, tmax: k.tmax, objective: k.objective, deliver: [...k.deliver] });
}

/** The committed optimum, checked: every name is a column, the point keeps every row, its objective is the header's. */
export function loadOptimum(k: OptimumKey): Optimum {
  const path = optimumPath(k);
  if (!existsSync(path)) throw new Error(`${path} is missing: run make fixtures`);
  const file = readSolutionFile(path);
  const p = paramsOf(k);
  const { model } = buildDbftModel(p);
  const index = model.colIndex();
  const values = new Float64Array(model.numCols);
  for (const [name, v] of file.entries) {
    const c = index.get(name);
    if (c === undefined) throw new Error(`${path}: ${name} is no column of ${optimumName(k)}`);
    values[c] = v;
  }
  const check = checkSolution(model, values);
  if (!check.feasible) throw new Error(`${path}: not a solution of its model (worst row ${check.worstRow === null ? "none" : model.rowName(check.worstRow)})`);
  const stated = Number(file.header.value);
  if (file.header.status !== "optimal" || Math.abs(check.objective - stated) > 1e-6) throw new Error(`${path}: the point is worth ${check.objective}, the header says ${file.header.status} ${file.header.value}`);
  const known = STATED[k.deliver.join("") || "none"]?.[k.objective];
  if (k.n === 4 && k.tmax === 5 && known !== undefined && known !== stated) throw new Error(`${path}: worth ${stated}, but the optimum of ${optimumName(k)} is ${known}`);
  return { key: k, p, model, values, objective: check.objective };
}

export function writeOptimum(k: OptimumKey, model: Model, r: SolveResult): void {
  if (r.status !== "optimal" || !r.values) throw new Error(`${optimumName(k)}: HiGHS said ${r.status}; only a proved optimum is written`);
  // The file keeps integer columns rounded: its value is the rounded point's, checked here.
  const rounded = Float64Array.from(r.values, (v, c) => (model.colKind[c] === KIND_CODE.continuous ? v : Math.round(v)));
  const check = checkSolution(model, rounded);
  if (!check.feasible || Math.abs(check.objective - r.objective!) > 1e-6) throw new Error(`${optimumName(k)}: the rounded point is not the optimum HiGHS reported (${check.objective} vs ${r.objective})`);
  mkdirSync(OPTIMA_DIR, { recursive: true });
  writeTextAtomically(optimumPath(k), solutionText(model, rounded, { instance: instanceName(k), objective: k.objective, deliver: k.deliver.join(",") || "none", status: "optimal", value: check.objective, solver: "highs" }));
}
