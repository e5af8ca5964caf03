import { type ForkingCurves, forkingCurves, forkingParams, type ForkingModelParams } from "../../formulations/forking/index.js";
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
  const theory: TheoryPoint[] = [];
  for (const p of points()) {
    for (const apt of APTS) {
      const params = modelParams(o.base, p, apt);
      theory.push({ ...p, apt, params, curves: forkingCurves(params) });
    }
  }
  const sims: SimPoint[] = [];
  const configs = points().flatMap((p) => o.longModes.map((long) => ({ p, long })));
  configs.forEach(({ p, long }, index) => {
    const model = modelParams(o.base, p, "literal");
    const seed = runSeed(o.seed, 1000 + index);
    const series = simulateSeries(simParams(model, long, o.delay), model, o.runs, seed);
    sims.push({ ...p, long, series });
    o.onProgress?.(index + 1, configs.length, `${pointKey(p)} --long ${long}`);
  });
  return { options: o, theory, sims };
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
