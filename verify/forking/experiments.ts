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

export interface ExperimentOptions {
  runs: number;
  seed: number;
  delay: DelayModel;
  longModes: readonly LongMode[];
  /** Model constants shared by theory and simulation (ds, dl, δ, B, …); n, β, scale and apt are set per point. */
  base?: Partial<ForkingModelParams>;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface Point {
  n: number;
  beta: number;
  scale: number;
}

export const pointKey = (p: Point): string => `n=${p.n} β=${p.beta} Δ=${p.scale}`;

export interface TheoryPoint extends Point {
  apt: "literal" | "min";
  params: ForkingModelParams;
  curves: ForkingCurves;
}

export interface SimPoint extends Point {
  long: LongMode;
  series: SimSeries;
}

export interface Experiments {
  readonly options: ExperimentOptions;
  readonly theory: TheoryPoint[];
  readonly sims: SimPoint[];
}

export function modelParams(base: Partial<ForkingModelParams> | undefined, p: Point, apt: "literal" | "min"): ForkingModelParams {
  return forkingParams({ ...base, n: p.n, beta: p.beta, scale: p.scale, apt });
}

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
  point: Point;
  long: LongMode;
  params: SimParams;
  model: ForkingModelParams;
  runs: number;
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
export async function runExperimentsGrid(o: ExperimentOptions, s: CheckGridSettings, system: string): Promise<{ experiments: Experiments | null; grid: CheckGridResult<SimSeries> }> {
  const tasks = simTasks(o);
  const grid = await runCheckGrid<SimTask, SimSeries>(
    { system, version: 1, tasks, key: (t) => `n${t.point.n}-beta${t.point.beta}-scale${t.point.scale}-${t.long}`, here: simulateTask, worker: { module: new URL("./experiments.js", import.meta.url).href, exportName: "simulateTask" } },
    { ...s, onProgress: (done, total, key) => o.onProgress?.(done, total, key) },
  );
  if (!grid.complete) return { experiments: null, grid };
  return { experiments: { options: o, theory: theoryPoints(o), sims: tasks.map((t, k) => ({ ...t.point, long: t.long, series: grid.results[k]! })) }, grid };
}

export function theoryAt(e: Experiments, p: Point, apt: "literal" | "min"): TheoryPoint {
  const found = e.theory.find((x) => x.n === p.n && x.beta === p.beta && x.scale === p.scale && x.apt === apt);
  if (!found) throw new Error(`no theory at ${pointKey(p)} ${apt}`);
  return found;
}

export function simAt(e: Experiments, p: Point, long: LongMode): SimPoint {
  const found = e.sims.find((x) => x.n === p.n && x.beta === p.beta && x.scale === p.scale && x.long === long);
  if (!found) throw new Error(`no simulation at ${pointKey(p)} --long ${long}`);
  return found;
}

export function theoryCurves(t: TheoryPoint): Curves {
  return { t: t.curves.t, I: t.curves.I, fr: t.curves.fr, FR: t.curves.FR, theta: t.curves.theta };
}
