import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDbftModel } from "../../formulations/dbft2/build.js";
import { instanceName, type DbftParams } from "../../formulations/dbft2/params.js";
import { checkSolution, type Model } from "../../formulations/model/index.js";
import { writeTextAtomically } from "../../solvers/atomic-file.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";
import type { SolveProgress, SolveResult, SolverName } from "../../solvers/types.js";
import { traceFromMilp } from "../../verify/dbft/milp-trace.js";
import { checkModelRules } from "../../verify/dbft/rules/model-rules.js";
import { traceCounts, traceObjective } from "../../verify/dbft/trace.js";
import { runKey, type SweepRun, type SweepSolver, type Variant } from "./plan.js";
import { bestStart, horizonWarmStart, keepStart, WARM_START_SHARE, warmStartPoint, type StartPoint, type WarmStart, type WarmStartReport } from "../warm-start.js";
import { polishByViews, POLISH_SHARE, type PolishReport } from "../view-polish.js";
import { writeSolutionFile } from "../solution-file.js";
import { pooledStarts, solutionFileName, type PoolCandidate } from "./pool.js";
import type { RecordStore } from "../grid/runner.js";
import { asSweepRecord, RUN_FORMAT } from "./record-schema.js";

export { RUN_FORMAT } from "./record-schema.js";

/**
 * Above this many non-zeros `auto` hands the model to native CBC (through an LP file) instead of HiGHS
 * in WebAssembly, whose heap stops at 2 GiB. Measured in the paper sweep (bench/README.md): on
 * dbft-2-10-25 strengthened (3.0 M) HiGHS filled its heap on 5 of 7 presets, 126–215 s into the search.
 */
export const HIGHS_MAX_NONZEROS = 2_500_000;

const POOLED = "pooled start";

/** One finished run, as written to `<key>.json`. */
export interface SweepRecord {
  /** Always "byzopt.sweep-run/1". */
  readonly format: typeof RUN_FORMAT;
  /** The run's key (SweepRun.key). */
  readonly key: string;
  /** Instance name, e.g. dbft-2-4-5. */
  readonly instance: string;
  /** Nodes N. */
  readonly n: number;
  /** Steps per view. */
  readonly tmax: number;
  /** The preset (P1–P7), or "custom". */
  readonly objective: string;
  /** "max" or "min". */
  readonly direction: string;
  /** Guaranteed deliveries (property numbers). */
  readonly deliver: readonly number[];
  /** The paper's model or the strengthened one. */
  readonly variant: Variant;
  /** Strengthening families of the model solved. */
  readonly strengthen: readonly string[];
  /** The backend that solved it (`auto` resolved). */
  readonly solver: SolverName;
  /** Time limit of the run, in seconds. */
  readonly timeLimit: number;
  /** Size of the model solved. */
  readonly model: {
    /** Rows. */
    readonly rows: number;
    /** Columns. */
    readonly cols: number;
    /** Non-zeros of the constraint matrix. */
    readonly nonzeros: number;
  };
  /** The solver's status. */
  readonly status: SolveResult["status"];
  /** Objective of the incumbent, or null without one. */
  readonly value: number | null;
  /** The solver's bound, or null without one. */
  readonly bound: number | null;
  /** Relative gap between value and bound, or null. */
  readonly gap: number | null;
  /** Wall-clock seconds, warm start and polish included. */
  readonly seconds: number;
  /** Branch-and-bound nodes, when the solver reports them. */
  readonly nodes: number | null;
  /** Blocks of the decoded execution (views in which a block was relayed), or null without a solution. */
  readonly blocks: number | null;
  /** Views with a primary in the decoded execution, or null without a solution. */
  readonly views: number | null;
  /** byzopt's own check of the solution against every row of the model solved. */
  readonly feasible: boolean | null;
  /** The paper's model rules (verify/rules/model-rules.ts) on the decoded execution: broken rule names. */
  readonly modelRulesBroken: readonly string[] | null;
  /** The shorter-horizon solve whose solution started this run; its seconds are part of `seconds`. */
  readonly warmStart?: WarmStartReport;
  /** With --reuse-solutions: the saved solutions tried as starts and the one given (if it beat the warm start). */
  readonly pool?: PoolReport;
  /** With --polish: the sub-MIPs over windows of views that improved the start; their seconds are in `seconds`. */
  readonly polish?:
    | PolishReport
    | {
        /** Why the polish was skipped. */
        readonly skipped: string;
      };
  /** The solver's message, and any disagreement of the objective recomputed from the execution. */
  readonly message?: string;
}

