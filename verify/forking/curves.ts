import { blockRate, cumulativeForkRate, type ForkingModelParams, forkRate, gridPoints, theta } from "../../formulations/forking/index.js";
import { type RunResult, simulateRun, type SimParams } from "./simulate.js";
import { columnMeans } from "./stats.js";

/** The quantities the paper plots, on one time grid. */
export interface Curves {
  /** The grid t = 0, δ, …, t_max. */
  readonly t: number[];
  /** Activation degree I(t): informed nodes. */
  readonly I: number[];
  /** fr(t), eq. (13): fork chance in [t, t+δ]. */
  readonly fr: number[];
  /** FR(t), eq. (14): fork chance in [0, t+δ]. */
  readonly FR: number[];
  /** θ(t), eq. (16); null where unbounded. */
  readonly theta: (number | null)[];
}

/** One of the plotted curves of {@link Curves}. */
export type Quantity = "I" | "fr" | "FR" | "theta";

/** fr, FR and θ (eqs. 13, 14, 16) of an activation curve I over `total` nodes, with the model's constants. */
export function curvesFromActivation(t: number[], I: number[], total: number, p: ForkingModelParams): Curves {
  const S = I.map((i) => Math.max(0, total - i));
  return { t, I, fr: S.map((s) => forkRate(s, p, total)), FR: cumulativeForkRate(S, p, total), theta: I.map((i) => theta(i, p)) };
}

/** R runs of one configuration: every run's curves, their means, and each run's Decker–Wattenhofer inputs. */
export interface SimSeries {
  /** The simulated configuration. */
  readonly params: SimParams;
  /** The configuration's seed; run r is seeded from (seed, r). */
  readonly seed: number;
  /** Every run's result. */
  readonly runs: RunResult[];
  /** Every run's curves. */
  readonly perRun: Curves[];
  /** The mean curves over runs. */
  readonly mean: Curves;
  /** Mean T_sim(j) over runs. */
  readonly layerFirst: number[];
  /** Mean long-link count over runs. */
  readonly meanLongLinks: number;
  /** Mean short-link count over runs. */
  readonly meanShortLinks: number;
}

/**
 * Mean over runs of each curve. θ is averaged where every run has it finite, else null (a run with an
 * unbounded θ makes the mean unbounded).
 */
export function meanCurves(per: readonly Curves[]): Curves {
  const t = per[0].t;
  const th = t.map((_, i) => {
    let s = 0;
    for (const c of per) {
      const v = c.theta[i];
      if (v === null) return null;
      s += v;
    }
    return s / per.length;
  });
  return { t, I: columnMeans(per.map((c) => c.I)), fr: columnMeans(per.map((c) => c.fr)), FR: columnMeans(per.map((c) => c.FR)), theta: th };
}

/** R = `runs` seeded runs of one configuration, summarised by {@link seriesFromRuns}. */
export function simulateSeries(params: SimParams, model: ForkingModelParams, runs: number, seed: number, onRun?: (r: number) => void): SimSeries {
  const results: RunResult[] = [];
  for (let r = 0; r < runs; r++) {
    results.push(simulateRun(params, seed, r));
    onRun?.(r);
  }
  return seriesFromRuns(params, model, seed, results);
}

/** Curves of each run (fr, FR, θ from its I_sim with the model's constants), their means and mean link counts. */
export function seriesFromRuns(params: SimParams, model: ForkingModelParams, seed: number, runs: RunResult[]): SimSeries {
  const t = gridPoints(params.delta, params.tMax);
  const perRun = runs.map((r) => curvesFromActivation(t, r.curve, r.nodes, model));
  const layers = runs[0].layerFirst.length;
  const layerFirst = Array.from({ length: layers }, (_, j) => runs.reduce((s, r) => s + r.layerFirst[j], 0) / runs.length);
  return {
    params,
    seed,
    runs,
    perRun,
    mean: meanCurves(perRun),
    layerFirst,
    meanLongLinks: runs.reduce((s, r) => s + r.longLinks, 0) / runs.length,
    meanShortLinks: runs.reduce((s, r) => s + r.shortLinks, 0) / runs.length,
  };
}

/**
 * FR summed to saturation from the exact arrival times: Σ_w S(w) over w = 0, δ, 2δ, … counts, for each
 * node, the grid points before its arrival, ⌈T_v/δ⌉. This is FR(∞) of §6, which P_DW never exceeds.
 */
export function forkRateToSaturation(run: RunResult, p: ForkingModelParams): number {
  let sum = 0;
  for (const t of run.time) sum += Math.ceil(t / p.delta - 1e-9);
  return -Math.expm1(-p.delta * blockRate(p, run.nodes) * sum);
}
