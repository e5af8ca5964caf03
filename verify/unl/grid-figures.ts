/**
 * Figures F1–F5 of spec unl.md §6 from grid records, as Vega-Lite SVG through verify/shared/chart.ts. The
 * helpers' specs are extended with subtitles and overlay layers (the 20 % line, lower-bound markers, the
 * bounds' boundaries) and rendered by the same `vegaLiteSvg`.
 */
import { match } from "ts-pattern";
import { quorum, worstOverlapClosedForm } from "../../formulations/unl/index.js";
import { type HeatCell, type LinePoint, vegaLiteHeatSpec, vegaLiteLineSpec, vegaLiteSvg } from "../shared/chart.js";
import type { FigureId, GridRecord, RpcaPointParams, RpcaSummary, SchwartzPointParams, SchwartzSummary, SimFigure } from "./grid.js";
import type { PointStatus } from "./grid-store.js";

/** One drawn figure of the grid. */
export interface FigureFile {
  /** Which figure (F1–F5). */
  figure: FigureId;
  /** File name, e.g. "F1.svg". */
  file: string;
  /** The chart's title. */
  title: string;
  /** The SVG document. */
  svg: string;
}

type SchwartzRecord = Extract<GridRecord, { params: { mode: "schwartz" } }>;
type RpcaRecord = Extract<GridRecord, { params: { mode: "rpca" } }>;

export const F5_UNL_SIZES = [20, 25];
export const F5_T = [0, 1, 2, 3, 4, 5, 6];
const THRESHOLD_PCT = 20;
const LINE = "#d62728";

function schwartzOf(statuses: readonly PointStatus[], fig: SimFigure): SchwartzRecord[] {
  return statuses.flatMap((s) => (s.record && s.point.figures.includes(fig) && s.record.params.mode === "schwartz" ? [s.record as SchwartzRecord] : []));
}

function rpcaOf(statuses: readonly PointStatus[], fig: SimFigure): RpcaRecord[] {
  return statuses.flatMap((s) => (s.record && s.point.figures.includes(fig) && s.record.params.mode === "rpca" ? [s.record as RpcaRecord] : []));
}

export const seriesOf = (p: SchwartzPointParams | RpcaPointParams): string => {
  const base = p.overlapPct === null ? p.unlGen : `${p.unlGen} ${p.overlapPct} %`;
  if (p.mode === "rpca") return base;
  return `${base}${p.consensusPct === 80 ? "" : `, CP ${p.consensusPct}`}${p.tally === "honest" ? ", honest tally" : ""}`;
};

/** The order of a series: core by overlap, then random, its CP variant, its honest-tally variant. */
export const seriesRank = (p: GridRecord["params"]): number => (p.overlapPct !== null ? p.overlapPct : 1000 + (p.mode === "schwartz" ? (p.consensusPct === 80 ? 0 : 1) + (p.tally === "honest" ? 2 : 0) : 0));

/** Series in plan order: by generator as listed, overlap ascending. */
function seriesOrder(records: readonly GridRecord[]): string[] {
  const rank = seriesRank;
  return [...new Map(records.map((r) => [seriesOf(r.params), rank(r.params)])).entries()].sort((a, b) => a[1] - b[1]).map(([s]) => s);
}

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"];
/** Fixed colours while they last; more series than that take Vega's default scheme. */
const palette = (k: number): { colors?: string[] } => (k <= PALETTE.length ? { colors: PALETTE.slice(0, Math.max(1, k)) } : {});

function withTitle(spec: object, text: string, subtitle: string[]): Record<string, unknown> {
  return { ...(spec as Record<string, unknown>), title: { text, subtitle, subtitleFontSize: 10, subtitleColor: "#444" } };
}

