import { type ForkingCurves, forkingCurves, forkingParams, type ForkingModelParams } from "../../formulations/forking/index.js";
import { type CheckGridResult, type CheckGridSettings, runCheckGrid } from "../../instances/grid/check-grid.js";
import { runSeed } from "../shared/prng.js";
import { type Curves, type SimSeries, simulateSeries } from "./curves.js";
import type { LongMode } from "./links.js";
import type { DelayModel } from "./propagate.js";
import type { SimParams } from "./simulate.js";

/** The paper's evaluation grid (Sec. VIII): N ∈ {145, 545}, β ∈ {1, 10}, Δ ∈ {1, 1.1}. */
export const PAPER_NS = [8, 16] as const;
export const PAPER_BETAS = [1, 10] as const;
export const PAPER_SCALES = [1, 1.1] as const;
export const APTS = ["literal", "min"] as const;

/** What {@link runExperiments} runs: R simulated runs per configuration of the paper's grid. */
export interface ExperimentOptions {
  /** Simulated runs R per configuration (spec default: 50). */
  runs: number;
  /** Master seed; each configuration derives its own seed from it. */
  seed: number;
  /** Transmission delays: fixed, or exponential with the same mean. */
  delay: DelayModel;
  /** The long-link modes to simulate (adjacent, all, or both). */
  longModes: readonly LongMode[];
  /** Model constants shared by theory and simulation (ds, dl, δ, B, …); n, β, scale and apt are set per point. */
  base?: Partial<ForkingModelParams>;
  /** Called after each simulated configuration with the count done, the total and the configuration's label. */
  onProgress?: (done: number, total: number, label: string) => void;
}

/** A point of the paper's grid. */
export interface Point {
  /** Diamond radius (8 or 16: N_total 145 or 545). */
  n: number;
  /** Long-range exponent β. */
  beta: number;
  /** The delay multiplier Δ. */
  scale: number;
}

export const pointKey = (p: Point): string => `n=${p.n} β=${p.beta} Δ=${p.scale}`;

/** The model at one grid point and `apt` reading. */
export interface TheoryPoint extends Point {
  /** τ_l as printed, or min(τ_l, τ_s) [E9]. */
  apt: "literal" | "min";
  /** The full model parameters used. */
  params: ForkingModelParams;
  /** The model's curves. */
  curves: ForkingCurves;
}

/** The simulation at one grid point and long-link mode. */
export interface SimPoint extends Point {
  /** The long-link mode simulated. */
  long: LongMode;
  /** The R runs and their mean curves. */
  series: SimSeries;
}

/** The model and simulated curves over the paper's grid, as returned by {@link runExperiments}. */
export interface Experiments {
  /** The options they were run with. */
  readonly options: ExperimentOptions;
  /** Model curves at every (n, β, Δ) and both `apt` readings. */
  readonly theory: TheoryPoint[];
  /** Simulated runs at every (n, β, Δ) and long-link mode. */
  readonly sims: SimPoint[];
}

/** The model parameters of a grid point: `base` with n, β, Δ and `apt` set, validated. */
export function modelParams(base: Partial<ForkingModelParams> | undefined, p: Point, apt: "literal" | "min"): ForkingModelParams {
  return forkingParams({ ...base, n: p.n, beta: p.beta, scale: p.scale, apt });
}

/** The simulator parameters matching a model's n, β, delays, δ and t_max. */
export function simParams(model: ForkingModelParams, long: LongMode, delay: DelayModel): SimParams {
  return { n: model.n, beta: model.beta, ds: model.ds, dl: model.dl, scale: model.scale, long, delay, delta: model.delta, tMax: model.tMax! };
}

function points(): Point[] {
  const out: Point[] = [];
  for (const n of PAPER_NS) for (const beta of PAPER_BETAS) for (const scale of PAPER_SCALES) out.push({ n, beta, scale });
  return out;
}

/**
 * Theory at every point and apt, and R simulated runs at every point and long-link mode. Each simulated
 * configuration has its own seed, derived from the user's seed and the configuration's index, so the
 * configurations are independent samples (the bootstrap comparisons of §5 assume that).
 */