/** The saved solutions of the sweep's other runs tried as starts of this run, as written in its record. */
export interface PoolReport {
  /** The run whose saved solution was handed to the solver, or null (none feasible, or the warm start was better). */
  readonly used: string | null;
  /** Objective of the start used in the run's model, or null. */
  readonly value: number | null;
  /** Reading and checking the candidates; counted in the run's seconds. */
  readonly seconds: number;
  /** Every saved solution tried. */
  readonly candidates: readonly PoolCandidate[];
}

export function chooseSolver(solver: SweepSolver, model: Model): SolverName {
  if (solver !== "auto") return solver;
  return model.numNonzeros > HIGHS_MAX_NONZEROS ? "cbc" : "highs";
}

/**
 * The saved result of a run, if it answers this run: same families, and either proved or given the same
 * time limit. Interrupted runs (and, with retryErrors, failed ones) are not finished.
 */
export function finishedRecord(dir: string, run: SweepRun, timeLimit: number, retryErrors: boolean): SweepRecord | null {
  const r = readRecord(dir, run.key);
  if (!r) return null;
  if (r.status === "interrupted" || (retryErrors && r.status === "error")) return null;
  if (r.strengthen.join() !== run.params.strengthen.join()) return null;
  const proved = r.status === "optimal" || r.status === "infeasible";
  if (!proved && (r.timeLimit !== timeLimit || (r.warmStart?.tmax ?? null) !== run.warmStart)) return null;
  return r;
}

/**
 * The sweep's records as the grid runner (instances/grid/runner.ts) sees them: done per finishedRecord.
 * Saving is executeRun's own (the record and the solution beside it), so `save` has nothing left to do.
 */
export function sweepRecordStore(dir: string, timeLimit: number, retryErrors: boolean): RecordStore<SweepRun, SweepRecord> {
  return {
    lookup: (run) => {
      const record = finishedRecord(dir, run, timeLimit, retryErrors);
      return record ? { state: "done", record } : { state: "missing" };
    },
    save: () => {},
  };
}

/** The record saved for `key` in `dir`, or null when there is none (or it is not one of ours). */
function readRecord(dir: string, key: string): SweepRecord | null {
  const path = join(dir, `${key}.json`);
  if (!existsSync(path)) return null;
  try {
    const r = asSweepRecord(JSON.parse(readFileSync(path, "utf8")));
    return r !== null && r.key === key ? r : null;
  } catch {
    return null;
  }
}

/** Optional hooks of executeRun: solver progress and an abort signal. */
export interface RunHooks {
  /** Called with the solver's progress. */
  readonly onProgress?: (p: SolveProgress) => void;
  /** Interrupts the run (status `interrupted`); an interrupted run writes no files. */
  readonly signal?: AbortSignal;
  /** Test hook: make the first backend's solve crash (see SolveOptions.fault). */
  readonly fault?: "wasm-trap";
}