function f1(records: readonly SchwartzRecord[]): object {
  const p0 = records[0].params;
  const pts: LinePoint[] = [];
  const lower: { x: number; y: number }[] = [];
  for (const r of [...records].sort((a, b) => a.params.maliciousPct - b.params.maliciousPct)) {
    const s: SchwartzSummary = r.summary;
    const series = seriesOf(r.params);
    pts.push({ x: r.params.maliciousPct, y: s.medianMs, series, kind: "median" }, { x: r.params.maliciousPct, y: s.p90Ms, series, kind: "p90" });
    if (s.medianLowerBound) lower.push({ x: r.params.maliciousPct, y: s.medianMs });
    if (s.p90LowerBound) lower.push({ x: r.params.maliciousPct, y: s.p90Ms });
  }
  const order = seriesOrder(records);
  const title = `F1 — schwartz convergence time vs malicious % (N = ${p0.nodes}, ${p0.runs} runs per point)`;
  const spec = vegaLiteLineSpec({ title, xTitle: "malicious nodes (% of all)", yTitle: "convergence time (ms)", yScale: "log", points: pts, seriesOrder: order, ...palette(order.length) }) as Record<string, unknown>;
  const layer = [...(spec.layer as object[])];
  const values = [...(spec.data as { values: object[] }).values, ...lower.map((l) => ({ role: "lower", ...l }))];
  if (lower.length > 0) {
    layer.push({
      transform: [{ filter: "datum.role === 'lower'" }],
      mark: { type: "point", shape: "triangle-up", filled: true, size: 45, color: "black", opacity: 1 },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
    });
  }
  const sub = [
    `UNLs: core (overlap x %) and upstream's random draw; median solid, p90 dashed, over runs seeded runSeed(seed, k)`,
    `A run without consensus by ${p0.maxTime} ms (censored or radio silence) counts at the cap: a quantile it enters is a lower bound (▲).`,
  ];
  return withTitle({ ...spec, data: { values }, layer }, title, sub);
}

type Axis = Record<string, unknown>;

/** Heat-map spec plus overlay layers drawn on its own x and y encodings (same ordinal scales, titles, labels). */
function heatWithOverlays(
  cells: HeatCell[],
  extra: Record<string, unknown>[],
  base: { title: string; subtitle: string[]; xTitle: string; yTitle: string; valueTitle: string; scheme?: string },
  overlays: (x: Axis, y: Axis) => object[],
): object {
  const spec = vegaLiteHeatSpec({ title: base.title, xTitle: base.xTitle, yTitle: base.yTitle, valueTitle: base.valueTitle, cells, ...(base.scheme ? { scheme: base.scheme } : {}), width: 420, height: 280 }) as Record<string, unknown>;
  const layers = spec.layer as { encoding: Record<string, Axis> }[];
  const data = (spec.data as { values: Record<string, unknown>[] }).values.map((v, i) => ({ ...v, ...extra[i] }));
  return withTitle({ ...spec, data: { values: data }, layer: [...layers, ...overlays(layers[0].encoding.x, layers[0].encoding.y)] }, base.title, base.subtitle);
}

function f2(records: readonly SchwartzRecord[]): object {
  const p0 = records[0].params;
  const cells = records.map((r) => ({ x: r.params.maliciousPct, y: r.params.overlapPct!, value: Number(Math.log10(Math.max(1, r.summary.medianMs)).toFixed(4)) }));
  const extra = records.map((r) => ({ lower: r.summary.medianLowerBound }));
  const title = `F2 — log10 schwartz convergence time (median ms), malicious % × overlap % (core UNLs, N = ${p0.nodes}, ${p0.runs} runs)`;
  const hasLine = cells.some((c) => c.x === THRESHOLD_PCT);
  const subtitle = [
    hasLine ? `Dashed line: ${THRESHOLD_PCT} % malicious, the paper's threshold (left edge of the ${THRESHOLD_PCT} % column).` : `The paper's ${THRESHOLD_PCT} % threshold is not a column of this grid.`,
    `Outlined cells: the median is a lower bound (runs without consensus by ${p0.maxTime} ms count at the cap).`,
  ];
  const overlays = (x: Axis, y: Axis): object[] => [
    { transform: [{ filter: "datum.lower === true" }], mark: { type: "rect", fill: null, stroke: LINE, strokeWidth: 2 }, encoding: { x, y } },
    ...(hasLine ? [{ data: { values: [{ x: THRESHOLD_PCT }] }, mark: { type: "rule", color: "black", strokeDash: [6, 3], strokeWidth: 2 }, encoding: { x: { ...x, bandPosition: 0 } } }] : []),
  ];
  return heatWithOverlays(cells, extra, { title, subtitle, xTitle: "malicious nodes (% of all)", yTitle: "UNL overlap x (%)", valueTitle: "log10 ms" }, overlays);
}