export function runExperiments(o: ExperimentOptions): Experiments {
  const sims: SimPoint[] = [];
  const tasks = simTasks(o);
  tasks.forEach((t, index) => {
    sims.push({ ...t.point, long: t.long, series: simulateTask(t) });
    o.onProgress?.(index + 1, tasks.length, `${pointKey(t.point)} --long ${t.long}`);
  });
  return { options: o, theory: theoryPoints(o), sims };
}

function theoryPoints(o: ExperimentOptions): TheoryPoint[] {
  const theory: TheoryPoint[] = [];
  for (const p of points()) {
    for (const apt of APTS) {
      const params = modelParams(o.base, p, apt);
      theory.push({ ...p, apt, params, curves: forkingCurves(params) });
    }
  }
  return theory;
}

/** One simulated configuration: everything a worker thread needs to run it alone. */
export interface SimTask {
  /** The grid point. */
  point: Point;
  /** The long-link mode. */
  long: LongMode;
  /** Simulator parameters. */
  params: SimParams;
  /** Model constants for the runs' fr, FR and θ. */
  model: ForkingModelParams;
  /** Runs R. */
  runs: number;
  /** The configuration's own seed, derived from the master seed and its index. */
  seed: number;
}

/** The simulated configurations (InputError on bad model constants): the grid's points. */
export function simTasks(o: ExperimentOptions): SimTask[] {
  const configs = points().flatMap((p) => o.longModes.map((long) => ({ p, long })));
  return configs.map(({ p, long }, index) => {
    const model = modelParams(o.base, p, "literal");
    return { point: p, long, params: simParams(model, long, o.delay), model, runs: o.runs, seed: runSeed(o.seed, 1000 + index) };
  });
}

/** A configuration's runs (on whichever thread). */
export function simulateTask(t: SimTask): SimSeries {
  return simulateSeries(t.params, t.model, t.runs, t.seed);
}

/**
 * The experiments as a grid (instances/grid/check-grid.ts): the simulated configurations on `jobs` worker
 * threads, kept in a records directory if one is given (then shardable and resumable). Each configuration
 * has its own seed, so the experiments are the same for every number of threads and shards. Null:
 * records are still missing (see the grid result).
 */
export async function runExperimentsGrid(o: ExperimentOptions, s: CheckGridSettings, system: string): Promise<{
  /** The experiments, or null while records are missing. */
  experiments: Experiments | null;
  /** The grid run's outcome: which configurations ran, were skipped or failed. */
  grid: CheckGridResult<SimSeries>;
}> {
  const tasks = simTasks(o);
  const grid = await runCheckGrid<SimTask, SimSeries>(
    { system, version: 1, tasks, key: (t) => `n${t.point.n}-beta${t.point.beta}-scale${t.point.scale}-${t.long}`, here: simulateTask, worker: { module: new URL("./experiments.js", import.meta.url).href, exportName: "simulateTask" } },
    { ...s, onProgress: (done, total, key) => o.onProgress?.(done, total, key) },
  );
  if (!grid.complete) return { experiments: null, grid };
  return { experiments: { options: o, theory: theoryPoints(o), sims: tasks.map((t, k) => ({ ...t.point, long: t.long, series: grid.results[k]! })) }, grid };
}

/** The model curves at point `p` and `apt`; throws if absent. */
export function theoryAt(e: Experiments, p: Point, apt: "literal" | "min"): TheoryPoint {
  const found = e.theory.find((x) => x.n === p.n && x.beta === p.beta && x.scale === p.scale && x.apt === apt);
  if (!found) throw new Error(`no theory at ${pointKey(p)} ${apt}`);
  return found;
}

/** The simulated series at point `p` and long-link mode; throws if absent. */
export function simAt(e: Experiments, p: Point, long: LongMode): SimPoint {
  const found = e.sims.find((x) => x.n === p.n && x.beta === p.beta && x.scale === p.scale && x.long === long);
  if (!found) throw new Error(`no simulation at ${pointKey(p)} --long ${long}`);
  return found;
}

export function theoryCurves(t: TheoryPoint): Curves {
  return { t: t.curves.t, I: t.curves.I, fr: t.curves.fr, FR: t.curves.FR, theta: t.curves.theta };
}