function recordOf(run: SweepRun, p: DbftParams, solver: SolverName, timeLimit: number, model: Model, r: SolveResult, warmStart: WarmStartReport | null, pool: PoolReport | null = null, polish: SweepRecord["polish"] | null = null): SweepRecord {
  const check = r.values ? checkSolution(model, r.values) : null;
  const trace = r.values ? traceFromMilp(p, r.values) : null;
  const counts = trace ? traceCounts(trace) : null;
  const rules = trace ? checkModelRules(trace, { deliver: p.deliver }) : null;
  let message = r.message;
  if (trace && r.objective !== null) {
    const recomputed = traceObjective(trace, p.objective);
    if (Math.abs(recomputed - r.objective) > 1e-6 * Math.max(1, Math.abs(recomputed))) message = `${message ? message + "; " : ""}objective recomputed from the execution is ${recomputed}`;
  }
  return {
    format: RUN_FORMAT,
    key: run.key,
    instance: instanceName(p),
    n: p.n,
    tmax: p.tmax,
    objective: p.objective.preset ?? "custom",
    direction: p.objective.direction,
    deliver: p.deliver,
    variant: run.variant,
    strengthen: p.strengthen,
    solver,
    timeLimit,
    model: { rows: model.numRows, cols: model.numCols, nonzeros: model.numNonzeros },
    status: r.status,
    value: r.objective,
    bound: r.bound,
    gap: r.gap,
    seconds: Number(r.seconds.toFixed(3)),
    nodes: r.nodes,
    blocks: counts ? counts.blocks : null,
    views: counts ? counts.rounds : null,
    feasible: check ? check.feasible : null,
    modelRulesBroken: rules ? rules.violations.map((v) => v.rule) : null,
    ...(warmStart ? { warmStart } : {}),
    ...(pool ? { pool } : {}),
    ...(polish ? { polish } : {}),
    ...(message ? { message } : {}),
  };
}

/**
 * Builds, solves and checks one run, and writes `<dir>/<key>.json` (and its solution, `<key>.sol.gz`)
 * unless it was interrupted.
 */
export async function executeRun(run: SweepRun, dir: string, timeLimit: number, hooks: RunHooks = {}): Promise<SweepRecord> {
  const p = run.params;
  const { model } = buildDbftModel(p);
  let solver = chooseSolver(run.solver, model);
  const takesStart = solverNamed(solver).takesStart;
  const pooled = run.reuseSolutions && takesStart ? pooledStarts([dir, ...run.poolDirs], run, model) : null;
  let warm: WarmStart | null = null;
  if (run.warmStart !== null && takesStart) {
    const horizonKey = runKey({ ...p, tmax: run.warmStart }, run.variant, run.solver);
    const saved = pooled?.candidates.find((c) => c.key === horizonKey && c.value !== null);
    const savedRecord = saved ? readRecord(dir, horizonKey) : null;
    if (saved && savedRecord) warm = savedHorizonStart(run, saved, savedRecord);
    else {
      const { fault: _, ...quiet } = hooks;
      warm = await horizonWarmStart(p, model, run.warmStart, (short) => solveWith(chooseSolver(run.solver, short), short, timeLimit * WARM_START_SHARE, quiet));
      if (warm.report.status === "interrupted") return recordOf(run, p, solver, timeLimit, model, { ...interruptedResult(solver), seconds: warm.report.seconds }, warm.report);
    }
  }
  const chosen = bestStart(p.objective.direction, warmStartPoint(warm), pooled?.best ? { values: pooled.best.values, value: pooled.best.value, label: POOLED } : null);
  if (warm?.report.used && chosen?.label === POOLED) warm = { ...warm, report: { ...warm.report, used: false, note: `the pooled start of ${pooled!.best!.key} was better` } };
  const { start, polish } = await polished(run, model, solver, chosen, timeLimit, hooks);
  const spent = (warm?.report.seconds ?? 0) + (pooled?.seconds ?? 0) + (polish && "seconds" in polish ? polish.seconds : 0);
  const left = Math.max(1, timeLimit - spent);
  let result = await solveWith(solver, model, left, { ...hooks, start: start?.values });
  if (run.solver === "auto" && solver === "highs" && result.status === "error") {
    // HiGHS can still run out of its 2 GiB heap deep in branch and bound (dbft-2-10-15 P4 did after
    // 239 s). `auto` then gives the run to CBC, with the time HiGHS had, and says so in the record.
    const first = `HiGHS failed after ${result.seconds.toFixed(1)} s (${result.message ?? "error"}); run again with CBC`;
    solver = "cbc";
    const again = await solveWith(solver, model, left, { ...hooks, start: start?.values, fault: undefined });
    result = { ...again, message: again.message ? `${first}; ${again.message}` : first };
  }
  result = keepStart({ ...result, seconds: result.seconds + spent }, start);
  const poolReport: PoolReport | null = pooled && { used: chosen?.label === POOLED ? pooled.best!.key : null, value: pooled.best?.value ?? null, seconds: Number(pooled.seconds.toFixed(3)), candidates: pooled.candidates };
  const record = recordOf(run, p, solver, timeLimit, model, result, warm?.report ?? null, poolReport, polish);
  if (record.status !== "interrupted") {
    if (result.values && record.feasible) writeSolutionFile(join(dir, solutionFileName(run.key)), model, result.values, { instance: record.instance, objective: record.objective, variant: record.variant, status: record.status, value: String(record.value) });
    writeTextAtomically(join(dir, `${run.key}.json`), JSON.stringify(record, null, 2) + "\n");
  }
  return record;
}