function f3(records: readonly RpcaRecord[]): object {
  const p0 = records[0].params;
  const pts: LinePoint[] = [];
  for (const r of [...records].sort((a, b) => a.params.maliciousPct - b.params.maliciousPct)) {
    const series = seriesOf(r.params);
    pts.push({ x: r.params.maliciousPct, y: r.summary.nhiMean, series, kind: "mean" }, { x: r.params.maliciousPct, y: r.summary.nhiMedian, series, kind: "median" });
  }
  const order = seriesOrder(records);
  const title = `F3 — rpca NHI vs malicious % (core UNLs, ${p0.byzKind} Byzantine, N = ${p0.nodes}, ${p0.runs} runs)`;
  const spec = vegaLiteLineSpec({ title, xTitle: "malicious validators (% of all)", yTitle: "NHI = (C − V)/C", points: pts, seriesOrder: order, ...palette(order.length) });
  return withTitle(spec, title, [`Mean solid, median dashed, over runs with C > 0 (no mark: no run accepted a ledger); ${p0.ledgers} ledgers or ${p0.maxTime / 1000} s per run; larger is worse.`]);
}

export type Bound = "Theorem 8 (actual)" | "counting" | "csf";
export const BOUNDS: readonly Bound[] = ["Theorem 8 (actual)", "counting", "csf"];

/** Whether a bound says "safe" in every run of the point: no violation / no forkable honest pair. */
export function boundHolds(s: RpcaSummary, b: Bound): boolean {
  return match(b)
    .with("Theorem 8 (actual)", () => s.theorem8ViolatingRuns === 0)
    .with("counting", () => s.countingForkableRuns === 0)
    .with("csf", () => s.csfForkableRuns === 0)
    .exhaustive();
}

/**
 * Per malicious % and bound, the lowest overlap of the grid from which up the bound holds at every point with a
 * record (null: it does not hold at the highest overlap).
 */
export function boundaries(records: readonly RpcaRecord[]): { x: number; y: number | null; bound: Bound }[] {
  const xs = [...new Set(records.map((r) => r.params.maliciousPct))].sort((a, b) => a - b);
  const out: { x: number; y: number | null; bound: Bound }[] = [];
  for (const bound of BOUNDS) {
    for (const x of xs) {
      const column = records.filter((r) => r.params.maliciousPct === x).sort((a, b) => b.params.overlapPct - a.params.overlapPct);
      let y: number | null = null;
      for (const r of column) {
        if (!boundHolds(r.summary, bound)) break;
        y = r.params.overlapPct;
      }
      out.push({ x, y, bound });
    }
  }
  return out;
}

type F4Kind = "nhi" | "fork-rate" | "stall-rate";
export const F4_KINDS: readonly F4Kind[] = ["nhi", "fork-rate", "stall-rate"];

function f4(records: readonly RpcaRecord[], kind: F4Kind): object {
  const p0 = records[0].params;
  const [label, value] = match(kind)
    .with("nhi", () => ["mean NHI", (s: RpcaSummary) => s.nhiMean] as const)
    .with("fork-rate", () => ["fork rate (runs with a fork)", (s: RpcaSummary) => s.forkRate] as const)
    .with("stall-rate", () => ["stall rate (runs with a stall)", (s: RpcaSummary) => s.stallRate] as const)
    .exhaustive();
  const cells = records.map((r) => ({ x: r.params.maliciousPct, y: r.params.overlapPct, value: value(r.summary) }));
  const title = `F4 — rpca ${label}, malicious % × overlap % (clusters, ${p0.byzKind} Byzantine in the core, N = ${p0.nodes}, ${p0.runs} runs)`;
  // Contiguous malicious % with a boundary form one segment: no line across a % where the bound never holds.
  let segment = 0;
  const lines = boundaries(records).flatMap((b, i, all) => {
    if (b.y === null) return [];
    if (i > 0 && (all[i - 1].y === null || all[i - 1].bound !== b.bound)) segment++;
    return [{ ...b, segment }];
  });
  const bound = { field: "bound", type: "nominal", title: "bound holds from here up" };
  const dash = { ...bound, scale: { domain: [...BOUNDS], range: [[1, 0], [6, 3], [2, 2]] } };
  const shape = { ...bound, scale: { domain: [...BOUNDS], range: ["circle", "square", "triangle-up"] } };
  // Each mark at the centre of its malicious % column, on the lower edge of its overlap row.
  const overlay = (x: Axis, y: Axis): object[] => {
    const enc = { x: { ...x, bandPosition: 0.5 }, y: { ...y, bandPosition: 1 } };
    const line = { mark: { type: "line", color: LINE, strokeWidth: 2.5 }, encoding: { ...enc, detail: { field: "segment", type: "nominal" }, strokeDash: dash } };
    const point = { mark: { type: "point", color: LINE, filled: true, size: 40, opacity: 1 }, encoding: { ...enc, shape } };
    return [{ data: { values: lines }, layer: [line, point] }];
  };
  const subtitle = [
    "Red lines: the lowest overlap from which up each static bound holds in every run of the point (per malicious %),",
    "Theorem 8 with t_i = Byzantine in UNL_i; counting: no honest pair can fork by counting; csf: no forkable pair of UNLs.",
    "No mark at a malicious %: the bound fails even at the highest overlap.",
  ];
  return heatWithOverlays(cells, cells.map(() => ({})), { title, subtitle, xTitle: "malicious validators (% of all)", yTitle: "UNL overlap x (%)", valueTitle: label, scheme: kind === "nhi" ? "viridis" : "orangered" }, overlay);
}

