import { heatMapSvg, type LineChartSpec, lineChartSvg, type LinePoint } from "../shared/chart.js";
import { csvRow } from "../shared/csv.js";
import type { GapRow } from "./check-claims.js";
import type { Curves, Quantity } from "./curves.js";
import { type Experiments, PAPER_BETAS, PAPER_NS, type Point, simAt, theoryAt, theoryCurves } from "./experiments.js";
import { totalNodes } from "../../formulations/forking/structure.js";

/** One figure: what it plots (as rows a CSV can hold) and how it is drawn. */
export interface Figure {
  /** Short name such as "fig4", the first column of the figure's CSV. */
  readonly name: string;
  /** What the figure shows, in words. */
  readonly caption: string;
  /** The line chart to draw. */
  readonly chart: LineChartSpec;
}

const QUANTITY_TITLE: Record<Quantity, string> = { I: "informed nodes I(t)", fr: "fork rate fr(t)", FR: "cumulative fork rate FR(t)", theta: "block lead θ(t)" };
const BLUE_ORANGE = ["#1f77b4", "#ff7f0e", "#2ca02c"];

function points(c: Curves, q: Quantity, series: string, panel: string, kind: string): LinePoint[] {
  return c.t.map((t, i) => ({ x: t, y: c[q][i], series, panel, kind }));
}

const panelName = (letter: string, p: { n: number; beta?: number }): string => `(${letter}) ${p.beta !== undefined ? `β=${p.beta}, ` : ""}N=${totalNodes(p.n)}`;

/** Theory (at the experiment's apt) and the simulated mean of one point, for one quantity. */
function both(e: Experiments, p: Point, q: Quantity, series: string, panel: string, apt: "literal" | "min", long: "adjacent" | "all"): LinePoint[] {
  return [...points(theoryCurves(theoryAt(e, p, apt)), q, series, panel, "theory"), ...points(simAt(e, p, long).series.mean, q, series, panel, "simulation")];
}

/**
 * The paper's Figs. 4–10 (Sec. VIII), with its quantities, panels and series. The paper does not say
 * which curves are theory and which simulation, so every panel has both: theory solid, the simulated
 * mean dashed with markers.
 */