/**
 * With --polish, the chosen start improved by sub-MIPs over windows of views, with up to POLISH_SHARE of
 * the limit. Skipped beyond HIGHS_MAX_NONZEROS: every sub-MIP carries the whole model, and at that size
 * handing it to a solver (an LP file for CBC) takes longer than the sub-solve itself.
 */
async function polished(run: SweepRun, model: Model, solver: SolverName, chosen: StartPoint | null, timeLimit: number, hooks: RunHooks): Promise<{ start: StartPoint | null; polish: SweepRecord["polish"] | null }> {
  if (!run.polish || !chosen) return { start: chosen, polish: null };
  if (model.numNonzeros > HIGHS_MAX_NONZEROS) return { start: chosen, polish: { skipped: `${model.numNonzeros} non-zeros, above ${HIGHS_MAX_NONZEROS}` } };
  const { fault: _, onProgress: __, ...quiet } = hooks;
  const { point, report } = await polishByViews(run.params, model, chosen, timeLimit * POLISH_SHARE, (sub, limit, start) => solveWith(solver, sub, limit, { ...quiet, start }));
  return { start: point, polish: report };
}

/**
 * The horizon run's own saved solution stands in for solving it again with a quarter of the limit: it
 * was found with the whole limit, and it is already among the pooled candidates.
 */
function savedHorizonStart(run: SweepRun, saved: PoolCandidate, record: SweepRecord): WarmStart {
  const tmax = run.warmStart!;
  const note = `not solved again: the saved solution of ${saved.key} is among the pooled starts`;
  return { report: { from: instanceName({ ...run.params, tmax }), tmax, solver: record.solver, status: record.status, value: record.value, seconds: 0, startValue: saved.value, used: false, note }, values: null };
}

function interruptedResult(solver: SolverName): SolveResult {
  return { solver, status: "interrupted", objective: null, bound: null, gap: null, seconds: 0, nodes: null, values: null, message: "interrupted during the warm start" };
}

/** One solve; a backend that cannot take this model (a program missing, a model too large) fails this run only. */
async function solveWith(solver: SolverName, model: Model, timeLimit: number, hooks: RunHooks & { readonly start?: Float64Array | undefined }): Promise<SolveResult> {
  const backend = solverNamed(solver);
  const refusal = backend.refuse(model);
  if (refusal) return { solver, status: "error", objective: null, bound: null, gap: null, seconds: 0, nodes: null, values: null, message: refusal };
  return solveModel(backend, model, {
    timeLimit,
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.fault ? { fault: hooks.fault } : {}),
    ...(hooks.start ? { start: hooks.start } : {}),
  });
}