export interface F5Row {
  n: number;
  q: number;
  t: number;
  worst: number;
  theorem8: number;
  counting: number;
  csf: number;
}

/** Closed-form O* (= the MILP's optimum, spec §5) beside the three lines, for every (n, t) of F5. */
export function f5Rows(): F5Row[] {
  return F5_UNL_SIZES.flatMap((n) =>
    F5_T.map((t) => {
      const q = quorum(n, 80);
      const worst = worstOverlapClosedForm({ nodes: 4 * n, unlSize: n, byzantine: t, maxByzantinePerUnl: t, quorumPct: 80 }).overlap;
      return { n, q, t, worst, theorem8: Math.floor(n / 2 + n - q + t) + 1, counting: 2 * (n - q) + t, csf: 2 * (1 - q / n) * n };
    }),
  );
}

function f5(): object {
  const pts: LinePoint[] = [];
  const order = ["worst overlap O* (MILP = closed form)", "Theorem 8 needs O ≥ ⌊n/2 + n − q + t⌋ + 1", "counting: a fork needs O ≤ 2(n − q) + t", "csf flags O < 2(1 − q/n)·n"];
  for (const r of f5Rows()) {
    const panel = `n = ${r.n}, q = ${r.q}`;
    pts.push({ x: r.t, y: r.worst, series: order[0], panel, kind: "worst overlap" });
    pts.push({ x: r.t, y: r.theorem8, series: order[1], panel, kind: "bound" });
    pts.push({ x: r.t, y: r.counting, series: order[2], panel, kind: "bound" });
    pts.push({ x: r.t, y: r.csf, series: order[3], panel, kind: "bound" });
  }
  const title = "F5 — worst overlap O* that still forks vs Byzantine per UNL t, against the bounds";
  const spec = vegaLiteLineSpec({ title, xTitle: "t (Byzantine validators in a UNL)", yTitle: "overlap O (validators)", points: pts, seriesOrder: order, colors: ["#1f77b4", LINE, "#2ca02c", "#7f7f7f"], columns: 2 });
  // t is a count: integer ticks only.
  const facet = spec as { spec: { layer: { encoding: { x: Record<string, unknown> } }[] } };
  for (const l of facet.spec.layer) l.encoding.x = { ...l.encoding.x, axis: { tickMinStep: 1, format: "d" } };
  return withTitle(spec, title, ["O* = min(n, 2(n − q) + t) (spec §5, N large enough) coincides with the counting line; the gap to Theorem 8 is its", "allowance for branch switching across seqs. Equal UNL sizes n, quorum q = ⌈0.8 n⌉."]);
}

/** The SVG files of the selected figures; a simulated figure with no record yet is left out (and listed by the summary). */
export async function gridFigures(figures: readonly FigureId[], statuses: readonly PointStatus[]): Promise<FigureFile[]> {
  const out: FigureFile[] = [];
  const draw = async (figure: FigureId, file: string, spec: object) => {
    const t = (spec as { title: { text: string } }).title.text;
    out.push({ figure, file, title: t, svg: await vegaLiteSvg(spec) });
  };
  for (const fig of figures) {
    await match(fig)
      .with("F1", async (f) => {
        const rs = schwartzOf(statuses, f);
        if (rs.length) await draw(f, "F1.svg", f1(rs));
      })
      .with("F2", async (f) => {
        const rs = schwartzOf(statuses, f);
        if (rs.length) await draw(f, "F2.svg", f2(rs));
      })
      .with("F3", async (f) => {
        const rs = rpcaOf(statuses, f);
        if (rs.length) await draw(f, "F3.svg", f3(rs));
      })
      .with("F4", async (f) => {
        const rs = rpcaOf(statuses, f);
        if (rs.length) for (const k of F4_KINDS) await draw(f, `F4-${k}.svg`, f4(rs, k));
      })
      .with("F5", async (f) => draw(f, "F5.svg", f5()))
      .exhaustive();
  }
  return out;
}