export function paperFigures(e: Experiments, apt: "literal" | "min", long: "adjacent" | "all"): Figure[] {
  const figs: Figure[] = [];
  const note = `theory: --apt ${apt}; simulation: mean of ${e.options.runs} runs, --long ${long}, --delay ${e.options.delay}`;
  // Fig. 4: I(t), theory (both apt) and simulation, panels β × N.
  const fig4: LinePoint[] = [];
  const letters = ["a", "b", "c", "d"];
  let k = 0;
  for (const beta of PAPER_BETAS) {
    for (const n of PAPER_NS) {
      const panel = panelName(letters[k++], { n, beta });
      const p = { n, beta, scale: 1 };
      fig4.push(...points(theoryCurves(theoryAt(e, p, "literal")), "I", "theory, --apt literal", panel, "theory"));
      fig4.push(...points(theoryCurves(theoryAt(e, p, "min")), "I", "theory, --apt min", panel, "theory"));
      fig4.push(...points(simAt(e, p, long).series.mean, "I", "simulation", panel, "simulation"));
    }
  }
  figs.push({
    name: "fig4",
    caption: `Fig. 4: I(t), theory and simulation (simulation: mean of ${e.options.runs} runs, --long ${long}, --delay ${e.options.delay})`,
    chart: { title: "Fig. 4 — global activation I(t)", xTitle: "t", yTitle: QUANTITY_TITLE.I, points: fig4, columns: 2, independentScales: "xy", seriesOrder: ["theory, --apt literal", "theory, --apt min", "simulation"], colors: BLUE_ORANGE },
  });
  const byBeta = (name: string, q: Quantity, title: string): Figure => {
    const pts: LinePoint[] = [];
    PAPER_NS.forEach((n, i) => {
      const panel = panelName(letters[i], { n });
      for (const beta of PAPER_BETAS) pts.push(...both(e, { n, beta, scale: 1 }, q, `β=${beta}`, panel, apt, long));
    });
    return { name, caption: `${title}: β=1 (blue) and β=10 (orange); ${note}`, chart: { title, xTitle: "t", yTitle: QUANTITY_TITLE[q], points: pts, columns: 2, independentScales: "xy", seriesOrder: ["β=1", "β=10"], colors: BLUE_ORANGE } };
  };
  const byScale = (name: string, q: Quantity, title: string): Figure => {
    const pts: LinePoint[] = [];
    let i = 0;
    for (const beta of PAPER_BETAS) {
      for (const n of PAPER_NS) {
        const panel = panelName(letters[i++], { n, beta });
        for (const scale of [1, 1.1]) pts.push(...both(e, { n, beta, scale }, q, `Δ=${scale}`, panel, apt, long));
      }
    }
    return { name, caption: `${title}: Δ=1 (blue) and Δ=1.1 (orange); ${note}`, chart: { title, xTitle: "t", yTitle: QUANTITY_TITLE[q], points: pts, columns: 2, independentScales: "xy", seriesOrder: ["Δ=1", "Δ=1.1"], colors: BLUE_ORANGE } };
  };
  figs.push(byBeta("fig5", "fr", "Fig. 5 — fork rate fr(t) against β"));
  figs.push(byScale("fig6", "fr", "Fig. 6 — fork rate fr(t) against Δ"));
  figs.push(byBeta("fig7", "FR", "Fig. 7 — cumulative fork rate FR(t) against β"));
  figs.push(byScale("fig8", "FR", "Fig. 8 — cumulative fork rate FR(t) against Δ"));
  figs.push(byBeta("fig9", "theta", "Fig. 9 — block lead θ(t) against β (lower is safer)"));
  figs.push(byScale("fig10", "theta", "Fig. 10 — block lead θ(t) against Δ (lower is safer)"));
  return figs;
}

/** The rows a figure plots: panel, series, kind, t, value (empty where undefined). */
export function figureCsv(f: Figure): string {
  const rows = f.chart.points.map((p) => csvRow([f.name, p.panel ?? "", p.series, p.kind ?? "theory", p.x, p.y === null ? "" : p.y]));
  return ["figure,panel,series,kind,t,value", ...rows].join("\n") + "\n";
}

/** The figure drawn as an SVG document. */
export async function figureSvg(f: Figure): Promise<string> {
  return lineChartSvg(f.chart);
}

/** The area gap Σ|I − Ī_sim|·δ/N of every configuration as a heat map: where the model is off, at a glance. */
export async function gapHeatMapSvg(rows: readonly GapRow[], long: string): Promise<string> {
  const cells = rows.filter((r) => r.long === long).map((r) => ({ x: `N=${totalNodes(r.n)} β=${r.beta} Δ=${r.scale}`, y: `--apt ${r.apt}`, value: r.areaI }));
  return heatMapSvg({ title: `Theory vs simulation: Σ|I − Ī_sim|·δ/N (time units), --long ${long}`, xTitle: "configuration", yTitle: "model", valueTitle: "area gap", cells, width: 520, height: 90 });
}

/** A single configuration's I(t): theory and (if given) the simulated mean, for `theory --svg` and `simulate --svg`. */
export function activationChart(title: string, theory: Curves | null, sim: Curves | null, q: Quantity = "I"): LineChartSpec {
  const pts: LinePoint[] = [];
  if (theory) pts.push(...theory.t.map((t, i) => ({ x: t, y: theory[q][i], series: "theory", kind: "theory" })));
  if (sim) pts.push(...sim.t.map((t, i) => ({ x: t, y: sim[q][i], series: "simulation", kind: "simulation" })));
  return { title, xTitle: "t", yTitle: QUANTITY_TITLE[q], points: pts, colors: BLUE_ORANGE };
}
