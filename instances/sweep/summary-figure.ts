/**
 * summary.svg of a sweep: the relative gap each run ended with, one cell per instance × objective × model
 * (0 = proved optimal; grey = no incumbent, or the run failed). The picture of the paper's Table 1 that a
 * sweep reproduces: where the proofs stop, and how far the strengthened model moves them.
 */
import { heatMapSvg, type HeatCell } from "../../verify/shared/chart.js";
import type { SweepRecord } from "./run.js";

/** File name of a sweep's summary figure, in the sweep directory. */
export const SUMMARY_SVG = "summary.svg";

const MODEL_LABEL = { reference: "paper", strengthened: "strengthened" } as const;

/** Cells in the records' order (smallest instance first); a run with a delivery set is its own row. */
export function sweepFigureCells(records: readonly SweepRecord[]): HeatCell[] {
  const twoModels = new Set(records.map((r) => r.variant)).size > 1;
  return records.map((r) => {
    const proved = r.status === "optimal" || r.status === "infeasible";
    const gap = proved ? 0 : r.gap;
    return {
      x: twoModels ? `${r.objective} ${MODEL_LABEL[r.variant]}` : r.objective,
      y: r.deliver.length ? `${r.instance} d${r.deliver.join("")}` : r.instance,
      value: gap === null ? null : Number((100 * gap).toPrecision(3)),
    };
  });
}

/** The sweep's summary figure as SVG: a heat map of each run's final gap (%), instances by objective and model. */
export async function sweepFigureSvg(records: readonly SweepRecord[]): Promise<string> {
  const cells = sweepFigureCells(records);
  const columns = new Set(cells.map((c) => c.x)).size;
  const rows = new Set(cells.map((c) => c.y)).size;
  return heatMapSvg({
    title: `Gap at the end of each run, % (0 = proved; grey = no incumbent): ${records.length} runs`,
    xTitle: "objective and model",
    yTitle: "instance (smallest first)",
    valueTitle: "gap %",
    cells,
    scheme: "viridis",
    // Gaps run from 0 to tens of thousands of per cent.
    scaleType: "symlog",
    width: Math.max(240, 44 * columns),
    height: Math.max(120, 22 * rows),
  });
}
