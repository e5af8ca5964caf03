/** P(reward) against p_true: exact curves (solid) and simulated points, as LineChartSpecs for lineChartSvg. */
import { type PosSetting, rewardProbability } from "../../formulations/pos/index.js";
import type { LineChartSpec, LinePoint } from "../shared/chart.js";
import { checkGrid, type PosCheckReport } from "./check.js";

/** "honest", "20% slanderers", "10% noisy ε=0.1", "coalition k=3 colluder", joined by " + ". */
export function settingLabel(s: PosSetting): string {
  const parts: string[] = [];
  if (s.liars && s.liars.f > 0) parts.push(`${+(100 * s.liars.f).toPrecision(6)}% ${s.liars.kind === "noisy" ? `noisy ε=${s.liars.epsilon}` : `${s.liars.kind}s`}`);
  if (s.coalition && s.coalition.k > 0) parts.push(`coalition k=${s.coalition.k} ${s.coalition.kind}`);
  return parts.length ? parts.join(" + ") : "honest";
}

/** x from `from` to 1 in `steps` equal steps, rounded so that labels and bytes stay stable. */
export function pGrid(from = 0, steps = 100): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => +(from + ((1 - from) * i) / steps).toFixed(6));
}

export function theoryPoints(series: string, s: PosSetting, xs: readonly number[], panel?: string): LinePoint[] {
  return xs.map((x) => ({ x, y: rewardProbability(s, x), series, kind: "theory", ...(panel !== undefined ? { panel } : {}) }));
}

/** A simulated reward rate drawn on top of a reward chart: its series, true success probability, rate and panel. */
export interface SimulatedPoint {
  /** The curve (setting label) the point belongs to. */
  readonly series: string;
  /** x: the probes' true success probability. */
  readonly pTrue: number;
  /** y: the simulated P(reward). */
  readonly rate: number;
  /** The chart panel, when the chart has several. */
  readonly panel?: string;
}

/** One exact curve per setting over [0, 1], with any simulated points on top. */
export function rewardChart(title: string, curves: readonly { label: string; setting: PosSetting }[], simulated: readonly SimulatedPoint[] = []): LineChartSpec {
  const xs = pGrid();
  return {
    title,
    xTitle: "p_true (probe success probability)",
    yTitle: "P(reward)",
    points: [...curves.flatMap((c) => theoryPoints(c.label, c.setting, xs)), ...simulated.map((p) => ({ x: p.pTrue, y: p.rate, series: p.series, kind: "simulation" }))],
  };
}

/** The check's points at δ/n = 0.8 (or the grid's first ratio), one panel per n, one series per adversary. */
export function checkChart(r: PosCheckReport): LineChartSpec {
  const grid = checkGrid({ quick: r.options.quick, ...(r.options.nValues ? { nValues: r.options.nValues } : {}) });
  const ran = new Map(r.points.map((p) => [p.index, p]));
  const ratio = grid.some((g) => g.setting.delta === Math.round(0.8 * g.setting.n)) ? 0.8 : grid[0].setting.delta / grid[0].setting.n;
  const chosen = grid.filter((g) => g.setting.delta === Math.round(ratio * g.setting.n));
  const xs = pGrid(0.4, 60);
  const points: LinePoint[] = [];
  const drawn = new Set<string>();
  for (const g of chosen) {
    const panel = `n = ${g.setting.n}, δ = ${g.setting.delta}`;
    // The coalition's k grows with n: one series per kind, not per k, so that colours stay few.
    const series = g.setting.coalition ? `coalition k=n/10 ${g.setting.coalition.kind}` : g.adversary;
    const key = `${panel}|${series}`;
    if (!drawn.has(key)) {
      drawn.add(key);
      points.push(...theoryPoints(series, g.setting, xs, panel));
    }
    const p = ran.get(g.index);
    if (p) points.push({ x: p.pTrue, y: p.simulated, series, kind: "simulation", panel });
  }
  return {
    title: `PoS P(reward): exact (lines) and simulated (${r.options.epochs} epochs per point, seed ${r.options.seed})`,
    xTitle: "p_true",
    yTitle: "P(reward)",
    points,
    columns: 2,
    width: 300,
    height: 200,
  };
}
